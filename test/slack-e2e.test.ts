import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../src/adapters/slack/index.ts';
import { RelationshipDesign } from '../src/core/design.ts';
import type { FileReply } from '../src/core/reply.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import { silentLogger } from '../src/log.ts';
import { makeEngine, terminalKey, turn, TWO_SEGMENT_SCRIPT } from './support/engine.ts';
import { uniquePrefix } from './support/redis.ts';
import { BOT, eventBody, FakeSlack, mention, message, postSigned, pressBody, slackConfig, TEAM, waitFor } from './slack-support.ts';
import { serveRoutes } from './support/doubles.ts';
import { deleteKeys } from './support/redis.ts';

// The real engine, offline summariser and Redis stores behind the real route, with Slack's
// Web API faked at the network edge. Two adapters on one Redis stand for two replicas.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function replica(slack: FakeSlack, prefix: string) {
  const { engine, stores } = await makeEngine('redis', { prefix });
  const adapter = createSlackAdapter({ config: slackConfig(slack.url), engine, once: stores.once, kv: stores.kv, log: silentLogger });
  const server = await serveRoutes(adapter.routes, silentLogger);
  closers.push(async () => {
    await adapter.stop();
    await server.close();
    await deleteKeys(prefix);
    await stores.close();
  });
  const url = `${server.url}/slack/events`;
  return { engine, stores, adapter, url, send: (body: string, o: Parameters<typeof postSigned>[2] = {}) => postSigned(url, body, o) };
}

async function setup(replicas = 1) {
  const slack = await new FakeSlack().start();
  closers.push(() => slack.stop());
  const prefix = uniquePrefix('slack');
  const all: Awaited<ReturnType<typeof replica>>[] = [];
  for (let i = 0; i < replicas; i++) all.push(await replica(slack, prefix));
  const idle = () => Promise.all(all.map((r) => r.adapter.idle()));
  return { slack, prefix, replicas: all, a: all[0]!, idle };
}

const FORM = { contentType: 'application/x-www-form-urlencoded' };
const C = 'C0DESIGN';

/** The JSON of an uploaded file, from the raw upload body (multipart or plain). */
function uploadedJson(raw: string): unknown {
  return JSON.parse(raw.slice(raw.indexOf('{'), raw.lastIndexOf('}') + 1));
}

const withoutTime = (d: RelationshipDesign) => ({ ...d, updatedAt: 'x' });

describe('a whole design in a Slack thread', () => {
  it('mention, thread messages and button clicks give the same export json as the terminal, every message in the thread', async () => {
    const { slack, a, replicas, idle } = await setup(2);
    const b = replicas[1]!;
    const root = slack.nextTs();
    let n = 0;
    const nextTs = () => `${root.split('.')[0]}.${String(900_000 + ++n)}`;
    // What the person "says" at each step, as the terminal will be told it.
    const said: string[] = [];

    const say = async (text: string, via: 'message' | 'both' = 'message') => {
      said.push(text);
      const ts = nextTs();
      const ev = { channel: C, user: n % 2 ? 'U0MAYA' : 'U0LEO', ts, thread_ts: root };
      if (via === 'both') {
        await Promise.all([a.send(eventBody(mention({ ...ev, text }))), b.send(eventBody(message({ ...ev, text: `<@${BOT}> ${text}` })))]);
      } else {
        await (n % 2 ? a : b).send(eventBody(message({ ...ev, text })));
      }
      await idle();
    };
    const lastWithButtons = () => [...slack.messages()].reverse().find((m) => JSON.stringify(m.blocks).includes('"actions"'))!;
    const press = async (value: string) => {
      said.push(value);
      const m = lastWithButtons();
      await a.send(pressBody({ channel: C, user: 'U0LEO', message: { ts: m.ts, thread_ts: m.thread_ts, blocks: m.blocks }, value }), FORM);
      await idle();
    };
    const pickMany = async (values: string[]) => {
      said.push(values.join(', '));
      const m = lastWithButtons();
      const block = (m.blocks as { type: string; block_id: string; elements: { type: string; action_id: string; options?: { value: string; text: unknown }[] }[] }[]).find((x) =>
        x.elements?.some((e) => e.type === 'multi_static_select'),
      )!;
      const select = block.elements.find((e) => e.type === 'multi_static_select')!;
      const selected = select.options!.filter((o) => values.includes(o.value));
      const state = { values: { [block.block_id]: { [select.action_id]: { type: 'multi_static_select', selected_options: selected } } } };
      await b.send(pressBody({ channel: C, user: 'U0MAYA', message: { ts: m.ts, thread_ts: m.thread_ts, blocks: m.blocks }, value: block.block_id, state }), FORM);
      await idle();
    };

    // The mention at the top level starts the design in its own thread.
    said.push(TWO_SEGMENT_SCRIPT[0]!);
    await a.send(eventBody(mention({ channel: C, user: 'U0MAYA', ts: root, text: TWO_SEGMENT_SCRIPT[0]! })));
    await idle();
    const s = TWO_SEGMENT_SCRIPT;
    await say(s[1]!);
    await say(s[2]!);
    await say(s[3]!);
    await pickMany(['self_service', 'community']);
    await say(s[5]!, 'both');
    await say(s[6]!);
    await say(s[7]!);
    await say(s[8]!);
    await press('high');
    await say(s[10]!);
    await say(s[11]!);
    await say(s[12]!);
    await say(s[13]!);
    await say(s[14]!);
    await say('export json', 'both');

    // Slack's side: every message and file in the design thread, none at the top level.
    const posts = slack.of('chat.postMessage');
    // Every turn answered with a message, but `export json`, which is a file alone.
    expect(posts.length).toBeGreaterThanOrEqual(said.length - 1);
    for (const p of posts) expect(p.args).toMatchObject({ channel: C, thread_ts: root });
    const threadTs = new Set(posts.map((p) => p.args.ts));
    for (const u of slack.of('chat.update')) expect(threadTs.has(u.args.ts)).toBe(true);
    const completes = slack.of('files.completeUploadExternal');
    expect(completes).toHaveLength(1);
    expect(completes[0]!.args).toMatchObject({ channel_id: C, thread_ts: root });
    const fromSlack = RelationshipDesign.parse(uploadedJson(slack.uploads[0]!));

    // Who said what is kept: the history names the Slack users.
    const key = { platform: 'slack' as const, workspace: TEAM, channel: C, thread: root };
    const session = Session.parse(await a.stores.kv.get(sessionKey(conversationId(key))));
    expect(new Set(session.history.map((h) => h.author.id))).toEqual(new Set(['U0MAYA', 'U0LEO']));
    expect(session.finishedAt).not.toBeNull();

    // The terminal, told the same things, exports the same design.
    const { engine, stores } = await makeEngine('memory');
    closers.push(() => stores.close());
    const tk = terminalKey();
    let last: FileReply | undefined;
    for (const line of said) {
      const replies = await engine.handle(turn(tk, line));
      last = replies.find((r): r is FileReply => r.kind === 'file') ?? last;
    }
    const fromTerminal = RelationshipDesign.parse(JSON.parse(last!.content));
    expect(fromSlack.segments).toHaveLength(2);
    expect(fromSlack.segments[0]!.relationship.types).toEqual(expect.arrayContaining(['self_service', 'community']));
    expect(fromSlack.segments[1]!.expected.touch).toBe('high');
    expect(fromSlack.segments[1]!.cost.relationship).toEqual({ value: 300, per: 'month' });
    expect(fromSlack.findings.length).toBeGreaterThan(0);
    expect(withoutTime(fromSlack)).toEqual(withoutTime(fromTerminal));
  });
});

