import { conversationId, legacyConversationId, type ConversationKey, type Turn } from './turn.ts';
import { STORE_DOWN_TEXT, TAKEN_OVER_SAVED_TEXT, TURN_FAILED_TEXT } from './storage-words.ts';
import { LockBusyError, LockLostError, StoreUncertainError, StoreUnavailableError, systemClock, type Clock, type FencedWrite, type KeyValueStore, type Lock } from './ports.ts';
import { createUnsureNotes } from './unsure.ts';
import { text, type Reply } from './reply.ts';
import { addUsage } from './summariser.ts';
import { MAX_SEEN, Session, newSession, sessionKey } from './session.ts';
import type { Summariser } from './summariser.ts';
import type { Command, Dialog, Engine, EngineModule, ExportPart, TurnContext } from './module.ts';
import type { Logger } from '../log.ts';
import { createRouter } from './route.ts';
import { slotBefore, stampQuestion } from './questions.ts';

// One turn: lock the conversation, load its session, route the text (route.ts: a press
// for its question, an open check-in, commands, then the dialog), save once, reply. Saving once at the end means a
// failure half-way leaves the stored session exactly as it was.

export type { Dialog, Engine } from './module.ts';

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

  async function forgetAll(ctx: TurnContext): Promise<void> {
    for (const m of modules) await m.forget?.(ctx);
    await deps.store.delete(sessionKey(ctx.conversation));
  }

  const route = createRouter({ dialog: deps.dialog, modules, commands, clock, forgetAll });

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

  const unsure = createUnsureNotes(deps.store, deps.log);
  const SAVED_ALREADY = 'I have that one saved already, so I did not store it twice.';

  async function known(conversation: string): Promise<boolean> {
    if ((await deps.store.get(sessionKey(conversation))) !== undefined) return true;
    for (const m of modules) if (await m.active?.(conversation, deps.store)) return true;
    return false;
  }

  /**
   * The store id of a conversation. Slack keys now name the Grid org; a conversation that
   * began before that keeps its old id, so no thread loses its design or check-in.
   */
  async function resolve(key: ConversationKey): Promise<{ id: string; known?: boolean }> {
    const id = conversationId(key);
    const legacy = legacyConversationId(key);
    if (!legacy) return { id };
    if (await known(id)) return { id, known: true };
    if (await known(legacy)) return { id: legacy, known: true };
    return { id, known: false };
  }

  async function handleLocked(turn: Turn, conversation: string, said: string, fence?: FencedWrite): Promise<Reply[]> {
    const key = sessionKey(conversation);
    const loaded = await load(key, conversation);
    // An edit or delete names the message it changes, which was seen already.
    // A taken-over message's person never saw a reply, though it was stored before its replica stopped.
    if (loaded && turn.messageId && !turn.change && loaded.seen.includes(turn.messageId)) return turn.takenOver ? [text(TAKEN_OVER_SAVED_TEXT)] : [];
    const note = await unsure.find(conversation);
    if (note) {
      await unsure.clear(conversation);
      if (note.said === said && loaded?.seen.includes(note.messageId)) return [text(SAVED_ALREADY)];
    }
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
    const before = slotBefore(loaded);
    const routed = await route(ctx, said, loaded === null);
    const { save } = routed;
    let replies = routed.replies;
    if (save) {
      replies = stampQuestion(ctx.session, before, turn, replies);
      if (turn.messageId && !turn.change) ctx.session.seen = [...ctx.session.seen, turn.messageId].slice(-MAX_SEEN);
      // Fenced where the lock offers it: lands only while this turn still holds the lock.
      await (fence ?? deps.store).set(key, ctx.session, ctx.session.finishedAt ? undefined : ttl);
    }
    return replies;
  }

  /**
   * A streamed answer's tokens are known only after the turn was saved: they are added to
   * the session then, under the conversation's lock, so `usage` tells the whole cost.
   */
  function countStreamedLater(conversation: string, replies: Reply[]): void {
    for (const r of replies) {
      if (r.kind !== 'text' || !r.stream?.usage) continue;
      void r.stream.usage
        .then(async (usage) => {
          if (!usage) return;
          await deps.lock.withLock(`turn:${conversation}`, async (fence) => {
            const key = sessionKey(conversation);
            const session = await load(key, conversation);
            if (!session) return;
            addUsage(session.usage, usage);
            await (fence ?? deps.store).set(key, session, session.finishedAt ? undefined : ttl);
          });
        })
        .catch((err: unknown) => deps.log.warn('could not count a streamed answer’s tokens', { conversation, err }));
    }
  }

  return {
    async isActive(key) {
      const resolved = await resolve(key);
      return resolved.known ?? (await known(resolved.id));
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
      let conversation = conversationId(turn.key);
      try {
        conversation = (await resolve(turn.key)).id;
        const replies = await deps.lock.withLock(`turn:${conversation}`, (fence) => handleLocked(turn, conversation, said, fence));
        countStreamedLater(conversation, replies);
        return replies;
      } catch (err) {
        if (err instanceof StoreUncertainError) {
          deps.log.error('save not confirmed by the store', { conversation, err });
          if (turn.messageId) unsure.note(conversation, { messageId: turn.messageId, said });
          return [text("My storage stopped answering while I was saving that, so I can't tell whether it was kept. Please send the same message again in a minute: if it was saved I'll say so and not store it twice.", 'error')];
        }
        if (err instanceof LockLostError) {
          deps.log.error('turn outlived its lock; the fenced save was refused', { conversation });
          return [text('That took me too long and the conversation moved on, so nothing from that message was saved. Please send it again.', 'error')];
        }
        if (err instanceof StoreUnavailableError) {
          deps.log.error('store unavailable', { conversation, err });
          return [text(STORE_DOWN_TEXT, 'error')];
        }
        if (err instanceof LockBusyError) {
          return [text("I'm still working on an earlier message in this conversation. Please send that one again in a moment.", 'error')];
        }
        deps.log.error('turn failed', { conversation, err });
        return [text(TURN_FAILED_TEXT, 'error')];
      }
    },
  };
}
