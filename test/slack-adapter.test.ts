import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../src/adapters/slack/index.ts';
import { sign, verifySlackRequest } from '../src/adapters/slack/verify.ts';
import { StoreUnavailableError, type KeyValueStore, type OnceGuard } from '../src/core/ports.ts';
import type { Reply } from '../src/core/reply.ts';
import { sessionKey } from '../src/core/session.ts';
import { conversationId, type Turn } from '../src/core/turn.ts';
import { silentLogger } from '../src/log.ts';
import { createStores } from '../src/store/index.ts';
import { BOT, commandBody, eventBody, FakeSlack, mention, message, postSigned, pressBody, SECRET, slackConfig, TEAM, waitFor } from './slack-support.ts';
import { recordingEngine, serveRoutes } from './support/doubles.ts';

// The Slack adapter through its real route with a scripted engine: verification, what is
// ignored, dedupe, ack-first, threads, commands, buttons, files, rate limits, Home.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

type Script = (t: Turn) => Reply[] | Promise<Reply[]>;

async function setup(script: Script = (t) => [{ kind: 'text', text: `you said **${t.text}**` }], opts: { thinkingAfterMs?: number; once?: OnceGuard; kv?: (real: KeyValueStore) => KeyValueStore } = {}) {
  const slack = await new FakeSlack().start();
  const stores = await createStores({ log: silentLogger });
  const { engine, turns } = recordingEngine(script, stores.kv);
  const adapter = createSlackAdapter({ config: slackConfig(slack.url), engine, once: opts.once ?? stores.once, kv: opts.kv ? opts.kv(stores.kv) : stores.kv, log: silentLogger, thinkingAfterMs: opts.thinkingAfterMs ?? 60_000 });
  const server = await serveRoutes(adapter.routes, silentLogger);
  closers.push(async () => {
    await adapter.stop();
    await server.close();
    await slack.stop();
    await stores.close();
  });
  const url = `${server.url}/slack/events`;
  const send = (body: string, o: Parameters<typeof postSigned>[2] = {}) => postSigned(url, body, o);
  const sendEvent = async (event: Record<string, unknown>, o: Parameters<typeof postSigned>[2] = {}) => {
    const res = await send(eventBody(event), o);
    await adapter.idle();
    return res;
  };
  return { slack, stores, turns, adapter, url, send, sendEvent };
}

describe('verify', () => {
  const body = Buffer.from('{"a":1}');
  const now = 1_700_000_000_000;
  const ts = now / 1000;
  const headers = (sig: string, t = ts) => ({ 'x-slack-request-timestamp': String(t), 'x-slack-signature': sig });
  it('accepts Slack v0 signatures within five minutes', () => {
    expect(verifySlackRequest({ signingSecret: SECRET, headers: headers(sign(SECRET, ts, body)), body, nowMs: now })).toEqual({ ok: true });
    expect(verifySlackRequest({ signingSecret: SECRET, headers: headers(sign(SECRET, ts - 299, body), ts - 299), body, nowMs: now }).ok).toBe(true);
  });
  it('refuses a wrong secret, a changed body, a stale or missing timestamp', () => {
    expect(verifySlackRequest({ signingSecret: SECRET, headers: headers(sign('other', ts, body)), body, nowMs: now })).toMatchObject({ ok: false, reason: 'bad signature' });
    expect(verifySlackRequest({ signingSecret: SECRET, headers: headers(sign(SECRET, ts, body)), body: Buffer.from('{"a":2}'), nowMs: now }).ok).toBe(false);
    expect(verifySlackRequest({ signingSecret: SECRET, headers: headers(sign(SECRET, ts - 301, body), ts - 301), body, nowMs: now })).toMatchObject({ reason: 'stale timestamp' });
    expect(verifySlackRequest({ signingSecret: SECRET, headers: {}, body, nowMs: now }).ok).toBe(false);
    expect(verifySlackRequest({ signingSecret: SECRET, headers: headers('v0=short'), body, nowMs: now }).ok).toBe(false);
  });
});

