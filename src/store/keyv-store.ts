import { Keyv } from 'keyv';
import type KeyvRedisType from '@keyv/redis';
import { createRequire } from 'node:module';
import type { KeyValueStore } from '../core/ports.ts';
import { silentLogger, type Logger } from '../log.ts';
import { Availability, DEFAULT_CALL_TIMEOUT_MS, reconnectDelay } from './availability.ts';

// KeyValueStore over keyv 5: a Map in memory, or @keyv/redis. Values are plain JSON (keyv's
// default serializer turns strings that start with ":base64:" into Buffers).

export interface KeyvStoreOptions {
  /** Unset: in memory. */
  redisUrl?: string;
  /** Prefix of every key in Redis (stored as `<namespace>::<key>`). */
  namespace?: string;
  /** Deadline of one Redis call. */
  timeoutMs?: number;
  log?: Logger;
}

// @keyv/redis (and node-redis under it) loads only when Redis is configured: it is most of
// start-up otherwise. Its CommonJS build, with keyv's, so adapter and Keyv are one instance.
type KeyvRedisModule = typeof import('@keyv/redis') & { default: typeof KeyvRedisType };
let keyvRedisModule: KeyvRedisModule | undefined;
const require = createRequire(import.meta.url);
const keyvRedis = (): KeyvRedisModule => (keyvRedisModule ??= require('@keyv/redis') as KeyvRedisModule);

function redisClient(url: string, timeoutMs: number) {
  const { createClient } = keyvRedis();
  // Without disableOfflineQueue node-redis queues commands until it reconnects, i.e. forever.
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: (retries: number) => reconnectDelay(retries) },
  });
}
type RedisClient = ReturnType<typeof redisClient>;

interface Entry {
  value: unknown;
  expires?: number | null;
}

const json = {
  serialize: (data: unknown) => JSON.stringify(data),
  deserialize: (data: string) => (typeof data === 'string' ? JSON.parse(data) : data),
};

const SWEEP_EVERY_MS = 60_000;

/** Escapes glob characters for SCAN MATCH. */
const globEscape = (s: string) => s.replace(/[\\*?[\]]/g, '\\$&');

function checkTtl(ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be a positive number, got ${ttlMs}`);
  return Math.ceil(ttlMs);
}

export class KeyvStore implements KeyValueStore {
  readonly backend: 'memory' | 'redis';
  private readonly keyv: Keyv;
  private readonly map?: Map<string, unknown>;
  private readonly client?: RedisClient;
  private readonly gate?: Availability;
  private readonly namespace?: string;
  private readonly sweeper?: NodeJS.Timeout;

  constructor(opts: KeyvStoreOptions = {}) {
    const log = opts.log ?? silentLogger;
    this.namespace = opts.namespace || undefined;
    if (!opts.redisUrl) {
      this.backend = 'memory';
      this.map = new Map();
      this.keyv = new Keyv({ store: this.map, useKeyPrefix: false, ...json });
      // Expired entries are otherwise only dropped when read.
      this.sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS).unref();
      return;
    }
    this.backend = 'redis';
    const timeoutMs = opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    const client = redisClient(opts.redisUrl, timeoutMs);
    this.client = client;
    const gate = new Availability('Redis (kv)', () => client.isReady, log, timeoutMs);
    this.gate = gate;
    client.on('ready', () => gate.ready());
    client.on('error', (err: unknown) => gate.failure(err));
    // Connect ourselves and never await it here: with a numeric reconnect strategy connect()
    // only settles once connected. isOpen is now true, so @keyv/redis never calls connect()
    // itself (its failure path destroys the client, which would stop reconnecting).
    client.connect().catch(() => undefined);
    const KeyvRedis = keyvRedis().default;
    const { Keyv: KeyvCjs } = require('keyv') as typeof import('keyv');
    const adapter = new KeyvRedis(client as never, { throwOnErrors: true, throwOnConnectError: true, namespace: this.namespace });
    this.keyv = new KeyvCjs({ store: adapter, namespace: this.namespace, useKeyPrefix: false, throwOnErrors: true, ...json });
    // @keyv/redis re-emits client errors; the gate has already seen them.
    this.keyv.on('error', () => undefined);
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.call('get', () => this.keyv.get(key))) as T | undefined;
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    const ttl = checkTtl(ttlMs);
    await this.write('set', () => this.keyv.set(key, value, ttl));
  }

  async delete(key: string): Promise<void> {
    await this.write('delete', () => this.keyv.delete(key));
  }

  async keys(prefix: string): Promise<string[]> {
    if (this.map) {
      this.sweep();
      return [...this.map.keys()].filter((k) => k.startsWith(prefix)).sort();
    }
    const client = this.client!;
    const head = this.namespace ? `${this.namespace}::` : '';
    const match = `${globEscape(head)}${globEscape(prefix)}*`;
    // SCAN, not KEYS: it does not block a shared server. A larger deadline for the whole walk.
    const found = await this.gate!.run(
      'keys',
      async () => {
        const out = new Set<string>();
        for await (const batch of client.scanIterator({ MATCH: match, COUNT: 500 })) {
          for (const k of batch) out.add(String(k).slice(head.length));
        }
        return out;
      },
      this.gate!.timeoutMs * 5,
    );
    return [...found].sort();
  }

  /** Throws StoreUnavailableError when Redis does not answer. */
  async ping(): Promise<'memory' | 'redis'> {
    if (!this.client) return 'memory';
    const client = this.client;
    await this.gate!.run('ping', () => client.ping());
    return 'redis';
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.gate?.shutdown();
    const client = this.client;
    if (!client?.isOpen) return;
    if (client.isReady) {
      // Let pending commands finish, but not for long.
      await Promise.race([client.close(), new Promise((r) => setTimeout(r, this.gate!.timeoutMs).unref())]).catch(() => undefined);
    }
    if (client.isOpen) client.destroy(); // also stops the reconnect loop
  }

  private call<T>(op: string, fn: () => Promise<T>): Promise<T> {
    return this.gate ? this.gate.run(op, fn) : fn();
  }

  /** A write node-redis may still send after the deadline: its outcome is then uncertain. */
  private write<T>(op: string, fn: () => Promise<T>): Promise<T> {
    return this.gate ? this.gate.runWrite(op, fn) : fn();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, raw] of this.map ?? []) {
      const entry = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Entry;
      if (typeof entry?.expires === 'number' && entry.expires <= now) this.map!.delete(k);
    }
  }
}

export function createKeyvStore(opts: KeyvStoreOptions = {}): KeyvStore {
  return new KeyvStore(opts);
}
