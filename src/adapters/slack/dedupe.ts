import type { KeyValueStore, OnceGuard } from '../../core/ports.ts';
import { createHandover, inflightKey as handoverKey } from '../../http/handover.ts';
import type { TurnInbound } from './parse.ts';

// Slack redelivers an event when the ack is late (X-Slack-Retry-Num), can send one event
// twice, and sends a mention inside a thread both as app_mention and as message, with
// different event_ids. All of them share channel + message ts, so that is what is
// claimed, in the shared store, so it holds across processes too.
//
// A turn is claimed → run → marked done through the handover (src/http/handover.ts): while
// it runs the claim is short and kept alive by a heartbeat, so if the replica dies after
// the ack the claim lapses within seconds and Slack's retry, or another replica's sweeper
// (from the index of claims in flight), takes the message over. Once done, the claim
// lasts past Slack's retries.

/** Slack's retries span about five minutes; keep the done mark well past that. */
export const CLAIM_TTL_MS = 15 * 60 * 1000;
export { HOLD_MS, type Claim } from '../../http/handover.ts';

/** Handover name: records are `slack:inflight:<claimKey>`, the index is `pending:slack`. */
export const HANDOVER = 'slack';
export const inflightKey = (claimKey: string) => handoverKey(HANDOVER, claimKey);

/** What a sweeper needs to run a Slack message again. */
export interface SlackInflight {
  inbound: TurnInbound;
  assistant: boolean;
}

export function createDedupe(once: OnceGuard, kv: KeyValueStore) {
  return createHandover<SlackInflight>({ once, kv, name: HANDOVER, doneMs: CLAIM_TTL_MS });
}
