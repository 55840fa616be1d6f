import { z } from 'zod';

// The exported contract (design.md). Field names here are fixed; change nothing lightly.

export const RELATIONSHIP_TYPES = [
  'personal_assistance',
  'dedicated_personal_assistance',
  'self_service',
  'automated_service',
  'community',
  'co_creation',
  'subscription',
  'exclusive_access',
  'proactive_monitoring',
] as const;

export const RelationshipType = z.enum(RELATIONSHIP_TYPES);
export type RelationshipType = z.infer<typeof RelationshipType>;

export const Touch = z.enum(['high', 'medium', 'low']);
export type Touch = z.infer<typeof Touch>;

export const Nature = z.enum(['transactional', 'long_term', 'hybrid']);
export type Nature = z.infer<typeof Nature>;

export const Intimacy = z.enum(['automated', 'personal', 'hybrid']);
export type Intimacy = z.infer<typeof Intimacy>;

export const Reach = z.enum(['direct', 'indirect']);
export type Reach = z.infer<typeof Reach>;

export const CostLevel = z.enum(['low', 'medium', 'high']);
export type CostLevel = z.infer<typeof CostLevel>;

/** How often an amount is paid: amounts carry their period since version 2. */
export const Period = z.enum(['month', 'year', 'one_off']);
export type Period = z.infer<typeof Period>;

export const Amount = z.object({ value: z.number().min(0), per: Period });
export type Amount = z.infer<typeof Amount>;

export const Tactics = z.object({
  tactics: z.array(z.string()),
  notes: z.string().nullable(),
});
export type Tactics = z.infer<typeof Tactics>;

export const Touchpoint = z.object({
  step: z.string(),
  thinkFeel: z.string(),
  owner: z.string().nullable(),
});
export type Touchpoint = z.infer<typeof Touchpoint>;

export const Segment = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  reach: Reach.nullable(),
  expected: z.object({
    touch: Touch.nullable(),
    industryNorm: z.string().nullable(),
    breakNorm: z.boolean().nullable(),
  }),
  relationship: z.object({
    types: z.array(RelationshipType),
    nature: Nature.nullable(),
    touch: Touch.nullable(),
    intimacy: Intimacy.nullable(),
    proactive: z.boolean(),
    emotional: z.boolean(),
  }),
  lifecycle: z.object({ acquisition: Tactics, retention: Tactics, growth: Tactics }),
  cost: z.object({
    level: CostLevel.nullable(),
    currency: z.string().nullable(),
    /** What keeping up the relationship costs per customer. */
    relationship: Amount.nullable(),
    /** What a customer pays. */
    revenue: Amount.nullable(),
    /** What winning one customer costs, when the team says. */
    acquisition: Amount.nullable(),
    notes: z.string().nullable(),
  }),
  touchpoints: z.array(Touchpoint),
  competitors: z.object({ relationship: z.string(), advantage: z.string().nullable() }).nullable(),
  rationale: z.string().nullable(),
});
export type Segment = z.infer<typeof Segment>;

export const Severity = z.enum(['info', 'warning']);
export type Severity = z.infer<typeof Severity>;

export const Finding = z.object({
  segmentId: z.string().nullable(),
  code: z.string(),
  severity: Severity,
  message: z.string(),
});
export type Finding = z.infer<typeof Finding>;

export const RelationshipDesign = z.object({
  version: z.literal(2),
  business: z.object({ description: z.string().nullable(), twoSided: z.boolean() }),
  segments: z.array(Segment),
  findings: z.array(Finding),
  updatedAt: z.string().datetime({ offset: true }),
});
export type RelationshipDesign = z.infer<typeof RelationshipDesign>;

export function emptyTactics(): Tactics {
  return { tactics: [], notes: null };
}

export function emptyDesign(now: Date): RelationshipDesign {
  return {
    version: 2,
    business: { description: null, twoSided: false },
    segments: [],
    findings: [],
    updatedAt: now.toISOString(),
  };
}

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return slug || 'segment';
}

/** A slug not yet used by another segment of the design. */
export function uniqueSegmentId(name: string, taken: readonly string[]): string {
  const base = slugify(name);
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}-${i}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

export function newSegment(name: string, taken: readonly string[]): Segment {
  return {
    id: uniqueSegmentId(name, taken),
    name,
    description: null,
    reach: null,
    expected: { touch: null, industryNorm: null, breakNorm: null },
    relationship: { types: [], nature: null, touch: null, intimacy: null, proactive: false, emotional: false },
    lifecycle: { acquisition: emptyTactics(), retention: emptyTactics(), growth: emptyTactics() },
    cost: emptyCost(),
    touchpoints: [],
    competitors: null,
    rationale: null,
  };
}

export function emptyCost(): Segment['cost'] {
  return { level: null, currency: null, relationship: null, revenue: null, acquisition: null, notes: null };
}

/** A version-1 cost (monthly figures only) in the version-2 shape; anything else as it is. */
function upgradeCost(cost: unknown): unknown {
  if (!cost || typeof cost !== 'object' || !('monthlyCostPerCustomer' in cost)) return cost;
  const old = cost as { level?: unknown; currency?: unknown; notes?: unknown; monthlyCostPerCustomer?: unknown; revenuePerCustomer?: unknown };
  const monthly = (v: unknown) => (typeof v === 'number' && v >= 0 ? { value: v, per: 'month' } : null);
  return {
    level: old.level ?? null,
    currency: old.currency ?? null,
    relationship: monthly(old.monthlyCostPerCustomer),
    revenue: monthly(old.revenuePerCustomer),
    acquisition: null,
    notes: old.notes ?? null,
  };
}

/** Designs stored before version 2 are read in the version-2 shape, so no team loses its work. */
export function upgradeDesign(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const design = raw as { version?: unknown; segments?: unknown };
  const segments = Array.isArray(design.segments)
    ? design.segments.map((s: unknown) => (s && typeof s === 'object' ? { ...s, cost: upgradeCost((s as { cost?: unknown }).cost) } : s))
    : design.segments;
  return { ...design, version: design.version === 1 ? 2 : design.version, segments };
}

/** A design as read back from the store: any older version, upgraded. */
export const StoredDesign = z.preprocess(upgradeDesign, RelationshipDesign);
