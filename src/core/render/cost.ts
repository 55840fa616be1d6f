import type { Segment } from '../design.ts';
import { formatAmount, formatMoney, percentOf } from './money.ts';

// Cost and revenue per customer in words, short for the card and long for the export.
// Each amount keeps the period the team gave; only amounts of the same period are put side
// by side as a share (converting periods is the checks' work, and they show it).

const EACH: Record<'month' | 'year', string> = { month: 'each month', year: 'each year' };
const SHORT_PER: Record<'month' | 'year', string> = { month: '/month', year: '/year' };

export function costAmounts(cost: Segment['cost'], style: 'short' | 'long'): string | null {
  const { relationship: spend, revenue, currency } = cost;
  const money = (n: number) => formatMoney(n, currency);
  if (spend !== null && revenue !== null) {
    if (spend.per === revenue.per) {
      const share = percentOf(spend.value, revenue.value);
      if (spend.per === 'one_off') {
        if (style === 'short') return `${money(spend.value)} of ${money(revenue.value)} per sale`;
        const tail = share === null ? '' : ` (${share}% of the sale)`;
        return `${money(spend.value)} per sale against the ${money(revenue.value)} a customer pays once${tail}`;
      }
      if (style === 'short') return `${money(spend.value)} of ${money(revenue.value)}${SHORT_PER[spend.per]}`;
      const tail = share === null ? '' : ` (${share}% of revenue)`;
      return `${money(spend.value)} of the ${money(revenue.value)} a customer pays ${EACH[spend.per]}${tail}`;
    }
    if (style === 'short') return `${formatAmount(spend, currency, 'short')} per customer; pays ${formatAmount(revenue, currency, 'short')}`;
    return `${formatAmount(spend, currency)} per customer; a customer pays ${formatAmount(revenue, currency)}`;
  }
  if (spend !== null) return `${formatAmount(spend, currency, style)} per customer`;
  if (revenue !== null) return style === 'short' ? `pays ${formatAmount(revenue, currency, 'short')}` : `a customer pays ${formatAmount(revenue, currency)}`;
  return null;
}

/** What winning one customer costs, when the team said: "€300 once" / "€300 one-off". */
export function acquisitionAmount(cost: Segment['cost'], style: 'short' | 'long'): string | null {
  return cost.acquisition ? formatAmount(cost.acquisition, cost.currency, style) : null;
}
