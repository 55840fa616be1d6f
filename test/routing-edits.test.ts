import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../src/adapters/slack/index.ts';
import { createTeamsAdapter } from '../src/adapters/teams/index.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId, type ConversationKey } from '../src/core/turn.ts';
import { silentLogger } from '../src/log.ts';
import { makeEngine, TWO_SEGMENT_SCRIPT } from './support/engine.ts';
import { deleteKeys } from './support/redis.ts';
import { serveRoutes } from './support/doubles.ts';
import { eventBody, FakeSlack, mention, message, postSigned, slackConfig, TEAM } from './slack-support.ts';
import { BOT, CHANNEL, MAYA, TENANT, chainReply, channelPost, postActivity, startFakeConnector, teamsConfig } from './teams-fakes.ts';

// An answer edited or deleted on the platform, through the real routes with Redis: the
// design reads the edit again, or takes back what a deleted answer gave, and history says so.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const BAKERY = 'A bakery that sells sourdough bread to cafés and restaurants.';

async function engineFor() {
  const made = await makeEngine('redis');
  closers.push(async () => {
    await made.stores.close();
    await deleteKeys(made.prefix);
  });
  const session = async (key: ConversationKey) => Session.parse(await made.stores.kv.get(sessionKey(conversationId(key))));
  return { made, session };
}

/** A Slack thread on the real route and engine; ts(n) makes the n-th reply's timestamp. */
async function slackThread(C: string, base: number) {
  const slack = await new FakeSlack().start();
  closers.push(() => slack.stop());
  const { made, session } = await engineFor();
  const adapter = createSlackAdapter({ config: slackConfig(slack.url), engine: made.engine, once: made.stores.once, kv: made.stores.kv, log: silentLogger });
  const server = await serveRoutes(adapter.routes, silentLogger);
  closers.push(async () => {
    await adapter.stop();
    await server.close();
  });
  const send = (body: string) => postSigned(`${server.url}/slack/events`, body);
  const root = slack.nextTs();
  const ts = (n: number) => `${root.split('.')[0]}.${String(base + n)}`;
  const key = { platform: 'slack' as const, workspace: TEAM, channel: C, thread: root };
  return { slack, adapter, session, send, C, root, ts, key };
}

describe('Slack: message_changed and message_deleted', () => {
  it('an edited answer is read again; a deleted one is taken back; history records both', async () => {
    const { slack, adapter, session, send, C, root, ts, key } = await slackThread('C0EDITS', 800_000);
    await send(eventBody(mention({ channel: C, user: 'U0MAYA', ts: root, text: TWO_SEGMENT_SCRIPT[0]! })));
    await adapter.idle();
    for (const [i, text] of TWO_SEGMENT_SCRIPT.slice(1, 4).entries()) {
      await send(eventBody(message({ channel: C, user: 'U0MAYA', ts: ts(i + 1), thread_ts: root, text })));
      await adapter.idle();
    }
    const before = await session(key);
    expect(before.design.segments[0]!.expected.touch).toBe('low');

    // Slack's shape: the new message in `message`, the old one in `previous_message`.
    const edited = { type: 'message', subtype: 'message_changed', hidden: true, channel: C, channel_type: 'channel', ts: `${Date.now() / 1000}`,
      message: { type: 'message', user: 'U0MAYA', text: BAKERY, ts: ts(1), thread_ts: root, edited: { user: 'U0MAYA', ts: `${Date.now() / 1000}` } },
      previous_message: { type: 'message', user: 'U0MAYA', text: TWO_SEGMENT_SCRIPT[1], ts: ts(1), thread_ts: root } };
    await send(eventBody(edited));
    await adapter.idle();
    const afterEdit = await session(key);
    expect(afterEdit.design.business.description).toMatch(/bakery/i);
    expect(afterEdit.history.at(-1)!.what).toMatch(/edited/);
    expect(afterEdit.history.at(-1)!.messageId).toBe(`${C}:${ts(1)}`);
    expect(afterEdit.cursor).toEqual(before.cursor);
    expect(JSON.stringify(slack.messages().at(-1))).toContain('edited answer');

    const deleted = { type: 'message', subtype: 'message_deleted', hidden: true, channel: C, channel_type: 'channel', ts: `${Date.now() / 1000}`, deleted_ts: ts(3),
      previous_message: { type: 'message', user: 'U0MAYA', text: TWO_SEGMENT_SCRIPT[3], ts: ts(3), thread_ts: root } };
    await send(eventBody(deleted));
    await adapter.idle();
    const afterDelete = await session(key);
    expect(afterDelete.design.segments[0]!.expected.touch).toBeNull();
    expect(afterDelete.history.at(-1)!.what).toMatch(/^deleted message: .* reverted$/);
    expect(afterDelete.design.business.description).toMatch(/bakery/i);
  });
});

