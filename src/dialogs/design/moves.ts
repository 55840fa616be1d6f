import type { TurnContext } from '../../core/module.ts';
import { applyEdits } from '../../core/ops.ts';
import { text, type CardReply, type Reply } from '../../core/reply.ts';
import type { Cursor } from '../../core/session.ts';
import type { RelationshipDesign } from '../../core/design.ts';
import { summaryCard } from '../../core/render/summary.ts';
import { currentFindings } from '../../coaching/index.ts';
import { topFindings } from '../../coaching/rank.ts';
import { nextCursor, progressKey } from './flow.ts';
import { stepById, type StepContext } from './steps.ts';

// Moving through the design: the question at the cursor, the step after an answer, and
// the small facts both the answers and the commands need.

/** The summary card with findings fresh from the checks, not as stored. */
export function summaryOf(design: RelationshipDesign): CardReply {
  const findings = currentFindings(design);
  return summaryCard(design, findings, { lead: topFindings(findings) });
}

export function stepContext(ctx: TurnContext, cursor: Cursor): StepContext {
  const design = ctx.session.design;
  const index = cursor.segmentId ? design.segments.findIndex((s) => s.id === cursor.segmentId) : -1;
  return { design, segment: index >= 0 ? design.segments[index]! : null, index };
}

export function questionText(reply: Reply): string {
  return reply.kind === 'text' || reply.kind === 'choices' || reply.kind === 'confirm' ? reply.text : '';
}

/** The question at the cursor, or the summary when the design is complete. */
export function ask(ctx: TurnContext): Reply[] {
  const cursor = ctx.session.cursor;
  if (cursor.step === 'done') return [summaryOf(ctx.session.design)];
  return [stepById(cursor.step).ask(stepContext(ctx, cursor))];
}

export function segmentName(ctx: TurnContext, id: string | null): string {
  return ctx.session.design.segments.find((s) => s.id === id)?.name ?? '';
}

/** Moves to the next unanswered step and says what comes next. */
export function advance(ctx: TurnContext): Reply[] {
  const before = ctx.session.cursor;
  const next = nextCursor(ctx.session);
  ctx.session.cursor = next;
  if (next.step === 'done') {
    const first = ctx.session.finishedAt === null;
    // Finishing belongs to the answer that finished it, so one undo reverts both.
    const last = ctx.session.history.at(-1);
    if (first && last) last.ops.push(...applyEdits(ctx.session, [{ path: ['finishedAt'], value: ctx.clock.now().toISOString() }]));
    // Once per design, what reading it cost (not "…Tokens": the logger masks such names).
    if (first) ctx.log.info('design finished', { conversation: ctx.conversation, calls: ctx.session.usage.calls, prompt: ctx.session.usage.promptTokens, completion: ctx.session.usage.completionTokens });
    return [
      text(first ? "Here's your Customer Relationships block." : 'Updated. Here is the block now.'),
      summaryOf(ctx.session.design),
    ];
  }
  const replies: Reply[] = [];
  if (next.segmentId && next.segmentId !== before.segmentId && next.step === 'expectations') {
    const isFirst = ctx.session.design.segments[0]?.id === next.segmentId;
    replies.push(text(isFirst ? `Let's start with **${segmentName(ctx, next.segmentId)}**.` : `Now **${segmentName(ctx, next.segmentId)}**.`));
  }
  return [...replies, ...ask(ctx)];
}

export function markDone(ctx: TurnContext, cursor: Cursor): { path: (string | number)[]; value: unknown }[] {
  if (cursor.step === 'done') return [];
  const key = progressKey(cursor);
  const done = ctx.session.progress[key] ?? [];
  return done.includes(cursor.step) ? [] : [{ path: ['progress', key], value: [...done, cursor.step] }];
}

export function describe(cursor: Cursor, ctx: TurnContext): string {
  const name = segmentName(ctx, cursor.segmentId);
  return name ? `${cursor.step} of ${name}` : String(cursor.step);
}
