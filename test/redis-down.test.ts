import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../src/core/ports.ts';
import { silentLogger } from '../src/log.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';

// Redis away must mean quick StoreUnavailableErrors, never a hang or a crash, and the
// stores must come back by themselves once Redis answers again.

const stray: unknown[] = [];
const onStray = (err: unknown) => stray.push(err);
beforeAll(() => {
  process.on('uncaughtException', onStray);
  process.on('unhandledRejection', onStray);
});
afterAll(() => {
  process.off('uncaughtException', onStray);
  process.off('unhandledRejection', onStray);
});

const opened: Stores[] = [];
const prefixes: string[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});
afterAll(async () => {
  await Promise.all(prefixes.map((p) => deleteKeys(p)));
});

async function open(redisUrl: string, timeoutMs?: number) {
  const prefix = uniquePrefix('down');
  prefixes.push(prefix);
  const s = await createStores({ redisUrl, prefix, log: silentLogger, timeoutMs });
  opened.push(s);
  return s;
}

/** Resolves with how long the promise took to reject, and the error. */
async function rejection(p: Promise<unknown>): Promise<{ ms: number; err: unknown }> {
  const started = Date.now();
  try {
    await p;
  } catch (err) {
    return { ms: Date.now() - started, err };
  }
  throw new Error('expected a rejection');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP relay to the real Redis that can be cut and restored on the same port. */
class Relay {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: URL) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port || 6379), this.target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    const closed = new Promise((r) => this.server?.close(r));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

describe('Redis is down', () => {
  it('fails fast with StoreUnavailableError on a closed port, for every port method', async () => {
    const s = await open('redis://127.0.0.1:1');
    const calls: Promise<unknown>[] = [
      s.kv.get('k'),
      s.kv.set('k', { a: 1 }),
      s.kv.set('k', 1, 1000),
      s.kv.delete('k'),
      s.kv.keys('k'),
      s.lock.withLock('turn:x', async () => 'never'),
      s.once.claim('e', 1000),
      s.ping(),
    ];
    for (const { ms, err } of await Promise.all(calls.map(rejection))) {
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect(ms).toBeLessThan(3000);
    }
    // Later calls, while it keeps retrying in the background, fail at once.
    await sleep(500);
    const again = await rejection(s.kv.get('k'));
    expect(again.err).toBeInstanceOf(StoreUnavailableError);
    expect(again.ms).toBeLessThan(100);
    expect((again.err as Error).message).not.toMatch(/redis:\/\//); // no URL (may hold a password)
  });

  it('the lock never runs fn when it cannot reach Redis', async () => {
    const s = await open('redis://127.0.0.1:1');
    let ran = false;
    await expect(s.lock.withLock('x', async () => (ran = true))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(ran).toBe(false);
  });

  it('times out against a server that accepts connections but never answers', async () => {
    const sockets: net.Socket[] = [];
    const mute = net.createServer((c) => sockets.push(c.on('error', () => undefined)));
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    try {
      const s = await open(`redis://127.0.0.1:${(mute.address() as net.AddressInfo).port}`, 500);
      for (const p of [s.kv.get('k'), s.kv.set('k', 1), s.once.claim('e', 1000)]) {
        const { ms, err } = await rejection(p);
        expect(err).toBeInstanceOf(StoreUnavailableError);
        expect(ms).toBeLessThan(2000);
      }
      const closing = Date.now();
      await opened.pop()!.close();
      expect(Date.now() - closing).toBeLessThan(2000);
    } finally {
      for (const c of sockets) c.destroy();
      await new Promise((r) => mute.close(r));
    }
  });

  it('recovers by itself when Redis comes back', async () => {
    const relay = new Relay(new URL(testRedisUrl()));
    await relay.start();
    try {
      const s = await open(`redis://127.0.0.1:${relay.port}`);
      await s.kv.set('k', 'before');
      expect(await s.once.claim('e1', 60_000)).toBe(true);

      await relay.stop();
      for (const p of [s.kv.get('k'), s.kv.set('k', 'during'), s.once.claim('e2', 60_000), s.lock.withLock('l', async () => 1)]) {
        const { ms, err } = await rejection(p);
        expect(err).toBeInstanceOf(StoreUnavailableError);
        expect(ms).toBeLessThan(3000);
      }

      await relay.start(); // same port
      const deadline = Date.now() + 8000;
      let value: unknown;
      for (;;) {
        try {
          value = await s.kv.get('k');
          break;
        } catch (err) {
          expect(err).toBeInstanceOf(StoreUnavailableError);
          if (Date.now() > deadline) throw err;
          await sleep(100);
        }
      }
      expect(value).toBe('before');
      // the ioredis side (lock, once) is back too
      const until = Date.now() + 8000;
      while (Date.now() < until && (await s.ping().then(() => false, () => true))) await sleep(100);
      expect(await s.ping()).toBe('redis');
      expect(await s.lock.withLock('l', async () => 'locked')).toBe('locked');
      expect(await s.once.claim('e1', 60_000)).toBe(false);
    } finally {
      await relay.stop();
    }
  });

  it('closes promptly while Redis is away', async () => {
    const s = await open('redis://127.0.0.1:1');
    await s.kv.get('k').catch(() => undefined);
    await sleep(1500); // deep into the reconnect back-off
    const started = Date.now();
    await opened.pop()!.close();
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('raised no uncaught errors or unhandled rejections', async () => {
    await sleep(300);
    expect(stray).toEqual([]);
  });
});
