import type { TurnContext } from '../core/module.ts';
import { text, type Reply } from '../core/reply.ts';
import { OpenCheckIn, question, type Stage } from './dialog.ts';
import { OPEN_TTL_MS, keys } from './store.ts';

// While a check-in is open its thread's `back` and `help` are the check-in's own (its
// `skip` is an empty answer, read by the dialog), never the design's commands.

const ORDER: Stage[] = ['tactics', 'metrics', 'learned', 'next'];
const BACK = /^(back|go back|previous)$/i;
const HELP = /^(help|\?|commands)$/i;

const HELP_TEXT =
  'This is a check-in: four short questions, and anyone here can answer. `skip` leaves the current one empty, `back` returns to the one before, `checkin off` stops scheduled check-ins.';

/** Clears what a stage stored, so answering it again replaces rather than adds. */
function clearStage(open: OpenCheckIn, stage: Stage): void {
  const d = open.draft;
  if (stage === 'tactics') Object.assign(d, { tacticsRun: [], tacticsNotRun: [] });
  if (stage === 'metrics') d.metrics = [];
  if (stage === 'learned') d.learned = null;
  if (stage === 'next') d.next = null;
}

export async function checkinControl(ctx: TurnContext, said: string): Promise<Reply[] | null> {
  const t = said.trim();
  if (!BACK.test(t) && !HELP.test(t)) return null;
  const parsed = OpenCheckIn.safeParse(await ctx.store.get<unknown>(keys.thread(ctx.conversation)));
  if (!parsed.success) return null;
  const open = parsed.data;
  if (HELP.test(t)) return [text(HELP_TEXT), ...question(open)];
  const i = ORDER.indexOf(open.stage);
  if (i <= 0) return [text('This is the first question already.'), ...question(open)];
  const previous = ORDER[i - 1]!;
  const next = { ...open, stage: previous, draft: { ...open.draft } };
  clearStage(next, previous);
  await ctx.store.set(keys.thread(ctx.conversation), next, OPEN_TTL_MS);
  return [text('Back one question; your new answer replaces the earlier one.'), ...question(next)];
}
