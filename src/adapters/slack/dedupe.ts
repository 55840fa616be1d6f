import type { OnceGuard } from '../../core/ports.ts';

// Slack redelivers an event when the ack is late (X-Slack-Retry-Num), can send one event
// twice, and sends a mention inside a thread both as app_mention and as message, with
// different event_ids. All of them share channel + message ts, so that is what is
// claimed, in the shared store, so it holds across processes too.

/** Slack's retries span about five minutes; keep the claim well past that. */
export const CLAIM_TTL_MS = 15 * 60 * 1000;

export function createDedupe(once: OnceGuard) {
  return {
    /** True for the first delivery of this message, false for every repeat. */
    first(claimKey: string): Promise<boolean> {
      return once.claim(claimKey, CLAIM_TTL_MS);
    },
  };
}
