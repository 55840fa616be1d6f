import type { Segment } from '../design.ts';

// A step the team answered with `skip` leaves its part of the design empty. The export says
// "skipped" there, which tells a reader more than a missing line; a step not reached yet
// stays out.

/** Steps answered or skipped, per segment id ("_" for business-wide): the session's progress. */
export type Answered = Readonly<Record<string, readonly string[]>>;

export const SEGMENT_STEPS = ['expectations', 'relationship', 'lifecycle', 'cost', 'touchpoints', 'competitors'] as const;
export type SegmentStep = (typeof SEGMENT_STEPS)[number];

const EMPTY: Record<SegmentStep, (s: Segment) => boolean> = {
  expectations: (s) => s.expected.touch === null && s.expected.industryNorm === null && s.expected.breakNorm === null,
  relationship: (s) =>
    s.relationship.types.length === 0 && s.relationship.nature === null && s.relationship.touch === null && s.relationship.intimacy === null,
  lifecycle: (s) =>
    (['acquisition', 'retention', 'growth'] as const).every((k) => s.lifecycle[k].tactics.length === 0 && !s.lifecycle[k].notes?.trim()),
  cost: (s) =>
    s.cost.level === null && s.cost.relationship === null && s.cost.revenue === null && s.cost.acquisition === null && !s.cost.notes?.trim(),
  touchpoints: (s) => s.touchpoints.length === 0,
  competitors: (s) => s.competitors === null,
};

/** The steps of this segment that were passed with nothing recorded. */
export function skippedSteps(segment: Segment, answered: Answered): Set<SegmentStep> {
  const passed = answered[segment.id] ?? [];
  return new Set(SEGMENT_STEPS.filter((step) => passed.includes(step) && EMPTY[step](segment)));
}
