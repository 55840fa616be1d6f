import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { LockBusyError, type Lock } from '../core/ports.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { Availability } from './availability.ts';

// Across processes: SET key token NX PX ttl. Only the holder's token may extend or delete
// the key (Lua compare-and-…), so a holder that outlived its TTL cannot free someone else's lock.

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisLockOptions {
  /** Key prefix, e.g. "rapport:". */
  prefix?: string;
  /** Lifetime of the key; refreshed every third of it while fn runs. */
  ttlMs?: number;
  /** How long withLock keeps trying before LockBusyError. */
  waitMs?: number;
  log?: Logger;
}

export class RedisLock implements Lock {
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly waitMs: number;
  private readonly log: Logger;

  constructor(
    private readonly redis: Redis,
    private readonly gate: Availability,
    opts: RedisLockOptions = {},
  ) {
    this.prefix = opts.prefix ?? '';
    this.ttlMs = Math.max(30, Math.ceil(opts.ttlMs ?? 30_000));
    this.waitMs = opts.waitMs ?? 30_000;
    this.log = opts.log ?? silentLogger;
  }

  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const key = `${this.prefix}lock:${name}`;
    const token = randomUUID();
    await this.acquire(name, key, token);
    // Keep the key alive while fn runs (a slow LLM call can outlast the TTL).
    const refresher = setInterval(() => void this.extend(name, key, token), Math.floor(this.ttlMs / 3));
    try {
      return await fn();
    } finally {
      clearInterval(refresher);
      await this.gate.run('unlock', () => this.redis.eval(RELEASE, 1, key, token)).catch((err: unknown) => {
        // Not fatal: the key expires by itself after ttlMs.
        this.log.warn('could not release lock', { lock: name, error: err instanceof Error ? err.message : String(err) });
      });
    }
  }

  private async acquire(name: string, key: string, token: string): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    for (let attempt = 0; ; attempt++) {
      const ok = await this.gate.run('lock', () => this.redis.set(key, token, 'PX', this.ttlMs, 'NX'));
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
