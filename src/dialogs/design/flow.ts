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
  | { kind: 'which-segment'; step: StepId }
  | { kind: 'unknown' };

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Reads "cost for freelancers", "freelancers relationship", "segments". */
export function parseEditTarget(what: string, design: RelationshipDesign, current: Cursor): EditTarget {
  const text = ` ${norm(what)} `;
  const step = [...STEPS]
    .flatMap((s) => s.words.map((w) => ({ id: s.id, w: norm(w) })))
    .sort((a, b) => b.w.length - a.w.length)
    .find(({ w }) => text.includes(` ${w} `))?.id;
  if (!step) return { kind: 'unknown' };
  if (BUSINESS_STEPS.includes(step)) return { kind: 'step', step, segmentId: null };

  const named = design.segments.find((s) => {
    const name = norm(s.name);
    const stem = name.replace(/s\b/g, '');
    return text.includes(` ${name} `) || text.includes(` ${s.id.replace(/-/g, ' ')} `) || (stem.length > 3 && text.includes(stem));
  });
  if (named) return { kind: 'step', step, segmentId: named.id };
  if (design.segments.length === 1) return { kind: 'step', step, segmentId: design.segments[0]!.id };
  if (current.segmentId && design.segments.some((s) => s.id === current.segmentId) && current.step !== 'done') {
    return { kind: 'step', step, segmentId: current.segmentId };
  }
  return { kind: 'which-segment', step };
}
