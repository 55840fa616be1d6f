import type { Cluster } from 'ioredis';
import type { KeyValueStore } from '../core/ports.ts';
import type { Availability } from './availability.ts';
import { redisKey, tagPrefix, untagKey } from './keys.ts';

// KeyValueStore on a Redis Cluster through ioredis. Values are stored as keyv stores them
// (`{"value":…,"expires":…}` with PX), so data reads the same as on one node; keys of one
// conversation carry its hash tag (see keys.ts). SCAN walks every master.

const globEscape = (s: string) => s.replace(/[\\*?[\]]/g, '\\$&');

export class ClusterKv implements KeyValueStore {
  readonly backend = 'redis' as const;

  constructor(
    private readonly redis: Cluster,
    private readonly gate: Availability,
    private readonly prefix: string,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.gate.run('get', () => this.redis.get(redisKey(this.prefix, key, true)));
    if (raw === null) return undefined;
    const entry = JSON.parse(raw) as { value?: T; expires?: number | null };
    if (typeof entry.expires === 'number' && entry.expires <= Date.now()) return undefined;
    return entry.value;
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    if (ttlMs !== undefined && (!Number.isFinite(ttlMs) || ttlMs <= 0)) throw new RangeError(`ttlMs must be a positive number, got ${ttlMs}`);
    const ttl = ttlMs === undefined ? undefined : Math.ceil(ttlMs);
    const body = JSON.stringify({ value, expires: ttl ? Date.now() + ttl : null });
    const k = redisKey(this.prefix, key, true);
    await this.gate.run('set', () => (ttl ? this.redis.set(k, body, 'PX', ttl) : this.redis.set(k, body)));
  }

  async delete(key: string): Promise<void> {
    await this.gate.run('delete', () => this.redis.del(redisKey(this.prefix, key, true)));
  }

  async keys(prefix: string): Promise<string[]> {
    const head = `${this.prefix}::`;
    const match = `${globEscape(head)}${globEscape(tagPrefix(prefix, true))}*`;
    const found = await this.gate.run(
      'keys',
      async () => {
        const out = new Set<string>();
        for (const node of this.redis.nodes('master')) {
          let cursor = '0';
          do {
            const [next, batch] = await node.scan(cursor, 'MATCH', match, 'COUNT', 500);
            cursor = next;
            for (const k of batch) out.add(untagKey(k.slice(head.length), true));
          } while (cursor !== '0');
        }
        return out;
      },
      this.gate.timeoutMs * 5,
    );
    return [...found].sort();
  }

  async ping(): Promise<'redis'> {
    await this.gate.run('ping', () => Promise.all(this.redis.nodes('master').map((n) => n.ping())));
    return 'redis';
  }

  async close(): Promise<void> {
    // The shared cluster client is closed by createStores.
  }
}
