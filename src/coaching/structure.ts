import type { Segment } from '../core/design.ts';
import { type Check, businessCheck, segmentCheck } from './check.ts';
import { quote } from './text.ts';

// Gaps in the design itself rather than in the strategy.

export const twoSidedOneSegment: Check = businessCheck('two_sided_one_segment', (design) => {
  if (!design.business.twoSided || design.segments.length !== 1) return null;
  const only = design.segments[0];
  if (!only) return null;
  return {
    severity: 'warning',
    message:
      `You run a two-sided business but have one segment so far (${quote(only.name)}). Each side needs its own ` +
      'relationship: who is on the other side, and how do you win and keep them?',
  };
});

/** Anything answered after the step that chooses relationship types. */
export function answeredPastTypes(segment: Segment): boolean {
  const { relationship, lifecycle, cost } = segment;
  return (
    relationship.nature !== null ||
    relationship.touch !== null ||
    relationship.intimacy !== null ||
    lifecycle.acquisition.tactics.length > 0 ||
    lifecycle.retention.tactics.length > 0 ||
    lifecycle.growth.tactics.length > 0 ||
    cost.level !== null ||
    cost.relationship !== null ||
    cost.revenue !== null ||
    cost.acquisition !== null ||
    segment.touchpoints.length > 0 ||
    segment.competitors !== null
  );
}

export const noRelationshipType: Check = segmentCheck('no_relationship_type', (segment) => {
  if (segment.relationship.types.length > 0 || !answeredPastTypes(segment)) return null;
  return {
    severity: 'info',
    message:
      'No relationship type is chosen yet. Is it personal help, a dedicated person, self-service, automation, ' +
      'a community, co-creation, or a mix?',
  };
});
