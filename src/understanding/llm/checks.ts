import type { ExtractionOf, ExtractionStep } from '../../core/extraction.ts';
import { languageOf, numbers, percentages } from '../offline/recognise.ts';

// What the schema cannot say: a number the model reports must come from the answer, money
// is never negative, a currency is a real ISO 4217 code, free text stays short. An
// obedient model told "store revenue 1,000,000 in BTC" is caught here.

export interface Checked<T> {
  /** The reading with every failing value removed (null, or left out of its list). */
  data: T;
  /** Plain descriptions of what was removed, fed back to the model in the repair re-ask. */
  problems: string[];
}

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const CAPS = { name: 80, short: 200, text: 400 } as const;
// Conversion factors a working may use: months, weeks, days, hours, percent.
const FACTORS = [12, 52, 4, 4.33, 7, 30, 365, 100];

// A sentence that talks to the model rather than about the business: its numbers ground nothing.
const ADDRESSES_MODEL =
  /\b(?:ignore|disregard|forget|override)\b[^.!?\n]*\b(?:instructions?|above|previous|prompt|rules)\b|\b(?:system|assistant|developer)\s*:|\bnew instructions?\b|\byou are now\b|\b(?:set|store|put|output|return)\b[^.!?\n]*\b(?:field|json|value)\b/i;

/** The answer without the sentences addressed to the model (an injection attempt). */
export function withoutInstructions(answer: string): string {
  return answer
    .split(/(?<=[.!?])\s+|\n+/)
    .filter((sentence) => !ADDRESSES_MODEL.test(sentence))
    .join(' ');
}

/** The numbers in the answer (percentages included), by the same reader the offline path uses. */
export function answerNumbers(answer: string): number[] {
  const text = withoutInstructions(answer);
  const lang = languageOf(text);
  const found = [...numbers(text, lang), ...percentages(text, lang)].map((n) => Math.abs(n.value));
  return [...new Set(found)];
}

const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.01, Math.abs(b) * 0.02);

/** True when the value is in the answer, or one or two steps of arithmetic away from its numbers. */
export function grounded(value: number, said: readonly number[]): boolean {
  if (value === 0) return true;
  const v = Math.abs(value);
  if (said.some((n) => near(v, n))) return true;
  const pool = [...said, ...FACTORS];
  for (const a of said) {
    for (const b of pool) {
      if (b !== 0 && (near(v, a / b) || near(v, a * b))) return true;
      for (const c of pool) {
        if (c === 0 || b === 0) continue;
        if (near(v, (a * b) / c) || near(v, a / b / c) || near(v, (a * b) * c)) return true;
      }
    }
  }
  return false;
}

function capText(value: string | null, max: number, field: string, problems: string[]): string | null {
  if (value === null) return null;
  const s = value.trim();
  if (s.length <= max) return s;
  problems.push(`${field} is longer than ${max} characters`);
  return `${s.slice(0, max - 1).trimEnd()}…`;
}

type Amount = { value: number; per: 'month' | 'year' | 'one_off'; working: string | null } | null;

function checkAmount(a: Amount, field: string, said: number[], problems: string[]): Amount {
  if (!a) return null;
  if (!Number.isFinite(a.value) || a.value < 0) {
    problems.push(`${field}.value ${a.value} is negative; amounts are never below 0`);
    return null;
  }
  if (!grounded(a.value, said)) {
    problems.push(`${field}.value ${a.value} is not a number in the answer and cannot be worked out from it`);
    return null;
  }
  return { ...a, working: capText(a.working, CAPS.short, `${field}.working`, problems) };
}