describe('at-most-once across replicas', () => {
  it('20 messages at once into one thread, each delivered twice to two replicas: all land, none twice', async () => {
    const { slack, replicas, idle, a } = await setup(2);
    const root = slack.nextTs();
    await a.send(eventBody(mention({ channel: C, user: 'U1', ts: root, text: 'start' })));
    await idle();
    const before = slack.of('chat.postMessage').length;
    const ids = Array.from({ length: 20 }, (_, i) => `${root.split('.')[0]}.${String(500_000 + i)}`);
    await Promise.all(
      ids.flatMap((ts, i) => {
        // Each names the bot: a finished design answers only when called.
        const body = message({ channel: C, user: `U${i}`, ts, thread_ts: root, text: `<@${BOT}> answer number ${i + 1}` });
        return [replicas[i % 2]!.send(eventBody(body)), replicas[(i + 1) % 2]!.send(eventBody(body), { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })];
      }),
    );
    await idle();
    const key = { platform: 'slack' as const, workspace: TEAM, channel: C, thread: root };
    const session = Session.parse(await a.stores.kv.get(sessionKey(conversationId(key))));
    const landed = session.seen.filter((id) => id.startsWith(`${C}:`) && id !== `${C}:${root}`);
    expect([...landed].sort()).toEqual(ids.map((ts) => `${C}:${ts}`).sort());
    const answered = slack.of('chat.postMessage').slice(before);
    expect(answered).toHaveLength(20);
    expect(answered.every((p) => p.args.thread_ts === root)).toBe(true);
  });

  it('a 429 from chat.postMessage delays the reply, which then appears once', async () => {
    const { slack, a, idle } = await setup(1);
    slack.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    const root = slack.nextTs();
    const t0 = Date.now();
    await a.send(eventBody(mention({ channel: C, user: 'U1', ts: root, text: 'hello' })));
    await idle();
    const posts = slack.of('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.at - t0).toBeGreaterThanOrEqual(990);
    expect(posts[0]!.args.thread_ts).toBe(root);
  });

  it('refused and ignored requests store nothing in Redis', async () => {
    const { slack, a, prefix, idle } = await setup(1);
    const body = eventBody(mention({ channel: C, user: 'U1', ts: '1.000001', text: 'hi' }));
    expect((await a.send(body, { secret: 'nope' })).status).toBe(401);
    expect((await a.send(body, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401);
    expect((await a.send('{not json')).status).toBe(400);
    expect((await a.send(eventBody({ type: 'pin_added', user: 'U1', ts: '1.2' }))).status).toBe(200);
    await idle();
    await waitFor(async () => true);
    expect(await a.stores.redis!.keys(`${prefix}*`)).toEqual([]);
    expect(slack.calls).toEqual([]);
  });
});
