import type { Redis, Cluster } from 'ioredis';
import { createRequire } from 'node:module';
import { StoreUnavailableError, type KeyValueStore, type Lock, type OnceGuard } from '../core/ports.ts';
import type { Logger } from '../log.ts';
import { Availability, DEFAULT_CALL_TIMEOUT_MS, reconnectDelay } from './availability.ts';
import { KeyvStore } from './keyv-store.ts';
import { MemoryLock } from './memory-lock.ts';
import { MemoryOnce } from './memory-once.ts';
import { RedisLock } from './redis-lock.ts';
import { RedisOnce } from './redis-once.ts';
import { ClusterKv } from './cluster-kv.ts';
import { parseRedisTarget, createRedisClient, type RedisClient, type RedisTarget } from './connection.ts';

export { KeyvStore, createKeyvStore, type KeyvStoreOptions } from './keyv-store.ts';
export { MemoryLock } from './memory-lock.ts';
export { MemoryOnce } from './memory-once.ts';
export { RedisLock, type RedisLockOptions } from './redis-lock.ts';
export { RedisOnce } from './redis-once.ts';
export { RedisDueSet, pendingKey } from './redis-due.ts';
export { MemoryDueSet } from './memory-due.ts';
export { parseRedisTarget, createRedisClient, bullConnection, bullPrefix, isClusterUrl, type RedisClient } from './connection.ts';

export interface StoreOptions {
  /** Unset: everything in memory, for one process. */
  redisUrl?: string;
  /** Prefix of every key: `<prefix>::<kv key>`, `<prefix>:lock:<name>`, `<prefix>:once:<key>`. */
  prefix?: string;
  log: Logger;
  /** Deadline of one Redis call (default 2 s). */
  timeoutMs?: number;
  lock?: { ttlMs?: number; waitMs?: number };
}

export interface Stores {
  kv: KeyValueStore;
  lock: Lock;
  once: OnceGuard;
  /**
   * The ioredis connection of the lock and once guard, when Redis is used. It runs with the
   * offline queue off; a BullMQ worker needs its own: `new Redis({ ...redis.options,
   * maxRetriesPerRequest: null, enableOfflineQueue: true, commandTimeout: undefined })`.
   */
  redis?: Redis | Cluster;
  /** 'cluster' when the stores run on a Redis Cluster. */
  mode?: 'memory' | 'redis' | 'cluster';
  /** Which backend answers; throws StoreUnavailableError when Redis does not. */
  ping(): Promise<'memory' | 'redis'>;
  close(): Promise<void>;
}

export async function createStores(opts: StoreOptions): Promise<Stores> {
  const prefix = opts.prefix ?? 'rapport';
  const timeoutMs = opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  if (!opts.redisUrl) {
    const kv = new KeyvStore({ log: opts.log });
    return {
      kv,
      lock: new MemoryLock({ waitMs: opts.lock?.waitMs }),
      once: new MemoryOnce(),
      mode: 'memory',
      ping: async () => 'memory',
      close: () => kv.close(),
    };
  }

  const target = parseRedisTarget(opts.redisUrl);
  if (target.cluster) return createClusterStores(target, prefix, timeoutMs, opts);
  const kv = new KeyvStore({ redisUrl: opts.redisUrl, namespace: prefix, timeoutMs, log: opts.log });
  // Fail fast rather than queue: no offline queue, one try per command, no resend after a
  // reconnect (a late SET NX would take a lock nobody waits for any more).
  // Loaded here so a memory-only process never loads ioredis (CommonJS: same instance as an import).
  const { Redis: RedisClass } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  const redis = new RedisClass(opts.redisUrl, {
    enableOfflineQueue: false,
    // Rejects at the client too; a command Redis runs late is harmless (fenced, see redis-lock.ts).
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    autoResendUnfulfilledCommands: false,
    connectTimeout: timeoutMs,
    retryStrategy: (times) => reconnectDelay(times),
  });
  const gate = new Availability('Redis (locks)', () => redis.status === 'ready', opts.log, timeoutMs);
  redis.on('ready', () => gate.ready());
  redis.on('error', (err: unknown) => gate.failure(err));
  redis.on('close', () => gate.failure());

  let closed = false;
  return {
    kv,
    lock: new RedisLock(redis, gate, { prefix: `${prefix}:`, ...opts.lock, log: opts.log }),
    once: new RedisOnce(redis, gate, `${prefix}:`),
    redis,
    mode: 'redis',
    async ping() {
      await Promise.all([kv.ping(), gate.run('ping', () => redis.ping())]);
      return 'redis';
    },
    async close() {
      if (closed) return;
      closed = true;
      gate.shutdown();
      await Promise.all([
        kv.close(),
        redis.status === 'ready'
          ? Promise.race([redis.quit(), new Promise((r) => setTimeout(r, timeoutMs).unref())]).catch(() => undefined).then(() => redis.disconnect())
          : Promise.resolve(redis.disconnect()),
      ]);
    },
  };
}

/** Everything on one ioredis Cluster client: kv, locks and once-guards, keys hash-tagged per conversation. */
function createClusterStores(target: RedisTarget, prefix: string, timeoutMs: number, opts: StoreOptions): Stores {
  // Same stance as one node: no offline queue, one try, no resend after a reconnect.
  const redis = createRedisClient(
    target,
    { enableOfflineQueue: false, maxRetriesPerRequest: 1, autoResendUnfulfilledCommands: false, connectTimeout: timeoutMs, commandTimeout: timeoutMs },
    { enableOfflineQueue: false, clusterRetryStrategy: (times) => reconnectDelay(times) },
  ) as Cluster;
  const gate = new Availability('Redis Cluster', () => redis.status === 'ready', opts.log, timeoutMs);
  redis.on('ready', () => gate.ready());
  redis.on('error', (err: unknown) => gate.failure(err));
  redis.on('close', () => gate.failure());
  const kv = new ClusterKv(redis, gate, prefix);
  let closed = false;
  return {
    kv,
    lock: new RedisLock(redis as RedisClient, gate, { prefix: `${prefix}:`, ...opts.lock, log: opts.log, cluster: true }),
    once: new RedisOnce(redis, gate, `${prefix}:`),
    redis,
    mode: 'cluster',
    async ping() {
      await kv.ping();
      const state = await gate.run('cluster info', () => redis.cluster('INFO'));
      if (!/cluster_state:ok/.test(String(state))) throw new StoreUnavailableError('Redis Cluster unavailable: cluster_state is not ok');
      return 'redis';
    },
    async close() {
      if (closed) return;
      closed = true;
      gate.shutdown();
      await Promise.race([redis.quit(), new Promise((r) => setTimeout(r, timeoutMs).unref())]).catch(() => undefined);
      redis.disconnect();
    },
  };
}
