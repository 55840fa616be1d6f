import type { Segment } from '../core/design.ts';
import { formatMoney, percentOf } from '../core/render/money.ts';
import { type Check, segmentCheck } from './check.ts';
import { findMatch, quote, segmentTexts } from './text.ts';

// The relationship has to be paid for out of what the segment brings in.

/** At this share of revenue an expensive relationship leaves too little margin. */
export const THIN_MARGIN_SHARE = 0.5;

const PRICE_SENSITIVE =
  /\b(price[- ]sensitive|price[- ]conscious|on a budget|budget|cheap\w*|low[- ]cost|affordable|bargain\w*|discount\w*|thrifty|frugal|low[- ]margins?|thin margins?|tight margins?)\b/i;

interface Amounts {
  cost: number;
  revenue: number;
}

function amounts(segment: Segment): Amounts | null {
  const { monthlyCostPerCustomer: cost, revenuePerCustomer: revenue } = segment.cost;
  if (cost === null || revenue === null || cost < 0 || revenue < 0) return null;
  return { cost, revenue };
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

export const costExceedsRevenue: Check = segmentCheck('cost_exceeds_revenue', (segment) => {
  const known = amounts(segment);
  if (!known || known.cost === 0) return null;
  const money = (n: number) => formatMoney(n, segment.cost.currency);
  if (known.revenue === 0) {
    return {
      severity: 'info',
      message:
        `Keeping up this relationship costs ${money(known.cost)} a month per customer, and these customers pay nothing. ` +
        'That can work (a free side of a platform, a free tier), but say which segment or upgrade pays for it.',
    };
  }
  if (known.cost < known.revenue) return null;
  return {
    severity: 'warning',
    message:
      `Keeping up this relationship costs ${money(known.cost)} a month per customer, and a customer pays ` +
      `${money(known.revenue)} (${percentOf(known.cost, known.revenue)}%): every customer loses money before any other cost. ` +
      'Lighten the relationship (self-service, automation, community) or charge more.',
  };
});

export const highTouchLowMargin: Check = segmentCheck('high_touch_low_margin', (segment) => {
  if (!isExpensive(segment)) return null;
  const subject = expensiveSubject(segment);
  const known = amounts(segment);
  if (known && known.revenue > 0) {
    // Numbers beat adjectives: a healthy share is fine even for a "budget" segment.
    const share = known.cost / known.revenue;
    if (share < THIN_MARGIN_SHARE || share >= 1) return null; // >= 1 is cost_exceeds_revenue
    const money = (n: number) => formatMoney(n, segment.cost.currency);
    return {
      severity: 'warning',
      message:
        `${capitalise(subject)} costs ${money(known.cost)} of the ${money(known.revenue)} each customer pays a month ` +
        `(${percentOf(known.cost, known.revenue)}%). That leaves little margin; ${HYBRID_HINT}.`,
    };
  }
  const texts = [segment.name, segment.description, segment.cost.notes, segment.rationale].filter(
    (t): t is string => typeof t === 'string',
  );
  const hint = findMatch(texts, PRICE_SENSITIVE);
  if (!hint) return null;
  return {
    severity: 'warning',
    message:
      `You describe this segment as price-sensitive (${quote(hint)}) yet plan ${subject}. ` +
      `Its cost may sink the model unless the price covers it; ${HYBRID_HINT}.`,
  };
});

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
