import type { KeyValueStore } from './ports.ts';
import type { Logger } from '../log.ts';

// A save Redis did not confirm (it may run after a stall) leaves a note: which message, what
// it said. When the person sends the same words again, the session's `seen` list (message
// ids) tells whether the first one landed, so it is answered "saved" instead of stored twice.
// The note lives in this process and, best effort once Redis answers again, in the store.

export interface UnsureNote {
  messageId: string;
  said: string;
}

const NOTE_TTL_MS = 15 * 60 * 1000;
const noteKey = (conversation: string) => `unsure:${conversation}`;

export function createUnsureNotes(store: KeyValueStore, log: Logger) {
  const local = new Map<string, UnsureNote & { until: number }>();

  return {
    /** Remembers an unconfirmed save; retried in the background while Redis is away. */
    note(conversation: string, note: UnsureNote): void {
      local.set(conversation, { ...note, until: Date.now() + NOTE_TTL_MS });
      let tries = 0;
      const attempt = () => {
        store.set(noteKey(conversation), note, NOTE_TTL_MS).catch((err: unknown) => {
          if (++tries < 8) setTimeout(attempt, 2000).unref();
          else log.warn('could not store the unconfirmed-save note', { conversation, err });
        });
      };
      attempt();
    },

    /** The open note of a conversation, if any. */
    async find(conversation: string): Promise<UnsureNote | undefined> {
      const mine = local.get(conversation);
      if (mine && mine.until > Date.now()) return mine;
      local.delete(conversation);
      return store.get<UnsureNote>(noteKey(conversation));
    },

    async clear(conversation: string): Promise<void> {
      local.delete(conversation);
      await store.delete(noteKey(conversation));
    },
  };
}
