// Amounts of money in free text: "$12/month", "12 USD a month", "€300 per agency per
// month", "£1.5k", "1,200 EUR", "2k a year", "almost nothing". Pure and table driven.

export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface Amount {
  value: number;
  /** The same amount per month (a yearly 2400 is 200). */
  monthly: number;
  currency: string | null;
  period: Period | null;
  start: number;
  end: number;
  /** "nothing", "free": a stated zero rather than a number. */
  zero: boolean;
}

const SYMBOLS: [string, string][] = [
  ['US$', 'USD'], ['A$', 'AUD'], ['AU$', 'AUD'], ['C$', 'CAD'], ['CA$', 'CAD'], ['NZ$', 'NZD'],
  ['S$', 'SGD'], ['HK$', 'HKD'], ['R$', 'BRL'], ['MX$', 'MXN'], ['$', 'USD'], ['€', 'EUR'],
  ['£', 'GBP'], ['¥', 'JPY'], ['₹', 'INR'], ['₩', 'KRW'], ['₽', 'RUB'], ['₺', 'TRY'],
  ['₪', 'ILS'], ['₱', 'PHP'], ['₦', 'NGN'], ['₫', 'VND'], ['₴', 'UAH'], ['zł', 'PLN'],
];

export const ISO_CODES = new Set(
  'USD EUR GBP JPY INR CNY CAD AUD NZD CHF SEK NOK DKK PLN CZK HUF RON BGN BRL MXN ARS CLP COP PEN ZAR NGN KES EGP MAD SGD HKD KRW TWD THB MYR IDR PHP VND PKR BDT LKR TRY ILS AED SAR QAR RUB UAH ISK'.split(' '),
);

const WORDS: [RegExp, string][] = [
  [/^(?:us\s+)?dollars?|^bucks/i, 'USD'],
  [/^euros?|^eur\b/i, 'EUR'],
  [/^(?:british\s+)?pounds?(?:\s+sterling)?|^quid|^sterling/i, 'GBP'],
  [/^yen/i, 'JPY'],
  [/^(?:indian\s+)?rupees?|^rs\b/i, 'INR'],
  [/^yuan|^rmb|^renminbi/i, 'CNY'],
  [/^(?:swiss\s+)?francs?/i, 'CHF'],
  [/^(?:swedish\s+)?kronor/i, 'SEK'],
  [/^z[lł]oty/i, 'PLN'],
  [/^rand\b/i, 'ZAR'],
  [/^reais|^reals?\b/i, 'BRL'],
  [/^naira/i, 'NGN'],
  [/^won\b/i, 'KRW'],
];

const PERIODS: [RegExp, Period][] = [
  [/^(?:months?|mo|mth|mnth)\b|^monthly\b|^p\.?m\b\.?/i, 'month'],
  [/^(?:years?|yr|annum)\b|^(?:yearly|annually|annual)\b|^p\.?a\b\.?/i, 'year'],
  [/^(?:weeks?|wk)\b|^weekly\b/i, 'week'],
  [/^days?\b|^daily\b/i, 'day'],
  [/^quarters?\b|^quarterly\b/i, 'quarter'],
];

const PER_MONTH: Record<Period, number> = { day: 30, week: 52 / 12, month: 1, quarter: 1 / 3, year: 1 / 12 };

const NUMBER = /(?<![\w.,])(\d+(?:[.,]\d+)*)(?:\s?(k|K|m|M|mn|bn|thousand|grand|million)\b)?/g;
const NOT_MONEY_AFTER =
  /^\s*(?:%|percent|per ?cent|people|persons?|staff|employees?|users?|customers?|clients?|members?|seats?|agencies|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?|times?|x\b|steps?|points?|stars?|nps)/i;
const ZERO = /\b(?:(?:almost|nearly|next to|practically|basically|virtually|close to|pretty much)\s+)?(?:nothing|zero|nil|nada|free(?!\s+(?:trial|shipping|to|delivery|consult))|negligible)\b/gi;
const MONEY_CUE = /\b(?:pay|pays|paying|paid|price[ds]?|pricing|charge[ds]?|costs?|costing|spend|spends|spent|fee|fees|revenue|earn|earns|bill|billed|subscription|plan|about|around|roughly|approx(?:imately)?|maybe|under|over|ARPU|worth)\b[^.;\d]{0,20}$/i;

