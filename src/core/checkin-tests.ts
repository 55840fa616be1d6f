import type { CheckIn } from './checkin.ts';
import type { RelationshipDesign } from './design.ts';
import { type PlannedTest, plannedTests } from './segment-test.ts';

// The first check-in after a design asks how its test with real customers went, by name: the
// test is the cheapest evidence the relationship works, and a check-in is where it comes back.

/** Tests named in one question at most; more would drown the question. */
const MAX_NAMED = 2;

/**
 * The tests this check-in should ask about: those of the design when no check-in has been
 * recorded since the design last changed (the first check-in after it, or after a redesign).
 */
export function testsToAsk(design: RelationshipDesign | null, previous: Pick<CheckIn, 'at'> | undefined): PlannedTest[] {
  if (!design) return [];
  if (previous && Date.parse(previous.at) >= Date.parse(design.updatedAt)) return [];
  return plannedTests(design);
}

/** ' How did your test go: "…" (Segment)?', or '' when there is none to ask about. */
export function testClause(tests: readonly Pick<PlannedTest, 'segmentName' | 'test'>[]): string {
  if (tests.length === 0) return '';
  const named = tests.slice(0, MAX_NAMED).map((t) => `“${t.test}” (${t.segmentName})`);
  const more = tests.length > MAX_NAMED ? ` and ${tests.length - MAX_NAMED} more` : '';
  const what = named.length === 1 ? `your test, ${named[0]}` : `your tests, ${named.join(' and ')}${more}`;
  return ` How did ${what} go with real customers?`;
}
