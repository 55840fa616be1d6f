import type { RelationshipType, Segment } from '../core/design.ts';
import { relationshipTypesLabel } from '../core/render/labels.ts';
import { type Check, segmentCheck } from './check.ts';
import { listing, quote } from './text.ts';

// Keeping customers: a tactic for it, and a relationship that is not one-off when the
// money depends on them coming back.

/** Types that do some retention work by themselves. */
const RETAINING_TYPES: readonly RelationshipType[] = ['community', 'subscription', 'proactive_monitoring', 'exclusive_access'];

const REPEAT_WORDS = /\b(subscri\w*|renew\w*|repeat\w*|recurring|loyal\w*|members?(hip)?|contracts?|re-?orders?|come back|retainer)\b/i;

function hasText(value: string | null): boolean {
  return value !== null && value.trim() !== '';
}

export const noRetention: Check = segmentCheck('no_retention', (segment) => {
  const { acquisition, retention, growth } = segment.lifecycle;
  // Only once the lifecycle has been talked about; before that an empty list means "not yet".
  if (acquisition.tactics.length === 0 && growth.tactics.length === 0) return null;
  if (retention.tactics.length > 0 || hasText(retention.notes)) return null;
  const plans = [
    acquisition.tactics.length ? `win them (${acquisition.tactics.join(', ')})` : null,
    growth.tactics.length ? `grow them (${growth.tactics.join(', ')})` : null,
  ].filter((p): p is string => p !== null);
  const helping = segment.relationship.types.filter((t) => RETAINING_TYPES.includes(t));
  if (helping.length > 0) {
    return {
      severity: 'info',
      message:
        `You plan to ${listing(plans)} but name no tactic to keep them. Your ${relationshipTypesLabel(helping)} may do ` +
        'part of that work; say how, or add a tactic such as onboarding or proactive check-ins.',
    };
  }
  return {
    severity: 'warning',
    message:
      `You plan to ${listing(plans)} but name no tactic to keep them. Winning a customer usually costs more than ` +
      'keeping one; pick one or two, such as onboarding, regular updates, a feedback loop or proactive check-ins.',
  };
});

export const transactionalButRepeat: Check = segmentCheck('transactional_but_repeat', (segment) => {
  if (segment.relationship.nature !== 'transactional') return null;
  const evidence = repeatEvidence(segment);
  if (evidence.length === 0) return null;
  return {
    severity: 'warning',
    message:
      `The relationship is marked transactional, yet you count on customers coming back: ${listing(evidence)}. ` +
      'A one-off relationship makes leaving easy; consider a long-term or hybrid one with a reason to return ' +
      '(an account, a subscription, a loyalty program, regular advice).',
  };
});

function repeatEvidence(segment: Segment): string[] {
  const evidence: string[] = [];
  if (segment.relationship.types.includes('subscription')) evidence.push('you chose a subscription');
  const { retention, growth } = segment.lifecycle;
  const recurring = retention.tactics.find((t) => REPEAT_WORDS.test(t));
  if (recurring) evidence.push(`you keep them with ${quote(recurring, REPEAT_WORDS)}`);
  if (growth.tactics.length > 0) evidence.push(`you plan to grow them (${growth.tactics.join(', ')})`);
  return evidence;
}
