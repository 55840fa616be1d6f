// Money in the team's currency. A fixed locale keeps output identical on every host.

const LOCALE = 'en-US';

export function formatMoney(amount: number, currency: string | null): string {
  const digits = Number.isInteger(amount) ? 0 : 2;
  const plain = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  if (currency) {
    try {
      return new Intl.NumberFormat(LOCALE, { style: 'currency', currency: currency.toUpperCase(), ...plain }).format(amount);
    } catch {
      // Not an ISO 4217 code (e.g. "dollars"): keep the team's own word.
      return `${new Intl.NumberFormat(LOCALE, plain).format(amount)} ${currency}`;
    }
  }
  return new Intl.NumberFormat(LOCALE, plain).format(amount);
}

/** Whole percent of part in total, or null when it cannot be computed. */
export function percentOf(part: number, total: number): number | null {
  if (!(total > 0) || !Number.isFinite(part)) return null;
  return Math.round((part / total) * 100);
}
