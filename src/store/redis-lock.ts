import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisClient } from './connection.ts';
import { redisKey, tagKey } from './keys.ts';
import { LockBusyError, LockLostError, type FencedWrite, type Lock } from '../core/ports.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { Availability } from './availability.ts';

// Across processes: SET key token NX PX ttl. Only the holder's token may extend or delete
// the key (Lua compare-and-…), so a holder that outlived its TTL cannot free someone else's lock.

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
// The fence: the write lands only if this holder's token is still the lock's value, checked
// in the same script, so a write Redis runs late (after a stall past the TTL) cannot
// overwrite a newer session. The value is stored as keyv stores it, so kv reads it back.
const FENCED_SET = `if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[3] == '' then redis.call('set', KEYS[2], ARGV[2]) else redis.call('set', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
return 1`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisLockOptions {
  /** Key prefix, e.g. "rapport:". */
  prefix?: string;
  /** Lifetime of the key; refreshed every third of it while fn runs. */
  ttlMs?: number;
  /** How long withLock keeps trying before LockBusyError. */
  waitMs?: number;
  log?: Logger;
  /** Redis Cluster: the conversation in `turn:<conv>` becomes the key's hash tag. */
  cluster?: boolean;
}

export class RedisLock implements Lock {
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly waitMs: number;
  private readonly log: Logger;
  private readonly cluster: boolean;

  constructor(
    private readonly redis: RedisClient,
    private readonly gate: Availability,
    opts: RedisLockOptions = {},
  ) {
    this.prefix = opts.prefix ?? '';
    // Short, so a dead holder frees the conversation within seconds; the fenced write makes
    // a lapse while still working harmless (its save is refused, not written over a newer one).
    this.ttlMs = Math.max(30, Math.ceil(opts.ttlMs ?? 10_000));
    this.waitMs = opts.waitMs ?? 30_000;
    this.log = opts.log ?? silentLogger;
    this.cluster = opts.cluster ?? false;
  }

  async withLock<T>(name: string, fn: (fence?: FencedWrite) => Promise<T>): Promise<T> {
    const key = `${this.prefix}lock:${tagKey(name, this.cluster)}`;
    const token = randomUUID();
    await this.acquire(name, key, token);
    // Keep the key alive while fn runs (a slow LLM call can outlast the TTL).
    const refresher = setInterval(() => void this.extend(name, key, token), Math.floor(this.ttlMs / 3));
    const kvPrefix = this.prefix.replace(/:$/, '');
    const fence: FencedWrite = {
      set: async (kvKey, value, ttlMs) => {
        const ttl = ttlMs === undefined ? undefined : Math.ceil(ttlMs);
        const body = JSON.stringify({ value, expires: ttl ? Date.now() + ttl : null });
        const target = redisKey(kvPrefix, kvKey, this.cluster);
        const done = await this.gate.runWrite('fenced set', () => this.redis.eval(FENCED_SET, 2, key, target, token, body, ttl ? String(ttl) : ''));
        if (done !== 1) throw new LockLostError(name);
      },
    };
    try {
      return await fn(fence);
    } finally {
      clearInterval(refresher);
      await this.gate.run('unlock', () => this.redis.eval(RELEASE, 1, key, token)).catch((err: unknown) => {
        // The key expires by itself after ttlMs, but Redis back from a restart (AOF) would
        // hold the conversation that long: keep trying to release it in the background.
        this.log.warn('could not release lock', { lock: name, error: err instanceof Error ? err.message : String(err) });
        this.releaseLater(key, token);
      });
    }
  }

  private releaseLater(key: string, token: string): void {
    const until = Date.now() + this.ttlMs;
    const attempt = () => {
      if (Date.now() > until) return;
      this.gate.run('unlock', () => this.redis.eval(RELEASE, 1, key, token)).catch(() => setTimeout(attempt, 500).unref());
    };
    setTimeout(attempt, 500).unref();
  }

  private async acquire(name: string, key: string, token: string): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    for (let attempt = 0; ; attempt++) {
      const ok = await this.gate.run('lock', () => this.redis.set(key, token, 'PX', this.ttlMs, 'NX')).catch((err: unknown) => {
        // A SET NX that Redis runs after a stall would hold the conversation for a whole TTL:
        // a release queued behind it frees it again (a no-op if it never lands).
        this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
        throw err;
      });
      if (ok === 'OK') return;
      const left = deadline - Date.now();
      if (left <= 0) throw new LockBusyError(name);
      // Short, jittered and slowly growing retries, so waiters do not poll in step.
      const delay = 5 + Math.random() * Math.min(200, 20 * 2 ** Math.min(attempt, 4));
      await sleep(Math.min(delay, left));
    }
  }

  private async extend(name: string, key: string, token: string): Promise<void> {
    try {
      const kept = await this.gate.run('lock refresh', () => this.redis.eval(EXTEND, 1, key, token, String(this.ttlMs)));
      if (kept !== 1) this.log.warn('lock expired while held', { lock: name });
    } catch (err) {
      this.log.warn('could not refresh lock', { lock: name, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
