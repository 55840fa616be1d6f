import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, LIMITS, listen, type Route } from '../src/http/server.ts';
import { silentLogger } from '../src/log.ts';
import type http from 'node:http';
import { ConfigSchema } from '../src/config.ts';
import { startServer, type RunningServer } from '../src/serve.ts';
import { latestThreadKey } from '../src/adapters/slack/dispatch.ts';
import { slackLatestModule } from '../src/adapters/slack/latest.ts';
import { postSigned, SECRET } from './slack-support.ts';
import { channelPost, postActivity } from './teams-fakes.ts';

// Slow or piled-up clients must not hold the server's sockets.

const echo: Route = { method: 'POST', path: '/x', handle: async (req) => ({ status: 200, body: req.body }) };
const open: http.Server[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(limits: Partial<typeof LIMITS>) {
  const server = createHttpServer([echo], silentLogger, limits);
  open.push(server);
  const port = await listen(server, 0, '127.0.0.1');
  return { server, port };
}

/** Resolves with what the server sent before it closed the socket. */
function closed(socket: net.Socket): Promise<string> {
  let got = '';
  socket.on('data', (d) => (got += d));
  return new Promise((resolve) => socket.on('close', () => resolve(got)));
}

const connect = (port: number) =>
  new Promise<net.Socket>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', () => undefined);
  });

describe('HTTP limits', () => {
  it('has production defaults: request and header timeouts, a connection cap', () => {
    const server = createHttpServer([echo], silentLogger);
    expect(server.requestTimeout).toBe(LIMITS.requestTimeoutMs);
    expect(server.headersTimeout).toBe(LIMITS.headersTimeoutMs);
    expect(server.maxConnections).toBe(LIMITS.maxConnections);
    expect(LIMITS.requestTimeoutMs).toBeLessThan(100_000);
  });

  it('closes a connection whose body never finishes, with 408', async () => {
    const { port } = await serve({ requestTimeoutMs: 500, headersTimeoutMs: 400 });
    const socket = await connect(port);
    const done = closed(socket);
    socket.write('POST /x HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly part');
    expect(await done).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection whose headers never finish', async () => {
    const { port } = await serve({ requestTimeoutMs: 500, headersTimeoutMs: 400 });
    const socket = await connect(port);
    const done = closed(socket);
    socket.write('POST /x HTTP/1.1\r\nHost: x\r\n');
    expect(await done).toMatch(/^HTTP\/1\.1 408/);
  });

  it('refuses connections beyond the cap, and serves again once they go', async () => {
    const { server, port } = await serve({ maxConnections: 2 });
    const held = [await connect(port), await connect(port)];
    await new Promise<void>((resolve) => {
      const check = () => server.getConnections((_e, n) => (n >= 2 ? resolve() : setTimeout(check, 20)));
      check();
    });
    const third = await connect(port);
    expect(await closed(third)).toBe('');
    for (const s of held) s.destroy();
    await new Promise<void>((resolve) => {
      const check = () => server.getConnections((_e, n) => (n === 0 ? resolve() : setTimeout(check, 20)));
      check();
    });
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, { method: 'POST', body: 'hi' });
    expect(await res.text()).toBe('hi');
  });
});

describe('payloads the server ignores with 200', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('an unknown Slack payload type, and a Teams activity with a lone surrogate in an id', async () => {
    running = await startServer(ConfigSchema.parse({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: 'http://127.0.0.1:1/api/', TEAMS_ALLOW_UNAUTHENTICATED: 'true', PORT: '0', LOG_LEVEL: 'silent' }), silentLogger);
    const base = `http://127.0.0.1:${running.port}`;
    const slack = await postSigned(`${base}/slack/events`, JSON.stringify({ type: 'some_future_payload', team_id: 'T1' }));
    expect(slack.status).toBe(200);
    const odd = channelPost({ serviceUrl: 'http://127.0.0.1:1', text: 'hello' }) as Record<string, unknown>;
    const teams = await postActivity(base, { ...odd, id: 'abc\uD800', conversation: { ...(odd.conversation as object), id: '19:x\uDC00@thread.tacv2' } });
    expect(teams.status).toBe(200);
  });

  it('forget drops the channel note that its thread is the latest design', async () => {
    const store = new Map<string, unknown>();
    const kv = { get: async (k: string) => store.get(k), set: async (k: string, v: unknown) => void store.set(k, v), delete: async (k: string) => void store.delete(k), keys: async () => [...store.keys()] };
    store.set(latestThreadKey('T1', 'C1'), '1700000000.000100');
    store.set(latestThreadKey('T1', 'C2'), '1700000000.000100');
    const ctx = (channel: string, thread: string) => ({ turn: { key: { platform: 'slack', workspace: 'T1', channel, thread } }, store: kv }) as never;
    await slackLatestModule.forget!(ctx('C1', '1700000000.000999'));
    expect(store.has(latestThreadKey('T1', 'C1'))).toBe(true); // another thread is the latest
    await slackLatestModule.forget!(ctx('C1', '1700000000.000100'));
    expect(store.has(latestThreadKey('T1', 'C1'))).toBe(false);
    expect(store.has(latestThreadKey('T1', 'C2'))).toBe(true);
  });
});
