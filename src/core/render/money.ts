import type { Amount, Period } from '../design.ts';

// Money in the team's currency. A fixed locale keeps output identical on every host.

const LOCALE = 'en-US';

// Building an Intl.NumberFormat costs far more than using one, and turns format money often.
const formatters = new Map<string, Intl.NumberFormat | null>();

function formatter(currency: string | null, digits: number): Intl.NumberFormat | null {
  const key = `${currency ?? ''}:${digits}`;
  let cached = formatters.get(key);
  if (cached === undefined) {
    const plain = { minimumFractionDigits: digits, maximumFractionDigits: digits };
    try {
      cached = new Intl.NumberFormat(LOCALE, currency ? { style: 'currency', currency, ...plain } : plain);
    } catch {
      cached = null; // not an ISO 4217 code
    }
    if (formatters.size < 500) formatters.set(key, cached);
  }
  return cached;
}

export function formatMoney(amount: number, currency: string | null): string {
  const digits = Number.isInteger(amount) ? 0 : 2;
  const code = currency ? currency.toUpperCase() : null;
  const asCurrency = code ? formatter(code, digits) : null;
  if (asCurrency) return asCurrency.format(amount);
  const plain = formatter(null, digits)!.format(amount);
  // Not an ISO 4217 code (e.g. "dollars"): keep the team's own word.
  return currency ? `${plain} ${currency}` : plain;
}

/** Whole percent of part in total, or null when it cannot be computed. */
export function percentOf(part: number, total: number): number | null {
  if (!(total > 0) || !Number.isFinite(part)) return null;
  return Math.round((part / total) * 100);
}

// How often an amount is paid, in words; a one-off amount is never called monthly.
const PERIOD_LONG: Record<Period, string> = { month: 'a month', year: 'a year', one_off: 'once' };
const PERIOD_SHORT: Record<Period, string> = { month: '/month', year: '/year', one_off: ' one-off' };

/** "€92 a month", "€12,000 a year", "€215 once" (long) or "€92/month", "€215 one-off" (short). */
export function formatAmount(amount: Amount, currency: string | null, style: 'long' | 'short' = 'long'): string {
  const money = formatMoney(amount.value, currency);
  return style === 'long' ? `${money} ${PERIOD_LONG[amount.per]}` : `${money}${PERIOD_SHORT[amount.per]}`;
}

/** The period alone, in words: "a month", "a year", "once". */
export function periodWords(per: Period): string {
  return PERIOD_LONG[per];
}

/** A figure worked out from the team's numbers (a year ÷ 12): whole units, marked "≈" when rounded. */
export function formatDerived(amount: number, currency: string | null): string {
  const rounded = Math.abs(amount) < 10 ? Math.round(amount * 100) / 100 : Math.round(amount);
  return `${rounded === amount ? '' : '≈ '}${formatMoney(rounded, currency)}`;
}
