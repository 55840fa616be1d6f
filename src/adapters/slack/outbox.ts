// One outbound queue per conversation: what the bot says in a thread leaves in the order
// the engine said it. A reply waiting out a 429 holds the replies behind it instead of
// letting a later "help" answer overtake it. Per process; the engine's lock orders turns.

export interface Outbox {
  /** Runs the job after every job queued earlier for this conversation has finished. */
  run<T>(conversation: string, job: () => Promise<T>): Promise<T>;
  /** Conversations with work queued or running (for tests and shutdown). */
  readonly busy: number;
}

export function createOutbox(): Outbox {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(conversation: string, job: () => Promise<T>): Promise<T> {
      const before = tails.get(conversation) ?? Promise.resolve();
      // A failed send must not stop the ones behind it; its caller still sees the error.
      const mine = before.then(job);
      const tail = mine.catch(() => undefined);
      tails.set(conversation, tail);
      void tail.then(() => {
        if (tails.get(conversation) === tail) tails.delete(conversation);
      });
      return mine;
    },
    get busy() {
      return tails.size;
    },
  };
}
