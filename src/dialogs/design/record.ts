import { applyEdits, type Path } from '../../core/ops.ts';
import { MAX_HISTORY, type Session } from '../../core/session.ts';
import type { TurnContext } from '../../core/module.ts';
import { runChecks } from '../../core/checks/index.ts';
import { shorten } from './words.ts';

// Every change to the design goes through here: applied to the session, findings
// refreshed, and recorded with who made it, when and from which message.

export function recordChange(ctx: TurnContext, what: string, edits: { path: Path; value: unknown }[], source: string): void {
  const session: Session = ctx.session;
  const cursorBefore = structuredClone(session.cursor);
  const ops = applyEdits(session, edits);
  const now = ctx.clock.now().toISOString();
  ops.push(
    ...applyEdits(session, [
      { path: ['design', 'findings'], value: runChecks(session.design) },
      { path: ['design', 'updatedAt'], value: now },
    ]),
  );
  session.history.push({
    at: now,
    author: { id: ctx.turn.author.id, ...(ctx.turn.author.name ? { name: ctx.turn.author.name } : {}) },
    messageId: ctx.turn.messageId ?? null,
    source: shorten(source, 200),
    what,
    ops,
    cursorBefore,
  });
  if (session.history.length > MAX_HISTORY) session.history.splice(0, session.history.length - MAX_HISTORY);
}
