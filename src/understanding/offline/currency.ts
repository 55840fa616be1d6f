import type { Recognised } from './recognise.ts';

// Currencies next to a number. The recognisers give an ISO code for most currencies but only
// a unit name for some ("£" is "Pound", "$" is "Dollar"), and their currency model is slow
// on long text, so symbols, codes and common words beside a number are looked up here and
// the model only confirms an unknown word ("20 pesos").

const BY_UNIT: Record<string, string> = {
  Pound: 'GBP',
  'British pound': 'GBP',
  Libra: 'GBP',
  'Libra esterlina': 'GBP',
  Dollar: 'USD',
  'United States dollar': 'USD',
  Dólar: 'USD',
  'Dólar estadounidense': 'USD',
  Euro: 'EUR',
  Yen: 'JPY',
  'Japanese yen': 'JPY',
  Rupee: 'INR',
  'Indian rupee': 'INR',
  'Swiss franc': 'CHF',
  Franc: 'CHF',
  Real: 'BRL',
  'Brazilian real': 'BRL',
  'Real brasileiro': 'BRL',
  Peso: 'MXN',
};

/** Words the recognisers miss: "45 quid", "20 bucks". */
export const SLANG = /^\s*(?:quid|bucks?)\b/i;
const SLANG_CODE: Record<string, string> = { quid: 'GBP', buck: 'USD', bucks: 'USD' };

export function isoOf(found: Pick<Recognised, 'iso' | 'unit' | 'text'>): string | null {
  if (found.iso) return found.iso;
  if (found.unit && BY_UNIT[found.unit]) return BY_UNIT[found.unit]!;
  if (/£/.test(found.text)) return 'GBP';
  if (/€/.test(found.text)) return 'EUR';
  if (/\$/.test(found.text)) return 'USD';
  return null;
}

export function slangCurrency(word: string): string | null {
  return SLANG_CODE[word.toLowerCase()] ?? null;
}

/** Prefixed dollars first, so "A$" is not read as "$". */
const SYMBOLS: readonly (readonly [string, string])[] = [
  ['US$', 'USD'], ['AU$', 'AUD'], ['A$', 'AUD'], ['CA$', 'CAD'], ['C$', 'CAD'], ['NZ$', 'NZD'], ['S$', 'SGD'],
  ['HK$', 'HKD'], ['R$', 'BRL'], ['MX$', 'MXN'], ['$', 'USD'], ['€', 'EUR'], ['£', 'GBP'], ['¥', 'JPY'],
  ['₹', 'INR'], ['₩', 'KRW'], ['₽', 'RUB'], ['₺', 'TRY'], ['₪', 'ILS'], ['₱', 'PHP'], ['₦', 'NGN'],
  ['₫', 'VND'], ['₴', 'UAH'], ['zł', 'PLN'], ['Fr.', 'CHF'], ['Rs.', 'INR'], ['Rs', 'INR'],
];

export const ISO_CODES = new Set(
  'USD EUR GBP JPY INR CNY CAD AUD NZD CHF SEK NOK DKK PLN CZK HUF RON BGN BRL MXN ARS CLP COP PEN ZAR NGN KES EGP MAD SGD HKD KRW TWD THB MYR IDR PHP VND PKR BDT LKR TRY ILS AED SAR QAR RUB UAH ISK'.split(' '),
);

/** Currency words after a number, in the five languages read. */
const WORDS: readonly (readonly [RegExp, string])[] = [
  [/^(?:us\s+)?dollars?\b|^bucks?\b|^d[oó]lar(?:es)?\b|^dollari?\b/i, 'USD'],
  [/^euros?\b|^eur\b/i, 'EUR'],
  [/^(?:british\s+)?pounds?(?:\s+sterling)?\b|^quid\b|^sterling\b|^libras?(?:\s+esterlinas?)?\b|^livres?(?:\s+sterling)?\b|^pfund\b/i, 'GBP'],
  [/^yen\b/i, 'JPY'],
  [/^(?:indian\s+)?rupees?\b/i, 'INR'],
  [/^(?:yuan|rmb|renminbi)\b/i, 'CNY'],
  [/^(?:swiss\s+)?francs?\b|^franken\b/i, 'CHF'],
  [/^(?:swedish\s+)?kronor\b/i, 'SEK'],
  [/^z[lł]oty\b/i, 'PLN'],
  [/^rand\b/i, 'ZAR'],
  [/^(?:reais|reals?)\b/i, 'BRL'],
  [/^naira\b/i, 'NGN'],
  [/^pesos?\s+argentinos?\b/i, 'ARS'],
  [/^pesos?\s+colombianos?\b/i, 'COP'],
  [/^pesos?\s+chilenos?\b/i, 'CLP'],
  [/^pesos?(?:\s+mexicanos?)?\b/i, 'MXN'],
  [/^balles\b/i, 'EUR'],
];

export interface CurrencyMark {
  code: string;
  /** Where the symbol or word starts and ends in the text. */
  start: number;
  end: number;
}

/** A symbol or code written right before the number at `start` ("€12", "USD 12", "R$ 1.500"). */
export function currencyBefore(text: string, start: number): CurrencyMark | null {
  const head = text.slice(Math.max(0, start - 5), start);
  const bare = head.replace(/\s$/, '');
  for (const [sym, code] of SYMBOLS) {
    if (!bare.endsWith(sym)) continue;
    const at = start - (head.length - bare.length) - sym.length;
    // "Rs" and "Fr." only as whole words.
    if (/^[A-Z]/i.test(sym) && at > 0 && /\p{L}/u.test(text[at - 1]!)) continue;
    return { code, start: at, end: start };
  }
  const iso = /(?:^|[^\p{L}])(\p{L}{3})\s?$/u.exec(head);
  if (iso && ISO_CODES.has(iso[1]!.toUpperCase()) && iso[1] === iso[1]!.toUpperCase()) {
    return { code: iso[1]!, start: start - (head.length - head.lastIndexOf(iso[1]!)), end: start };
  }
  return null;
}

/** A symbol, code or word right after the number ending at `end` ("12€", "12 EUR", "45 quid"). */
export function currencyAfter(text: string, end: number): CurrencyMark | null {
  const tail = text.slice(end, end + 24);
  const t = tail.replace(/^\s/, '');
  const pad = tail.length - t.length;
  for (const [sym, code] of SYMBOLS) {
    if (/^[A-Z]/i.test(sym)) continue;
    if (t.startsWith(sym)) return { code, start: end + pad, end: end + pad + sym.length };
  }
  const iso = /^(\p{L}{3})(?![\p{L}])/u.exec(t);
  // "usd" is a code; "per", "and", "eur" in lower case are only codes when they are codes.
  if (iso && ISO_CODES.has(iso[1]!.toUpperCase()) && !/^(?:per|and|for|the|our|out|try|cop|mad|cad)$/.test(iso[1]!)) {
    return { code: iso[1]!.toUpperCase(), start: end + pad, end: end + pad + 3 };
  }
  for (const [re, code] of WORDS) {
    const m = re.exec(t);
    if (m) return { code, start: end + pad, end: end + pad + m[0].length };
  }
  return null;
}
