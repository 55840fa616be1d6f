import type { Dialog } from '../../core/engine.ts';
import type { TurnContext } from '../../core/module.ts';
import { text, type Reply } from '../../core/reply.ts';
import { answer } from './answer.ts';
import { commands } from './commands.ts';
import { ask } from './moves.ts';

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
  answer,
  reask: ask,
};
