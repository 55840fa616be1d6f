import type { Segment, Touch } from '../core/design.ts';
import { type Check, type SegmentVerdict, segmentCheck } from './check.ts';

// Expected versus planned contact. One step apart is worth a remark, two is a warning.

const LEVEL: Record<Touch, number> = { low: 0, medium: 1, high: 2 };

function gap(segment: Segment): { expected: Touch; planned: Touch; steps: number } | null {
  const expected = segment.expected.touch;
  const planned = segment.relationship.touch;
  if (!expected || !planned) return null;
  return { expected, planned, steps: LEVEL[planned] - LEVEL[expected] };
}

export const touchBelowExpectation: Check = segmentCheck('touch_below_expectation', (segment): SegmentVerdict | null => {
  const g = gap(segment);
  if (!g || g.steps >= 0) return null;
  return {
    severity: g.steps <= -2 ? 'warning' : 'info',
    message:
      `This segment expects ${g.expected} touch and you plan ${g.planned}. Customers who expect a person and get ` +
      'a form tend to leave quietly; consider a person at the moments that matter (first sale, onboarding, renewal) ' +
      'and automation for the rest.',
  };
});

export const touchAboveExpectation: Check = segmentCheck('touch_above_expectation', (segment): SegmentVerdict | null => {
  const g = gap(segment);
  if (!g || g.steps <= 0) return null;
  return {
    severity: g.steps >= 2 ? 'warning' : 'info',
    message:
      `This segment expects ${g.expected} touch and you plan ${g.planned}. Contact they did not ask for costs you ` +
      'money and may even get in their way; is there a reason to offer more, or can it be lighter?',
  };
});