describe('POST /slack/events: what is refused or ignored', () => {
  it('answers the url_verification challenge', async () => {
    const { send } = await setup();
    const res = await send(JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'abc123' }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: 'abc123' });
  });

  it('bad signature, stale timestamp, malformed JSON, unknown payload: the right status, nothing stored or sent', async () => {
    const { send, sendEvent, stores, turns, slack, adapter } = await setup();
    const body = eventBody(mention({ channel: 'C1', user: 'U1', ts: '1.1', text: 'hi' }));
    expect((await send(body, { secret: 'wrong' })).status).toBe(401);
    expect((await send(body, { signature: 'v0=00' })).status).toBe(401);
    expect((await send(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect((await send('{"type": "event_callback", ')).status).toBe(400);
    expect((await send('[1,2]')).status).toBe(400);
    expect((await send('payload=%7Bnot-json', { contentType: 'application/x-www-form-urlencoded' })).status).toBe(400);
    // A payload type Slack adds later is acknowledged and dropped too (a 400 makes Slack retry it).
    expect((await send(JSON.stringify({ type: 'something_new' }))).status).toBe(200);
    expect((await send(JSON.stringify({ no: 'type' }))).status).toBe(400);
    // An event type Rapport does not subscribe to is acknowledged (else Slack retries) and dropped.
    expect((await sendEvent({ type: 'reaction_added', user: 'U1', ts: '1.2' })).status).toBe(200);
    await adapter.idle();
    expect(turns).toHaveLength(0);
    expect(slack.calls).toHaveLength(0);
    expect(await stores.kv.keys('')).toEqual([]);
  });

  it('ignores its own and other bots, edits, deletes, joins and top-level chatter', async () => {
    const { sendEvent, turns, slack } = await setup();
    const c = 'C1';
    await sendEvent({ ...message({ channel: c, user: BOT, ts: '2.1', text: 'mine', thread_ts: '2.0' }) });
    await sendEvent({ ...message({ channel: c, user: 'U9', ts: '2.2', text: 'bot', thread_ts: '2.0' }), bot_id: 'B1' });
    await sendEvent({ ...message({ channel: c, user: 'U9', ts: '2.3', text: 'bot' }), subtype: 'bot_message', bot_id: 'B2' });
    await sendEvent({ type: 'message', subtype: 'message_changed', channel: c, ts: '2.4', message: { user: 'U1', text: 'edited', ts: '2.0' } });
    await sendEvent({ type: 'message', subtype: 'message_deleted', channel: c, ts: '2.5', deleted_ts: '2.0' });
    await sendEvent({ ...message({ channel: c, user: 'U1', ts: '2.6', text: '<@U1> has joined' }), subtype: 'channel_join' });
    await sendEvent(message({ channel: c, user: 'U1', ts: '2.7', text: 'just chatting' }));
    await sendEvent({ ...mention({ channel: c, user: 'U9', ts: '2.8', text: 'hi' }), bot_id: 'B3' });
    expect(turns).toHaveLength(0);
    expect(slack.calls).toHaveLength(0);
  });
});

describe('threads', () => {
  it('acks before the engine runs, strips the mention, records the user and answers in the thread', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { send, turns, slack, adapter } = await setup(async (t) => {
      await gate;
      return [{ kind: 'text', text: `hello **${t.author.id}**` }];
    });
    const res = await send(eventBody(mention({ channel: 'C1', user: 'U1', ts: '10.1', text: "let's work on relationships &amp; more" })));
    expect(res.status).toBe(200);
    await waitFor(() => turns.length === 1);
    expect(slack.of('chat.postMessage')).toHaveLength(0); // the engine is still working
    release();
    await adapter.idle();
    expect(turns[0]).toMatchObject({ key: { platform: 'slack', workspace: TEAM, channel: 'C1', thread: '10.1' }, author: { id: 'U1' }, text: "let's work on relationships & more" });
    const [post] = slack.of('chat.postMessage');
    expect(post!.args).toMatchObject({ channel: 'C1', thread_ts: '10.1' });
    expect(JSON.stringify(post!.args.blocks)).toContain('hello *U1*');
  });

  it('continues a thread only when it has a session; DMs always', async () => {
    const { sendEvent, turns, slack, stores } = await setup();
    await sendEvent(message({ channel: 'C1', user: 'U1', ts: '20.2', text: 'no session here', thread_ts: '20.1' }));
    expect(turns).toHaveLength(0);
    await stores.kv.set(sessionKey(conversationId({ platform: 'slack', workspace: TEAM, channel: 'C1', thread: '20.1' })), { v: 1 });
    await sendEvent(message({ channel: 'C1', user: 'U2', ts: '20.3', text: 'now there is', thread_ts: '20.1' }));
    expect(turns.map((t) => [t.text, t.author.id])).toEqual([['now there is', 'U2']]);
    expect(slack.of('chat.postMessage')[0]!.args.thread_ts).toBe('20.1');

    await sendEvent(message({ channel: 'D1', user: 'U3', ts: '30.1', text: 'hello in a DM', channel_type: 'im' }));
    expect(turns[1]).toMatchObject({ key: { channel: 'D1', thread: 'dm' }, text: 'hello in a DM' });
    const dmPost = slack.of('chat.postMessage')[1]!;
    expect(dmPost.args.channel).toBe('D1');
    expect(dmPost.args.thread_ts).toBeUndefined();
  });

  it('one reply for a retried delivery, a duplicate event_id, and app_mention + message of one ts', async () => {
    const { send, adapter, turns, slack, stores } = await setup();
    const body = eventBody(mention({ channel: 'C1', user: 'U1', ts: '40.1', text: 'start' }));
    await Promise.all([send(body), send(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }), send(body)]);
    await adapter.idle();
    expect(turns).toHaveLength(1);

    await stores.kv.set(sessionKey(conversationId({ platform: 'slack', workspace: TEAM, channel: 'C1', thread: '40.1' })), { v: 1 });
    const inThread = { channel: 'C1', user: 'U2', ts: '40.2', text: 'a mention inside the thread', thread_ts: '40.1' };
    await Promise.all([send(eventBody(message({ ...inThread, text: `<@${BOT}> ${inThread.text}` }))), send(eventBody(mention(inThread)))]);
    await adapter.idle();
    expect(turns.map((t) => t.text)).toEqual(['start', 'a mention inside the thread']);
    expect(slack.of('chat.postMessage')).toHaveLength(2);
  });

  it('a mention while Redis is down gets a clear answer, not silence', async () => {
    const down: OnceGuard = { claim: () => Promise.reject(new StoreUnavailableError('Redis (once) is unavailable')) };
    const { sendEvent, turns, slack } = await setup(undefined, { once: down });
    const res = await sendEvent(mention({ channel: 'C1', user: 'U1', ts: '45.1', text: 'start' }));
    expect(res.status).toBe(200);
    expect(turns).toHaveLength(0);
    const [post] = slack.of('chat.postMessage');
    expect(post!.args).toMatchObject({ channel: 'C1', thread_ts: '45.1' });
    expect(JSON.stringify(post!.args)).toMatch(/can't reach my storage/);
  });

  it('a failure to note the latest design thread does not cost the turn', async () => {
    const flaky = (real: KeyValueStore): KeyValueStore => ({
      ...real,
      get: (k) => real.get(k),
      keys: (p) => real.keys(p),
      delete: (k) => real.delete(k),
      set: (k, v, ttl) => (k.startsWith('slack:latest:') ? Promise.reject(new StoreUnavailableError('Redis (kv) is unavailable')) : real.set(k, v, ttl)),
    });
    const { sendEvent, turns, slack } = await setup(undefined, { kv: flaky });
    await sendEvent(mention({ channel: 'C1', user: 'U1', ts: '46.1', text: 'start' }));
    expect(turns.map((t) => t.text)).toEqual(['start']);
    expect(slack.messages().map((m) => m.text)).toEqual(['you said start']);
  });

  it('shows "thinking…" while the engine is slow and replaces it in place', async () => {
    const { sendEvent, slack } = await setup(
      async () => {
        await new Promise((r) => setTimeout(r, 100));
        return [{ kind: 'text', text: 'done thinking' }];
      },
      { thinkingAfterMs: 10 },
    );
    await sendEvent(mention({ channel: 'C1', user: 'U1', ts: '50.1', text: 'go' }));
    const [thinking] = slack.of('chat.postMessage');
    expect(thinking!.args.text).toBe('thinking…');
    expect(slack.of('chat.update')[0]!.args).toMatchObject({ ts: thinking!.args.ts, channel: 'C1' });
    expect(slack.messages().map((m) => m.text)).toEqual(['done thinking']);
  });

  it('waits out a 429 from chat.postMessage and posts once', async () => {
    const { sendEvent, slack } = await setup();
    slack.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const t0 = Date.now();
    await sendEvent(mention({ channel: 'C1', user: 'U1', ts: '60.1', text: 'go' }));
    const posts = slack.of('chat.postMessage');
    expect(slack.of('chat.postMessage!429')).toHaveLength(1);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.at - t0).toBeGreaterThanOrEqual(990);
    expect(posts[0]!.args.thread_ts).toBe('60.1');
  });
});

