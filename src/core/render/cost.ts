import type { Segment } from '../design.ts';
import { formatMoney, percentOf } from './money.ts';

// Cost and revenue per customer in words, short for the card and long for the export.

export function costAmounts(cost: Segment['cost'], style: 'short' | 'long'): string | null {
  const { monthlyCostPerCustomer: spend, revenuePerCustomer: revenue, currency } = cost;
  const money = (n: number) => formatMoney(n, currency);
  if (spend !== null && revenue !== null) {
    if (style === 'short') return `${money(spend)} of ${money(revenue)}/month`;
    const share = percentOf(spend, revenue);
    const tail = share === null ? '' : ` (${share}% of revenue)`;
    return `${money(spend)} of the ${money(revenue)} a customer pays each month${tail}`;
  }
  if (spend !== null) return style === 'short' ? `${money(spend)}/month per customer` : `${money(spend)} a month per customer`;
  if (revenue !== null) return style === 'short' ? `pays ${money(revenue)}/month` : `a customer pays ${money(revenue)} a month`;
  return null;
}
