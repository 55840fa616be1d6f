import { type Check, segmentCheck } from './check.ts';
import { reasonOf } from '../core/today.ts';
import { quote } from './text.ts';

// A norm usually exists for a reason, so breaking it deserves one too.

export const normBreakUnexplained: Check = segmentCheck('norm_break_unexplained', (segment) => {
  if (segment.expected.breakNorm !== true) return null;
  // Today's relationship, kept at the head of the rationale, is not a reason.
  if (reasonOf(segment.rationale)) return null;
  const norm = segment.expected.industryNorm?.trim();
  const what = norm ? `the industry norm (${quote(norm)})` : 'the industry norm';
  return {
    severity: 'warning',
    message:
      `You mean to break ${what} without saying why. Norms often exist for a reason; what do you know, ` +
      'or what will you do, that makes a different relationship work here, and how will you try it with a few real customers first?',
  };
});
