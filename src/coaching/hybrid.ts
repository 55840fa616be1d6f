import type { RelationshipDesign, Segment } from '../core/design.ts';
import { formatAmount } from '../core/render/money.ts';
import { perMonth } from './amounts.ts';
import { type Check, segmentCheck } from './check.ts';
import { findMatch, quote, segmentTexts } from './text.ts';

// A person for every customer of a big, cheap segment does not pay. The well-known way out is
// a hybrid: a personal first sale or onboarding visit, then an automated back end.

/** Words that say a segment is many. */
const MANY =
  /\b(thousands?|millions?|hundreds?|many|lots of|mass[- ]market|consumers?|everyone|small (businesses|shops|firms)|smes?|long[- ]tail|individuals|students|households|shops|dealers|retailers|freelancers?)\b/i;

/** Words that say a segment pays little. */
const CHEAP =
  /\b(price[- ]sensitive|price[- ]conscious|on a budget|budget|cheap\w*|low[- ]cost|affordable|bargain\w*|discount\w*|low[- ]price\w*|small (tickets?|baskets?|orders?))\b/i;

/** At or below this a month a customer cannot pay for a person of their own. */
export const CHEAP_PER_MONTH = 50;
/** At or below this once, likewise for a one-off sale. */
export const CHEAP_PER_SALE = 100;

const SCALE = /\b(scal\w*|saas|apps?|platforms?|software|online|marketplaces?|mass[- ]market|millions?)\b/i;

function personal(segment: Segment): string | null {
  const { types, intimacy } = segment.relationship;
  // Already a hybrid: something automated or self-served beside the person.
  if (types.includes('self_service') || types.includes('automated_service') || intimacy === 'hybrid' || intimacy === 'automated') {
    return null;
  }
  if (types.includes('dedicated_personal_assistance')) return 'a dedicated person';
  if (types.includes('personal_assistance')) return 'personal help';
  return intimacy === 'personal' ? 'a personal relationship' : null;
}

/** The team's own price when it is low, else their words for cheap; null when neither. */
function cheapness(segment: Segment): string | null {
  const { revenue, currency } = segment.cost;
  if (revenue && revenue.value > 0) {
    const monthly = perMonth(revenue);
    const low = monthly !== null ? monthly <= CHEAP_PER_MONTH : revenue.value <= CHEAP_PER_SALE;
    return low ? `paying ${formatAmount(revenue, currency)}` : null;
  }
  const words = [segment.name, ...segmentTexts(segment)];
  const hint = findMatch(words, CHEAP);
  return hint ? `described as ${quote(hint, CHEAP)}` : null;
}

/** "a segment that is many (…)" in the team's words about the segment, else about the business. */
function many(segment: Segment, design: RelationshipDesign): string | null {
  const words = [segment.name, ...segmentTexts(segment)];
  const hint = findMatch(words, MANY);
  if (hint) return `a segment that is many (${quote(hint, MANY)})`;
  const business = design.business.description;
  return business && SCALE.test(business) ? `in a business built to scale (${quote(business, SCALE)})` : null;
}

export const hybridSuggested: Check = segmentCheck('hybrid_suggested', (segment, design) => {
  const who = personal(segment);
  if (!who) return null;
  const cheap = cheapness(segment);
  const lots = cheap ? many(segment, design) : null;
  if (!cheap || !lots) return null;
  return {
    severity: 'info',
    message:
      `You plan ${who} for ${segment.name}, ${lots}, ${cheap}. A person per customer ` +
      'rarely pays at that scale. Try a hybrid: a personal first sale or onboarding visit, then an automated back end ' +
      '(self-service, FAQs, automatic reminders) with a person only when something goes wrong.',
  };
});
