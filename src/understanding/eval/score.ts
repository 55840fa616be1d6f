import type { AmountReading, ExtractionOf, ExtractionStep, Metric } from '../../core/extraction.ts';
import type { ExtractionContext } from '../../core/summariser.ts';
import type { Expect, ExpectKey } from './corpus.ts';

// Scores one extraction against one `expect`: each key is one field, right or wrong, as
// README.md in the corpus folder defines it (each named metric counts as its own field).
// Pure: no I/O, no summariser.

export interface FieldResult {
  /** The expect key, or `metrics.<name>` for one metric. */
  field: string;
  right: boolean;
  expected: unknown;
  /** The part of the extraction the field was judged on. */
  got: unknown;
}

type Amount = { value: number; per: 'month' | 'year' | 'one_off' };

/** Within 1% of the expected figure (exact for zero). */
export function close(got: number, expected: number): boolean {
  return Math.abs(got - expected) <= Math.abs(expected) * 0.01 + 1e-9;
}

/** The same amount, in any period: a month is a twelfth of a year; one-off only equals one-off. */
export function sameAmount(got: AmountReading | null, expected: Amount | null): boolean {
  if (expected === null) return got === null;
  if (got === null) return false;
  if ((got.per === 'one_off') !== (expected.per === 'one_off')) return false;
  const monthly = (a: Amount) => (a.per === 'year' ? a.value / 12 : a.value);
  return close(monthly(got), monthly(expected));
}

const singular = (w: string) => (w.length > 3 && w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);

/** Lowercase words, punctuation as spaces, each word singular: "Active-Users" → "active user". */
export function nameKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}%]+/gu, ' ')
    .trim()
    .split(' ')
    .map(singular)
    .join(' ');
}

/** One name contains the other, in whole words, either way ("churn" ~ "monthly churn"). */
export function sameName(a: string, b: string): boolean {
  const x = ` ${nameKey(a)} `;
  const y = ` ${nameKey(b)} `;
  if (!x.trim() || !y.trim()) return false;
  return x.includes(y) || y.includes(x);
}

const UNIT_ALIASES: Record<string, string> = { percent: '%', 'per cent': '%', pct: '%', '€': 'eur', '£': 'gbp', $: 'usd', 'r$': 'brl', point: 'pt' };

function unitKey(u: string): string {
  const k = u.toLowerCase().trim();
  if (UNIT_ALIASES[k]) return UNIT_ALIASES[k];
  return nameKey(k) || k;
}

const includesText = (field: string | null | undefined, needle: string) => !!field && field.toLowerCase().includes(needle.toLowerCase());

/** Each name matched by its own segment (a perfect matching), and no segment left over. */
function namesMatch(names: readonly string[], expected: readonly string[]): boolean {
  if (names.length !== expected.length) return false;
  const lower = names.map((n) => n.toLowerCase());
  const used = new Array<boolean>(names.length).fill(false);
  const assign = (i: number): boolean => {
    if (i === expected.length) return true;
    const want = expected[i]!.toLowerCase();
    for (let j = 0; j < lower.length; j++) {
      if (used[j] || !lower[j]!.includes(want)) continue;
      used[j] = true;
      if (assign(i + 1)) return true;
      used[j] = false;
    }
    return false;
  };
  return assign(0);
}

function matchesPattern(tactics: readonly string[], pattern: string): boolean {
  const re = new RegExp(pattern, 'i');
  return tactics.some((t) => re.test(t));
}

/** The first metric found under this name that is right, else the first found, else null. */
function judgeMetric(metrics: readonly Metric[], name: string, want: NonNullable<Expect['metrics']>[string]): FieldResult {
  const found = metrics.filter((m) => sameName(m.name, name));
  // An exact name first, so "pubs" is judged on "pubs" before "pubs lost".
  found.sort((a, b) => Number(nameKey(b.name) === nameKey(name)) - Number(nameKey(a.name) === nameKey(name)));
  const ok = (m: Metric) =>
    close(m.value, want.value) &&
    (want.previous === undefined || (m.previous !== null && close(m.previous, want.previous))) &&
    (want.change === undefined || (m.change !== null && close(m.change, want.change))) &&
    (want.unit === undefined || (m.unit !== null && unitKey(m.unit) === unitKey(want.unit)));
  const right = found.find(ok);
  return { field: `metrics.${name}`, right: !!right, expected: want, got: right ?? found[0] ?? null };
}

const hasTactic = (list: readonly string[], tactic: string) => list.some((t) => sameName(t, tactic));

/**
 * Listed tactics are all in `list`; an empty expected list means `list` is empty; planned
 * tactics the team did not name must not be there either (an unsaid tactic is not "run").
 */
function tacticsRight(list: readonly string[], expected: readonly string[], planned: readonly string[]): boolean {
  if (expected.length === 0) return list.length === 0;
  if (!expected.every((t) => hasTactic(list, t))) return false;
  return planned.filter((p) => !hasTactic(expected, p)).every((p) => !hasTactic(list, p));
}

type Got = { [K in ExtractionStep]: ExtractionOf<K> };

