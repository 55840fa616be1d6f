import type { DueSet, KeyValueStore, OnceGuard } from '../core/ports.ts';
import type { Logger } from '../log.ts';

// A message acknowledged to its platform must be answered even if the replica that took it
// dies: the platform will not send it again. So a message is claimed → run → marked done.
// While it runs the claim is short and kept alive by a heartbeat; beside it lie an in-flight
// record (what another replica needs to run it) and an entry in an index of claims in
// flight, scored by when the claim was taken. A sweeper reads only index entries older than
// the hold time and tries to adopt each: adopting fails while the holder still beats, and
// succeeds within seconds of its death. Nothing here knows a platform.

/** A running claim lapses this long after its holder's last heartbeat. */
export const HOLD_MS = 8_000;
const BEAT_MS = 2_000;
/** Index entries one sweep looks at, at most. */
const SWEEP_LIMIT = 50;

export interface HandoverOptions {
  once: OnceGuard;
  kv: KeyValueStore;
  /** Names the records (`<name>:inflight:<claimKey>`) and the index; one per platform. */
  name: string;
  /** How long a finished claim keeps repeats away (the platform's redelivery window). */
  doneMs: number;
  /** Tests only: a shorter hold (and heartbeat a quarter of it). */
  holdMs?: number;
  log?: Logger;
}

export interface Claim {
  /** Stops the heartbeat and keeps the claim for doneMs (the person was answered). */
  done(): Promise<void>;
  /** Stops the heartbeat; the claim lapses and another replica may run the message. */
  drop(): void;
  /** Gives the message up before it ran (the person was told to send it again): nobody takes it over. */
  release(): Promise<void>;
}

/** A message taken over by a sweep: its record and the sweeper's claim on it. */
export interface Adopted<R> {
  claimKey: string;
  record: R;
  claim: Claim;
}

export interface Handover<R> {
  /** A plain once-claim for doneMs: true the first time, false for every repeat. */
  first(claimKey: string): Promise<boolean>;
  /** Claims a message for running; null when someone holds it or finished it. */
  start(claimKey: string, record: R): Promise<Claim | null>;
  /** A sweeper's claim on a message whose holder stopped beating; null while it lives. */
  adopt(claimKey: string): Promise<Claim | null>;
  /**
   * Adopts lapsed messages from the index and hands each to run, which must call done()
   * (or drop()). Returns how many were taken.
   */
  sweep(run: (taken: Adopted<R>) => Promise<void>): Promise<number>;
  /**
   * Indexes in-flight records that have no index entry: what a replica of the version before
   * the index leaves behind in a rolling upgrade. One listing, at start; returns how many.
   */
  indexUnlisted(): Promise<number>;
}

export const inflightKey = (name: string, claimKey: string) => `${name}:inflight:${claimKey}`;

export function createHandover<R>(opts: HandoverOptions): Handover<R> {
  const { once, kv, name, doneMs } = opts;
  const holdMs = opts.holdMs ?? HOLD_MS;
  const beatMs = opts.holdMs ? Math.max(1, Math.floor(opts.holdMs / 4)) : BEAT_MS;
  const extend = once.extend?.bind(once);
  // Without a heartbeat there is no telling a live holder from a dead one: claim for good.
  const index: DueSet | undefined = extend ? once.pending?.(name) : undefined;
  const recordKey = (claimKey: string) => inflightKey(name, claimKey);
  const noop: Claim = { done: async () => undefined, drop: () => undefined, release: async () => undefined };

  /** Removes the record, the index entry and the claim itself (a resend may run at once). */
  async function forget(claimKey: string): Promise<void> {
    await Promise.all([kv.delete(recordKey(claimKey)), index?.remove(claimKey), extend!(claimKey, 1)]);
  }

  function held(claimKey: string): Claim {
    const beat = setInterval(() => void extend!(claimKey, holdMs).catch(() => undefined), beatMs);
    beat.unref();
    return {
      async done() {
        clearInterval(beat);
        // The long mark first: from here on no sweeper can adopt it.
        await extend!(claimKey, doneMs);
        await Promise.all([kv.delete(recordKey(claimKey)), index?.remove(claimKey)]);
      },
      drop() {
        clearInterval(beat);
      },
      async release() {
        clearInterval(beat);
        await forget(claimKey);
      },
    };
  }

  async function adopt(claimKey: string): Promise<Claim | null> {
    if (!extend || !(await once.claim(claimKey, holdMs))) return null;
    return held(claimKey);
  }

  return {
    first: (claimKey) => once.claim(claimKey, doneMs),

    async start(claimKey, record) {
      if (!extend) return (await once.claim(claimKey, doneMs)) ? noop : null;
      if (!(await once.claim(claimKey, holdMs))) return null;
      if (index) {
        try {
          // Record before index entry: a sweep that finds the entry always finds the record.
          await kv.set(recordKey(claimKey), record, doneMs);
          await index.add(claimKey, Date.now());
        } catch (err) {
          // Not claimed after all, so a resend (or redelivery) runs normally.
          await forget(claimKey).catch(() => undefined);
          throw err;
        }
      }
      return held(claimKey);
    },

    adopt,

    async indexUnlisted() {
      if (!index) return 0;
      const head = recordKey('');
      const claimKeys = (await kv.keys(head)).map((k) => k.slice(head.length));
      // Score 0: due at once; a sweep that finds its holder alive moves it back.
      for (const claimKey of claimKeys) await index.add(claimKey, 0);
      return claimKeys.length;
    },

    async sweep(run) {
      if (!index) return 0;
      const now = Date.now();
      let taken = 0;
      for (const claimKey of await index.due(now - holdMs, SWEEP_LIMIT)) {
        const record = await kv.get<R>(recordKey(claimKey));
        if (record === undefined) {
          // Finished (or expired) without its entry removed: nothing left to run.
          await index.remove(claimKey);
          continue;
        }
        const claim = await adopt(claimKey);
        if (!claim) {
          // Its holder still beats (or it is done): look again once another hold has passed.
          await index.add(claimKey, now);
          continue;
        }
        taken++;
        opts.log?.info('taking over a message whose replica stopped', { handover: name, claim: claimKey });
        await run({ claimKey, record, claim });
      }
      return taken;
    },
  };
}
