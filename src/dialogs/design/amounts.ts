import type { Amount } from '../../core/design.ts';
import type { AmountReading, ExtractionOf } from '../../core/extraction.ts';
import { formatAmount, formatDerived } from '../../core/render/money.ts';
import { joinAnd } from './words.ts';

// The cost answer said back in words, with the period the team gave and the arithmetic
// behind any figure that was worked out, so a wrong reading is caught before it counts.

export const AMOUNT_ROLES = ['relationship', 'revenue', 'acquisition'] as const;
export type AmountRole = (typeof AMOUNT_ROLES)[number];

export const ROLE_LABELS: Record<AmountRole, string> = {
  relationship: 'Cost per customer',
  revenue: 'What a customer pays',
  acquisition: 'Cost to win one',
};

export function amountText(a: Amount, currency: string | null): string {
  const base = formatAmount(a, currency);
  return a.per === 'year' ? `${base} (${formatDerived(a.value / 12, currency)} a month)` : base;
}

function roleText(role: AmountRole, a: AmountReading, currency: string | null): string {
  const money = amountText(a, currency);
  const how = a.working ? ` (${a.working})` : '';
  if (role === 'relationship') return `the relationship costs ${money} per customer${how}`;
  if (role === 'revenue') return `a customer pays ${money}${how}`;
  return `winning one customer costs ${money}${how}`;
}

export type CostReading = ExtractionOf<'cost'>;

export const readAmounts = (d: CostReading) => AMOUNT_ROLES.filter((r) => d[r] !== null);

/** "the relationship costs €45 a month per customer (€3,600 a month ÷ 80 dealers) and …" */
export function costSentence(d: CostReading): string | null {
  const parts = readAmounts(d).map((r) => roleText(r, d[r]!, d.currency));
  return parts.length ? joinAnd(parts) : null;
}

/** What the design stores: the amount and its period, not how it was read. */
export const stored = (a: AmountReading | null): Amount | null =>
  a && Number.isFinite(a.value) && a.value >= 0 ? { value: Math.round(a.value * 100) / 100, per: a.per } : null;

/** A reading worth a quick confirmation: worked out, converted, or guessed. */
export const costNeedsConfirm = (d: CostReading) => d.doubt !== null || readAmounts(d).some((r) => d[r]!.working !== null);
