import type { TurnContext } from '../../core/module.ts';
import { applyEdits, revertOps, type Op, type Path } from '../../core/ops.ts';
import { text, type Reply } from '../../core/reply.ts';
import type { Change } from '../../core/session.ts';
import { answer } from './answer.ts';
import { recordChange, refreshDerived } from './record.ts';
import { shorten } from './words.ts';

// An answer edited or deleted on the platform. History names the message behind every
// change, so its change is found, and reverted (deleted) or read again (edited), but only
// while it is still the latest word on the fields it set.

/** Whether two paths touch the same data (one contains the other). */
const overlaps = (a: Path, b: Path) => a.slice(0, Math.min(a.length, b.length)).every((p, i) => p === b[i]);

function latestFrom(history: Change[], messageId: string): number {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.messageId === messageId) return i;
  return -1;
}

export async function revise(ctx: TurnContext): Promise<Reply[]> {
  const { turn, session } = ctx;
  if (!turn.messageId || !turn.change) return [];
  const index = latestFrom(session.history, turn.messageId);
  if (index < 0) return [];
  const change = session.history[index]!;
  if (change.what.startsWith('deleted message:')) return [];
  // Only what the answer put in the design; progress and the cursor stay where the team is.
  const ops = change.ops.filter((op) => op.path[0] === 'design');
  if (!ops.length) return [];
  const later = session.history.slice(index + 1);
  const superseded = ops.some((op) => later.some((c) => c.ops.some((o) => overlaps(o.path, op.path))));
  const reverting = [...ops].reverse().map((op) => ({ path: op.path, value: op.before }));

  if (turn.change === 'deleted') {
    if (superseded) {
      recordChange(ctx, `deleted message: ${change.what} kept, it was changed since`, [], change.source);
      return [text(`A message behind ${change.what} was deleted, but that has changed since, so I kept the current version.`)];
    }
    recordChange(ctx, `deleted message: ${change.what} reverted`, reverting, change.source);
    return [text(`That message was deleted, so I took back what it gave: ${change.what}. \`undo\` brings it back.`)];
  }

  if (superseded) return [text(`You edited the answer behind ${change.what}, but that has changed since, so I kept the current version. \`edit\` changes it.`)];
  const saved = structuredClone(session.cursor);
  const undone: Op[] = applyEdits(session, reverting);
  // Read as a second look at the step it answered: taken as it is, no follow-up or confirmation.
  session.cursor = { step: change.cursorBefore.step, segmentId: change.cursorBefore.segmentId, followedUp: true };
  const recorded = session.history.length;
  const replies = await answer(ctx, turn.text);
  const reread = session.history.length > recorded ? session.history.at(-1)! : null;
  session.cursor = saved;
  if (!reread) {
    revertOps(session, undone);
    refreshDerived(ctx);
    return [text(`I couldn't read the edited answer for ${change.what}, so it stays as it was.`)];
  }
  // One change, so one undo returns to the answer as first sent.
  reread.ops = [...undone, ...reread.ops.filter((op) => op.path[0] === 'design')];
  reread.what = `${change.what}, edited`;
  reread.source = shorten(turn.text, 200);
  reread.cursorBefore = saved;
  const noted = replies.find((r) => r.kind === 'text' && r.tone !== 'notice');
  return [text(`Read your edited answer again (${change.what}).`), ...(noted ? [noted] : [])];
}
