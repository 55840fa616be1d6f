import type { TurnContext } from '../../core/module.ts';
import { newSegment, slugify, type Segment } from '../../core/design.ts';
import { text, type Reply } from '../../core/reply.ts';
import type { ExtractionOf } from '../../core/extraction.ts';
import { BUSINESS_KEY } from './flow.ts';
import { recordChange } from './record.ts';
import { stepById } from './steps.ts';
import { advance, ask, describe, markDone, questionText, stepContext } from './moves.ts';
import { answerQuestion, isQuestionToCoach } from '../../coaching/questions.ts';
import { streamedAdvice } from '../../coaching/streamed.ts';
import { answerConfirmation, confirmationFor } from './confirm.ts';
import { alsoAnswered } from './also.ts';
import { countUsage, summarise } from './summarise.ts';
import { remarksAfter } from './remarks.ts';
import { askWhichSegments, MAX_SEGMENTS } from './limits.ts';
import type { StepId } from '../../core/session.ts';

// A free-text answer to the step at the cursor: summarised, checked for vagueness (one
// focused follow-up), recorded as a change, then on to the next step.

export { MAX_SEGMENTS };

function segmentEdits(ctx: TurnContext, data: ExtractionOf<'segments'>) {
  const existing = ctx.session.design.segments;
  const list: Segment[] = [];
  const reused = new Set<string>();
  for (const wanted of data.segments) {
    if (list.length >= MAX_SEGMENTS) break;
    const same = (e: Segment) => e.name.toLowerCase() === wanted.name.toLowerCase() || e.id === slugify(wanted.name);
    // Named twice in one answer (an LLM may): one segment, so ids stay unique.
    if (list.some(same)) continue;
    const found = existing.find(same);
    const segment = found ? structuredClone(found) : newSegment(wanted.name, [...list.map((s) => s.id), ...existing.map((e) => e.id)]);
    if (found) reused.add(found.id);
    if (wanted.description) segment.description = wanted.description;
    if (wanted.reach) segment.reach = wanted.reach;
    list.push(segment);
  }
  // Progress belongs to the segment it was made for: a removed segment's goes with it (undo
  // brings it back), else a blank segment added later under that id would skip its questions.
  const stale = Object.keys(ctx.session.progress).filter((k) => k !== BUSINESS_KEY && !reused.has(k));
  return [{ path: ['design', 'segments'], value: list }, ...stale.map((k) => ({ path: ['progress', k], value: undefined }))];
}

export async function answer(ctx: TurnContext, said: string): Promise<Reply[]> {
  const cursor = ctx.session.cursor;
  if (cursor.step === 'done') {
    if (isQuestionToCoach(said)) return [await coachAnswer(ctx, said)];
    return [
      text(
        'Your design is complete. Type `summary` to see it, `edit <what>` to change something (for example `edit cost for ' +
          (ctx.session.design.segments[0]?.name ?? 'a segment') +
          '`), `export md`, or set up a check-in with `checkin every monday at 09:30`.',
      ),
    ];
  }
  const confirmed = await answerConfirmation(ctx, said);
  if (confirmed) return confirmed;
  return read(ctx, said);
}

async function coachAnswer(ctx: TurnContext, question: string): Promise<Reply> {
  const { design, cursor } = ctx.session;
  const segment = design.segments.find((s) => s.id === cursor.segmentId)?.name ?? null;
  if (ctx.turn.streams) {
    // Its tokens reach the session's count when the stream ends (the engine adds them then).
    const streamed = streamedAdvice(ctx.summariser, { question, design, segment, conversation: ctx.conversation }, answerQuestion(design, design.findings, question, cursor.segmentId));
    if (streamed) return streamed;
  }
  const advice = await ctx.summariser.advise?.({ question, design, segment, conversation: ctx.conversation }).catch(() => null);
  countUsage(ctx, advice?.usage);
  const reply = { ...text(advice?.text ?? answerQuestion(design, design.findings, question, cursor.segmentId)), rate: 'coach' };
  return advice?.text ? { ...reply, ai: true } : reply;
}

const STAGES = ['acquisition', 'retention', 'growth'] as const;
const missingStages = (segment: Segment | null) => (segment ? STAGES.filter((k) => segment.lifecycle[k].tactics.length === 0) : []);

async function read(ctx: TurnContext, said: string): Promise<Reply[]> {
  const cursor = ctx.session.cursor;
  if (cursor.step === 'done') return [];
  const step = stepById(cursor.step);
  const sctx = stepContext(ctx, cursor);
  // A follow-up asks a narrower question; the reader is told which, so "a loyalty card" after
  // "and how will you keep them?" is a retention tactic, not a note.
  const stages = cursor.followedUp && step.id === 'lifecycle' ? missingStages(sctx.segment) : [];
  const extraction = await summarise(ctx, step.id, said, questionText(step.ask(sctx)), sctx.segment?.name ?? null, stages.length ? { stages } : {});
  const replies: Reply[] = [];
  if (extraction.fallbackReason) {
    replies.push(text(`_${extraction.fallbackReason}, so I read this answer without AI. Check what I noted and correct me if it is off._`, 'notice'));
  }
  // The step's table row decides vagueness; the types line up by step id.
  const data = extraction.data as never;
  if (step.vague(data) && isQuestionToCoach(said)) {
    // A question to the coach, not an answer: answer it, then ask the open question again.
    return [...replies, await coachAnswer(ctx, said), ...ask(ctx)];
  }
  const vague = step.vague(data) && !cursor.followedUp;
  if (step.id === 'segments' && step.vague(data)) {
    // Without a segment there is nothing to design: keep asking rather than moving on.
    return [...replies, text(step.followUp(sctx, data))];
  }
  const tooMany = step.id === 'segments' ? askWhichSegments(ctx, extraction.data as ExtractionOf<'segments'>) : null;
  if (tooMany) return [...replies, tooMany];
  const merge = cursor.followedUp || vague;
  const edits = step.id === 'segments' ? segmentEdits(ctx, extraction.data as ExtractionOf<'segments'>) : step.edits(sctx, data, merge);
  const what = describe(cursor, ctx);
  const confirm = vague ? null : confirmationFor(step.id, extraction.data, cursor);
  if (confirm) {
    // Stored now so nothing is lost, but the step stays open until the team says yes.
    recordChange(ctx, what, edits, said);
    ctx.session.cursor = { ...cursor, confirm: { kind: confirm.kind, fix: null } };
    return [...replies, confirm.question];
  }
  if (vague) {
    if (edits.length) recordChange(ctx, what, edits, said);
    ctx.session.cursor = { ...cursor, followedUp: true };
    return [...replies, text(step.followUp(sctx, data))];
  }
  recordChange(ctx, what, [...edits, ...markDone(ctx, cursor)], said);
  replies.push(text(step.noted(stepContext(ctx, cursor), data)));
  const also = await alsoAnswered(ctx, cursor, said);
  if (also) replies.push(...also.replies);
  replies.push(...remarksAfter(ctx, also?.step ?? (cursor.step as StepId), cursor.segmentId));
  return [...replies, ...advance(ctx)];
}
