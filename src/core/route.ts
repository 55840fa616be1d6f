import { text, type Reply } from './reply.ts';
import { newSession } from './session.ts';
import { refusePress } from './questions.ts';
import type { Clock } from './ports.ts';
import type { Command, Dialog, EngineModule, TurnContext } from './module.ts';

// One place decides what a message is, in this order: a press for a named question (an
// open confirmation included); the open module conversation (a check-in) with its own
// skip/back/help; commands; the design dialog. A finished thread or a group chat answers
// only when called.

const YES = /^(yes|y|yep|confirm|ok|okay|sure|forget confirm|restart confirm|yes,? (forget|restart|delete).*)$/i;
/** A reply that names which question it answers: a button value or "yes, forget…". */
const NAMED = /^(?:(forget|restart) (?:confirm|cancel)|yes,? (forget|restart|delete)\b.*)$/i;
const NO = /^(no|n|nope|cancel|stop|keep( it)?|forget cancel|restart cancel)$/i;
const CHECKIN_WORD = /^check[\s-]?ins?\b/i;
const FORGET = /^forget$/i;

export interface RouterDeps {
  dialog: Dialog;
  modules: EngineModule[];
  commands: Command[];
  clock: Clock;
  forgetAll(ctx: TurnContext): Promise<void>;
}

export interface Routed {
  replies: Reply[];
  /** False when nothing should be stored for the conversation. */
  save: boolean;
}

export function createRouter(deps: RouterDeps) {
  const { dialog, modules, commands, clock } = deps;

  function findCommand(said: string, among: Command[] = commands): { command: Command; args: Record<string, string> } | null {
    for (const command of among) {
      const args = command.match(said);
      if (args) return { command, args };
    }
    return null;
  }

  /** The usage lines of the check-in commands, for a `checkin …` that did not parse. */
  function checkinUsage(): Reply | null {
    const lines = commands.filter((c) => CHECKIN_WORD.test(c.usage)).map((c) => `- \`${c.usage}\`: ${c.description}`);
    return lines.length ? text(`I couldn't read that check-in command, so nothing was stored. These work:\n${lines.join('\n')}`) : null;
  }

  /** The pending forget/restart confirmation, when this message answers (or names) one. */
  async function confirmation(ctx: TurnContext, said: string, isNew: boolean): Promise<Routed | null> {
    const pending = ctx.session.pending;
    // A reply naming another (or an already answered) question must neither confirm the
    // pending one nor land in the design as an answer.
    const named = NAMED.exec(said);
    const namedKind = named ? (named[1] ?? named[2])!.toLowerCase().replace('delete', 'forget') : null;
    if (namedKind && namedKind !== pending?.kind) {
      return { replies: [text('That confirmation is for a question that is no longer open, so nothing was changed.'), ...dialog.reask(ctx)], save: !isNew };
    }
    if (!pending) return null;
    ctx.session.pending = null;
    if (YES.test(said)) {
      if (pending.kind === 'forget') {
        await deps.forgetAll(ctx);
        return { replies: [text('Done: everything stored for this conversation is deleted. Write to me again whenever you want to start afresh.')], save: false };
      }
      // Keep the handled message ids, so a late redelivery does not land in the new design.
      ctx.setSession({ ...newSession(clock.now()), seen: ctx.session.seen });
      return { replies: [text('Starting over.'), ...dialog.reask(ctx)], save: true };
    }
    if (NO.test(said)) return { replies: [text('Okay, nothing was changed.'), ...dialog.reask(ctx)], save: true };
    return null;
  }

  /** The open module conversation takes the message, except its module's commands and `forget`. */
  async function moduleConversation(ctx: TurnContext, said: string, isNew: boolean): Promise<Routed | null> {
    for (const m of modules) {
      const controlled = await m.control?.(ctx, said);
      if (controlled) return { replies: controlled, save: !isNew };
      if (said && (FORGET.test(said) || findCommand(said, m.commands) || CHECKIN_WORD.test(said))) continue;
      const claimed = await m.intercept?.(ctx);
      // A module's own conversation (a check-in thread) needs no design session.
      if (claimed) return { replies: claimed, save: !isNew };
    }
    return null;
  }

  return async function route(ctx: TurnContext, said: string, isNew: boolean): Promise<Routed> {
    if (ctx.turn.change) {
      const revised = isNew ? [] : ((await dialog.revise?.(ctx)) ?? []);
      return { replies: revised, save: revised.length > 0 };
    }
    const refused = refusePress(ctx.turn, isNew ? null : ctx.session);
    if (refused) return { replies: [refused], save: false };
    const confirmed = await confirmation(ctx, said, isNew);
    if (confirmed) return confirmed;
    const open = await moduleConversation(ctx, said, isNew);
    if (open) return open;

    const { turn } = ctx;
    const called = Boolean(turn.mentioned || turn.choice || !turn.shared);
    const found = said ? findCommand(said) : null;
    // Where teammates talk among themselves, a command answers without opening a design.
    if (found) return { replies: await found.command.run(ctx, found.args), save: !(isNew && turn.shared) };
    const usage = CHECKIN_WORD.test(said) ? checkinUsage() : null;
    if (usage) return { replies: [usage], save: !isNew };
    // A finished design, or none yet, in a shared thread: only a call to the bot gets an answer.
    if (!called && (isNew || ctx.session.cursor.step === 'done')) return { replies: [], save: false };
    if (isNew) return { replies: dialog.start(ctx), save: true };
    if (!said) return { replies: [text('Here is where we are.'), ...dialog.reask(ctx)], save: true };
    if (!/[\p{L}\p{N}]/u.test(said)) {
      return { replies: [text('I can only work with words here; a short sentence is enough.'), ...dialog.reask(ctx)], save: true };
    }
    return { replies: await dialog.answer(ctx, said), save: true };
  };
}
