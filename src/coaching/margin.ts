import type { Amount, Segment } from '../core/design.ts';
import { formatAmount, formatDerived, formatMoney, percentOf } from '../core/render/money.ts';
import { type CostComparison, compareAcquisition, compareCostToRevenue, perMonth } from './amounts.ts';
import { type Check, segmentCheck } from './check.ts';
import { findMatch, quote, segmentTexts } from './text.ts';

// The relationship has to be paid for out of what the segment brings in. Every figure in a
// message is the team's own, with the period they gave; a worked-out one is marked as such.

/** At this share of revenue an expensive relationship leaves too little margin. */
export const THIN_MARGIN_SHARE = 0.5;

/** Earning back an outlay slower than this is worth a remark. */
export const SLOW_PAYBACK_MONTHS = 12;

const PRICE_SENSITIVE =
  /\b(price[- ]sensitive|price[- ]conscious|on a budget|budget|cheap\w*|low[- ]cost|affordable|bargain\w*|discount\w*|thrifty|frugal|low[- ]margins?|thin margins?|tight margins?)\b/i;

interface Known {
  relationship: Amount;
  revenue: Amount;
  compared: CostComparison;
}

/** Relationship cost and revenue, compared on a like basis; null unless both are known. */
function known(segment: Segment): Known | null {
  const { relationship, revenue } = segment.cost;
  if (relationship === null || revenue === null) return null;
  // The design carries no horizon for serving a one-off customer, so none is assumed.
  return { relationship, revenue, compared: compareCostToRevenue(relationship, revenue, null) };
}

/** An amount as the team gave it, with the monthly figure beside a yearly one: "€12,000 a year (≈ €1,000 a month)". */
export function asGiven(amount: Amount, currency: string | null): string {
  const said = formatAmount(amount, currency);
  const monthly = perMonth(amount);
  if (amount.per !== 'year' || monthly === null) return said;
  return `${said} (${formatDerived(monthly, currency)} a month)`;
}

function isExpensive(segment: Segment): boolean {
  const { relationship, cost } = segment;
  return (
    relationship.types.includes('dedicated_personal_assistance') ||
    relationship.touch === 'high' ||
    cost.level === 'high'
  );
}

// The team's own name for the person, when they gave one.
const PERSON_ROLE =
  /\b(account manager|customer success manager|success manager|key account manager|advisor|adviser|consultant|concierge|personal shopper|private banker|coach)s?\b/i;

function expensiveSubject(segment: Segment): string {
  const role = segmentTexts(segment)
    .map((t) => PERSON_ROLE.exec(t)?.[1])
    .find((r) => r !== undefined);
  if (role) return `the ${role.toLowerCase()}`;
  if (segment.relationship.types.includes('dedicated_personal_assistance')) return 'dedicated personal assistance';
  if (segment.relationship.touch === 'high') return 'a high-touch relationship';
  return 'a high-cost relationship';
}

const HYBRID_HINT =
  'a hybrid (a person for onboarding and the moments that matter, then automated or pooled support) may fit better';

const LIGHTEN = 'Lighten the relationship (self-service, automation, community) or charge more.';

/** "Break-even: a price of at least €45 a month per customer." Worked out from the team's figures. */
function breakEven(c: CostComparison, currency: string | null): string {
  if (c.basis === 'monthly') return ` Break-even (from your figures): customers paying at least ${formatDerived(c.cost, currency)} a month, or serving one for under ${formatDerived(c.revenue, currency)} a month.`;
  if (c.basis === 'one_off') return ` Break-even (from your figures): a sale of at least ${formatDerived(c.cost, currency)}, or serving a customer for under ${formatDerived(c.revenue, currency)}.`;
  return '';
}

/** "That leaves €120 a month per customer before other costs." */
function marginLeft(c: CostComparison, currency: string | null): string {
  if (c.basis === 'monthly') return ` That leaves ${formatDerived(c.revenue - c.cost, currency)} a month per customer before any other cost.`;
  if (c.basis === 'one_off') return ` That leaves ${formatDerived(c.revenue - c.cost, currency)} per sale before any other cost.`;
  return '';
}

/** "3 months", "about 15 months" */
function months(n: number): string {
  const whole = Math.round(n);
  return `${whole === n ? '' : 'about '}${whole} month${whole === 1 ? '' : 's'}`;
}

export const costExceedsRevenue: Check = segmentCheck('cost_exceeds_revenue', (segment, design) => {
  const k = known(segment);
  if (!k || k.relationship.value === 0) return null;
  const { currency } = segment.cost;
  const money = (n: number) => formatMoney(n, currency);
  if (k.revenue.value === 0) {
    // The free side of a market with a paying side: cross_subsidy weighs one against the other.
    if (design.business.twoSided && design.segments.some((o) => o.id !== segment.id && (o.cost.revenue?.value ?? 0) > 0)) return null;
    return {
      severity: 'info',
      message:
        `Keeping up this relationship costs ${asGiven(k.relationship, currency)} per customer, and these customers pay nothing. ` +
        'That can work (a free side of a platform, a free tier), but say which segment or upgrade pays for it.',
    };
  }
  const c = k.compared;
  if (c.basis === 'monthly' && c.cost >= c.revenue) {
    return {
      severity: 'warning',
      message:
        `Keeping up this relationship costs ${asGiven(k.relationship, currency)} per customer, and a customer pays ` +
        `${asGiven(k.revenue, currency)} (${percentOf(c.cost, c.revenue)}%): every customer loses money before any other cost.${breakEven(c, currency)} ${LIGHTEN}`,
    };
  }
  if (c.basis === 'one_off' && c.cost >= c.revenue) {
    return {
      severity: 'warning',
      message:
        `Serving a customer costs ${money(c.cost)} per sale against the ${money(c.revenue)} they pay once ` +
        `(${percentOf(c.cost, c.revenue)}%): every sale loses money before any other cost.${breakEven(c, currency)} ${LIGHTEN}`,
    };
  }
  return null;
});

