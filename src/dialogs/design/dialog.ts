import type { Dialog } from '../../core/engine.ts';
import type { Command, TurnContext } from '../../core/module.ts';
import { RelationshipDesign, newSegment, slugify, type Segment } from '../../core/design.ts';
import { applyEdits, revertOps } from '../../core/ops.ts';
import type { Reply } from '../../core/reply.ts';
import { mention, text } from '../../core/reply.ts';
import type { Cursor } from '../../core/session.ts';
import type { ExtractionOf } from '../../core/extraction.ts';
import { summaryCard } from '../../core/render/summary.ts';
import { designToMarkdown } from '../../core/render/markdown.ts';
import { BUSINESS_KEY, nextCursor, parseEditTarget, previousCursor, progressKey } from './flow.ts';
import { recordChange, refreshDerived } from './record.ts';
import { STEPS, stepById, type StepContext } from './steps.ts';
import { shorten } from './words.ts';

// The relationship-design conversation: asks the step at the cursor, turns answers into
// recorded changes, and offers the commands that move around the design.

export const MAX_SEGMENTS = 8;

function stepContext(ctx: TurnContext, cursor: Cursor): StepContext {
  const design = ctx.session.design;
  const index = cursor.segmentId ? design.segments.findIndex((s) => s.id === cursor.segmentId) : -1;
  return { design, segment: index >= 0 ? design.segments[index]! : null, index };
}

function questionText(reply: Reply): string {
  return reply.kind === 'text' || reply.kind === 'choices' || reply.kind === 'confirm' ? reply.text : '';
}

/** The question at the cursor, or the summary when the design is complete. */
export function ask(ctx: TurnContext): Reply[] {
  const cursor = ctx.session.cursor;
  if (cursor.step === 'done') return [summaryCard(ctx.session.design)];
  return [stepById(cursor.step).ask(stepContext(ctx, cursor))];
}

function segmentName(ctx: TurnContext, id: string | null): string {
  return ctx.session.design.segments.find((s) => s.id === id)?.name ?? '';
}

/** Moves to the next unanswered step and says what comes next. */
function advance(ctx: TurnContext): Reply[] {
  const before = ctx.session.cursor;
  const next = nextCursor(ctx.session);
  ctx.session.cursor = next;
  if (next.step === 'done') {
    const first = ctx.session.finishedAt === null;
    // Finishing belongs to the answer that finished it, so one undo reverts both.
    const last = ctx.session.history.at(-1);
    if (first && last) last.ops.push(...applyEdits(ctx.session, [{ path: ['finishedAt'], value: ctx.clock.now().toISOString() }]));
    return [
      text(first ? "Here's your Customer Relationships block." : 'Updated. Here is the block now.'),
      summaryCard(ctx.session.design),
    ];
  }
  const replies: Reply[] = [];
  if (next.segmentId && next.segmentId !== before.segmentId && next.step === 'expectations') {
    const isFirst = ctx.session.design.segments[0]?.id === next.segmentId;
    replies.push(text(isFirst ? `Let's start with **${segmentName(ctx, next.segmentId)}**.` : `Now **${segmentName(ctx, next.segmentId)}**.`));
  }
  return [...replies, ...ask(ctx)];
}

function markDone(ctx: TurnContext, cursor: Cursor): { path: (string | number)[]; value: unknown }[] {
  if (cursor.step === 'done') return [];
  const key = progressKey(cursor);
  const done = ctx.session.progress[key] ?? [];
  return done.includes(cursor.step) ? [] : [{ path: ['progress', key], value: [...done, cursor.step] }];
}

function describe(cursor: Cursor, ctx: TurnContext): string {
  const name = segmentName(ctx, cursor.segmentId);
  return name ? `${cursor.step} of ${name}` : String(cursor.step);
}

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

