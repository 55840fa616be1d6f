import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../src/adapters/slack/index.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import { silentLogger } from '../src/log.ts';
import { makeEngine, TWO_SEGMENT_SCRIPT } from './support/engine.ts';
import { createCheckinModule } from '../src/checkins/module.ts';
import { deleteKeys, uniquePrefix } from './support/redis.ts';
import { serveRoutes } from './support/doubles.ts';
import { BOT, eventBody, FakeSlack, mention, message, postSigned, pressBody, slackConfig, TEAM } from './slack-support.ts';

// Routing through the real Slack route, Redis behind it and the Web API faked: which
// question a press answers, the open check-in's own words, and a finished thread's quiet.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const FORM = { contentType: 'application/x-www-form-urlencoded' };
const C = 'C0ROUTE';

async function setup(replicas = 1) {
  const slack = await new FakeSlack().start();
  closers.push(() => slack.stop());
  const prefix = uniquePrefix('route');
  const all: { stores: Awaited<ReturnType<typeof makeEngine>>['stores']; adapter: ReturnType<typeof createSlackAdapter>; send: (body: string, o?: Parameters<typeof postSigned>[2]) => ReturnType<typeof postSigned> }[] = [];
  for (let i = 0; i < replicas; i++) {
    // Each replica has its own engine and Redis connections: two processes sharing Redis.
    const { engine, stores } = await makeEngine('redis', { prefix, modules: [createCheckinModule({ charts: false, cohort: { channels: [], admins: [] } })] });
    const adapter = createSlackAdapter({ config: slackConfig(slack.url), engine, once: stores.once, kv: stores.kv, log: silentLogger });
    const server = await serveRoutes(adapter.routes, silentLogger);
    closers.push(async () => {
      await adapter.stop();
      await server.close();
      await deleteKeys(prefix);
      await stores.close();
    });
    const url = `${server.url}/slack/events`;
    all.push({ stores, adapter, send: (body: string, o: Parameters<typeof postSigned>[2] = {}) => postSigned(url, body, o) });
  }
  const idle = () => Promise.all(all.map((r) => r.adapter.idle()));
  const a = all[0]!;
  const root = slack.nextTs();
  let n = 0;
  const nextTs = () => `${root.split('.')[0]}.${String(700_000 + ++n)}`;
  const key = { platform: 'slack' as const, workspace: TEAM, channel: C, thread: root };
  const session = async () => Session.parse(await a.stores.kv.get(sessionKey(conversationId(key))));
  const say = async (text: string) => {
    await a.send(eventBody(message({ channel: C, user: 'U0MAYA', ts: nextTs(), thread_ts: root, text })));
    await idle();
  };
  const start = async (text: string) => {
    await a.send(eventBody(mention({ channel: C, user: 'U0MAYA', ts: root, text })));
    await idle();
  };
  const lastWithButtons = () => [...slack.messages()].reverse().find((m) => JSON.stringify(m.blocks).includes('"actions"'))!;
  const pressOn = (m: ReturnType<typeof lastWithButtons>, value: string, user = 'U0LEO') =>
    pressBody({ channel: C, user, message: { ts: m.ts, thread_ts: m.thread_ts, blocks: m.blocks }, value });
  return { slack, all, a, idle, root, say, start, session, lastWithButtons, pressOn };
}

/** Answers up to the second segment's expectations question, which has high/medium/low buttons. */
async function toTouchCard(t: Awaited<ReturnType<typeof setup>>) {
  await t.start(TWO_SEGMENT_SCRIPT[0]!);
  for (const line of TWO_SEGMENT_SCRIPT.slice(1, 9)) await t.say(line);
  const card = t.lastWithButtons();
  expect(JSON.stringify(card.blocks)).toContain(':q=expectations.');
  return card;
}

const updates = (slack: FakeSlack) => slack.of('chat.update').map((u) => JSON.stringify(u.args));