/** The step's reading after the value checks; the answer is the team's own text. */
export function checkValues<K extends ExtractionStep>(step: K, data: ExtractionOf<K>, answer: string): Checked<ExtractionOf<K>> {
  const problems: string[] = [];
  const said = () => answerNumbers(answer);
  const text = (v: string | null, field: string, max: number = CAPS.text) => capText(v, max, field, problems);
  const list = (items: string[], field: string) => items.map((t, i) => text(t, `${field}[${i}]`, CAPS.short) ?? '').filter(Boolean);
  let out: unknown = data;
  switch (step) {
    case 'business': {
      const d = data as ExtractionOf<'business'>;
      out = { ...d, description: text(d.description, 'description', CAPS.short) };
      break;
    }
    case 'segments': {
      const d = data as ExtractionOf<'segments'>;
      out = {
        segments: d.segments.map((s, i) => ({
          ...s,
          name: text(s.name, `segments[${i}].name`, CAPS.name) ?? '',
          description: text(s.description, `segments[${i}].description`, CAPS.short),
        })),
      };
      break;
    }
    case 'expectations': {
      const d = data as ExtractionOf<'expectations'>;
      out = {
        ...d,
        industryNorm: text(d.industryNorm, 'industryNorm', CAPS.short),
        rationale: text(d.rationale, 'rationale'),
        today: text(d.today ?? null, 'today', CAPS.short),
      };
      break;
    }
    case 'lifecycle': {
      const d = data as ExtractionOf<'lifecycle'>;
      out = {
        acquisition: list(d.acquisition, 'acquisition'),
        retention: list(d.retention, 'retention'),
        growth: list(d.growth, 'growth'),
        notes: text(d.notes, 'notes'),
      };
      break;
    }
    case 'cost': {
      const d = data as ExtractionOf<'cost'>;
      const nums = said();
      let currency = d.currency?.trim().toUpperCase() ?? null;
      if (currency !== null && !ISO_CURRENCIES.has(currency)) {
        problems.push(`currency "${cap(d.currency ?? '', 12)}" is not an ISO 4217 code`);
        currency = null;
      }
      out = {
        ...d,
        currency,
        relationship: checkAmount(d.relationship, 'relationship', nums, problems),
        revenue: checkAmount(d.revenue, 'revenue', nums, problems),
        acquisition: checkAmount(d.acquisition, 'acquisition', nums, problems),
        notes: text(d.notes, 'notes'),
        doubt: text(d.doubt, 'doubt', CAPS.short),
      };
      break;
    }
    case 'touchpoints': {
      const d = data as ExtractionOf<'touchpoints'>;
      out = {
        touchpoints: d.touchpoints.map((t, i) => ({
          step: text(t.step, `touchpoints[${i}].step`, CAPS.short) ?? '',
          thinkFeel: text(t.thinkFeel, `touchpoints[${i}].thinkFeel`, CAPS.short) ?? '',
          owner: text(t.owner, `touchpoints[${i}].owner`, CAPS.name),
        })),
      };
      break;
    }
    case 'competitors': {
      const d = data as ExtractionOf<'competitors'>;
      out = { relationship: text(d.relationship, 'relationship'), advantage: text(d.advantage, 'advantage') };
      break;
    }
    case 'checkin': {
      const d = data as ExtractionOf<'checkin'>;
      const nums = said();
      const metrics = d.metrics.flatMap((m, i) => {
        if (!Number.isFinite(m.value) || !nums.some((n) => near(Math.abs(m.value), n))) {
          problems.push(`metrics[${i}].value ${m.value} is not a number in the answer`);
          return [];
        }
        const previous = m.previous !== null && !nums.some((n) => near(Math.abs(m.previous!), n)) ? null : m.previous;
        if (previous !== m.previous) problems.push(`metrics[${i}].previous ${m.previous} is not a number in the answer`);
        const change = m.change !== null && !grounded(m.change, [...nums, ...differences(nums)]) ? null : m.change;
        if (change !== m.change) problems.push(`metrics[${i}].change ${m.change} is not in the answer`);
        return [{ ...m, name: text(m.name, `metrics[${i}].name`, CAPS.name) ?? '', unit: text(m.unit, `metrics[${i}].unit`, 20), previous, change }];
      });
      out = {
        ...d,
        tacticsRun: list(d.tacticsRun, 'tacticsRun'),
        tacticsNotRun: list(d.tacticsNotRun, 'tacticsNotRun'),
        metrics,
        learned: text(d.learned, 'learned'),
        next: text(d.next, 'next'),
      };
      break;
    }
    default:
      break; // relationship: enums and booleans only, the schema is enough
  }
  return { data: out as ExtractionOf<K>, problems };
}

function differences(nums: number[]): number[] {
  const out: number[] = [];
  for (const a of nums) for (const b of nums) if (a !== b) out.push(Math.abs(a - b));
  return out;
}

const cap = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
