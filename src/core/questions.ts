import type { Reply, TextReply } from './reply.ts';
import type { Session } from './session.ts';
import type { Turn } from './turn.ts';

// Which question a button answers. Every choice shown is stamped with the open question's
// id (step, segment, sequence number); a press is taken only while that id is the open one,
// and taking it moves the sequence on, so the same card (or a copy pressed at the same time
// on another replica, serialised by the conversation lock) cannot answer twice.

export const STALE_PRESS = 'That button is for a question that is no longer open, so nothing was changed.';

/** What the conversation is waiting for; a change means the earlier buttons are stale. */
function slotOf(session: Session): string {
  const { step, segmentId, followedUp, confirm, pick } = session.cursor;
  return JSON.stringify([step, segmentId, followedUp, confirm ?? null, pick ?? null, session.pending?.kind ?? null]);
}

/** The slot at the start of a turn, to compare with after it. */
export const slotBefore = (session: Session | null): string | null => (session ? slotOf(session) : null);

/** A refusal when the press names a question that is not open (or no session exists); else null. */
export function refusePress(turn: Turn, session: Session | null): TextReply | null {
  const asked = turn.choice?.question;
  // Cards from before ids were stamped, and module cards outside a session, carry none.
  if (!asked) return null;
  if (session?.question?.id === asked) return null;
  return { kind: 'text', text: STALE_PRESS, tone: 'notice', refused: true };
}

const asks = (r: Reply): r is Extract<Reply, { kind: 'choices' | 'confirm' }> => r.kind === 'choices' || r.kind === 'confirm';

/**
 * After a turn that is saved: opens a new question when a press was taken, the conversation
 * moved on, or new buttons are shown, and stamps its id on those buttons.
 */
export function stampQuestion(session: Session, before: string | null, turn: Turn, replies: Reply[]): Reply[] {
  const slot = slotOf(session);
  const pressed = Boolean(turn.choice?.question);
  const current = session.question;
  if (current && !pressed && slot === before && slot === current.slot && !replies.some(asks)) return replies;
  const seq = (current?.seq ?? 0) + 1;
  // Short enough for any platform's button data (Slack's block_id holds 255 characters).
  const id = `${session.cursor.step}.${(session.cursor.segmentId ?? '-').slice(0, 40)}.${seq}`;
  session.question = { seq, id, slot };
  return replies.map((r) => (asks(r) ? { ...r, question: id } : r));
}