async function answer(ctx: TurnContext, said: string): Promise<Reply[]> {
  const cursor = ctx.session.cursor;
  if (cursor.step === 'done') {
    return [
      text(
        'Your design is complete. Type `summary` to see it, `edit <what>` to change something (for example `edit cost for ' +
          (ctx.session.design.segments[0]?.name ?? 'a segment') +
          '`), `export md`, or set up a check-in with `checkin every monday at 09:30`.',
      ),
    ];
  }
  const step = stepById(cursor.step);
  const sctx = stepContext(ctx, cursor);
  const extraction = await ctx.summariser.extract({
    step: step.id,
    question: questionText(step.ask(sctx)),
    answer: said,
    context: { business: ctx.session.design.business.description, segment: sctx.segment?.name ?? null },
    conversation: ctx.conversation,
    source: ctx.turn.choice ? 'choice' : 'typed',
  });
  if (extraction.usage) {
    ctx.session.usage.calls += 1;
    ctx.session.usage.promptTokens += extraction.usage.promptTokens;
    ctx.session.usage.completionTokens += extraction.usage.completionTokens;
  }
  const replies: Reply[] = [];
  if (extraction.fallbackReason) {
    replies.push(text(`_${extraction.fallbackReason}, so I read this answer without AI. Check what I noted and correct me if it is off._`, 'notice'));
  }
  // The step's table row decides vagueness; the types line up by step id.
  const data = extraction.data as never;
  const vague = step.vague(data) && !cursor.followedUp;
  if (step.id === 'segments' && step.vague(data)) {
    // Without a segment there is nothing to design: keep asking rather than moving on.
    return [...replies, text(step.followUp(sctx, data))];
  }
  const merge = cursor.followedUp || vague;
  const edits = step.id === 'segments' ? segmentEdits(ctx, extraction.data as ExtractionOf<'segments'>) : step.edits(sctx, data, merge);
  const what = describe(cursor, ctx);
  if (vague) {
    if (edits.length) recordChange(ctx, what, edits, said);
    ctx.session.cursor = { ...cursor, followedUp: true };
    return [...replies, text(step.followUp(sctx, data))];
  }
  recordChange(ctx, what, [...edits, ...markDone(ctx, cursor)], said);
  replies.push(text(step.noted(stepContext(ctx, cursor), data)));
  return [...replies, ...advance(ctx)];
}

function intro(ctx: TurnContext): Reply[] {
  return [
    text(
      "Hi, I'm Rapport. Together we'll design the **Customer Relationships** block of your Business Model Canvas, one customer segment at a time. Anyone here can answer, and `help` lists what else I can do.",
    ),
    ...ask(ctx),
  ];
}

const exact = (words: string[]) => (t: string) => (words.includes(t.toLowerCase().trim()) ? {} : null);

