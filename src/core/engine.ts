import { conversationId, type Turn } from './turn.ts';
import { LockBusyError, StoreUnavailableError, systemClock, type Clock, type KeyValueStore, type Lock } from './ports.ts';
import { text, type Reply } from './reply.ts';
import { MAX_SEEN, Session, newSession, sessionKey } from './session.ts';
import type { Summariser } from './summariser.ts';
import type { Command, Engine, EngineModule, ExportPart, TurnContext } from './module.ts';
import type { Logger } from '../log.ts';

// One turn: lock the conversation, load its session, route the text (confirmations,
// commands, modules, then the dialog), save once, reply. Saving once at the end means a
// failure half-way leaves the stored session exactly as it was.

export type { Engine } from './module.ts';

/** The conversation a session follows; the design dialog is the one Rapport ships. */
export interface Dialog extends EngineModule {
  start(ctx: TurnContext): Reply[];
  answer(ctx: TurnContext, text: string): Promise<Reply[]>;
  /** The current question again, after a message that could not be used. */
  reask(ctx: TurnContext): Reply[];
}

export interface EngineDeps {
  store: KeyValueStore;
  lock: Lock;
  summariser: Summariser;
  dialog: Dialog;
  modules?: EngineModule[];
  clock?: Clock;
  log: Logger;
  /** Idle time after which an unfinished session is dropped. */
  sessionTtlMs?: number;
}

export const MAX_ANSWER_CHARS = 4000;
export const DEFAULT_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const YES = /^(yes|y|yep|confirm|ok|okay|sure|forget confirm|restart confirm|yes,? (forget|restart|delete).*)$/i;
/** A reply that names which question it answers: a button value or "yes, forget…". */
const NAMED = /^(?:(forget|restart) (?:confirm|cancel)|yes,? (forget|restart|delete)\b.*)$/i;
const NO = /^(no|n|nope|cancel|stop|keep( it)?|forget cancel|restart cancel)$/i;

/** Control characters out, whitespace folded at the ends; emoji and any script stay. */
export function cleanText(raw: string): string {
  return raw.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim();
}