export const costShareUnknown: Check = segmentCheck('cost_share_unknown', (segment) => {
  const k = known(segment);
  if (!k || k.compared.basis !== 'unknown' || k.relationship.value === 0 || k.revenue.value === 0) return null;
  const { currency } = segment.cost;
  return {
    severity: 'info',
    message:
      `Keeping up this relationship costs ${asGiven(k.relationship, currency)} per customer, and a customer pays ` +
      `${formatMoney(k.revenue.value, currency)} once. How long do you keep serving a customer after the sale? ` +
      'Until you say, the share of each sale the relationship takes is unknown.',
  };
});

export const highTouchLowMargin: Check = segmentCheck('high_touch_low_margin', (segment) => {
  if (!isExpensive(segment)) return null;
  const subject = capitalise(expensiveSubject(segment));
  const { currency } = segment.cost;
  const money = (n: number) => formatMoney(n, currency);
  const k = known(segment);
  // Numbers beat adjectives: a healthy share is fine even for a "budget" segment.
  if (k && k.revenue.value > 0 && k.compared.basis !== 'unknown') {
    const c = k.compared;
    if (c.basis === 'payback') {
      if (c.months === null || c.months <= SLOW_PAYBACK_MONTHS) return null;
      return {
        severity: 'warning',
        message:
          `${subject} costs ${money(c.cost)} once per customer, which takes ${months(c.months)} of the ` +
          `${asGiven(k.revenue, currency)} a customer pays to earn back. That leaves little margin; ${HYBRID_HINT}.`,
      };
    }
    const share = c.cost / c.revenue;
    if (share < THIN_MARGIN_SHARE || share >= 1) return null; // >= 1 is cost_exceeds_revenue
    const pct = percentOf(c.cost, c.revenue);
    const numbers =
      c.basis === 'one_off'
        ? `${money(c.cost)} per sale against the ${money(c.revenue)} a customer pays once (${pct}%)`
        : `${asGiven(k.relationship, currency)} of the ${asGiven(k.revenue, currency)} a customer pays (${pct}%)`;
    return { severity: 'warning', message: `${subject} costs ${numbers}.${marginLeft(c, currency)} That leaves little margin; ${HYBRID_HINT}.` };
  }
  const texts = [segment.name, segment.description, segment.cost.notes, segment.rationale].filter(
    (t): t is string => typeof t === 'string',
  );
  const hint = findMatch(texts, PRICE_SENSITIVE);
  if (!hint) return null;
  return {
    severity: 'warning',
    message:
      `You describe this segment as price-sensitive (${quote(hint, PRICE_SENSITIVE)}) yet plan ${expensiveSubject(segment)}. ` +
      `Its cost may sink the model unless the price covers it; ${HYBRID_HINT}.`,
  };
});

export const acquisitionPayback: Check = segmentCheck('acquisition_payback', (segment) => {
  const { acquisition, revenue, relationship, currency } = segment.cost;
  if (!acquisition || !revenue || acquisition.value === 0 || revenue.value === 0) return null;
  const money = (n: number) => formatMoney(n, currency);
  const c = compareAcquisition(acquisition, revenue, relationship);
  const keeping = relationship && relationship.value > 0 ? relationship : null;
  if (c.basis === 'payback') {
    // A margin of nothing or less is cost_exceeds_revenue's to say.
    if (c.months === null || c.months <= SLOW_PAYBACK_MONTHS) return null;
    const margin = keeping
      ? `the ${asGiven(revenue, currency)} a customer pays, less ${asGiven(keeping, currency)} to keep them`
      : `the ${asGiven(revenue, currency)} a customer pays`;
    const outlay = keeping && keeping.per === 'one_off' ? `${money(acquisition.value)} once, plus ${money(keeping.value)} once to set them up` : `${money(acquisition.value)} once`;
    return {
      severity: c.months > 2 * SLOW_PAYBACK_MONTHS ? 'warning' : 'info',
      message:
        `Winning a customer costs ${outlay}; out of ${margin}, that takes ${months(c.months)} to earn back. ` +
        'Cheaper ways to win them (referrals, content, partners) or a higher price shorten it.',
    };
  }
  if (c.basis === 'per_sale') {
    // A sale already lost to the relationship cost is cost_exceeds_revenue's to say.
    if (c.margin <= 0 || c.cost < c.margin) return null;
    const after = keeping ? `, less ${money(keeping.value)} per sale to serve them` : '';
    return {
      severity: 'warning',
      message:
        `Winning a customer costs ${money(acquisition.value)} per sale against the ${money(revenue.value)} they pay once${after}: ` +
        'each sale costs more to win than it brings in. Find cheaper ways to win them, or sell more to each customer.',
    };
  }
  return null;
});

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
