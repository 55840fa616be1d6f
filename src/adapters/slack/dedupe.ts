import type { KeyValueStore, OnceGuard } from '../../core/ports.ts';

// Slack redelivers an event when the ack is late (X-Slack-Retry-Num), can send one event
// twice, and sends a mention inside a thread both as app_mention and as message, with
// different event_ids. All of them share channel + message ts, so that is what is
// claimed, in the shared store, so it holds across processes too.
//
// A turn is claimed → run → marked done. While it runs the claim is short-lived and kept
// alive by a heartbeat, so if the replica dies after the ack the claim lapses within
// seconds: Slack's retry, or another replica's sweeper (from the in-flight record kept
// beside the claim), takes the message over. Once done, the claim lasts past Slack's retries.

/** Slack's retries span about five minutes; keep the done mark well past that. */
export const CLAIM_TTL_MS = 15 * 60 * 1000;
/** A running claim lapses this long after its holder's last heartbeat. */
export const HOLD_MS = 8_000;
const BEAT_MS = 2_000;

/** The in-flight record of a claimed message: what a sweeper needs to run it again. */
export const inflightKey = (claimKey: string) => `slack:inflight:${claimKey}`;
export const INFLIGHT_PREFIX = 'slack:inflight:';

export interface Claim {
  /** Stops the heartbeat and keeps the claim for good (the person was answered). */
  done(): Promise<void>;
  /** Stops the heartbeat; the claim lapses and another replica may run the message. */
  drop(): void;
}

export function createDedupe(once: OnceGuard, kv?: KeyValueStore) {
  return {
    /** True for the first delivery of this message, false for every repeat. */
    first(claimKey: string): Promise<boolean> {
      return once.claim(claimKey, CLAIM_TTL_MS);
    },

    /**
     * Claims a message for running, with a heartbeat; null when someone holds or finished it.
     * `record` is stored beside the claim for a sweeper.
     */
    async start(claimKey: string, record?: unknown): Promise<Claim | null> {
      if (!once.extend) return (await once.claim(claimKey, CLAIM_TTL_MS)) ? { done: async () => undefined, drop: () => undefined } : null;
      if (!(await once.claim(claimKey, HOLD_MS))) return null;
      if (kv && record !== undefined) await kv.set(inflightKey(claimKey), record, CLAIM_TTL_MS);
      return held(claimKey);
    },

    /** A sweeper's claim on a message whose holder stopped beating; null while it lives. */
    async adopt(claimKey: string): Promise<Claim | null> {
      if (!once.extend || !(await once.claim(claimKey, HOLD_MS))) return null;
      return held(claimKey);
    },
  };

  function held(claimKey: string): Claim {
      const beat = setInterval(() => void once.extend!(claimKey, HOLD_MS).catch(() => undefined), BEAT_MS);
      beat.unref();
      return {
        async done() {
          clearInterval(beat);
          await once.extend!(claimKey, CLAIM_TTL_MS);
          if (kv) await kv.delete(inflightKey(claimKey));
        },
        drop() {
          clearInterval(beat);
        },
      };
  }
}
