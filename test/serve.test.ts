import { afterEach, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { startServer, type RunningServer } from '../src/serve.ts';
import { eventBody, FakeSlack, mention, postSigned, SECRET, waitFor } from './slack-support.ts';
import { channelPost, postActivity, startFakeConnector, type FakeConnector } from './teams-fakes.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';

let running: RunningServer | undefined;
let slack: FakeSlack | undefined;
let connector: FakeConnector | undefined;
// Its own key prefix, so a run never writes production-prefix ("rapport") keys.
const keyPrefix = uniquePrefix('serve');
afterEach(async () => {
  await running?.stop();
  await deleteKeys(keyPrefix);
  await deleteKeys(`bull-${keyPrefix}`);
  await slack?.stop();
  await connector?.close();
  running = slack = connector = undefined;
});

describe('rapport serve', () => {
  it('serves Slack and Teams from one process and port, on Redis', async () => {
    slack = await new FakeSlack().start();
    connector = await startFakeConnector();
    const config = ConfigSchema.parse({
      REDIS_URL: testRedisUrl(),
      RAPPORT_KEY_PREFIX: keyPrefix,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    running = await startServer(config, silentLogger);
    const base = `http://127.0.0.1:${running.port}`;

    const health = await fetch(`${base}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, store: 'redis', summariser: 'offline', channels: ['slack', 'teams'] });

    const channel = `C${uniquePrefix().replace(/\W/g, '').slice(-8).toUpperCase()}`;
    const ts = `${Math.floor(Date.now() / 1000)}.000100`;
    const res = await postSigned(`${base}/slack/events`, eventBody(mention({ channel, user: 'U1', ts, text: "let's work on our customer relationships" })));
    expect(res.status).toBe(200);
    await waitFor(() => slack!.calls.some((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts && /business sell/.test(JSON.stringify(c.args))));

    const post = channelPost({ serviceUrl: connector.url, text: "let's work on our customer relationships" });
    const teams = await postActivity(base, post);
    expect(teams.status).toBeLessThan(300);
    await connector.waitFor((sent) => sent.some((s) => s.body.type === 'message' && /business sell/.test(JSON.stringify(s.body))));
  });

  it('without credentials serves only /healthz', async () => {
    running = await startServer(ConfigSchema.parse({ PORT: '0', LOG_LEVEL: 'silent' }), silentLogger);
    const base = `http://127.0.0.1:${running.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${base}/api/messages`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