/** Whether this step's result holds nothing at all (the `empty` key). */
function isEmpty(step: ExtractionStep, data: Got[ExtractionStep]): boolean {
  switch (step) {
    case 'business':
      return !(data as Got['business']).description?.trim();
    case 'segments':
      return (data as Got['segments']).segments.length === 0;
    case 'expectations': {
      const d = data as Got['expectations'];
      return d.touch === null && d.breakNorm === null;
    }
    case 'relationship':
      return (data as Got['relationship']).types.length === 0;
    case 'lifecycle': {
      const d = data as Got['lifecycle'];
      return d.acquisition.length + d.retention.length + d.growth.length === 0;
    }
    case 'cost': {
      const d = data as Got['cost'];
      return d.relationship === null && d.revenue === null && d.acquisition === null;
    }
    case 'touchpoints':
      return (data as Got['touchpoints']).touchpoints.length === 0;
    case 'competitors': {
      const d = data as Got['competitors'];
      return !d.relationship?.trim() && !d.advantage?.trim();
    }
    case 'checkin':
      return (data as Got['checkin']).metrics.length === 0;
  }
}

/** Scores one step's extraction against its expectations: one result per field. */
export function scoreExtraction<K extends ExtractionStep>(step: K, data: ExtractionOf<K>, expect: Expect, context: ExtractionContext = {}): FieldResult[] {
  const results: FieldResult[] = [];
  const d = data as Record<string, unknown>;
  const push = (field: string, right: boolean, expected: unknown, got: unknown) => results.push({ field, right, expected, got });
  const planned = context.plannedTactics ?? [];

  for (const key of Object.keys(expect) as ExpectKey[]) {
    const want = expect[key];
    if (want === undefined) continue;
    switch (key) {
      case 'empty': {
        const empty = isEmpty(step, data as Got[ExtractionStep]);
        push(key, empty === want, want, empty ? 'empty' : data);
        break;
      }
      case 'descriptionHas':
        push(key, includesText(d.description as string | null, want as string), want, d.description);
        break;
      case 'relationshipHas':
      case 'advantageHas': {
        const field = key === 'relationshipHas' ? 'relationship' : 'advantage';
        push(key, includesText(d[field] as string | null, want as string), want, d[field]);
        break;
      }
      case 'twoSided':
      case 'touch':
      case 'breakNorm':
      case 'nature':
      case 'intimacy':
      case 'proactive':
      case 'emotional':
      case 'currency':
      case 'level':
        push(key, d[key] === want, want, d[key]);
        break;
      case 'breakNormNot':
        push(key, d.breakNorm !== true, 'not true', d.breakNorm);
        break;
      case 'todayHas':
        push(key, want === null ? d.today == null : includesText(d.today as string | null, want as string), want, d.today);
        break;
      case 'happy':
        push(key, (d.happy ?? null) === want, want, d.happy);
        break;
      case 'names': {
        const names = (data as Got['segments']).segments.map((s) => s.name);
        push(key, namesMatch(names, want as string[]), want, names);
        break;
      }
      case 'types': {
        const types = (data as Got['relationship']).types as string[];
        push(key, (want as string[]).every((t) => types.includes(t)), want, types);
        break;
      }
      case 'notTypes': {
        const types = (data as Got['relationship']).types as string[];
        push(key, (want as string[]).every((t) => !types.includes(t)), want, types);
        break;
      }
      case 'acquisition':
      case 'relationship':
      case 'revenue':
        if (step === 'cost') {
          const got = d[key] as AmountReading | null;
          push(key, sameAmount(got, want as Amount | null), want, got);
        } else {
          const tactics = d[key] as string[];
          push(key, matchesPattern(tactics, want as string), want, tactics);
        }
        break;
      case 'retention':
      case 'growth': {
        const tactics = d[key] as string[];
        push(key, matchesPattern(tactics, want as string), want, tactics);
        break;
      }
      case 'acquisitionEmpty':
      case 'retentionEmpty':
      case 'growthEmpty': {
        const tactics = d[key.replace('Empty', '')] as string[];
        push(key, (tactics.length === 0) === want, want, tactics);
        break;
      }
      case 'steps': {
        const n = (data as Got['touchpoints']).touchpoints.length;
        push(key, n === want, want, n);
        break;
      }
      case 'felt': {
        const n = (data as Got['touchpoints']).touchpoints.filter((t) => t.thinkFeel.trim() !== '').length;
        push(key, n === want, want, n);
        break;
      }
      case 'metrics': {
        const metrics = (data as Got['checkin']).metrics;
        for (const [name, m] of Object.entries(want as NonNullable<Expect['metrics']>)) results.push(judgeMetric(metrics, name, m));
        break;
      }
      case 'tacticsRun': {
        const run = (data as Got['checkin']).tacticsRun;
        push(key, tacticsRight(run, want as string[], planned), want, run);
        break;
      }
      case 'tacticsNotRun': {
        const c = data as Got['checkin'];
        const notRun = c.tacticsNotRun ?? [];
        const right = tacticsRight(notRun, want as string[], planned) && (want as string[]).every((t) => !hasTactic(c.tacticsRun, t));
        push(key, right, want, { tacticsNotRun: notRun, tacticsRun: c.tacticsRun });
        break;
      }
      case 'learned': {
        const learned = (data as Got['checkin']).learned;
        push(key, (learned !== null && learned.trim() !== '') === want, want, learned);
        break;
      }
    }
  }
  return results;
}
