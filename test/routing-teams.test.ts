import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter, type TeamsAdapter } from '../src/adapters/teams/index.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import { silentLogger } from '../src/log.ts';
import { deleteKeys } from './support/redis.ts';
import { makeEngine, TWO_SEGMENT_SCRIPT } from './support/engine.ts';
import { BOT, CHANNEL, MAYA, TENANT, chainReply, chainSubmit, channelPost, nextId, postActivity, startFakeConnector, startRoutes, teamsConfig, type FakeConnector, type Sent } from './teams-fakes.ts';

// Routing through the real /api/messages route with Teams-shaped activities and Redis:
// a stale card press, and a group chat that only answers when called.

type Card = { body: Record<string, unknown>[]; actions?: { title: string; data: Record<string, unknown> }[] };
const cardOf = (m: Sent): Card | undefined => (m.body.attachments as { content: Card }[] | undefined)?.[0]?.content;

let connector: FakeConnector;
let server: { url: string; close(): Promise<void> };
let adapter: TeamsAdapter;
let made: Awaited<ReturnType<typeof makeEngine>>;

beforeEach(async () => {
  connector = await startFakeConnector();
  made = await makeEngine('redis');
  adapter = createTeamsAdapter({ config: teamsConfig(), engine: made.engine, kv: made.stores.kv, once: made.stores.once, log: silentLogger });
  await adapter.start();
  server = await startRoutes(adapter.routes, silentLogger);
});

afterEach(async () => {
  await adapter.stop();
  await server.close();
  await connector.close();
  await made.stores.close();
  await deleteKeys(made.prefix);
});

const chain = (root: string) => `${CHANNEL};messageid=${root}`;
const GROUP = '19:route-group-chat@thread.v2';

/** A group chat message as Teams sends it; with mention, the bot is @-named in it. */
function groupMessage(text: string, mention: boolean) {
  return {
    type: 'message',
    channelId: 'msteams',
    serviceUrl: connector.url,
    id: nextId(),
    timestamp: new Date().toISOString(),
    from: MAYA,
    recipient: BOT,
    conversation: { id: GROUP, conversationType: 'groupChat', isGroup: true, tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    locale: 'en-US',
    ...(mention
      ? { text: `<at>${BOT.name}</at> ${text}`, textFormat: 'plain', entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] }
      : { text, textFormat: 'plain' }),
  };
}

const groupSession = () => made.stores.kv.get(sessionKey(conversationId({ platform: 'teams', workspace: TENANT, channel: GROUP, thread: 'chat' })));

describe('Teams: a card press answers only its own question', () => {
  it('a typed answer, then the old card pressed (id only in channelData.legacy.replyToId): the card says so, nothing changes', async () => {
    const post = channelPost({ serviceUrl: connector.url, text: TWO_SEGMENT_SCRIPT[0]! });
    await postActivity(server.url, post);
    await adapter.idle();
    for (const say of TWO_SEGMENT_SCRIPT.slice(1, 3)) {
      await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: say, mention: false }));
      await adapter.idle();
    }
    const card = connector.messages(chain(post.id)).filter((m) => cardOf(m)?.actions).at(-1)!;
    const low = cardOf(card)!.actions!.find((a) => a.title === 'Low touch')!;
    expect(low.data.qid).toMatch(/^expectations\./);
    await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: TWO_SEGMENT_SCRIPT[3]!, mention: false }));
    await adapter.idle();

    const key = { platform: 'teams' as const, workspace: TENANT, channel: CHANNEL, thread: post.id };
    const before = Session.parse(await made.stores.kv.get(sessionKey(conversationId(key))));
    const posted = connector.messages().length;
    await postActivity(server.url, chainSubmit({ serviceUrl: connector.url, root: post.id, value: low.data, legacyCardId: 'card-77' }));
    await adapter.idle();
    const after = Session.parse(await made.stores.kv.get(sessionKey(conversationId(key))));
    expect(after.history).toHaveLength(before.history.length);
    expect(after.design).toEqual(before.design);
    expect(connector.messages()).toHaveLength(posted);
    const put = connector.sent.filter((s) => s.method === 'PUT').at(-1)!;
    expect(put.activityId).toBe('card-77');
    expect(JSON.stringify(put.body)).toContain('no longer open');
  });
});

describe('Teams group chat: only a call to the bot gets an answer', () => {
  it('@Rapport help lists the commands and opens no design; the next unrelated message is ignored', async () => {
    await postActivity(server.url, groupMessage('help', true));
    await adapter.idle();
    expect(JSON.stringify(connector.messages(GROUP).at(-1)!.body)).toContain('These commands work');
    expect(await groupSession()).toBeUndefined();
    const count = connector.messages(GROUP).length;
    await postActivity(server.url, groupMessage('A bakery that sells sourdough to cafés.', false));
    await adapter.idle();
    expect(connector.messages(GROUP)).toHaveLength(count);
    expect(await groupSession()).toBeUndefined();
  });

  it('a mention with text starts the design', async () => {
    await postActivity(server.url, groupMessage("let's design our customer relationships", true));
    await adapter.idle();
    expect(await groupSession()).toBeDefined();
  });
});

describe('Teams: no "typing…" for chatter the bot will not answer', () => {
  it('in a finished thread, chatter gets neither typing nor a reply; a mention gets both', async () => {
    const post = channelPost({ serviceUrl: connector.url, text: TWO_SEGMENT_SCRIPT[0]! });
    await postActivity(server.url, post);
    await adapter.idle();
    for (const say of TWO_SEGMENT_SCRIPT.slice(1)) {
      await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: say, mention: false }));
      await adapter.idle();
    }
    const key = { platform: 'teams' as const, workspace: TENANT, channel: CHANNEL, thread: post.id };
    expect(Session.parse(await made.stores.kv.get(sessionKey(conversationId(key)))).cursor.step).toBe('done');
    const typings = () => connector.sent.filter((s) => s.body.type === 'typing' && s.conversation === chain(post.id)).length;

    const before = { typing: typings(), said: connector.messages(chain(post.id)).length };
    await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: 'lunch at 12?', mention: false }));
    await adapter.idle();
    expect(typings()).toBe(before.typing);
    expect(connector.messages(chain(post.id))).toHaveLength(before.said);

    await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: 'summary' }));
    await adapter.idle();
    expect(typings()).toBe(before.typing + 1);
    expect(connector.messages(chain(post.id)).length).toBeGreaterThan(before.said);
  });
});
