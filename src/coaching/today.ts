import type { RelationshipType, Segment, Touch } from '../core/design.ts';
import { relationshipTypesLabel } from '../core/render/labels.ts';
import { todayOf } from '../core/today.ts';
import { RELATIONSHIP_CUES, TOUCH_CUES, TYPE_TOUCH } from '../understanding/offline/lexicon.ts';
import { first, present } from '../understanding/offline/match.ts';
import { type Check, segmentCheck } from './check.ts';
import { quote } from './text.ts';

// An existing business whose customers are unhappy with today's relationship, and a plan that
// keeps it: the design repeats what already disappoints them. (Stored in the rationale's
// leading "Today: …" sentence; see core/today.ts.)

const RANK: Record<Touch, number> = { low: 0, medium: 1, high: 2 };

/** The types and touch today's relationship shows, read from the team's words with the answer readers' vocabulary. */
function todayShape(what: string): { types: RelationshipType[]; touch: Touch | null } {
  const types = present(what, RELATIONSHIP_CUES);
  const said = first(what, TOUCH_CUES);
  const implied = types.length ? types.map((t) => TYPE_TOUCH[t]).reduce((a, b) => (RANK[b] > RANK[a] ? b : a)) : null;
  return { types, touch: said ?? implied };
}

/** True when the plan adds no relationship type to today's and, where both are known, keeps its touch. */
function keepsToday(segment: Segment, today: { types: RelationshipType[]; touch: Touch | null }): boolean {
  const planned = segment.relationship;
  if (planned.types.length === 0 && planned.touch === null) return false; // not planned yet
  const sameTypes = today.types.length > 0 && planned.types.length > 0 && planned.types.every((t) => today.types.includes(t));
  const sameTouch = today.touch !== null && planned.touch !== null && planned.touch === today.touch;
  if (today.types.length > 0 && planned.types.length > 0) return sameTypes && (planned.touch === null || today.touch === null || sameTouch);
  return sameTouch;
}

export const existingUnhappyKept: Check = segmentCheck('existing_unhappy_kept', (segment) => {
  const today = todayOf(segment.rationale);
  if (!today?.what || (today.happy !== 'no' && today.happy !== 'mixed')) return null;
  if (!keepsToday(segment, todayShape(today.what))) return null;
  const plan = [
    segment.relationship.types.length ? relationshipTypesLabel(segment.relationship.types) : null,
    segment.relationship.touch ? `${segment.relationship.touch} touch` : null,
  ].filter((p): p is string => p !== null);
  const mood = today.happy === 'no' ? 'are not happy with' : 'are split on';
  return {
    severity: today.happy === 'no' ? 'warning' : 'info',
    message:
      `Customers ${mood} what they get today (${quote(today.what)}), and the plan keeps it (${plan.join(', ')}). ` +
      'Ask five of them what they dislike, change that part of the relationship, and try the change with a few of them before rolling it out.',
  };
});
