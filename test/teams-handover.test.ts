import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter, TEAMS_HANDOVER, type TeamsAdapter } from '../src/adapters/teams/index.ts';
import type { Engine } from '../src/core/module.ts';
import type { OnceGuard } from '../src/core/ports.ts';
import type { Reply } from '../src/core/reply.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import { TAKEN_OVER_SAVED_TEXT } from '../src/core/storage-words.ts';
import { conversationId, type Turn } from '../src/core/turn.ts';
import { inflightKey } from '../src/http/handover.ts';
import { silentLogger } from '../src/log.ts';
import type { Stores } from '../src/store/index.ts';
import { makeEngine, TWO_SEGMENT_SCRIPT } from './support/engine.ts';
import { deleteKeys } from './support/redis.ts';
import { CHANNEL, TENANT, chainReply, channelPost, postActivity, startFakeConnector, startRoutes, teamsConfig, type FakeConnector } from './teams-fakes.ts';

// Teams claims an activity → runs it → marks it done, with a short claim kept alive while
// it runs. Bot Framework does not redeliver after a 200, so when the replica that answered
// it dies mid-turn another replica's sweeper takes the turn over. Real engine, real Redis,
// the real /api/messages route; only the connector is faked.

const HOLD = 300;
const chain = (root: string) => `${CHANNEL};messageid=${root}`;

let connector: FakeConnector;
let engine: Engine;
let stores: Stores;
let prefix: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  connector = await startFakeConnector();
  const made = await makeEngine('redis');
  ({ engine, stores, prefix } = made);
});

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  await connector.close();
  await stores.close();
  await deleteKeys(prefix);
});

/** One replica: an adapter on the shared stores behind its own HTTP server. */
async function replica(opts: { engine?: Engine; once?: OnceGuard; start?: boolean } = {}) {
  const adapter: TeamsAdapter = createTeamsAdapter({
    config: teamsConfig(),
    engine: opts.engine ?? engine,
    kv: stores.kv,
    once: opts.once ?? stores.once,
    log: silentLogger,
    streamEveryMs: 0,
    holdMs: HOLD,
    sweepEveryMs: 50,
  });
  if (opts.start !== false) await adapter.start();
  const server = await startRoutes(adapter.routes, silentLogger);
  cleanups.push(async () => {
    await adapter.stop();
    await server.close();
  });
  return { adapter, url: server.url };
}

/** An engine that runs the real one only when let through, counting calls per message. */
function gated(inner: (turn: Turn) => Promise<Reply[]>) {
  const calls = new Map<string, number>();
  let open: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  return {
    engine: {
      isActive: (key) => engine.isActive(key),
      async handle(turn) {
        calls.set(turn.messageId ?? '', (calls.get(turn.messageId ?? '') ?? 0) + 1);
        await gate;
        return inner(turn);
      },
    } as Engine,
    calls: (id: string) => calls.get(id) ?? 0,
    close: () => (gate = new Promise<void>((r) => (open = r))),
    open: () => open(),
  };
}

/** A replica whose process is gone: its claims are never kept alive, and its engine never finishes (until the test ends). */
function dying(run: (turn: Turn) => Promise<void> = async () => undefined) {
  let finish: () => void = () => undefined;
  const hung = new Promise<Reply[]>((r) => (finish = () => r([])));
  const reached: Turn[] = [];
  const once: OnceGuard = {
    claim: (key, ttl) => stores.once.claim(key, ttl),
    extend: async () => undefined,
    pending: (name) => stores.once.pending!(name),
  };
  const dead: Engine = {
    isActive: (key) => engine.isActive(key),
    async handle(turn) {
      await run(turn);
      reached.push(turn);
      return hung;
    },
  };
  return { once, engine: dead, reached, finish: () => finish() };
}

/** A replica on the shared stores whose process dies during its first turn. */
async function dyingReplica(run?: (turn: Turn) => Promise<void>) {
  const dead = dying(run);
  const first = await replica({ engine: dead.engine, once: dead.once, start: false });
  cleanups.push(async () => dead.finish());
  return { dead, first };
}

/** Waits (within the test's own timeout) until pred holds. */
async function until(pred: () => boolean): Promise<void> {
  while (!pred()) await new Promise((r) => setTimeout(r, 5));
}

async function openSession(url: string) {
  const post = channelPost({ serviceUrl: connector.url, text: TWO_SEGMENT_SCRIPT[0]! });
  expect((await postActivity(url, post)).status).toBe(200);
  await connector.waitFor(() => connector.messages(chain(post.id)).length === 1);
  return post;
}

async function sessionOf(root: string) {
  const raw = await stores.kv.get(sessionKey(conversationId({ platform: 'teams', workspace: TENANT, channel: CHANNEL, thread: root })));
  return Session.parse(raw);
}

