import type { TurnContext } from '../../core/module.ts';
import { text, type Reply } from '../../core/reply.ts';
import type { StepId } from '../../core/session.ts';
import { segmentNamed } from './flow.ts';
import { ask } from './moves.ts';
import { shorten } from './words.ts';

// "Which segment's cost?" after `edit cost`: the buttons answer it as `edit cost for <name>`;
// a typed answer is read here as a segment's number or name, or the question is asked again.

const CANCEL = /^(cancel|never ?mind|nothing|no|stop|leave it)$/i;

export function pickQuestion(ctx: TurnContext, step: StepId): Reply {
  const segments = ctx.session.design.segments;
  return {
    kind: 'choices',
    text: `Which segment's ${step}? Pick one, or type its number or name.`,
    options: segments.map((s) => ({ label: s.name, value: `edit ${step} for ${s.name}` })),
  };
}

/** Starts waiting for the segment; the cursor stays where it was until one is named. */
export function askPick(ctx: TurnContext, step: StepId, lead?: string): Reply[] {
  ctx.session.cursor = { ...ctx.session.cursor, pick: { step } };
  return [...(lead ? [text(lead)] : []), pickQuestion(ctx, step)];
}

/** Replies when the conversation waits for a segment pick, else null. */
export function answerPick(ctx: TurnContext, said: string): Reply[] | null {
  const { pick, ...cursor } = ctx.session.cursor;
  if (!pick) return null;
  if (CANCEL.test(said.trim())) {
    ctx.session.cursor = cursor;
    return [text('Okay, nothing to edit.'), ...ask(ctx)];
  }
  const segment = segmentNamed(said, ctx.session.design);
  if (!segment) return [text(`I couldn't tell which segment “${shorten(said, 60)}” is.`), pickQuestion(ctx, pick.step)];
  ctx.session.cursor = { step: pick.step, segmentId: segment.id, followedUp: false };
  return ask(ctx);
}

/** The open question again: the pick while it waits. */
export function reaskPick(ctx: TurnContext): Reply[] | null {
  const pick = ctx.session.cursor.pick;
  return pick ? [pickQuestion(ctx, pick.step)] : null;
}
