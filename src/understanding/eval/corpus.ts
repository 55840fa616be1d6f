import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CostLevel, Intimacy, Nature, Period, RelationshipType, Touch } from '../../core/design.ts';
import { EXTRACTION_STEPS, type ExtractionStep } from '../../core/extraction.ts';

// The labelled corpus (test/fixtures/answers/*.jsonl): one answer per line with what a
// careful reader takes from it. Every line is checked here, so a typo in a key fails loudly
// instead of silently scoring nothing.

const Pattern = z.string().refine(
  (s) => {
    try {
      new RegExp(s, 'i');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

const ExpectedAmount = z.object({ value: z.number().min(0), per: Period }).strict().nullable();

const ExpectedMetric = z
  .object({ value: z.number(), previous: z.number().optional(), change: z.number().optional(), unit: z.string().optional() })
  .strict();

const Tactic = z.string().min(1);

/** Every key the corpus may use, with the shape of its value (README.md has the meaning). */
export const Expect = z
  .object({
    empty: z.boolean(),
    descriptionHas: z.string().min(1),
    twoSided: z.boolean(),
    names: z.array(z.string().min(1)).min(1),
    touch: Touch,
    breakNorm: z.boolean(),
    breakNormNot: z.literal(true),
    // Today's relationship (existing businesses): words it must contain, or null for none said.
    todayHas: z.string().min(1).nullable(),
    happy: z.enum(['yes', 'no', 'mixed']).nullable(),
    types: z.array(RelationshipType),
    notTypes: z.array(RelationshipType),
    nature: Nature,
    intimacy: Intimacy,
    proactive: z.boolean(),
    emotional: z.boolean(),
    // acquisition is a tactic pattern in the lifecycle step and an amount in the cost step.
    acquisition: z.union([Pattern, ExpectedAmount]),
    retention: Pattern,
    growth: Pattern,
    acquisitionEmpty: z.boolean(),
    retentionEmpty: z.boolean(),
    growthEmpty: z.boolean(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR').nullable(),
    level: CostLevel,
    relationship: ExpectedAmount,
    revenue: ExpectedAmount,
    steps: z.number().int().min(0),
    felt: z.number().int().min(0),
    relationshipHas: z.string().min(1),
    advantageHas: z.string().min(1),
    metrics: z.record(z.string().min(1), ExpectedMetric),
    tacticsRun: z.array(Tactic),
    tacticsNotRun: z.array(Tactic),
    learned: z.boolean(),
  })
  .partial()
  .strict();
export type Expect = z.infer<typeof Expect>;
export type ExpectKey = keyof Expect;

/** Which keys make sense for which step: a key on the wrong step is a labelling mistake. */
export const KEYS_BY_STEP: Record<ExtractionStep, readonly ExpectKey[]> = {
  business: ['empty', 'descriptionHas', 'twoSided'],
  segments: ['empty', 'names'],
  expectations: ['empty', 'touch', 'breakNorm', 'breakNormNot', 'todayHas', 'happy'],
  relationship: ['empty', 'types', 'notTypes', 'nature', 'touch', 'intimacy', 'proactive', 'emotional'],
  lifecycle: ['empty', 'acquisition', 'retention', 'growth', 'acquisitionEmpty', 'retentionEmpty', 'growthEmpty'],
  cost: ['empty', 'currency', 'level', 'relationship', 'revenue', 'acquisition'],
  touchpoints: ['empty', 'steps', 'felt'],
  competitors: ['empty', 'relationshipHas', 'advantageHas'],
  checkin: ['empty', 'metrics', 'tacticsRun', 'tacticsNotRun', 'learned'],
};

const Context = z
  .object({
    business: z.string().nullable(),
    segment: z.string().nullable(),
    plannedTactics: z.array(z.string()),
    stages: z.array(z.enum(['acquisition', 'retention', 'growth'])),
  })
  .partial()
  .strict();

export const CorpusLine = z
  .object({
    step: z.enum(EXTRACTION_STEPS as [ExtractionStep, ...ExtractionStep[]]),
    text: z.string(),
    expect: Expect,
    lang: z.enum(['en', 'es', 'fr', 'de', 'pt']).optional(),
    context: Context.optional(),
    note: z.string().optional(),
  })
  .strict()
  .superRefine((line, ctx) => {
    const allowed = KEYS_BY_STEP[line.step];
    const keys = Object.keys(line.expect) as ExpectKey[];
    if (keys.length === 0) ctx.addIssue({ code: 'custom', path: ['expect'], message: 'expects nothing' });
    for (const key of keys) {
      if (!allowed.includes(key)) ctx.addIssue({ code: 'custom', path: ['expect', key], message: `not a field of the ${line.step} step` });
    }
    const acq = line.expect.acquisition;
    if (acq !== undefined && (line.step === 'cost') !== (acq === null || typeof acq === 'object')) {
      ctx.addIssue({ code: 'custom', path: ['expect', 'acquisition'], message: 'an amount in the cost step, a pattern in the lifecycle step' });
    }
  });
export type CorpusLine = z.infer<typeof CorpusLine>;

export interface CorpusEntry extends CorpusLine {
  /** File name inside the corpus folder, and 1-based line number, for messages. */
  file: string;
  line: number;
}

export class CorpusError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'CorpusError';
  }
}

/** One line of one file; throws a CorpusError naming both. */
export function parseCorpusLine(raw: string, file: string, line: number): CorpusEntry {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new CorpusError(file, line, `not JSON (${(err as Error).message})`);
  }
  const parsed = CorpusLine.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`);
    throw new CorpusError(file, line, problems.join('; '));
  }
  return { ...parsed.data, file, line };
}

/** Every line of one file's text (blank lines skipped). */
export function parseCorpusFile(content: string, file: string): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim()) entries.push(parseCorpusLine(raw, file, i + 1));
  });
  return entries;
}

/** Every *.jsonl file under the folder, in path order; files are named relative to it. */
export async function loadCorpus(dir: string): Promise<CorpusEntry[]> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.jsonl')).sort();
  const entries: CorpusEntry[] = [];
  for (const file of files) entries.push(...parseCorpusFile(await readFile(path.join(dir, file), 'utf8'), file));
  return entries;
}
