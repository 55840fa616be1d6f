import type { TurnContext } from '../../core/module.ts';
import { text, type Reply } from '../../core/reply.ts';
import type { Cursor, StepId } from '../../core/session.ts';
import { progressKey } from './flow.ts';
import { confirmationFor } from './confirm.ts';
import { recordChange } from './record.ts';
import { describe, markDone, questionText, stepContext } from './moves.ts';
import { stepById } from './steps.ts';
import { summarise } from './summarise.ts';

// A founder often answers the next question too ("they expect low touch, so we'll do docs
// and a forum"). When an answer plainly covers the step after it, that step is taken from
// the same message, said back, and not asked again. Only cheap cues decide whether to look.

const COVERS: { from: StepId; to: StepId; cue: RegExp }[] = [
  {
    from: 'expectations',
    to: 'relationship',
    cue: /\b(?:we(?:'ll|\s+will|\s+plan\s+to|'re\s+going\s+to|\s+are\s+going\s+to|\s+want\s+to\s+(?:offer|give|do))|our\s+plan\s+is|so\s+we(?:'ll)?\s+(?:do|offer|give|use))\b/i,
  },
  {
    from: 'relationship',
    to: 'lifecycle',
    cue: /\b(?:to\s+(?:win|keep|grow|retain)\s+them|keep\s+them\s+(?:with|through|by)|upsell|cross[- ]sell|bring\s+them\s+back)\b/i,
  },
  { from: 'lifecycle', to: 'cost', cue: /(?:[$€£¥]\s?\d|\d\s?(?:€|eur\b|usd\b|gbp\b|quid\b|bucks\b))/i },
];

/** The later step this answer also settled, recorded and said back; null when none. */
export async function alsoAnswered(ctx: TurnContext, answered: Cursor, said: string): Promise<{ step: StepId; replies: Reply[] } | null> {
  const rule = COVERS.find((c) => c.from === answered.step && c.cue.test(said));
  if (!rule || !answered.segmentId) return null;
  const done = ctx.session.progress[progressKey(answered)] ?? [];
  if (done.includes(rule.to)) return null;
  const cursor: Cursor = { step: rule.to, segmentId: answered.segmentId, followedUp: false };
  const step = stepById(rule.to);
  const sctx = stepContext(ctx, cursor);
  const { data } = await summarise(ctx, step.id, said, questionText(step.ask(sctx)), sctx.segment?.name ?? null);
  const reading = data as never;
  // Not enough for the step, or unsure enough to need a question: ask it as usual.
  if (step.vague(reading) || confirmationFor(step.id, data, cursor)) return null;
  recordChange(ctx, describe(cursor, ctx), [...step.edits(sctx, reading, false), ...markDone(ctx, cursor)], said);
  const noted = step.noted(stepContext(ctx, cursor), reading).replace(/^Noted:\s*/, '');
  return { step: rule.to, replies: [text(`From the same message, the ${rule.to}: ${noted} (\`edit ${rule.to}\` to change it.)`)] };
}