describe('commands, buttons, files', () => {
  it('/rapport posts a root message and continues in its thread; /rapport help acts on that thread', async () => {
    const { send, adapter, turns, slack } = await setup();
    const res = await send(commandBody({ channel: 'C7', user: 'U1', text: '' }), { contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    await adapter.idle();
    const [root, reply] = slack.of('chat.postMessage');
    expect(root!.args.thread_ts).toBeUndefined();
    expect(reply!.args.thread_ts).toBe(root!.args.ts);
    expect(turns[0]).toMatchObject({ key: { channel: 'C7', thread: root!.args.ts }, text: '', author: { id: 'U1' } });

    await send(commandBody({ channel: 'C7', user: 'U2', text: 'help' }), { contentType: 'application/x-www-form-urlencoded' });
    await adapter.idle();
    expect(turns[1]).toMatchObject({ key: { thread: root!.args.ts }, text: 'help', author: { id: 'U2' } });
    const helpPost = slack.of('chat.postMessage')[2]!;
    expect(helpPost.args).toMatchObject({ thread_ts: root!.args.ts, reply_broadcast: 'true' });
  });

  it('buttons and a multi-select become turns with the chosen value; the buttons are retired', async () => {
    const { send, sendEvent, adapter, turns, slack } = await setup((t) =>
      t.text === 'start'
        ? [
            { kind: 'choices', text: 'How much touch?', options: [{ label: 'High touch', value: 'high touch' }, { label: 'Low', value: 'low touch' }] },
            { kind: 'choices', text: 'Which types?', multi: true, options: [{ label: 'Self-service', value: 'self_service' }, { label: 'Community', value: 'community' }] },
          ]
        : [{ kind: 'text', text: `ok ${t.choice?.value}` }],
    );
    await sendEvent(mention({ channel: 'C1', user: 'U1', ts: '70.1', text: 'start' }));
    const [post] = slack.messages();
    const msg = { ts: post!.ts, thread_ts: '70.1', blocks: post!.blocks };
    await send(pressBody({ channel: 'C1', user: 'U2', message: msg, value: 'low touch' }), { contentType: 'application/x-www-form-urlencoded' });
    await adapter.idle();
    expect(turns[1]).toMatchObject({ text: 'low touch', choice: { value: 'low touch' }, author: { id: 'U2' }, key: { thread: '70.1' } });
    const retired = slack.of('chat.update')[0]!;
    expect(retired.args.ts).toBe(post!.ts);
    expect(JSON.stringify(retired.args.blocks)).toContain('chose *Low*');
    expect(JSON.stringify(retired.args.blocks)).not.toContain('"actions"');

    const multi = (post!.blocks as { type: string; block_id: string; elements: { type: string; action_id: string }[] }[]).find((b) => b.elements?.some((e) => e.type === 'multi_static_select'))!;
    const select = multi.elements.find((e) => e.type === 'multi_static_select')!;
    const state = { values: { [multi.block_id]: { [select.action_id]: { type: 'multi_static_select', selected_options: [{ text: { type: 'plain_text', text: 'Self-service' }, value: 'self_service' }, { text: { type: 'plain_text', text: 'Community' }, value: 'community' }] } } } };
    await send(pressBody({ channel: 'C1', user: 'U3', message: msg, value: multi.block_id, state }), { contentType: 'application/x-www-form-urlencoded' });
    await adapter.idle();
    expect(turns[2]).toMatchObject({ choice: { value: 'self_service, community' }, author: { id: 'U3' } });
    expect(slack.of('chat.postMessage').every((c) => c.args.thread_ts === '70.1')).toBe(true);
  });

  it('uploads an export as a file in the thread, and a confirm gets two buttons', async () => {
    const { sendEvent, slack } = await setup((t) =>
      t.text === 'export json'
        ? [{ kind: 'file', filename: 'design.json', mimeType: 'application/json', title: 'Design', content: '{"version":1}', encoding: 'utf8' }]
        : [{ kind: 'confirm', text: 'Delete everything?', confirm: { label: 'Yes, delete it all', value: 'forget confirm' }, cancel: { label: 'Cancel', value: 'forget cancel' } }],
    );
    await sendEvent(mention({ channel: 'C1', user: 'U1', ts: '80.1', text: 'export json' }));
    expect(slack.of('files.completeUploadExternal')[0]!.args).toMatchObject({ channel_id: 'C1', thread_ts: '80.1' });
    expect(slack.uploads.join()).toContain('{"version":1}');
    await sendEvent(mention({ channel: 'C1', user: 'U1', ts: '80.2', text: 'forget', thread_ts: '80.1' }));
    const blocks = JSON.stringify(slack.of('chat.postMessage')[0]!.args.blocks);
    expect(blocks).toContain('"value":"forget confirm"');
    expect(blocks).toContain('"style":"danger"');
  });
});

describe('messenger and App Home', () => {
  it('startThread posts a root and returns its key; post answers in a thread', async () => {
    const { adapter, slack } = await setup();
    const key = await adapter.messenger.startThread({ platform: 'slack', workspace: TEAM, channel: 'C5' }, [
      { kind: 'text', text: 'Check-in time' },
      { kind: 'file', filename: 'a.md', mimeType: 'text/markdown', title: 'a', content: '# a', encoding: 'utf8' },
    ]);
    const [root] = slack.of('chat.postMessage');
    expect(root!.args.thread_ts).toBeUndefined();
    expect(key).toEqual({ platform: 'slack', workspace: TEAM, channel: 'C5', thread: root!.args.ts });
    expect(slack.of('files.completeUploadExternal')[0]!.args.thread_ts).toBe(root!.args.ts);
    await adapter.messenger.post(key, [{ kind: 'text', text: 'more' }]);
    expect(slack.of('chat.postMessage')[1]!.args.thread_ts).toBe(root!.args.ts);
  });

  it('the Home tab lists the designs in channels the viewer is in', async () => {
    const { sendEvent, slack, stores } = await setup();
    const { designSession } = await import('./slack-support-session.ts');
    await stores.kv.set(sessionKey(conversationId({ platform: 'slack', workspace: TEAM, channel: 'C1', thread: '1.0' })), designSession('Seen design'));
    await stores.kv.set(sessionKey(conversationId({ platform: 'slack', workspace: TEAM, channel: 'C2', thread: '2.0' })), designSession('Hidden design'));
    slack.channelsOf.set('U1', ['C1']);
    await sendEvent({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', ts: '3.0' });
    const view = JSON.stringify(slack.of('views.publish')[0]!.args);
    expect(view).toContain('Seen design');
    expect(view).not.toContain('Hidden design');
  });
});
