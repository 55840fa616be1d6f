import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../src/config.ts';
import { runDoctor } from '../src/commands/doctor.ts';
import { testRedisUrl } from './support/redis.ts';

// A gateway that repeats what it was sent: doctor must not carry the key to stdout.

const KEY = 'gw-secret-4f9a1c7e2b';
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** Answers every request with status and a body echoing its Authorization header. */
async function echoServer(status: number, body: (auth: string) => string): Promise<string> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'application/json' }).end(body(String(req.headers.authorization ?? ''))));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function doctor(env: Record<string, string>) {
  const config = ConfigSchema.parse({ LOG_LEVEL: 'silent', ...env });
  let out = '';
  const code = await runDoctor(config, { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream);
  return { code, out };
}

describe('doctor never prints what a server echoes', () => {
  it('an LLM gateway that echoes the API key in its error', async () => {
    const base = await echoServer(401, (auth) => JSON.stringify({ error: { message: `Invalid credentials: ${auth} (key ${auth.replace(/^Bearer /, '')})`, type: 'auth' } }));
    const { code, out } = await doctor({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${base}/v1`, OPENAI_MODEL: 'm' });
    expect(code).toBe(1);
    expect(out).toMatch(/✗ AI summariser: .*did not answer a test read/);
    expect(out).not.toContain(KEY);
    expect(out).not.toContain(KEY.slice(3, 15));
  });

  it('a Slack API stand-in that echoes the bot token in its error code', async () => {
    const token = 'xoxb-1111-2222-echoedtoken';
    const base = await echoServer(200, (auth) => JSON.stringify({ ok: false, error: `invalid_auth ${auth}` }));
    const { out } = await doctor({ SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: 'shh-signing', SLACK_API_URL: `${base}/api/` });
    expect(out).toMatch(/✗ Slack: Slack refused the bot token \(invalid_auth/);
    expect(out).not.toContain(token);
    expect(out).not.toContain('echoedtoken');
  });

  it('a Redis URL password never shows, and the mode and persistence are named', async () => {
    const url = new URL(testRedisUrl());
    const { out } = await doctor({ REDIS_URL: url.toString() });
    expect(out).toMatch(/Storage: Redis [\d.]+ answers at .*: a single Redis node; (persistence|RDB|AOF)/);

    url.password = 'pw-never-shown';
    url.port = '1';
    const down = await doctor({ REDIS_URL: url.toString() });
    expect(down.out).toMatch(/✗ Storage: Redis at .* does not answer/);
    expect(down.out).not.toContain('pw-never-shown');
  });
});
