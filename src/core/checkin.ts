import { z } from 'zod';
import type { RelationshipDesign } from './design.ts';
import { Metric, Mood } from './extraction.ts';

// A retention check-in as stored and exported, and the pure reasoning over a team's
// records: what moved, which planned tactics stalled, and one thing to try next.

export const CheckInAuthor = z.object({ id: z.string(), name: z.string().optional() });
export type CheckInAuthor = z.infer<typeof CheckInAuthor>;

export const CheckIn = z.object({
  v: z.literal(1),
  id: z.string(),
  /** When the check-in was completed, ISO 8601. */
  at: z.string().datetime({ offset: true }),
  authors: z.array(CheckInAuthor),
  tacticsRun: z.array(z.string()),
  metrics: z.array(Metric),
  learned: z.string().nullable(),
  next: z.string().nullable(),
  mood: Mood,
  /** True when the team said the mood; false when Rapport inferred it. Absent in older records. */
  moodSaid: z.boolean().optional(),
  /** True when a schedule asked for it, false for `checkin now`. */
  scheduled: z.boolean(),
  /** When `checkin edit` last corrected this record; absent when never corrected. */
  editedAt: z.string().datetime({ offset: true }).optional(),
  via: z.enum(['llm', 'offline']),
});
export type CheckIn = z.infer<typeof CheckIn>;

export interface PlannedTactic {
  segmentId: string;
  segmentName: string;
  tactic: string;
}

export type Trend = 'better' | 'worse' | 'flat' | 'new';

export interface MetricChange {
  name: string;
  unit: string | null;
  before: number | null;
  after: number;
  /** after − before; null for a metric reported for the first time. */
  change: number | null;
  trend: Trend;
}

/** Loose comparison form: lower case, words only, simple plurals folded. */
export function normaliseName(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w))
    .join(' ');
}

const STOP = new Set(['a', 'an', 'the', 'our', 'for', 'to', 'of', 'and', 'with', 'program', 'programme']);
const words = (s: string) => normaliseName(s).split(' ').filter((w) => w && !STOP.has(w));

/** Whether a reported tactic is the planned one, allowing for how people paraphrase. */
export function sameTactic(planned: string, reported: string): boolean {
  const a = normaliseName(planned);
  const b = normaliseName(reported);
  if (!a || !b) return false;
  if (a === b || a.includes(b) || b.includes(a)) return true;
  const wa = new Set(words(planned));
  const wb = new Set(words(reported));
  if (wa.size === 0 || wb.size === 0) return false;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / Math.min(wa.size, wb.size) >= 0.6;
}

// People name the same number several ways; compare them as one series.
const METRIC_ALIASES: [RegExp, string][] = [
  [/^(monthly |customer |logo )?churn( rate)?$/, 'churn'],
  [/^(net promoter( score)?|nps score)$/, 'nps'],
  [/^(mau|monthly active user|active user|weekly active user|wau|dau|daily active user)$/, 'active users'],
  [/^(renewal|renewal rate|renewals rate)$/, 'renewals'],
  [/^(repeat purchase|repeat purchase rate|repeat order|repeat buyer)$/, 'repeat purchases'],
  [/^(retention|retention rate)$/, 'retention'],
];

/** The series a metric belongs to, e.g. "Monthly churn rate" → "churn". */
export function metricKey(name: string): string {
  const n = normaliseName(name);
  for (const [re, key] of METRIC_ALIASES) if (re.test(n)) return key;
  return n;
}

const LOWER_IS_BETTER = /churn|cancel|complain|refund|cost|cac|ticket|lost|downgrade|uninstall|response time/;

export function lowerIsBetter(name: string): boolean {
  return LOWER_IS_BETTER.test(metricKey(name));
}

/** Each metric of the current record against the same series in the previous one. */
export function compareCheckIns(current: Pick<CheckIn, 'metrics'>, previous?: Pick<CheckIn, 'metrics'>): MetricChange[] {
  const before = new Map((previous?.metrics ?? []).map((m) => [metricKey(m.name), m]));
  return current.metrics.map((m) => {
    const prev = before.get(metricKey(m.name));
    if (!prev) return { name: m.name, unit: m.unit, before: null, after: m.value, change: null, trend: 'new' as const };
    const change = round(m.value - prev.value);
    const trend: Trend = change === 0 ? 'flat' : change < 0 === lowerIsBetter(m.name) ? 'better' : 'worse';
    return { name: m.name, unit: m.unit ?? prev.unit, before: prev.value, after: m.value, change, trend };
  });
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Every retention tactic the design plans, with its segment. */
export function plannedRetentionTactics(design: RelationshipDesign): PlannedTactic[] {
  return design.segments.flatMap((s) =>
    s.lifecycle.retention.tactics.map((tactic) => ({ segmentId: s.id, segmentName: s.name, tactic })),
  );
}

/** Planned retention tactics that no record reports as run. */
export function stalledTactics(design: RelationshipDesign, records: readonly Pick<CheckIn, 'tacticsRun'>[]): PlannedTactic[] {
  const ran = records.flatMap((r) => r.tacticsRun);
  return plannedRetentionTactics(design).filter((p) => !ran.some((r) => sameTactic(p.tactic, r)));
}

/** A mood when the team did not say one: worse numbers or nothing run is a risk. */
export function inferMood(changes: readonly MetricChange[], tacticsRun: readonly string[], plannedCount: number): Mood {
  const worse = changes.filter((c) => c.trend === 'worse').length;
  const better = changes.filter((c) => c.trend === 'better').length;
  const idle = plannedCount > 0 && tacticsRun.length === 0;
  if (idle && worse > better) return 'off_track';
  if (idle || worse > better) return 'at_risk';
  return 'on_track';
}

// One next step per finding code; the finding says what is wrong, this says what to try.
export const ACTIONS: Record<string, (segment: string) => string> = {
  cost_exceeds_revenue: (s) => `move one costly touchpoint for ${s} to self-service and watch whether churn holds`,
  high_touch_low_margin: (s) => `automate one personal touch for ${s} and watch whether churn holds`,
  touch_below_expectation: (s) => `add one personal touch for ${s}, such as a short call after week one, and see if churn moves`,
  touch_above_expectation: (s) => `replace one personal touch for ${s} with self-service and see if satisfaction holds`,
  no_retention: (s) => `pick one retention tactic for ${s} and run it before the next check-in`,
  transactional_but_repeat: (s) => `give repeat buyers in ${s} a reason to come back, such as a reorder reminder`,
  community_not_seeded: (s) => `seed the community for ${s}: host one session or post one question this week`,
  co_creation_no_channel: (s) => `open one place where ${s} can suggest features, and answer every suggestion`,
  dedicated_everywhere: () => 'keep dedicated assistance for your largest accounts only and serve the rest with personal or self-service',
  norm_break_unexplained: (s) => `write down why you break the industry norm for ${s} and test it with three customers`,
  two_sided_one_segment: () => 'add the other side of your marketplace as a segment and plan how you keep it',
  no_relationship_type: (s) => `decide how you relate to ${s}, for example self-service or personal assistance`,
};

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "a, b and c" */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
