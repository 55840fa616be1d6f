import { periodAfter, periodBefore, type Per } from './periods.ts';
import { quantities, type Quantity } from './quantities.ts';
import { languageOf, type Language } from './recognise.ts';

// Amounts of money in free text, on top of the recognisers: "$12/month", "12 USD a month",
// "€300 per agency per month", "£1.5k", "45 quid", "2k a year", "almost nothing". A bare
// number counts as money only when the words around it are about money.

export interface Money {
  value: number;
  currency: string | null;
  per: Per | null;
  /** "walk" in "€1.10 per walk", "dealer" in "€45 per dealer per month". */
  unit: string | null;
  start: number;
  /** End of the number and its currency mark. */
  valueEnd: number;
  /** End of the amount and its period words. */
  end: number;
  /** "nothing", "free": a stated zero rather than a number. */
  zero: boolean;
  range: [number, number] | null;
}

export interface Reading {
  lang: Language;
  money: Money[];
  /** Numbers that are not money: counts ("80 dealers") and percentages. */
  others: Quantity[];
}

const ZERO =
  /(?<![\p{L}])(?:(?:almost|nearly|next\s+to|practically|basically|virtually|close\s+to|pretty\s+much|more\s+or\s+less)\s+)?(?:nothing|zero|nil|nada|free(?!\s+(?:trial|shipping|to|delivery|consult|plan|tier|version|samples?|kit|week|month|box|gift|session|lesson|class|first|ones?|coffees?|onboarding|setup|over))|negligible|rien|nichts|gratis|gratuit)(?![\p{L}])/giu;
const MONEY_CUE =
  /(?:^|[^\p{L}])(?:pay|pays|paying|paid|price[ds]?|pricing|charge[ds]?|costs?|costing|spend|spends|spent|fee|fees|revenue|earn|earns|bill|billed|subscription|plan|ARPU|worth|salary|budget|retainer|is|are|at|about|around|roughly|approx(?:imately)?|maybe|cuesta|pagan?|coûte|paient|kostet|zahlen|custa|pagam)(?![\p{L}])[^.;\d]{0,16}$/iu;
const PER_CUSTOMER = /^(?:customers?|clients?|users?|members?|accounts?|seats?|heads?|persons?|people|students?|subscribers?|locations?|sites?)$/i;
/** A count verb right before a bare number: "buy 2-3 a year" is not money. */
const COUNT_BEFORE = /(?:^|[^\p{L}])(?:buy|buys|book|books|come|comes|visit|visits|use|uses|take|takes|do|does|have|has|run|runs)\s*$/iu;

export function readMoney(text: string, lang: Language = languageOf(text)): Reading {
  const money: Money[] = [];
  const others: Quantity[] = [];
  const anyCurrency = /[$€£¥₹]|\b(?:[A-Z]{3}|quid|bucks?|euros?|dollars?|pounds?)\b/.test(text);
  for (const q of quantities(text, lang)) {
    if (q.percent) {
      others.push(q);
      continue;
    }
    const period = periodAfter(text, q.end);
    const per = period.per ?? periodBefore(text, q.start);
    if (!q.currency) {
      const head = text.slice(Math.max(0, q.start - 30), q.start);
      const lead = head.replace(/(?:about|around|roughly|maybe|approx\.?|~)\s*$/i, '');
      // A bare number word ('one', 'two') is a count; money needs digits or a currency.
      const bare = (/\d/.test(text.slice(q.start, q.end)) || q.value >= 100) && !q.noun && !COUNT_BEFORE.test(lead) && !/[-–/]\s*$/.test(head) && (per !== null || MONEY_CUE.test(head));
      // A small whole number with no money word near ("3 a month") is a frequency, not a price,
      // unless it is per customer ("50 a month per customer").
      const after = /^\s*(?:per|each|a|for\s+each|\/)\s*([\p{L}]+)/iu.exec(text.slice(period.end, period.end + 24))?.[1];
      const perCustomer = [period.unit, after].some((w) => w && PER_CUSTOMER.test(w));
      if (!bare || (!MONEY_CUE.test(head) && !anyCurrency && !perCustomer && q.value < 100 && Number.isInteger(q.value))) {
        others.push(q);
        continue;
      }
    }
    money.push({ value: q.value, currency: q.currency, per, unit: period.unit, start: q.start, valueEnd: q.end, end: period.end, zero: q.value === 0, range: q.range });
  }
  for (const m of text.matchAll(ZERO)) {
    if (money.some((a) => m.index >= a.start && m.index < a.end)) continue;
    const period = periodAfter(text, m.index + m[0].length);
    money.push({ value: 0, currency: null, per: period.per, unit: period.unit, start: m.index, valueEnd: m.index + m[0].length, end: m.index + m[0].length, zero: true, range: null });
  }
  money.sort((a, b) => a.start - b.start);
  return { lang, money, others };
}

/** Amounts for readers that only need value and currency (check-in metrics). */
export function findAmounts(text: string): { value: number; currency: string | null; start: number; end: number; zero: boolean }[] {
  return readMoney(text).money.map(({ value, currency, start, end, zero }) => ({ value, currency, start, end, zero }));
}
