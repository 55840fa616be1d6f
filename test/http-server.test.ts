import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, healthRoute, listen, MAX_BODY_BYTES, type Route } from '../src/http/server.ts';
import { silentLogger } from '../src/log.ts';

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function start(routes: Route[]) {
  server = createHttpServer(routes, silentLogger);
  const port = await listen(server, 0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

const echo: Route = {
  method: 'POST',
  path: '/echo',
  handle: async (req) => ({ status: 200, body: req.body }),
};
const broken: Route = {
  method: 'POST',
  path: '/broken',
  handle: async () => {
    throw new Error('boom');
  },
};

describe('the HTTP server', () => {
  it('answers /healthz, and 503 when a dependency is down', async () => {
    let up = true;
    const base = await start([
      healthRoute(async () => {
        if (!up) throw new Error('Redis is unreachable');
        return { store: 'redis' };
      }),
    ]);
    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, store: 'redis' });
    up = false;
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ok: false, error: 'Redis is unreachable' });
  });

  it('passes the body through byte for byte (signatures depend on it)', async () => {
    const base = await start([echo]);
    const body = '{"text":"héllo 🚀","n":1}';
    const res = await fetch(`${base}/echo`, { method: 'POST', body });
    expect(await res.text()).toBe(body);
  });

  it('404 for an unknown path, 405 for a wrong method, 413 for a huge body, 500 for a failing route', async () => {
    const base = await start([echo, broken]);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/echo`)).status).toBe(405);
    expect((await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(MAX_BODY_BYTES + 10) })).status).toBe(413);
    const failed = await fetch(`${base}/broken`, { method: 'POST', body: '{}' });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'internal error' });
    // Still serving after all that.
    expect((await fetch(`${base}/echo`, { method: 'POST', body: 'ok' })).status).toBe(200);
  });
});
