import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import type { Socket } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../src/config.ts';
import { Session } from '../src/core/session.ts';
import { silentLogger } from '../src/log.ts';
import { startServer, type RunningServer } from '../src/serve.ts';
import { createStores } from '../src/store/index.ts';
import { eventBody, FakeSlack, mention, message, postSigned, SECRET, waitFor } from './slack-support.ts';
import { root } from './support/cli.ts';
import { CHANNEL, chainReply, channelPost, postActivity, startFakeConnector } from './teams-fakes.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';
import { freePort } from './support/ports.ts';

// A `rapport serve` child acks a Slack event, shows "thinking…" while its LLM call hangs,
// and is killed (SIGKILL) before it replies. Slack will not retry an acked event, so a
// second replica's sweeper must take the message over once the dead one's claim lapses:
// the person gets the reply (in place of the orphan "thinking…") and it is stored once.
// The same for Teams, where Bot Framework never redelivers an activity it got a 200 for.


/** An LLM endpoint that accepts requests and never answers. */
async function hangingLlm() {
  const sockets = new Set<Socket>();
  const server = http.createServer(() => undefined);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let hits = 0;
  server.on('request', () => hits++);
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/v1`,
    hits: () => hits,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A `rapport serve` child process, up once /healthz answers. */
async function serveChild(env: Record<string, string>, port: number): Promise<{ child: ChildProcess; base: string }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'serve'], { cwd: root, env, stdio: 'ignore' });
  cleanups.push(() => child.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false)), 20_000);
  return { child, base };
}

async function kill(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once('exit', r)));
}

/** A serve child on the test Redis whose LLM calls hang; extra names its chat platform. */
async function serveWithHangingLlm(extra: Record<string, string>) {
  const llm = await hangingLlm();
  cleanups.push(() => llm.close());
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    REDIS_URL: testRedisUrl(),
    RAPPORT_KEY_PREFIX: prefix,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: llm.url,
    RAPPORT_LLM_DEADLINE_MS: '60000',
    OPENAI_TIMEOUT_MS: '60000',
    PORT: String(port),
    LOG_LEVEL: 'silent',
    ...extra,
  };
  return { ...(await serveChild(env, port)), llm };
}

const prefix = uniquePrefix('faultserve');
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  await deleteKeys(prefix);
  await deleteKeys(`bull-${prefix}`);
});

describe('faults: a serve replica killed between ack and reply', () => {
  it('another replica answers the acked message once, replacing the orphan "thinking…"', async () => {
    const slack = await new FakeSlack().start();
    cleanups.push(() => slack.stop());
    const { child, base, llm } = await serveWithHangingLlm({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url });

    const channel = `C${uniquePrefix().replace(/\W/g, '').slice(-8).toUpperCase()}`;
    const ts = `${Math.floor(Date.now() / 1000)}.000100`;
    const opened = await postSigned(`${base}/slack/events`, eventBody(mention({ channel, user: 'U1', ts, text: "let's work on our customer relationships" })));
    expect(opened.status).toBe(200);
    await waitFor(() => slack.messages().some((m) => m.thread_ts === ts && /business sell/.test(m.text)), 15_000);
    const asked = slack.messages().filter((m) => m.thread_ts === ts).length;
    const answerTs = `${Math.floor(Date.now() / 1000)}.000200`;
    const ack = await postSigned(`${base}/slack/events`, eventBody(message({ channel, user: 'U1', ts: answerTs, thread_ts: ts, text: 'We sell bread to cafés, hotels and caterers' })));
    expect(ack.status).toBe(200);
    // Acked; the turn hangs on the LLM and "thinking…" is up. Now the replica dies.
    await waitFor(() => llm.hits() > 0 && slack.messages().some((m) => m.thread_ts === ts && m.text === 'thinking…'), 15_000);
    // The placeholder is noted beside the claim just after it is posted.
    const stores = await createStores({ redisUrl: testRedisUrl(), prefix, log: silentLogger });
    cleanups.push(() => stores.close());
    await waitFor(async () => (await stores.kv.keys('slack:thinking:')).length > 0, 5000);
    await kill(child);
    expect(slack.messages().filter((m) => m.thread_ts === ts && m.text !== 'thinking…').length).toBe(asked);

    // A second replica, on the same Redis, without the hanging LLM.
    const config = ConfigSchema.parse({ REDIS_URL: testRedisUrl(), RAPPORT_KEY_PREFIX: prefix, SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url, PORT: '0', LOG_LEVEL: 'silent' });
    const second: RunningServer = await startServer(config, silentLogger);
    cleanups.push(() => second.stop());
    await waitFor(() => slack.messages().filter((m) => m.thread_ts === ts && m.text !== 'thinking…').length > asked, 30_000);

    const inThread = slack.messages().filter((m) => m.thread_ts === ts);
    // The orphan placeholder was replaced, not left beside the answer.
    expect(inThread.some((m) => m.text === 'thinking…')).toBe(false);
    const sessions = await stores.kv.keys('session:');
    expect(sessions).toHaveLength(1);
    const session = Session.parse(await stores.kv.get(sessions[0]!));
    expect(session.seen.filter((id) => id.includes(answerTs)).length).toBe(1);
    expect(session.design.business.description).toMatch(/bread/i);
    // Replied to once: the answers posted in the thread are not repeated.
    const texts = inThread.map((m) => m.text);
    expect(new Set(texts).size).toBe(texts.length);
  }, 60_000);

  it('Teams: another replica answers the message the dead one took after its 200, once', async () => {
    const connector = await startFakeConnector();
    cleanups.push(() => connector.close());
    const { child, base, llm } = await serveWithHangingLlm({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' });
    const post = channelPost({ serviceUrl: connector.url, text: "let's work on our customer relationships" });
    expect((await postActivity(base, post)).status).toBe(200);
    const chain = `${CHANNEL};messageid=${post.id}`;
    await waitFor(() => connector.messages(chain).some((m) => /business sell/.test(JSON.stringify(m.body))), 15_000);
    const asked = connector.messages(chain).length;

    const answer = chainReply({ serviceUrl: connector.url, root: post.id, text: 'We sell bread to cafés, hotels and caterers', mention: false });
    expect((await postActivity(base, answer)).status).toBe(200);
    // Answered 200; the turn hangs on the LLM with its claim in flight. Now the replica dies.
    const stores = await createStores({ redisUrl: testRedisUrl(), prefix, log: silentLogger });
    cleanups.push(() => stores.close());
    await waitFor(async () => llm.hits() > 0 && (await stores.kv.keys('teams:inflight:')).length > 0, 15_000);
    await kill(child);
    expect(connector.messages(chain)).toHaveLength(asked);

    // A second replica on the same Redis, without the hanging LLM.
    const config = ConfigSchema.parse({ REDIS_URL: testRedisUrl(), RAPPORT_KEY_PREFIX: prefix, TEAMS_ALLOW_UNAUTHENTICATED: 'true', PORT: '0', LOG_LEVEL: 'silent' });
    const second: RunningServer = await startServer(config, silentLogger);
    cleanups.push(() => second.stop());
    await waitFor(() => connector.messages(chain).length > asked, 30_000);
    await waitFor(async () => (await stores.kv.keys('teams:inflight:')).length === 0, 10_000);

    const sessions = await stores.kv.keys('session:');
    expect(sessions).toHaveLength(1);
    const session = Session.parse(await stores.kv.get(sessions[0]!));
    expect(session.seen.filter((id) => id === answer.id)).toHaveLength(1);
    expect(session.design.business.description).toMatch(/bread/i);
    const texts = connector.messages(chain).map((m) => JSON.stringify(m.body.attachments ?? m.body.text));
    expect(new Set(texts).size).toBe(texts.length);
  }, 60_000);
});