const commands: Command[] = [
  {
    usage: 'summary',
    description: 'show the Customer Relationships block so far',
    match: exact(['summary', 'show summary']),
    run: async (ctx) => (ctx.session.design.segments.length === 0 ? [text('Nothing to summarise yet.'), ...ask(ctx)] : [summaryCard(ctx.session.design)]),
  },
  {
    usage: 'back',
    description: 'go back to the previous question',
    match: exact(['back', 'go back']),
    run: async (ctx) => {
      const prev = previousCursor(ctx.session.cursor, ctx.session.design);
      if (!prev) return [text('This is the first question.'), ...ask(ctx)];
      ctx.session.cursor = prev;
      return [text('Going back.'), ...ask(ctx)];
    },
  },
  {
    usage: 'skip',
    description: 'leave this question for now',
    match: exact(['skip', 'pass', 'next']),
    run: async (ctx) => {
      const cursor = ctx.session.cursor;
      if (cursor.step === 'done') return [text('Nothing to skip: the design is complete.')];
      if (cursor.step === 'segments' && ctx.session.design.segments.length === 0) {
        return [text('I need at least one customer segment to go on. Name one, even roughly.')];
      }
      recordChange(ctx, `skipped ${describe(cursor, ctx)}`, markDone(ctx, cursor), 'skip');
      return [text('Skipped.'), ...advance(ctx)];
    },
  },
  {
    usage: 'edit <what>',
    description: 'change an answer, e.g. `edit cost for Small agencies` or `edit segments`',
    match: (t) => {
      const m = /^edit\b\s*(.*)$/is.exec(t.trim());
      return m ? { what: m[1] ?? '' } : null;
    },
    run: async (ctx, { what = '' }) => {
      const design = ctx.session.design;
      const target = parseEditTarget(what, design, ctx.session.cursor);
      if (target.kind === 'unknown') {
        const steps = STEPS.map((s) => `\`${s.id}\``).join(', ');
        const example = design.segments[0] ? ` for ${design.segments[0].name}` : '';
        return [text(`What should I edit? I can edit ${steps}. Add the segment when it matters, like \`edit cost${example}\`.`)];
      }
      if (target.kind === 'which-segment') {
        if (design.segments.length === 0) return [text(`There are no customer segments yet, so no ${target.step} to edit.`), ...ask(ctx)];
        return [
          {
            kind: 'choices',
            text: `Which segment's ${target.step}?`,
            options: design.segments.map((s) => ({ label: s.name, value: `edit ${target.step} for ${s.name}` })),
          },
        ];
      }
      ctx.session.cursor = { step: target.step, segmentId: target.segmentId, followedUp: false };
      return ask(ctx);
    },
  },
  {
    usage: 'export md | export json',
    description: 'the design as a Markdown canvas block or as JSON',
    match: (t) => {
      const m = /^export\s+(md|markdown|json)$/i.exec(t.trim());
      return m ? { format: m[1]!.toLowerCase() === 'json' ? 'json' : 'md' } : null;
    },
    run: async (ctx, { format }) => {
      const design = RelationshipDesign.parse(ctx.session.design);
      const parts = await ctx.moduleExports(format === 'json' ? 'json' : 'md');
      const files = parts.flatMap((p) => ('file' in p ? [p.file] : []));
      if (format === 'json') {
        // The design file stays exactly the RelationshipDesign contract; extras go beside it.
        return [
          {
            kind: 'file',
            filename: 'customer-relationships.json',
            mimeType: 'application/json',
            title: 'Customer Relationships (JSON)',
            content: JSON.stringify(design, null, 2),
            encoding: 'utf8',
          },
          ...files,
        ];
      }
      const sections = parts.flatMap((p) => ('markdown' in p ? [p.markdown] : []));
      return [
        {
          kind: 'file',
          filename: 'customer-relationships.md',
          mimeType: 'text/markdown',
          title: 'Customer Relationships',
          content: [designToMarkdown(design), ...sections].join('\n\n'),
          encoding: 'utf8',
        },
        ...files,
      ];
    },
  },
  {
    usage: 'history',
    description: 'who changed what, and when',
    match: exact(['history', 'changes']),
    run: async (ctx) => {
      const recent = ctx.session.history.slice(-15);
      if (recent.length === 0) return [text('No changes yet.')];
      const lines = recent.map((c) => {
        const when = c.at.slice(0, 16).replace('T', ' ');
        return `- ${when} UTC · ${mention(c.author)} · ${c.what} · “${shorten(c.source, 60)}”`;
      });
      const more = ctx.session.history.length - recent.length;
      return [text(`**Changes, oldest first**${more > 0 ? ` (the last ${recent.length} of ${ctx.session.history.length})` : ''}:\n${lines.join('\n')}`)];
    },
  },
  {
    usage: 'undo',
    description: 'revert the last change',
    match: exact(['undo']),
    run: async (ctx) => {
      const last = ctx.session.history.pop();
      if (!last) return [text('Nothing to undo.')];
      revertOps(ctx.session, last.ops);
      refreshDerived(ctx);
      ctx.session.cursor = last.cursorBefore;
      return [text(`Undone: ${last.what} (by ${mention(last.author)}).`), ...ask(ctx)];
    },
  },
];

export const designDialog: Dialog = {
  name: 'design',
  commands,
  start: intro,
  answer,
  reask: ask,
};
