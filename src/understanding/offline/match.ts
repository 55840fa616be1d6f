import { negatedAt } from './negation.ts';

// One way to look words up: a table of [value, pattern] rows, matched whole-word and
// case-insensitively, with negated hits set aside rather than dropped silently.

export type Cue<T> = readonly [T, string];

export interface Hit<T> {
  value: T;
  start: number;
  end: number;
  negated: boolean;
}

const compiled = new WeakMap<readonly Cue<unknown>[], RegExp[]>();

function patterns<T>(table: readonly Cue<T>[]): RegExp[] {
  let list = compiled.get(table);
  if (!list) {
    list = table.map(([, src]) => new RegExp(`(?<![\\p{L}\\p{N}_])(?:${src})(?![\\p{L}\\p{N}_])`, 'giu'));
    compiled.set(table, list);
  }
  return list;
}

export function hits<T>(text: string, table: readonly Cue<T>[]): Hit<T>[] {
  const out: Hit<T>[] = [];
  patterns(table).forEach((re, i) => {
    for (const m of text.matchAll(re)) {
      const end = m.index + m[0].length;
      out.push({ value: table[i]![0], start: m.index, end, negated: negatedAt(text, m.index, end) });
    }
  });
  return out.sort((a, b) => a.start - b.start);
}

/** Drops a hit lying inside a longer hit of another value ("dedicated support team"). */
function outermost<T>(list: Hit<T>[]): Hit<T>[] {
  return list.filter((h) => !list.some((o) => o !== h && o.value !== h.value && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start));
}

/** Values with at least one non-negated hit, in order of first mention. */
export function present<T>(text: string, table: readonly Cue<T>[]): T[] {
  const seen: T[] = [];
  for (const h of outermost(hits(text, table))) if (!h.negated && !seen.includes(h.value)) seen.push(h.value);
  return seen;
}

export function first<T>(text: string, table: readonly Cue<T>[]): T | null {
  return present(text, table)[0] ?? null;
}
