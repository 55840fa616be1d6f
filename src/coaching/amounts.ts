import type { Amount } from '../core/design.ts';

// Pure period arithmetic for the money checks. Amounts are compared only on a like basis:
// recurring against recurring (per month), one-off against one-off. Anything else becomes a
// payback in months, or stays unknown rather than an invented figure.

export const MONTHS_PER_YEAR = 12;

export function isRecurring(amount: Amount): boolean {
  return amount.per !== 'one_off';
}

/** The amount per month (a year ÷ 12), or null for a one-off amount. */
export function perMonth(amount: Amount): number | null {
  if (amount.per === 'month') return amount.value;
  if (amount.per === 'year') return amount.value / MONTHS_PER_YEAR;
  return null;
}

/** Months for a one-off outlay to be earned back from a monthly margin; null when it never is. */
export function paybackMonths(oneOff: number, monthlyMargin: number): number | null {
  if (!(oneOff >= 0) || !(monthlyMargin > 0)) return null;
  return oneOff / monthlyMargin;
}

/** What a relationship cost per customer is against what the customer pays. */
export type CostComparison =
  /** Both recurring, both per month. */
  | { basis: 'monthly'; cost: number; revenue: number }
  /** Both one-off: per sale. */
  | { basis: 'one_off'; cost: number; revenue: number }
  /** A one-off cost earned back from recurring revenue; months null when the revenue is nothing. */
  | { basis: 'payback'; cost: number; revenuePerMonth: number; months: number | null }
  /** A recurring cost against a one-off sale, over the horizon the team stated. */
  | { basis: 'horizon'; months: number; cost: number; revenue: number }
  /** A recurring cost against a one-off sale with no horizon: the share per sale is unknown. */
  | { basis: 'unknown'; costPerMonth: number; revenue: number };

/**
 * Relationship cost against revenue on a like basis. `horizonMonths` is how long a customer is
 * served after a one-off sale, only when the team said so.
 */
export function compareCostToRevenue(cost: Amount, revenue: Amount, horizonMonths: number | null = null): CostComparison {
  const costMonthly = perMonth(cost);
  const revenueMonthly = perMonth(revenue);
  if (costMonthly !== null && revenueMonthly !== null) return { basis: 'monthly', cost: costMonthly, revenue: revenueMonthly };
  if (costMonthly === null && revenueMonthly === null) return { basis: 'one_off', cost: cost.value, revenue: revenue.value };
  if (costMonthly === null && revenueMonthly !== null) {
    return { basis: 'payback', cost: cost.value, revenuePerMonth: revenueMonthly, months: paybackMonths(cost.value, revenueMonthly) };
  }
  const monthly = costMonthly ?? 0;
  if (horizonMonths !== null && horizonMonths > 0) {
    return { basis: 'horizon', months: horizonMonths, cost: monthly * horizonMonths, revenue: revenue.value };
  }
  return { basis: 'unknown', costPerMonth: monthly, revenue: revenue.value };
}

/** What winning a customer costs against what the customer then earns the business. */
export type AcquisitionComparison =
  /** Earned back from the monthly margin (revenue less a recurring relationship cost). */
  | { basis: 'payback'; cost: number; margin: number; months: number | null }
  /** Against the margin on a one-off sale (its price less a one-off relationship cost). */
  | { basis: 'per_sale'; cost: number; margin: number }
  | { basis: 'unknown' };

/**
 * A one-off acquisition cost against the margin it has to come out of. A one-off relationship
 * cost next to recurring revenue is part of what must be earned back, so it is added to the
 * outlay; a recurring acquisition amount is spend, not a cost per customer, and is not compared.
 */
export function compareAcquisition(
  acquisition: Amount,
  revenue: Amount,
  relationship: Amount | null,
): AcquisitionComparison {
  if (acquisition.per !== 'one_off') return { basis: 'unknown' };
  const revenueMonthly = perMonth(revenue);
  if (revenueMonthly !== null) {
    const relationshipMonthly = relationship ? perMonth(relationship) : 0;
    const upfront = acquisition.value + (relationship && relationshipMonthly === null ? relationship.value : 0);
    const margin = revenueMonthly - (relationshipMonthly ?? 0);
    return { basis: 'payback', cost: upfront, margin, months: paybackMonths(upfront, margin) };
  }
  // A recurring relationship cost against a one-off sale has no per-sale figure without a horizon.
  if (relationship && isRecurring(relationship)) return { basis: 'unknown' };
  return { basis: 'per_sale', cost: acquisition.value, margin: revenue.value - (relationship?.value ?? 0) };
}