function parseNumber(raw: string, suffix: string | undefined): number | null {
  let s = raw;
  const commas = (s.match(/,/g) ?? []).length;
  const dots = (s.match(/\./g) ?? []).length;
  if (commas && dots) s = s.lastIndexOf(',') > s.lastIndexOf('.') ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  else if (commas) s = /^\d{1,3}(?:,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  else if (dots > 1) s = s.replace(/\./g, '');
  let n = Number(s);
  if (!Number.isFinite(n)) return null;
  const k = suffix?.toLowerCase();
  if (k === 'k' || k === 'thousand' || k === 'grand') n *= 1_000;
  else if (k === 'm' || k === 'mn' || k === 'million') n *= 1_000_000;
  else if (k === 'bn') n *= 1_000_000_000;
  return n;
}

const SYMBOL_BEFORE = /(?:[A-Z]{1,3}\$|[$€£¥₹₩₽₺₪₱₦₫₴]|zł|\b[A-Za-z]{3}|\bRs\.?)\s?$/;

function currencyBefore(head: string): { code: string; length: number } | null {
  const m = SYMBOL_BEFORE.exec(head);
  if (!m) return null;
  const token = m[0].trim();
  if (/^Rs\.?$/.test(token)) return { code: 'INR', length: m[0].length };
  for (const [sym, code] of SYMBOLS) if (token.endsWith(sym)) return { code, length: m[0].length };
  const code = token.toUpperCase();
  return ISO_CODES.has(code) && token === code ? { code, length: m[0].length } : null;
}

function currencyAfter(tail: string): { code: string; length: number } | null {
  const t = tail.replace(/^\s+/, '');
  const pad = tail.length - t.length;
  for (const [sym, code] of SYMBOLS) if (sym !== '$' && t.startsWith(sym)) return { code, length: pad + sym.length };
  if (t.startsWith('$')) return { code: 'USD', length: pad + 1 };
  const iso = /^([A-Za-z]{3})\b/.exec(t);
  if (iso && ISO_CODES.has(iso[1]!.toUpperCase()) && (iso[1] === iso[1]!.toUpperCase() || !/^(?:per|and|for|the|our|out)$/i.test(iso[1]!))) {
    return { code: iso[1]!.toUpperCase(), length: pad + 3 };
  }
  for (const [re, code] of WORDS) {
    const m = re.exec(t);
    if (m) return { code, length: pad + m[0].length };
  }
  return null;
}

/** The period after an amount, skipping "per agency", "each", "a" and the like. */
export function periodAfter(tail: string): { period: Period; length: number } | null {
  let rest = tail;
  let used = 0;
  for (let hop = 0; hop < 4; hop++) {
    const lead = /^\s*(?:\/|per\b|a\b|an\b|each\b|every\b|in\b|the\b)?\s*/i.exec(rest)![0];
    const word = rest.slice(lead.length);
    for (const [re, period] of PERIODS) {
      const m = re.exec(word);
      if (m && (lead.trim() || /^(?:monthly|yearly|annually|weekly|daily|quarterly|p\.?[ma])/i.test(word))) {
        return { period, length: used + lead.length + m[0].length };
      }
    }
    // Skip one "per agency" / "for each seat" qualifier and look again.
    const skip = /^\s*(?:\/|per|each|for each|for every|a|an|every)\s+\p{L}+(?:\s+pays?)?/iu.exec(rest);
    if (!skip) return null;
    used += skip[0].length;
    rest = rest.slice(skip[0].length);
  }
  return null;
}

function periodBefore(head: string): Period | null {
  const m = /\b(monthly|per month|a month|each month|every month|yearly|annual(?:ly)?|per year|a year|weekly|per week|quarterly)\b[^.;,\d]{0,24}$/i.exec(head);
  if (!m) return null;
  const w = m[1]!.toLowerCase();
  return /month/.test(w) ? 'month' : /year|annual/.test(w) ? 'year' : /week/.test(w) ? 'week' : 'quarter';
}

const round = (n: number) => Math.round(n * 100) / 100;

export function findAmounts(text: string): Amount[] {
  const found: Amount[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const start = m.index;
    let end = start + m[0].length;
    const value = parseNumber(m[1]!, m[2]);
    if (value === null) continue;
    const head = text.slice(Math.max(0, start - 40), start);
    const before = currencyBefore(head);
    const after = before ? null : currencyAfter(text.slice(end, end + 24));
    if (after) end += after.length;
    const currency = before?.code ?? after?.code ?? null;
    const tail = text.slice(end, end + 48);
    const per = periodAfter(tail);
    if (!currency) {
      // A bare number counts only when the words around it are about money.
      if (NOT_MONEY_AFTER.test(tail) && !per) continue;
      if (!per && !MONEY_CUE.test(head)) continue;
      if (/[-–/]\s*$/.test(head) || /^\s*[-–]\s*\d/.test(tail)) continue;
    }
    const period = per?.period ?? periodBefore(head);
    if (per) end += per.length;
    found.push({ value, monthly: round(value * PER_MONTH[period ?? 'month']), currency, period, start: start - (before?.length ?? 0), end, zero: value === 0 });
  }
  for (const m of text.matchAll(ZERO)) {
    if (found.some((a) => m.index >= a.start && m.index < a.end)) continue;
    found.push({ value: 0, monthly: 0, currency: null, period: null, start: m.index, end: m.index + m[0].length, zero: true });
  }
  return found.sort((a, b) => a.start - b.start);
}