describe('Slack: a deleted answer that was changed since', () => {
  it('keeps the newer value and says so in history', async () => {
    const { adapter, session, send, C, root, ts, key } = await slackThread('C0KEEP', 810_000);
    await send(eventBody(mention({ channel: C, user: 'U0MAYA', ts: root, text: TWO_SEGMENT_SCRIPT[0]! })));
    await adapter.idle();
    for (const [i, text] of [TWO_SEGMENT_SCRIPT[1]!, TWO_SEGMENT_SCRIPT[2]!, 'edit business', BAKERY].entries()) {
      await send(eventBody(message({ channel: C, user: 'U0MAYA', ts: ts(i + 1), thread_ts: root, text })));
      await adapter.idle();
    }
    expect((await session(key)).design.business.description).toMatch(/bakery/i);
    const deleted = { type: 'message', subtype: 'message_deleted', hidden: true, channel: C, channel_type: 'channel', ts: `${Date.now() / 1000}`, deleted_ts: ts(1),
      previous_message: { type: 'message', user: 'U0MAYA', text: TWO_SEGMENT_SCRIPT[1], ts: ts(1), thread_ts: root } };
    await send(eventBody(deleted));
    await adapter.idle();
    const after = await session(key);
    expect(after.design.business.description).toMatch(/bakery/i);
    expect(after.history.at(-1)!.what).toMatch(/^deleted message: .* kept/);
  });
});

describe('Teams: messageUpdate and messageDelete', () => {
  it('an edited chain reply is read again; a deleted one is taken back', async () => {
    const connector = await startFakeConnector();
    closers.push(() => connector.close());
    const { made, session } = await engineFor();
    const adapter = createTeamsAdapter({ config: teamsConfig(), engine: made.engine, kv: made.stores.kv, once: made.stores.once, log: silentLogger });
    await adapter.start();
    const server = await serveRoutes(adapter.routes, silentLogger);
    closers.push(async () => {
      await adapter.stop();
      await server.close();
    });
    const post = channelPost({ serviceUrl: connector.url, text: TWO_SEGMENT_SCRIPT[0]! });
    await postActivity(server.url, post);
    await adapter.idle();
    const ids: string[] = [];
    for (const text of TWO_SEGMENT_SCRIPT.slice(1, 4)) {
      const reply = chainReply({ serviceUrl: connector.url, root: post.id, text, mention: false });
      ids.push(reply.id);
      await postActivity(server.url, reply);
      await adapter.idle();
    }
    const key = { platform: 'teams' as const, workspace: TENANT, channel: CHANNEL, thread: post.id };
    expect((await session(key)).design.segments[0]!.expected.touch).toBe('low');

    // Shapes from Teams' conversation-messages docs: the changed message's id, channelData.eventType.
    const change = (type: 'messageUpdate' | 'messageDelete', id: string, extra: Record<string, unknown>) => ({
      type,
      channelId: 'msteams',
      serviceUrl: connector.url,
      id,
      timestamp: new Date().toISOString(),
      from: MAYA,
      recipient: BOT,
      conversation: { id: `${CHANNEL};messageid=${post.id}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: '19:team-general@thread.tacv2' }, channel: { id: CHANNEL }, eventType: type === 'messageUpdate' ? 'editMessage' : 'softDeleteMessage' },
      ...extra,
    });
    expect((await postActivity(server.url, change('messageUpdate', ids[0]!, { text: BAKERY, textFormat: 'plain' }))).status).toBe(200);
    await adapter.idle();
    const afterEdit = await session(key);
    expect(afterEdit.design.business.description).toMatch(/bakery/i);
    expect(afterEdit.history.at(-1)!.what).toMatch(/edited/);

    expect((await postActivity(server.url, change('messageDelete', ids[2]!, {}))).status).toBe(200);
    await adapter.idle();
    const afterDelete = await session(key);
    expect(afterDelete.design.segments[0]!.expected.touch).toBeNull();
    expect(afterDelete.history.at(-1)!.what).toMatch(/^deleted message: .* reverted$/);
  });
});
