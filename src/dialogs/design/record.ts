import { applyEdits, type Path } from '../../core/ops.ts';
import { MAX_HISTORY, type Session } from '../../core/session.ts';
import type { TurnContext } from '../../core/module.ts';
import { runChecks } from '../../coaching/index.ts';
import { shorten } from './words.ts';

// Every change to the design goes through here: applied to the session, findings
// refreshed, and recorded with who made it, when and from which message. Findings and
// updatedAt are derived, so they are refreshed rather than recorded.

export function recordChange(ctx: TurnContext, what: string, edits: { path: Path; value: unknown }[], source: string): void {
  const session: Session = ctx.session;
  const cursorBefore = structuredClone(session.cursor);
  const ops = applyEdits(session, edits);
  const now = refreshDerived(ctx);
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

/** Recomputes what follows from the design; returns the time stamped on it. */
export function refreshDerived(ctx: TurnContext): string {
  const now = ctx.clock.now().toISOString();
  ctx.session.design.findings = runChecks(ctx.session.design);
  ctx.session.design.updatedAt = now;
  return now;
}
