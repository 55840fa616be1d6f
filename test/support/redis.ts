import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';

// Every test file shares one Redis (see test/setup/redis.ts), so every test works under its
// own key prefix and cleans up only that prefix. Never FLUSHALL.

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export function testRedisUrl(): string {
  let url: string | undefined;
  try {
    url = inject('redisUrl');
  } catch {
    // outside a vitest worker
  }
  return url ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

let seq = 0;
/** A key prefix nobody else uses: process, time, counter and randomness. */
export function uniquePrefix(label = 't'): string {
  return `${label}-${process.pid}-${Date.now().toString(36)}-${(++seq).toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Deletes every key that starts with prefix (SCAN, so the shared server is never blocked). */
export async function deleteKeys(prefix: string, url = testRedisUrl()): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const match = `${prefix.replace(/[\\*?[\]]/g, '\\$&')}*`;
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
