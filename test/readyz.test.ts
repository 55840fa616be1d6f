import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, healthRoute, listen, readyRoute } from '../src/http/server.ts';
import { silentLogger } from '../src/log.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import { testRedisUrl, uniquePrefix } from './support/redis.ts';

// /healthz says the process is up; /readyz says whether Redis answers, truly.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function serveWith(stores: Stores, extra: Record<string, () => Promise<unknown>> = {}) {
  const server: http.Server = createHttpServer([healthRoute(async () => ({ store: stores.mode })), readyRoute({ store: () => stores.ping(), ...extra }, 1500)], silentLogger);
  cleanups.push(() => new Promise((r) => server.close(r)));
  await listen(server, 0, '127.0.0.1');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('/healthz and /readyz', () => {
  it('both 200 on a Redis that answers', async () => {
    const stores = await createStores({ redisUrl: testRedisUrl(), prefix: uniquePrefix('rz'), log: silentLogger });
    cleanups.push(() => stores.close());
    const base = await serveWith(stores);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, store: 'redis' });
  });

  it('/readyz is 503 with the reason when Redis is down, while /healthz stays 200', async () => {
    const stores = await createStores({ redisUrl: 'redis://:hidden-pw@127.0.0.1:1', prefix: uniquePrefix('rz'), log: silentLogger, timeoutMs: 300 });
    cleanups.push(() => stores.close());
    const base = await serveWith(stores);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { ok: boolean; reason: string };
    expect(body.ok).toBe(false);
    expect(body.reason).toMatch(/^store: .*unavailable/i);
    expect(JSON.stringify(body)).not.toContain('hidden-pw');
  });

  it('/readyz is 503 when a check hangs, naming it', async () => {
    const stores = await createStores({ prefix: uniquePrefix('rz'), log: silentLogger });
    const base = await serveWith(stores, { queue: () => new Promise(() => undefined) });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toMatch(/queue: no answer within 1500 ms/);
  });
});
