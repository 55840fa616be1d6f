import type { Dialog } from '../../core/module.ts';
import type { TurnContext } from '../../core/module.ts';
import { text, type Reply } from '../../core/reply.ts';
import { answer } from './answer.ts';
import { commands } from './commands.ts';
import { ask } from './moves.ts';
import { answerPick, reaskPick } from './pick.ts';
import { revise } from './revise.ts';

// The relationship-design conversation: asks the step at the cursor, turns answers into
// recorded changes, and offers the commands that move around the design.

function intro(ctx: TurnContext): Reply[] {
  return [
    text(
      "Hi, I'm Rapport. Together we'll design the **Customer Relationships** block of your Business Model Canvas, one customer segment at a time. Anyone here can answer, and `help` lists what else I can do.",
    ),
    ...ask(ctx),
  ];
}

export const designDialog: Dialog = {
  name: 'design',
  commands,
  start: intro,
  // A segment pick after `edit <step>` comes before the step's own question.
  answer: async (ctx, said) => answerPick(ctx, said) ?? answer(ctx, said),
  reask: (ctx) => reaskPick(ctx) ?? ask(ctx),
  revise,
};
