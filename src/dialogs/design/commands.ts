import type { Command } from '../../core/module.ts';
import { RelationshipDesign } from '../../core/design.ts';
import { revertOps } from '../../core/ops.ts';
import { mention, text } from '../../core/reply.ts';
import { designToMarkdown } from '../../core/render/markdown.ts';
import { currentFindings } from '../../coaching/index.ts';
import { parseEditTarget, previousCursor } from './flow.ts';
import { recordChange, refreshDerived } from './record.ts';
import { STEPS } from './steps.ts';
import { shorten } from './words.ts';
import { advance, ask, describe, markDone, summaryOf } from './moves.ts';
import { askPick } from './pick.ts';

// The commands that move around the design: summary, back, skip, edit, export, history, undo.

const exact = (words: string[]) => (t: string) => (words.includes(t.toLowerCase().trim()) ? {} : null);

export const commands: Command[] = [
  {
    usage: 'summary',
    description: 'show the Customer Relationships block so far',
    match: exact(['summary', 'show summary']),
    run: async (ctx) => (ctx.session.design.segments.length === 0 ? [text('Nothing to summarise yet.'), ...ask(ctx)] : [summaryOf(ctx.session.design)]),
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
        return askPick(ctx, target.step, target.unknown ? `There's no segment called “${shorten(target.unknown, 60)}”.` : undefined);
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
          content: [designToMarkdown(design, currentFindings(design), { answered: ctx.session.progress }), ...sections].join('\n\n'),
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
    usage: 'usage',
    description: 'what the AI has cost this conversation so far, in tokens',
    match: exact(['usage', 'ai usage', 'tokens']),
    run: async (ctx) => {
      const u = ctx.session.usage;
      if (u.calls === 0) return [text('No AI calls in this conversation yet: every answer so far was read without AI.')];
      const n = (v: number) => v.toLocaleString('en-US');
      const total = u.promptTokens + u.completionTokens;
      return [
        text(
          `**AI use in this conversation**: the model was asked ${n(u.calls)} ${u.calls === 1 ? 'time' : 'times'}, for ${n(total)} tokens (${n(u.promptTokens)} sent, ${n(u.completionTokens)} received), failed and repeated attempts included.`,
        ),
      ];
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
