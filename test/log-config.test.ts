import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('logger', () => {
  it('masks secrets by field name and by shape, keeps counters', () => {
    const lines: string[] = [];
    const log = createLogger('debug', (l) => lines.push(l));
    log.info('posting with xoxb-1234-abcdef and Bearer abc.def', {
      botToken: 'xoxb-9999-secret',
      apiKey: 'sk-live-123456789',
      nested: { password: 'hunter2', note: 'key sk-abcdefghijkl here' },
      promptTokens: 42,
    });
    const out = lines.join('\n');
    for (const secret of ['xoxb-1234', 'xoxb-9999', 'sk-live', 'hunter2', 'sk-abcdefghijkl', 'abc.def']) expect(out).not.toContain(secret);
    expect(JSON.parse(lines[0]!).promptTokens).toBe(42);
  });

  it('writes nothing below its level', () => {
    const lines: string[] = [];
    createLogger('warn', (l) => lines.push(l)).info('quiet');
    expect(lines).toEqual([]);
  });
});

describe('configuration', () => {
  it('needs nothing at all', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3978);
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.LOG_LEVEL).toBe('info');
  });

  it('names the variable of a bad value and never echoes a secret', () => {
    try {
      loadConfig({ PORT: 'abc', SLACK_BOT_TOKEN: 'not-a-token-secretvalue', REDIS_URL: 'http://x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toMatch(/PORT/);
      expect(msg).toMatch(/SLACK_BOT_TOKEN: must start with xoxb-/);
      expect(msg).toMatch(/REDIS_URL/);
      expect(msg).not.toContain('secretvalue');
    }
  });

  it('asks for the tenant of a single-tenant Teams bot', () => {
    expect(() => loadConfig({ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'SingleTenant' })).toThrow(/MICROSOFT_APP_TENANT_ID/);
  });
});
