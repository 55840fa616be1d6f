import type { Logger } from '../../log.ts';

// Work that runs after the HTTP answer. Turns of one conversation run one after another
// in this process, so replies arrive in the order the messages came; the engine's lock
// does the same across processes.

export interface WorkQueue {
  push(conversation: string, work: () => Promise<void>): void;
  /** Resolves when everything queued so far (and queued meanwhile) has finished. */
  idle(): Promise<void>;
}

export function createWorkQueue(log: Logger): WorkQueue {
  const tails = new Map<string, Promise<void>>();
  const inflight = new Set<Promise<void>>();
  return {
    push(conversation, work) {
      const before = tails.get(conversation) ?? Promise.resolve();
      const next: Promise<void> = before
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(work)
        .catch((err: unknown) => log.error('teams work failed', { err }))
        .finally(() => {
          inflight.delete(next);
          if (tails.get(conversation) === next) tails.delete(conversation);
        });
      tails.set(conversation, next);
      inflight.add(next);
    },
    async idle() {
      while (inflight.size) await Promise.all([...inflight]);
    },
  };
}
