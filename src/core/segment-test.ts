import type { RelationshipDesign, Segment } from './design.ts';

// The test a team plans with a few real customers before building on a relationship. The
// contract has no field for it, so the design step keeps it in the segment's acquisition
// notes as "Test first: …" (how the first real customers are won); check-ins read it back.

export const TEST_PREFIX = 'Test first: ';

/** The segment's planned test in the team's words, or null. */
export function segmentTest(segment: Segment): string | null {
  const notes = segment.lifecycle.acquisition.notes?.trim() ?? '';
  if (!notes.startsWith(TEST_PREFIX)) return null;
  const test = notes.slice(TEST_PREFIX.length).trim();
  return test || null;
}

export interface PlannedTest {
  segmentId: string;
  segmentName: string;
  test: string;
}

/** Every segment's planned test, in segment order. */
export function plannedTests(design: RelationshipDesign | null): PlannedTest[] {
  if (!design) return [];
  return design.segments.flatMap((s) => {
    const test = segmentTest(s);
    return test ? [{ segmentId: s.id, segmentName: s.name, test }] : [];
  });
}
