import type { CostLevel } from '../../../core/design.ts';
import type { ExtractionOf } from '../../../core/extraction.ts';
import { exactAnswer } from '../enums.ts';
import { first, type Cue } from '../match.ts';
import { findAmounts, type Amount, type Period } from '../money.ts';
import { clauses, clip, isVague, tidy } from '../text.ts';

// Cost and revenue per customer per month. Which amount is which comes from the words
// next to it ("costs us $300 of the $400 each agency pays"); the level comes from words,
// else from the cost/revenue ratio.

type Cost = ExtractionOf<'cost'>;
type Side = 'cost' | 'revenue';

const REVENUE_BEFORE = /\b(?:pays?|paying|paid|price[ds]?|pricing|charge[ds]?|charging|revenue|earn(?:s|ing)?|bring(?:s)?\s+in|make|makes|ARPU|subscription|plan|fee|fees|sell|sells|selling|spend(?:s)?\s+with\s+us|they\s+spend|worth|of\s+the|out\s+of(?:\s+the)?|from\s+(?:the|a|each)|ticket|basket|order\s+value|ltv|lifetime\s+value|(?:we\s+)?get)\b[^.;\d]{0,18}$/i;
const COST_BEFORE = /\b(?:costs?|costing|spend|spending|spent|expenses?|us|serve|serving|support|salary|salaries|overhead|to\s+keep|to\s+run|we\s+pay|pay\s+(?:for|the)|budget)\b[^.;\d]{0,18}$/i;
const REVENUE_AFTER = /^[^.,;\d$€£¥]{0,30}?\b(?:pays?|paying|paid|revenue|in\s+revenue|subscription|plan|price|fee|from\s+(?:them|each|every))\b/i;
const COST_AFTER = /^[^.,;\d$€£¥]{0,30}?\b(?:costs?|to\s+(?:serve|support|keep|run)|in\s+(?:cost|costs|support|salary|time)|for\s+us|of\s+(?:our\s+)?(?:time|cost|costs|support))\b/i;

const LEVEL_CUES: readonly Cue<CostLevel>[] = [
  ['low', String.raw`low(?:\s+cost)?|cheap|inexpensive|negligible|minimal|tiny|peanuts|(?:almost|next\s+to|practically|basically)\s+nothing|nothing|not\s+(?:much|expensive|a\s+lot)|very\s+little|little|free`],
  ['medium', String.raw`medium(?:\s+cost)?|moderate|some|manageable|reasonable|average|mid(?:dle)?[- ]?(?:range|level)?`],
  ['high', String.raw`high(?:\s+cost)?|expensive|costly|a\s+lot|significant|big|heavy|pricey|steep`],
];

function sideOf(text: string, a: Amount): Side | null {
  const head = text.slice(Math.max(0, a.start - 40), a.start);
  const tail = text.slice(a.end, a.end + 40);
  const rev = REVENUE_BEFORE.exec(head);
  const cost = COST_BEFORE.exec(head);
  // The closer cue wins: "costs us $300 of the $400" puts "of the" next to $400.
  if (rev && cost) return rev.index > cost.index ? 'revenue' : 'cost';
  if (rev) return 'revenue';
  if (cost) return 'cost';
  if (REVENUE_AFTER.test(tail)) return 'revenue';
  if (COST_AFTER.test(tail)) return 'cost';
  return null;
}

/** Amounts with no period take the one period said elsewhere, else monthly. */
function monthly(a: Amount, shared: Period | null): number {
  if (a.period || !shared) return a.monthly;
  const factor: Record<Period, number> = { day: 30, week: 52 / 12, month: 1, quarter: 1 / 3, year: 1 / 12 };
  return Math.round(a.value * factor[shared] * 100) / 100;
}

function ratioLevel(cost: number | null, revenue: number | null): CostLevel | null {
  if (cost === null) return null;
  if (cost === 0) return 'low';
  if (revenue === null || revenue <= 0) return null;
  const r = cost / revenue;
  return r < 0.15 ? 'low' : r < 0.4 ? 'medium' : 'high';
}

export function readCost(text: string): Cost {
  const empty: Cost = { level: null, monthlyCostPerCustomer: null, revenuePerCustomer: null, currency: null, notes: null };
  const exact = exactAnswer(text);
  if (exact?.level) return { ...empty, level: exact.level };
  if (isVague(text) && !/\b(?:nothing|none|zero|nil)\b/i.test(text)) return empty;
  const amounts = findAmounts(text).slice(0, 12);
  const periods = [...new Set(amounts.map((a) => a.period).filter((p): p is Period => p !== null))];
  const shared = periods.length === 1 ? periods[0]! : null;
  let cost: number | null = null;
  let revenue: number | null = null;
  const open: Amount[] = [];
  for (const a of amounts) {
    const side = sideOf(text, a) ?? (a.zero && !/\b(?:free\s+(?:plan|tier|version)|pay\s+nothing|for\s+free)\b/i.test(text.slice(Math.max(0, a.start - 20), a.end + 12)) ? 'cost' : null);
    const value = monthly(a, shared);
    if (side === 'cost' && cost === null) cost = value;
    else if (side === 'revenue' && revenue === null) revenue = value;
    else if (side === null) open.push(a);
  }
  // Unlabelled amounts fill what is missing, cost first as the question asks it first.
  for (const a of open) {
    if (cost === null) cost = monthly(a, shared);
    else if (revenue === null) revenue = monthly(a, shared);
  }
  const currency = amounts.find((a) => a.currency)?.currency ?? null;
  const level = first(text.replace(/\bhigh[- ]touch\b|\blow[- ]touch\b/gi, ' '), LEVEL_CUES) ?? ratioLevel(cost, revenue);
  const rest = clauses(text, /,\s*/)
    .filter((c) => findAmounts(c).length === 0 && !first(c, LEVEL_CUES))
    .map(tidy)
    .filter((c) => c.split(/\s+/).length >= 2 && !isVague(c));
  return {
    level,
    monthlyCostPerCustomer: cost,
    revenuePerCustomer: revenue,
    currency: cost !== null || revenue !== null ? currency : null,
    notes: rest.length ? clip(rest.join('; ')) : null,
  };
}
