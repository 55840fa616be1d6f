import type { Segment } from '../core/design.ts';
import { type Check, segmentCheck } from './check.ts';
import { reasonOf } from '../core/today.ts';
import { findMatch, quote, segmentTexts } from './text.ts';

// A relationship that breaks what the segment is used to is a bet: a reason is not yet
// evidence, so a coach asks how it will be tried with a few real customers first.

/** Words that say a test with real customers is planned ("a free trial" is a tactic, not a test). */
export const TEST_PLANNED =
  /\b(tests?|testing|tested|pilot\w*|(?<!free )trials?|experiment\w*|try (it|this|them) (with|on|out)|trying (it|this) (with|on|out)|first (few|five|ten|\d+) (customers|clients|users|shops|dealers)|beta\w*|prototype\w*|mvp)\b/i;

/** The sentence in the team's words that plans a test, or null. */
export function plannedTest(segment: Segment): string | null {
  return findMatch(segmentTexts(segment), TEST_PLANNED);
}

export const normBreakUntested: Check = segmentCheck('norm_break_untested', (segment) => {
  if (segment.expected.breakNorm !== true) return null;
  // Without a reason, norm_break_unexplained asks for both the reason and the test.
  const reason = reasonOf(segment.rationale);
  if (!reason || plannedTest(segment)) return null;
  const norm = segment.expected.industryNorm?.trim();
  const what = norm ? `the norm (${quote(norm)})` : 'what this segment is used to';
  return {
    severity: 'info',
    message:
      `You break ${what} because ${quote(reason, undefined, 120)}, but no test is planned. Before building on it, ` +
      'try the new relationship with a few real customers (a pilot with five or ten of them) and watch whether they stay.',
  };
});
