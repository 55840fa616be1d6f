import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { rapport as run } from './support/cli.ts';
import { testRedisUrl } from './support/redis.ts';

const rapport = (args: string[], env: Record<string, string> = {}) => run(args, { env });

describe('rapport extract', () => {
  it('prints the structured result of one answer, as the chat would read it', async () => {
    const { code, out } = await rapport(['extract', 'relationship', 'docs and tutorials, plus a forum where users help each other']);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.via).toBe('offline');
    expect(result.data.types).toEqual(expect.arrayContaining(['self_service', 'community']));
  }, 30_000);

  it('explains itself when the step is unknown', async () => {
    const { code, out } = await rapport(['extract', 'pricing', 'whatever']);
    expect(code).toBe(1);
    expect(out).toMatch(/Steps: business, segments/);
  }, 30_000);
});

describe('rapport doctor', () => {
  it('with nothing configured says what is off, in plain words, and passes', async () => {
    const { code, out } = await rapport(['doctor']);
    expect(code).toBe(0);
    expect(out).toMatch(/REDIS_URL is not set/);
    expect(out).toMatch(/offline summariser/);
    expect(out).toMatch(/Slack: Not connected/);
    expect(out).toMatch(/Teams: Not connected/);
  }, 30_000);

  it('checks Redis, the LLM and Slack for real, and never prints a secret', async () => {
    const slack = http.createServer((req, res) => {
      const ok = req.headers.authorization === 'Bearer xoxb-good-token';
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { ok: true, team: 'Acme', user: 'rapport' } : { ok: false, error: 'invalid_auth' }));
    });
    await new Promise<void>((r) => slack.listen(0, '127.0.0.1', r));
    const port = (slack.address() as { port: number }).port;
    try {
      const { code, out } = await rapport(['doctor'], {
        REDIS_URL: testRedisUrl(),
        SLACK_BOT_TOKEN: 'xoxb-good-token',
        SLACK_SIGNING_SECRET: 'shh-signing',
        SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
        OPENAI_API_KEY: 'sk-test-doctor-key',
        OPENAI_BASE_URL: 'http://127.0.0.1:1/v1',
      });
      expect(out).toMatch(/✓ Storage: Redis \S+ answers/);
      expect(out).toMatch(/✓ Slack: Connected to Acme/);
      expect(out).toMatch(/✗ AI summariser: .*did not answer/);
      expect(code).toBe(1);
      for (const secret of ['xoxb-good-token', 'shh-signing', 'sk-test-doctor-key']) expect(out).not.toContain(secret);
    } finally {
      await new Promise<void>((r) => slack.close(() => r()));
    }
  }, 30_000);
});