describe('a press answers the question it was shown for, once', () => {
  it('a typed answer, then a press of the old card: refused on the card, nothing changes', async () => {
    const t = await setup();
    const card = await toTouchCard(t);
    await t.say(TWO_SEGMENT_SCRIPT[9]!);
    const before = await t.session();
    const posts = t.slack.of('chat.postMessage').length;
    await t.a.send(t.pressOn(card, 'high'), FORM);
    await t.idle();
    const after = await t.session();
    expect(after.history).toHaveLength(before.history.length);
    expect(after.design).toEqual(before.design);
    expect(after.cursor).toEqual(before.cursor);
    // Said in place, on the pressed card; nothing new in the thread.
    expect(t.slack.of('chat.postMessage')).toHaveLength(posts);
    const last = t.slack.of('chat.update').at(-1)!;
    expect(last.args.ts).toBe(card.ts);
    expect(JSON.stringify(last.args)).toContain('no longer open');
    expect(JSON.stringify(last.args)).not.toContain('"actions"');
  });

  it('a press of a card from an earlier question (a stale press) changes nothing', async () => {
    const t = await setup();
    await t.start(TWO_SEGMENT_SCRIPT[0]!);
    for (const line of TWO_SEGMENT_SCRIPT.slice(1, 3)) await t.say(line);
    const early = t.lastWithButtons(); // the first segment's expectations card
    for (const line of TWO_SEGMENT_SCRIPT.slice(3, 9)) await t.say(line);
    const before = await t.session();
    await t.a.send(t.pressOn(early, 'high'), FORM);
    await t.idle();
    const after = await t.session();
    expect(after.history).toHaveLength(before.history.length);
    expect(after.design).toEqual(before.design);
    expect(updates(t.slack).at(-1)).toContain('no longer open');
  });

  it('the same card pressed at once on two replicas sharing Redis: taken once, refused once', async () => {
    const t = await setup(2);
    const card = await toTouchCard(t);
    const before = await t.session();
    await Promise.all([t.all[0]!.send(t.pressOn(card, 'high', 'U0LEO'), FORM), t.all[1]!.send(t.pressOn(card, 'low', 'U0MAYA'), FORM)]);
    await t.idle();
    const after = await t.session();
    expect(after.history).toHaveLength(before.history.length + 1);
    const onCard = t.slack.of('chat.update').filter((u) => u.args.ts === card.ts).map((u) => JSON.stringify(u.args));
    expect(onCard).toHaveLength(2);
    expect(onCard.filter((u) => u.includes('no longer open'))).toHaveLength(1);
    const chosen = onCard.find((u) => u.includes('chose'))!;
    // What the card says was chosen is what the design recorded.
    const touch = after.design.segments[1]!.expected.touch;
    expect(chosen).toContain(touch === 'high' ? 'High' : 'Low');
  });
});

describe('the open check-in keeps its own words', () => {
  it('help, skip and back inside an open check-in are the check-in’s, not the design’s', async () => {
    const t = await setup();
    // A design under way in the thread: its own skip/back/help must not take these.
    await t.start(TWO_SEGMENT_SCRIPT[0]!);
    await t.say(TWO_SEGMENT_SCRIPT[1]!);
    const design = await t.session();
    await t.say('checkin now');
    const texts = () => t.slack.messages().map((m) => JSON.stringify(m.blocks ?? m.text));
    expect(texts().join()).toContain("retention check-in");
    await t.say('help');
    expect(texts().at(-1)).toContain('This is a check-in');
    await t.say('skip');
    expect(texts().at(-1)).toContain('What did your numbers do?');
    await t.say('back');
    const backed = texts().slice(-2).join();
    expect(backed).toContain('Back one question');
    expect(backed).toContain('keep customers');
    // The design did not move.
    const after = await t.session();
    expect(after.cursor).toEqual(design.cursor);
    expect(after.history).toHaveLength(design.history.length);
  });

  it('a check-in command that does not parse gets the usage and is never stored as an answer', async () => {
    const t = await setup();
    await t.start('checkin weekly on friday at 4pm');
    const last = JSON.stringify(t.slack.messages().at(-1));
    expect(last).toContain("couldn't read that check-in command");
    expect(last).toContain('checkin every');
    const key = { platform: 'slack' as const, workspace: TEAM, channel: C, thread: t.root };
    const stored = Session.safeParse(await t.a.stores.kv.get(sessionKey(conversationId(key))));
    expect(stored.success ? stored.data.design.business.description : null).toBeNull();
  });
});

describe('a finished design stays quiet unless called', () => {
  it('chatter in a finished thread gets no reply; a mention still does', async () => {
    const t = await setup();
    await t.start(TWO_SEGMENT_SCRIPT[0]!);
    for (const line of TWO_SEGMENT_SCRIPT.slice(1)) await t.say(line);
    expect((await t.session()).cursor.step).toBe('done');
    const posts = t.slack.of('chat.postMessage').length;
    await t.say('lunch at 12?');
    expect(t.slack.of('chat.postMessage')).toHaveLength(posts);
    await t.say(`<@${BOT}> summary`);
    expect(t.slack.of('chat.postMessage').length).toBeGreaterThan(posts);
  });
});
