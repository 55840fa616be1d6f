import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { EXTRACTION_STEPS, type ExtractionOf, type ExtractionStep } from '../../core/extraction.ts';
import type { ExtractionContext } from '../../core/summariser.ts';
import type { CorpusEntry } from './corpus.ts';
import { scoreExtraction, type FieldResult } from './score.ts';

// Runs a summariser over the corpus, totals the fields per step, formats the table, and
// keeps the floor the offline figure may not drop below.

export type Extract = (step: ExtractionStep, text: string, context: ExtractionContext) => Promise<unknown> | unknown;

export interface EntryResult {
  entry: CorpusEntry;
  fields: FieldResult[];
  /** The whole extraction, or the error message when the summariser threw. */
  got: unknown;
  error?: string;
}

export interface StepFigure {
  entries: number;
  right: number;
  fields: number;
  percent: number;
}

export interface Figures {
  steps: Partial<Record<ExtractionStep, StepFigure>>;
  overall: StepFigure;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** Every entry through `extract` (at most `concurrency` at once) and scored. A throw scores every field wrong. */
export async function evaluate(entries: readonly CorpusEntry[], extract: Extract, concurrency = 1): Promise<EntryResult[]> {
  return mapLimit(entries, concurrency, async (entry) => {
    const context = entry.context ?? {};
    try {
      const got = await extract(entry.step, entry.text, context);
      return { entry, got, fields: scoreExtraction(entry.step, got as ExtractionOf<typeof entry.step>, entry.expect, context) };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const fields = scoreExtraction(entry.step, emptyLike(entry.step), entry.expect, context).map((f) => ({ ...f, right: false, got: `error: ${error}` }));
      return { entry, got: null, error, fields };
    }
  });
}

/** A stand-in result so a throw still yields one (wrong) result per expected field. */
function emptyLike(step: ExtractionStep): never {
  const blank: Record<ExtractionStep, unknown> = {
    business: { description: null, twoSided: null },
    segments: { segments: [] },
    expectations: { touch: null, industryNorm: null, breakNorm: null, rationale: null, today: null, happy: null },
    relationship: { types: [], nature: null, touch: null, intimacy: null, reach: null, proactive: null, emotional: null },
    lifecycle: { acquisition: [], retention: [], growth: [], notes: null },
    cost: { level: null, currency: null, relationship: null, revenue: null, acquisition: null, notes: null, doubt: null },
    touchpoints: { touchpoints: [] },
    competitors: { relationship: null, advantage: null },
    checkin: { tacticsRun: [], tacticsNotRun: [], metrics: [], learned: null, next: null, mood: null },
  };
  return blank[step] as never;
}

const percentOf = (right: number, fields: number) => (fields ? (100 * right) / fields : 100);

export function figures(results: readonly EntryResult[]): Figures {
  const steps: Partial<Record<ExtractionStep, StepFigure>> = {};
  const overall: StepFigure = { entries: 0, right: 0, fields: 0, percent: 0 };
  for (const r of results) {
    const s = (steps[r.entry.step] ??= { entries: 0, right: 0, fields: 0, percent: 0 });
    const right = r.fields.filter((f) => f.right).length;
    for (const fig of [s, overall]) {
      fig.entries += 1;
      fig.right += right;
      fig.fields += r.fields.length;
    }
  }
  for (const s of Object.values(steps)) s.percent = percentOf(s.right, s.fields);
  overall.percent = percentOf(overall.right, overall.fields);
  return { steps, overall };
}

const count = (n: number) => n.toLocaleString('en-US');
const pct = (n: number) => `${n.toFixed(1)}%`;

/** The per-step table, then the overall figure on the last line. */
export function formatTable(name: string, figs: Figures): string {
  const rows = EXTRACTION_STEPS.filter((s) => figs.steps[s]).map((s) => {
    const f = figs.steps[s]!;
    return [s, count(f.entries), `${count(f.right)} / ${count(f.fields)}`, pct(f.percent)];
  });
  const all = [['step', 'entries', 'fields right', 'percent'], ...rows, ['all', count(figs.overall.entries), `${count(figs.overall.right)} / ${count(figs.overall.fields)}`, pct(figs.overall.percent)]];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1, -1).map(line), line(all.at(-1)!)];
  const min = lowestStep(figs);
  out.push('', `${name}: ${pct(figs.overall.percent)} of ${count(figs.overall.fields)} fields right${min ? ` (min step: ${min.step} ${pct(min.percent)})` : ''}`);
  return out.join('\n');
}

export function lowestStep(figs: Figures): { step: ExtractionStep; percent: number } | null {
  let min: { step: ExtractionStep; percent: number } | null = null;
  for (const s of EXTRACTION_STEPS) {
    const f = figs.steps[s];
    if (f && (!min || f.percent < min.percent)) min = { step: s, percent: f.percent };
  }
  return min;
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v, null, 0));

/** The misses, for tuning: where, the answer, each wrong field with what was expected and what was read. */
export function formatFailures(results: readonly EntryResult[], step?: string): string {
  const out: string[] = [];
  for (const r of results) {
    if (step && r.entry.step !== step) continue;
    const wrong = r.fields.filter((f) => !f.right);
    if (!wrong.length) continue;
    out.push(`${r.entry.file}:${r.entry.line} [${r.entry.step}] ${r.entry.text}`);
    if (r.error) out.push(`  error: ${r.error}`);
    for (const f of wrong) out.push(`  ${f.field}: expected ${show(f.expected)}, got ${show(f.got)}`);
    if (r.entry.note) out.push(`  note: ${r.entry.note}`);
  }
  return out.join('\n');
}

// ---- the floor ---------------------------------------------------------------------------

export const Floor = z.object({ overall: z.number(), steps: z.record(z.string(), z.number()) }).strict();
export type Floor = z.infer<typeof Floor>;

export async function readFloor(file: string): Promise<Floor> {
  return Floor.parse(JSON.parse(await readFile(file, 'utf8')));
}

/** Down to one decimal, so a figure never sits just under its own floor by rounding. */
const floor1 = (n: number) => Math.floor(n * 10 + 1e-9) / 10;

/** Where the figures sit below the floor; empty when none does. */
export function belowFloor(figs: Figures, floor: Floor): string[] {
  const problems: string[] = [];
  if (figs.overall.percent < floor.overall) problems.push(`overall ${pct(figs.overall.percent)} is below the floor of ${floor.overall}%`);
  for (const [step, min] of Object.entries(floor.steps)) {
    const f = figs.steps[step as ExtractionStep];
    if (!f) problems.push(`${step}: no entries in the corpus, floor ${min}%`);
    else if (f.percent < min) problems.push(`${step} ${pct(f.percent)} (${f.right} / ${f.fields}) is below the floor of ${min}%`);
  }
  return problems;
}

/** The floor raised to the current figures (floored to one decimal); a number never moves down. */
export function raisedFloor(figs: Figures, floor: Floor | null): Floor {
  const steps: Record<string, number> = { ...(floor?.steps ?? {}) };
  for (const s of EXTRACTION_STEPS) {
    const f = figs.steps[s];
    if (f) steps[s] = Math.max(steps[s] ?? 0, floor1(f.percent));
  }
  return { overall: Math.max(floor?.overall ?? 0, floor1(figs.overall.percent)), steps };
}

export async function writeFloor(file: string, floor: Floor): Promise<void> {
  const ordered = { overall: floor.overall, steps: Object.fromEntries(EXTRACTION_STEPS.filter((s) => s in floor.steps).map((s) => [s, floor.steps[s]!])) };
  await writeFile(file, `${JSON.stringify(ordered, null, 2)}\n`);
}
