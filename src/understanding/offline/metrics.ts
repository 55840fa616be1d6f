import type { Metric } from '../../core/extraction.ts';
import { findAmounts } from './money.ts';

// Numbers a team tracks: "churn down to 3%", "NPS 42", "120 active users", "renewals 80%",
// "MRR €4k". A metric is a number with a name beside it; dates and durations are not.

const KNOWN: [RegExp, string, string | null][] = [
  [/\bchurn(?:\s+rate)?\b/i, 'churn', '%'],
  [/\bnps\b|net\s+promoter(?:\s+score)?/i, 'NPS', 'points'],
  [/\bcsat\b/i, 'CSAT', null],
  [/\brenewals?(?:\s+rate)?\b/i, 'renewals', '%'],
  [/\bretention(?:\s+rate)?\b/i, 'retention', '%'],
  [/\brepeat\s+(?:purchases?|orders?|buyers?|customers?)(?:\s+rate)?\b/i, 'repeat purchases', null],
  [/\b(?:daily|weekly|monthly)?\s*active\s+(?:users|customers|members|accounts)\b|\b[dwm]au\b/i, 'active users', 'users'],
  [/\bmrr\b/i, 'MRR', null],
  [/\barr\b/i, 'ARR', null],
  [/\brevenue\b/i, 'revenue', null],
  [/\bconversion(?:\s+rate)?\b/i, 'conversion', '%'],
  [/\bopen\s+rate\b/i, 'open rate', '%'],
  [/\bsign[- ]?ups?\b/i, 'signups', null],
  [/\bengagement\b/i, 'engagement', null],
];

const COUNTABLE = /^\s*(?:new\s+|paying\s+|active\s+|happy\s+|weekly\s+|monthly\s+|daily\s+)*(users|customers|clients|members|subscribers|accounts|signups|sign-ups|orders|purchases|sales|referrals|reviews|tickets|downloads|installs|visitors|leads|trials|renewals|seats|agencies|teams|posts|replies)\b/i;
const TIME_AFTER = /^\s*(?:days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|am|pm|h\b|st|nd|rd|th)\b/i;
const NUMBER = /(?<![\w.])([+-]?\d+(?:[.,]\d+)?)(\s?%|\s?percent|\s?pts|\s?points|\s?k\b)?/gi;
const FROM = /\bfrom\s*$/i;

function nameBefore(head: string): { name: string; unit: string | null } | null {
  let best: { name: string; unit: string | null; at: number } | null = null;
  for (const [re, name, unit] of KNOWN) {
    const all = [...head.matchAll(new RegExp(re.source, 'gi'))];
    const last = all[all.length - 1];
    if (last && (!best || last.index > best.at)) best = { name, unit, at: last.index };
  }
  if (!best) return null;
  // Too far back, or another number in between: the name belongs to that one.
  const between = head.slice(best.at);
  const numbers = between.replace(/\b(?:from\s+)?[+-]?\d+(?:[.,]\d+)?\s?%?\s*(?:to|→)\s*$/i, '');
  if (between.length > 40 || /\d/.test(numbers)) return null;
  return best;
}

export function readMetrics(text: string): Metric[] {
  const out: Metric[] = [];
  const money = findAmounts(text).filter((a) => !a.zero && a.currency);
  for (const m of text.matchAll(NUMBER)) {
    if (out.length >= 12) break;
    const start = m.index;
    const end = start + m[0].length;
    const head = text.slice(Math.max(0, start - 60), start);
    const tail = text.slice(end, end + 40);
    // Durations, dates and the "from" side of "from 5% to 3%" are not readings.
    if (TIME_AFTER.test(tail) || /\/\s*$/.test(head) || /^\s*\//.test(tail) || FROM.test(head)) continue;
    let value = Number(m[1]!.replace(',', '.'));
    if (!Number.isFinite(value)) continue;
    const suffix = (m[2] ?? '').trim().toLowerCase();
    if (suffix === 'k') value *= 1000;
    const pct = suffix === '%' || suffix === 'percent';
    const cash = money.find((a) => start >= a.start && start < a.end);
    const counted = COUNTABLE.exec(tail);
    const named = nameBefore(head.split(/[.;!?\n]/).pop() ?? '') ?? (pct ? nameAfter(tail) : null);
    if (cash) {
      if (!named && !/\b(?:mrr|arr|revenue|sales|spend)\b/i.test(head + tail)) continue;
      out.push({ name: named?.name ?? 'revenue', value: cash.value, unit: cash.currency });
    } else if (counted && !pct) {
      const name = /active/i.test(counted[0]) || /\bactive\b/i.test(head.slice(-12)) ? 'active users' : counted[0].trim().toLowerCase();
      out.push({ name, value, unit: counted[1]!.toLowerCase() });
    } else if (named) {
      const unit = pct ? '%' : suffix === 'pts' || suffix === 'points' || named.unit === 'points' ? 'points' : named.unit === 'users' ? 'users' : null;
      out.push({ name: named.name, value, unit });
    }
  }
  // One reading per metric: the last one said wins ("from 5% to 3%").
  const byName = new Map<string, Metric>();
  for (const metric of out) byName.set(metric.name.toLowerCase(), metric);
  return [...byName.values()];
}

function nameAfter(tail: string): { name: string; unit: string | null } | null {
  const head = tail.slice(0, 30);
  for (const [re, name, unit] of KNOWN) {
    const m = re.exec(head);
    if (m && m.index < 12) return { name, unit };
  }
  return null;
}
