import type { RelationshipDesign } from '../../core/design.ts';
import type { Cursor, Session, StepId } from '../../core/session.ts';
import { BUSINESS_STEPS, SEGMENT_STEPS, STEPS } from './steps.ts';

// Where the conversation goes next, as pure functions of the session. Progress records
// what was answered or skipped, so `edit` and `back` never lose the way forward.

export const BUSINESS_KEY = '_';

const at = (step: StepId | 'done', segmentId: string | null = null): Cursor => ({ step, segmentId, followedUp: false });

export function nextCursor(session: Pick<Session, 'design' | 'progress'>): Cursor {
  const done = session.progress;
  const businessStep = BUSINESS_STEPS.find((s) => !(done[BUSINESS_KEY] ?? []).includes(s));
  if (businessStep) return at(businessStep);
  for (const segment of session.design.segments) {
    const step = SEGMENT_STEPS.find((s) => !(done[segment.id] ?? []).includes(s));
    if (step) return at(step, segment.id);
  }
  return at('done');
}

/** The step before the cursor in reading order, or null at the first question. */
export function previousCursor(cursor: Cursor, design: RelationshipDesign): Cursor | null {
  const order: Cursor[] = [
    ...BUSINESS_STEPS.map((s) => at(s)),
    ...design.segments.flatMap((seg) => SEGMENT_STEPS.map((s) => at(s, seg.id))),
  ];
  if (cursor.step === 'done') return order[order.length - 1] ?? null;
  const i = order.findIndex((c) => c.step === cursor.step && c.segmentId === cursor.segmentId);
  return i > 0 ? order[i - 1]! : null;
}

export function progressKey(cursor: Cursor): string {
  return cursor.segmentId ?? BUSINESS_KEY;
}

export type EditTarget =
  | { kind: 'step'; step: StepId; segmentId: string | null }
  /** unknown: what followed "for" when it named no segment. */
  | { kind: 'which-segment'; step: StepId; unknown?: string }
  | { kind: 'unknown' };

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
// "owners" and "owner", "agencies" and "agency" compare equal; "business" keeps its double s.
const bare = (w: string) =>
  w.length > 4 && w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;
const wordsOf = (s: string) => norm(s).split(' ').filter(Boolean).map(bare);

/** Where needle starts as whole words in hay, or -1. */
function findWords(hay: string[], needle: string[]): number {
  if (!needle.length) return -1;
  for (let i = 0; i + needle.length <= hay.length; i++) if (needle.every((w, j) => hay[i + j] === w)) return i;
  return -1;
}

const STEP_WORDS = STEPS.flatMap((s) => s.words.map((w) => ({ id: s.id, words: wordsOf(w) }))).sort(
  (a, b) => b.words.length - a.words.length || b.words.join(' ').length - a.words.join(' ').length,
);

function stepIn(words: string[]): StepId | undefined {
  return STEP_WORDS.find((s) => findWords(words, s.words) >= 0)?.id;
}

type Named = RelationshipDesign['segments'][number];

/**
 * The segment a phrase names: its number in the list, its whole name, or words that only
 * one segment's name has ("agencies" for "Small agencies"). Null when none or several fit.
 */
export function segmentNamed(phrase: string, design: Pick<RelationshipDesign, 'segments'>): Named | null {
  const segments = design.segments;
  const words = wordsOf(phrase);
  if (!words.length) return null;
  const n = /^(?:no |number )?(\d{1,2})$/.exec(norm(phrase));
  if (n) return segments[Number(n[1]) - 1] ?? null;
  const names = segments.map((s) => ({ s, name: wordsOf(s.name), id: wordsOf(s.id.replace(/-/g, ' ')) }));
  const same = names.find(({ name, id }) => name.join(' ') === words.join(' ') || id.join(' ') === words.join(' '));
  if (same) return same.s;
  const within = names.filter(({ name }) => words.every((w) => name.includes(w)));
  return within.length === 1 ? within[0]!.s : null;
}

/** A segment whose whole name appears in the words, longest name first, and where. */
function segmentInside(words: string[], design: RelationshipDesign): { segment: Named; at: number; length: number } | null {
  const byLength = [...design.segments].sort((a, b) => b.name.length - a.name.length);
  for (const segment of byLength) {
    const name = wordsOf(segment.name);
    const at = findWords(words, name);
    if (at >= 0) return { segment, at, length: name.length };
  }
  return null;
}

/**
 * Reads "cost for freelancers", "journey for local business owners", "freelancers
 * relationship", "segments". Steps match whole words only, and the segment is found by
 * name first, so a step word inside a segment's name ("business") is not taken as the step.
 */
export function parseEditTarget(what: string, design: RelationshipDesign, current: Cursor): EditTarget {
  const words = wordsOf(what);
  let stepWords = words;
  let segment: Named | null = null;
  let unknown: string | undefined;
  // "<what> for <segment>": the first "for" whose right side names a segment.
  const fors = words.flatMap((w, i) => (w === 'for' ? [i] : []));
  for (const i of fors) {
    const named = segmentNamed(words.slice(i + 1).join(' '), design);
    if (named) {
      segment = named;
      stepWords = words.slice(0, i);
      break;
    }
  }
  if (!segment) {
    const inside = segmentInside(words, design);
    if (inside) {
      segment = inside.segment;
      stepWords = [...words.slice(0, inside.at), ...words.slice(inside.at + inside.length)];
    } else if (fors.length && stepIn(words.slice(0, fors[0]))) {
      // "cost for enterprise" with no such segment: ask rather than guess.
      stepWords = words.slice(0, fors[0]);
      unknown = what.split(/\bfor\b/i).slice(1).join('for').trim();
    }
  }
  const step = stepIn(stepWords);
  if (!step) return { kind: 'unknown' };
  if (BUSINESS_STEPS.includes(step)) return { kind: 'step', step, segmentId: null };
  if (segment) return { kind: 'step', step, segmentId: segment.id };
  if (unknown) return { kind: 'which-segment', step, unknown };
  if (design.segments.length === 1) return { kind: 'step', step, segmentId: design.segments[0]!.id };
  if (current.segmentId && design.segments.some((s) => s.id === current.segmentId) && current.step !== 'done') {
    return { kind: 'step', step, segmentId: current.segmentId };
  }
  return { kind: 'which-segment', step };
}
