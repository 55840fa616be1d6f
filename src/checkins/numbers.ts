import type { Metric } from '../core/extraction.ts';

// A small reader for "churn 4%, NPS 31 and 120 active users", used only when the
// summariser found no numbers in an answer that has some: a fallback, not the parser.

const VERBS = /\b(is|was|are|were|at|of|to|now|went|fell|rose|dropped|grew|increased|decreased|down|up|from|about|around|roughly|our|the|we|have|had|got)\b/gi;
const UNIT_WORDS = /^(%|percent|pts?|points?|users?|customers?|accounts?|orders?|eur|usd|gbp|€|\$|£|days?|hours?|minutes?)$/i;

export function readMetrics(text: string): Metric[] {
  const out: Metric[] = [];
  for (const clause of text.split(/[,;\n]|\band\b|\.\s/i)) {
    const m = /(-?\d+(?:[.,]\d+)?)\s*(%|[\p{L}€$£]+(?:\s+[\p{L}]+)?)?/u.exec(clause);
    if (!m) continue;
    const value = Number(m[1]!.replace(',', '.'));
    if (!Number.isFinite(value)) continue;
    const before = clause
      .slice(0, m.index)
      .replace(VERBS, ' ')
      .replace(/[^\p{L}\s]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const after = (m[2] ?? '').trim();
    let name = before;
    let unit: string | null = null;
    if (after === '%' || /^percent/i.test(after)) unit = '%';
    else if (after) {
      const [first = '', ...rest] = after.split(/\s+/);
      if (!name) name = after;
      else if (UNIT_WORDS.test(first)) unit = first;
      if (!before && UNIT_WORDS.test(first) && rest.length) unit = null;
    }
    if (!name) continue;
    out.push({ name, value, unit, previous: null, change: null });
  }
  return out;
}
