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
