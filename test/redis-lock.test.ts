import { afterAll, describe, expect, it } from 'vitest';
import { LockBusyError } from '../src/core/ports.ts';
import { createLogger, silentLogger } from '../src/log.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';

// Two createStores instances = two processes as far as Redis can tell (separate connections).

const opened: Stores[] = [];
const prefixes: string[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await Promise.all(prefixes.map((p) => deleteKeys(p)));
});

async function pair(lock?: { ttlMs?: number; waitMs?: number }, log = silentLogger) {
  const prefix = uniquePrefix('lock');
  prefixes.push(prefix);
  const a = await createStores({ redisUrl: testRedisUrl(), prefix, log, lock });
  const b = await createStores({ redisUrl: testRedisUrl(), prefix, log, lock });
  opened.push(a, b);
  return [a, b, prefix] as const;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Redis lock', () => {
  it('loses none of 20 concurrent read-modify-write increments from two instances', async () => {
    const [a, b] = await pair();
    expect(a.redis).toBeDefined();
    expect(a.redis).not.toBe(b.redis);
    await a.kv.set('counter', 0);
    const increment = (s: Stores) =>
      s.lock.withLock('counter', async () => {
        const n = (await s.kv.get<number>('counter')) ?? 0;
        await sleep(Math.random() * 5); // widen the race window
        await s.kv.set('counter', n + 1);
      });
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i % 2 ? a : b)));
    expect(await a.kv.get('counter')).toBe(20);
    expect(await b.kv.get('counter')).toBe(20);
  });

  it('without the lock the same race does lose increments (the test can see a race)', async () => {
    const [a, b] = await pair();
    await a.kv.set('counter', 0);
    const increment = async (s: Stores) => {
      const n = (await s.kv.get<number>('counter')) ?? 0;
      await sleep(Math.random() * 5);
      await s.kv.set('counter', n + 1);
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i % 2 ? a : b)));
    expect(await a.kv.get('counter')).toBeLessThan(20);
  });

  it('keeps the lock while fn runs well past the TTL', async () => {
    const lines: string[] = [];
    const [a, b] = await pair({ ttlMs: 300, waitMs: 100 }, createLogger('warn', (l) => lines.push(l)));
    const order: string[] = [];
    const slow = a.lock.withLock('llm', async () => {
      order.push('a start');
      await sleep(1000); // more than 3 × TTL
      order.push('a end');
      return 'done';
    });
    await sleep(50);
    // Past the TTL, b must still find the lock held.
    await sleep(400);
    await expect(b.lock.withLock('llm', async () => order.push('b'))).rejects.toBeInstanceOf(LockBusyError);
    expect(await slow).toBe('done');
    // Released at the end: b gets it at once.
    await b.lock.withLock('llm', async () => order.push('b after'));
    expect(order).toEqual(['a start', 'a end', 'b after']);
    expect(lines.filter((l) => /lock/.test(l))).toEqual([]);
  });

  it('throws LockBusyError after the wait limit, and releases on error', async () => {
    const [a, b] = await pair({ ttlMs: 5000, waitMs: 200 });
    let release!: () => void;
    const held = a.lock.withLock('busy', () => new Promise<void>((r) => (release = r)));
    await sleep(20);
    const started = Date.now();
    const err = await b.lock.withLock('busy', async () => 'never').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockBusyError);
    expect((err as Error).message).toMatch(/busy/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(1500);
    release();
    await held;

    // fn throwing still releases the lock, and the error reaches the caller unchanged.
    await expect(a.lock.withLock('busy', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await b.lock.withLock('busy', async () => 'free')).toBe('free');
  });

  it('does not let a holder whose key expired delete the next holder’s lock', async () => {
    const [a, b, prefix] = await pair({ ttlMs: 200, waitMs: 2000 });
    const key = `${prefix}:lock:x`;
    const redis = a.redis!;
    let bHolds = false;
    const aRun = a.lock.withLock('x', async () => {
      await redis.del(key); // a's key vanishes (evicted, expired) while a still runs
      await sleep(50);
    });
    const bRun = (async () => {
      await sleep(10);
      await b.lock.withLock('x', async () => {
        bHolds = true;
        await aRun; // a releases while b holds: its compare-and-delete must not touch b's key
        expect(await redis.exists(key)).toBe(1);
      });
    })();
    await Promise.all([aRun, bRun]);
    expect(bHolds).toBe(true);
  });

  it('different names do not block each other', async () => {
    const [a, b] = await pair({ waitMs: 100 });
    let release!: () => void;
    const held = a.lock.withLock('one', () => new Promise<void>((r) => (release = r)));
    await sleep(20);
    expect(await b.lock.withLock('two', async () => 'ok')).toBe('ok');
    release();
    await held;
  });
});

describe('Redis stores lifecycle', () => {
  it('closes quietly: no "unreachable" warnings on a normal shutdown', async () => {
    const lines: string[] = [];
    const prefix = uniquePrefix('quiet');
    prefixes.push(prefix);
    const s = await createStores({ redisUrl: testRedisUrl(), prefix, log: createLogger('debug', (l) => lines.push(l)) });
    await s.lock.withLock('q', () => s.kv.set('k', 1));
    expect(await s.ping()).toBe('redis');
    await s.close();
    await s.close(); // twice is fine
    await new Promise((r) => setTimeout(r, 100));
    expect(lines).toEqual([]);
    await expect(s.kv.get('k')).rejects.toThrow(/closed/);
  });
});

describe('Redis once-guard', () => {
  it('claims once across two instances, then again after the ttl', async () => {
    const [a, b] = await pair();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).once.claim('event:Ev1', 300)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.once.claim('event:Ev2', 300)).toBe(true);
    expect(await b.once.claim('event:Ev1', 300)).toBe(false);
    await sleep(400);
    expect(await b.once.claim('event:Ev1', 300)).toBe(true);
  });
});

describe('memory lock and once-guard', () => {
  it('serialises per name, times out with LockBusyError, claims once', async () => {
    const s = await createStores({ log: silentLogger, lock: { waitMs: 100 } });
    opened.push(s);
    expect(s.redis).toBeUndefined();
    expect(await s.ping()).toBe('memory');
    await s.kv.set('counter', 0);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        s.lock.withLock('c', async () => {
          const n = (await s.kv.get<number>('counter'))!;
          await sleep(1);
          await s.kv.set('counter', n + 1);
        }),
      ),
    );
    expect(await s.kv.get('counter')).toBe(20);

    let release!: () => void;
    const held = s.lock.withLock('c', () => new Promise<void>((r) => (release = r)));
    await expect(s.lock.withLock('c', async () => 'no')).rejects.toBeInstanceOf(LockBusyError);
    const queued = s.lock.withLock('c', async () => 'after'); // must still wait for the holder
    await sleep(20);
    release();
    await held;
    expect(await queued).toBe('after');

    expect(await s.once.claim('k', 100)).toBe(true);
    expect(await s.once.claim('k', 100)).toBe(false);
    await sleep(150);
    expect(await s.once.claim('k', 100)).toBe(true);
  });
});