export function createEngine(deps: EngineDeps): Engine {
  const clock = deps.clock ?? systemClock;
  const modules = deps.modules ?? [];
  const ttl = deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;

  const coreCommands: Command[] = [
    {
      usage: 'help',
      description: 'this list',
      match: (t) => (/^(help|\?|commands)$/i.test(t) ? {} : null),
      run: async () => [text(helpText())],
    },
    {
      usage: 'restart',
      description: 'start the design over (asks first)',
      match: (t) => (/^restart$/i.test(t) ? {} : null),
      run: async (ctx) => {
        ctx.session.pending = { kind: 'restart' };
        return [
          {
            kind: 'confirm',
            text: 'Start over? The design in this conversation will be cleared (its history goes too).',
            confirm: { label: 'Yes, start over', value: 'restart confirm' },
            cancel: { label: 'Keep it', value: 'restart cancel' },
          },
        ];
      },
    },
    {
      usage: 'forget',
      description: 'delete everything stored for this conversation (asks first)',
      match: (t) => (/^forget$/i.test(t) ? {} : null),
      run: async (ctx) => {
        ctx.session.pending = { kind: 'forget' };
        return [
          {
            kind: 'confirm',
            text: 'Delete everything I have stored for this conversation: the design, its history and any check-ins? This cannot be undone.',
            confirm: { label: 'Yes, delete it all', value: 'forget confirm' },
            cancel: { label: 'Cancel', value: 'forget cancel' },
          },
        ];
      },
    },
  ];

  // Listed in this order by `help`: the everyday ones first, the destructive ones last.
  const [help, ...destructive] = coreCommands;
  const commands = [help!, ...[deps.dialog, ...modules].flatMap((m) => m.commands), ...destructive];

  function helpText(): string {
    const lines = commands.map((c) => `- \`${c.usage}\`: ${c.description}`);
    return `Answer my questions in your own words; anyone taking part can. These commands work at any point:\n${lines.join('\n')}`;
  }

  function findCommand(said: string): { command: Command; args: Record<string, string> } | null {
    for (const command of commands) {
      const args = command.match(said);
      if (args) return { command, args };
    }
    return null;
  }

  async function forgetAll(ctx: TurnContext): Promise<void> {
    for (const m of modules) await m.forget?.(ctx);
    await deps.store.delete(sessionKey(ctx.conversation));
  }

  /** Routes one message; save is false when nothing should be stored for the conversation. */
  async function route(ctx: TurnContext, said: string, isNew: boolean): Promise<{ replies: Reply[]; save: boolean }> {
    const pending = ctx.session.pending;
    // A reply naming another (or an already answered) question, like an old prompt's
    // button, must neither confirm the pending one nor land in the design as an answer.
    const named = NAMED.exec(said);
    const namedKind = named ? (named[1] ?? named[2])!.toLowerCase().replace('delete', 'forget') : null;
    if (namedKind && namedKind !== pending?.kind) {
      return { replies: [text('That confirmation is for a question that is no longer open, so nothing was changed.'), ...deps.dialog.reask(ctx)], save: !isNew };
    }
    if (pending) {
      ctx.session.pending = null;
      if (YES.test(said)) {
        if (pending.kind === 'forget') {
          await forgetAll(ctx);
          return { replies: [text('Done: everything stored for this conversation is deleted. Write to me again whenever you want to start afresh.')], save: false };
        }
        // Keep the handled message ids, so a late redelivery does not land in the new design.
        ctx.setSession({ ...newSession(clock.now()), seen: ctx.session.seen });
        return { replies: [text('Starting over.'), ...deps.dialog.reask(ctx)], save: true };
      }
      if (NO.test(said)) return { replies: [text('Okay, nothing was changed.'), ...deps.dialog.reask(ctx)], save: true };
    }

    const found = said ? findCommand(said) : null;
    if (found) return { replies: await found.command.run(ctx, found.args), save: true };
    for (const m of modules) {
      const claimed = await m.intercept?.(ctx);
      // A module's own conversation (a check-in thread) needs no design session.
      if (claimed) return { replies: claimed, save: !isNew };
    }
    if (isNew) return { replies: deps.dialog.start(ctx), save: true };
    if (!said) return { replies: [text('Here is where we are.'), ...deps.dialog.reask(ctx)], save: true };
    if (!/[\p{L}\p{N}]/u.test(said)) {
      return { replies: [text('I can only work with words here; a short sentence is enough.'), ...deps.dialog.reask(ctx)], save: true };
    }
    return { replies: await deps.dialog.answer(ctx, said), save: true };
  }

  async function load(key: string, conversation: string): Promise<Session | null> {
    const stored = await deps.store.get<unknown>(key);
    if (stored === undefined) return null;
    const parsed = Session.safeParse(stored);
    if (parsed.success) return parsed.data;
    // Keep the unreadable record for a person to inspect rather than silently dropping it.
    deps.log.warn('stored session does not match the schema; starting a new one', { conversation, issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) });
    await deps.store.set(`corrupt:${conversation}:${Date.now()}`, stored);
    return null;
  }

  async function handleLocked(turn: Turn, said: string): Promise<Reply[]> {
    const conversation = conversationId(turn.key);
    const key = sessionKey(conversation);
    const loaded = await load(key, conversation);
    if (loaded && turn.messageId && loaded.seen.includes(turn.messageId)) return [];
    const ctx: TurnContext = {
      turn,
      conversation,
      // A fresh parse per turn, so the engine may change it in place.
      session: loaded ?? newSession(clock.now()),
      setSession(next) {
        ctx.session = next;
      },
      store: deps.store,
      summariser: deps.summariser,
      clock,
      log: deps.log,
      async moduleExports(format) {
        const parts = await Promise.all(modules.map((m) => m.exportPart?.(ctx, format) ?? null));
        return parts.filter((p): p is ExportPart => p !== null);
      },
    };
    const { replies, save } = await route(ctx, said, loaded === null);
    if (save) {
      if (turn.messageId) ctx.session.seen = [...ctx.session.seen, turn.messageId].slice(-MAX_SEEN);
      await deps.store.set(key, ctx.session, ctx.session.finishedAt ? undefined : ttl);
    }
    return replies;
  }

  return {
    async isActive(key) {
      const conversation = conversationId(key);
      if ((await deps.store.get(sessionKey(conversation))) !== undefined) return true;
      for (const m of modules) if (await m.active?.(conversation, deps.store)) return true;
      return false;
    },

    async handle(turn: Turn): Promise<Reply[]> {
      const said = cleanText(turn.choice?.value ?? turn.text);
      // Characters as people count them (an emoji is one), checked only when it could matter.
      const length = said.length > MAX_ANSWER_CHARS ? [...said].length : said.length;
      if (length > MAX_ANSWER_CHARS) {
        return [
          text(
            `That message is ${length.toLocaleString('en')} characters long; I read up to ${MAX_ANSWER_CHARS.toLocaleString('en')}. Please send the short version: a few sentences is plenty. Nothing was saved from it.`,
            'error',
          ),
        ];
      }
      const conversation = conversationId(turn.key);
      try {
        return await deps.lock.withLock(`turn:${conversation}`, () => handleLocked(turn, said));
      } catch (err) {
        if (err instanceof StoreUnavailableError) {
          deps.log.error('store unavailable', { conversation, err });
          return [text("I can't reach my storage right now, so nothing from that message was saved. Please send it again in a minute.", 'error')];
        }
        if (err instanceof LockBusyError) {
          return [text("I'm still working on an earlier message in this conversation. Please send that one again in a moment.", 'error')];
        }
        deps.log.error('turn failed', { conversation, err });
        return [text('Something went wrong on my side while handling that. Nothing was changed; please try again.', 'error')];
      }
    },
  };
}
