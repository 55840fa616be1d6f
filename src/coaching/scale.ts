import type { RelationshipDesign, Segment } from '../core/design.ts';
import { type Check, businessCheck } from './check.ts';
import { listing, quote } from './text.ts';

// A named person per customer in every segment does not scale.

const SCALE_WORDS =
  /\b(scal\w*|saas|apps?|platforms?|software|online|marketplaces?|self[- ]serve|subscriptions?|per[- ]seat|mass[- ]market|consumers?|millions?)\b/i;

function personalOnly(segment: Segment): boolean {
  const { types, intimacy } = segment.relationship;
  if (!types.includes('dedicated_personal_assistance')) return false;
  // Already a hybrid: some automated or self-served part next to the person.
  if (types.includes('self_service') || types.includes('automated_service')) return false;
  return intimacy !== 'hybrid' && intimacy !== 'automated';
}

function meantToScale(design: RelationshipDesign): string | null {
  const description = design.business.description;
  if (description && SCALE_WORDS.test(description)) return description;
  return null;
}

export const dedicatedEverywhere: Check = businessCheck('dedicated_everywhere', (design) => {
  const { segments } = design;
  if (segments.length === 0 || !segments.every(personalOnly)) return null;
  const scaleHint = meantToScale(design);
  // One segment served by a named person (a jeweller, a private bank) is a choice, not a problem.
  if (segments.length < 2 && !scaleHint) return null;
  const who = segments.length === 1 ? segments[0]?.name ?? '' : `all ${segments.length} segments (${listing(segments.map((s) => s.name))})`;
  const why = scaleHint ? ` for a business meant to grow (${quote(scaleHint, SCALE_WORDS)})` : '';
  return {
    severity: 'warning',
    message:
      `Dedicated personal assistance is planned for ${who}${why}. Every new customer then needs more people. ` +
      'Consider a hybrid: a person to win the customer and onboard them, automated service or self-service afterwards.',
  };
});