describe('Teams handover: claim → run → done', () => {
  it('a redelivery while the claim is held is answered once', async () => {
    const g = gated((t) => engine.handle(t));
    const { adapter, url } = await replica({ engine: g.engine });
    const post = await openSession(url);
    g.close();
    const answer = chainReply({ serviceUrl: connector.url, root: post.id, text: TWO_SEGMENT_SCRIPT[1]! });
    expect((await postActivity(url, answer)).status).toBe(200);
    await until(() => g.calls(answer.id) === 1);
    // Bot Framework delivers it again while the first run is still under way.
    expect((await postActivity(url, answer)).status).toBe(200);
    g.open();
    await adapter.idle();
    expect(g.calls(answer.id)).toBe(1);
    expect(connector.messages(chain(post.id))).toHaveLength(2);
  });

  it('a redelivery after the first run finished is ignored, and nothing is left in flight', async () => {
    const { adapter, url } = await replica();
    const post = await openSession(url);
    const answer = chainReply({ serviceUrl: connector.url, root: post.id, text: TWO_SEGMENT_SCRIPT[1]! });
    expect((await postActivity(url, answer)).status).toBe(200);
    await adapter.idle();
    expect(connector.messages(chain(post.id))).toHaveLength(2);
    expect(await stores.once.pending!(TEAMS_HANDOVER).due(Date.now(), 10)).toEqual([]);
    expect(await stores.kv.keys(`${TEAMS_HANDOVER}:inflight:`)).toEqual([]);

    expect((await postActivity(url, answer)).status).toBe(200);
    await adapter.idle();
    expect(await adapter.sweep()).toBe(0);
    expect(connector.messages(chain(post.id))).toHaveLength(2);
    expect((await sessionOf(post.id)).seen.filter((id) => id === answer.id)).toHaveLength(1);
  });

  it('a replica that died after the 200 is taken over by another replica’s sweeper: one reply, stored once', async () => {
    const second = await replica();
    const post = await openSession(second.url);
    const { dead, first } = await dyingReplica();

    const answer = chainReply({ serviceUrl: connector.url, root: post.id, text: TWO_SEGMENT_SCRIPT[1]! });
    expect((await postActivity(first.url, answer)).status).toBe(200);
    // The dead replica left its in-flight record and index entry; its claim lapses unrenewed.
    await connector.waitFor(() => connector.messages(chain(post.id)).length === 2);
    await second.adapter.idle();
    expect(dead.reached).toHaveLength(1);

    const replies = connector.messages(chain(post.id));
    expect(replies).toHaveLength(2);
    expect(replies[1]!.body.text).not.toBe(TAKEN_OVER_SAVED_TEXT);
    const session = await sessionOf(post.id);
    expect(session.seen.filter((id) => id === answer.id)).toHaveLength(1);
    expect(session.design.business.description).toMatch(/project-management app/i);
    expect(await stores.kv.get(inflightKey(TEAMS_HANDOVER, `teams:activity:${TENANT}:${CHANNEL}:${answer.id}`))).toBeUndefined();
    expect(await second.adapter.sweep()).toBe(0);
  });

  it('a taken-over turn the engine answers with nothing (not stored) gets no "saved" note', async () => {
    const quiet: Engine = { isActive: (key) => engine.isActive(key), handle: async () => [] };
    const opener = await replica({ start: false });
    const post = await openSession(opener.url);
    const { dead, first } = await dyingReplica();
    const second = await replica({ engine: quiet, start: false });

    const answer = chainReply({ serviceUrl: connector.url, root: post.id, text: 'just chatting among ourselves' });
    expect((await postActivity(first.url, answer)).status).toBe(200);
    await until(() => dead.reached.length === 1);
    await new Promise((r) => setTimeout(r, HOLD * 2));
    expect(await second.adapter.sweep()).toBe(1);
    await second.adapter.idle();
    expect(connector.messages(chain(post.id))).toHaveLength(1);
    expect(await second.adapter.sweep()).toBe(0);
  });

  it('a replica that died before its 200: Bot Framework’s redelivery runs once the dead claim lapses', async () => {
    const second = await replica({ start: false });
    const post = await openSession(second.url);
    const { dead, first } = await dyingReplica();

    const answer = chainReply({ serviceUrl: connector.url, root: post.id, text: TWO_SEGMENT_SCRIPT[1]! });
    expect((await postActivity(first.url, answer)).status).toBe(200);
    await until(() => dead.reached.length === 1);
    // Redelivered while the dead claim still stands: not run twice.
    expect((await postActivity(second.url, answer)).status).toBe(200);
    // Past the hold, no heartbeat came: the next redelivery is run (not dropped for a day).
    await new Promise((r) => setTimeout(r, HOLD * 2));
    expect((await postActivity(second.url, answer)).status).toBe(200);
    await second.adapter.idle();
    const replies = connector.messages(chain(post.id));
    expect(replies).toHaveLength(2);
    expect((await sessionOf(post.id)).seen.filter((id) => id === answer.id)).toHaveLength(1);
  });

  it('a replica that died after saving but before replying: the taker-over says it is saved, once', async () => {
    const second = await replica({ start: false });
    const post = await openSession(second.url);
    let stored: () => void = () => undefined;
    const saved = new Promise<void>((r) => (stored = r));
    const { first } = await dyingReplica(async (turn) => {
      await engine.handle(turn);
      stored();
    });

    const answer = chainReply({ serviceUrl: connector.url, root: post.id, text: TWO_SEGMENT_SCRIPT[1]! });
    expect((await postActivity(first.url, answer)).status).toBe(200);
    await saved;
    // Only now does the other replica sweep: the answer is stored, the reply never went out.
    await second.adapter.start();
    await connector.waitFor(() => connector.messages(chain(post.id)).length === 2);
    await second.adapter.idle();

    const replies = connector.messages(chain(post.id));
    expect(replies).toHaveLength(2);
    expect(replies[1]!.body.text).toBe(TAKEN_OVER_SAVED_TEXT);
    const session = await sessionOf(post.id);
    expect(session.seen.filter((id) => id === answer.id)).toHaveLength(1);
    expect(session.design.business.description).toMatch(/project-management app/i);
  });
});
