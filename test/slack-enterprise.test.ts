import { afterEach, describe, expect, it } from 'vitest';
import { classify } from '../src/adapters/slack/parse.ts';
import { scopeOf } from '../src/adapters/slack/scope.ts';
import { createCheckinModule } from '../src/checkins/module.ts';
import { keys, loadTeam, teamIdOf } from '../src/checkins/store.ts';
import { text } from '../src/core/reply.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId, legacyConversationId, parseConversationId, type ConversationKey } from '../src/core/turn.ts';
import { startSlackStack } from './support/slack-stack.ts';
import { makeEngine } from './support/engine.ts';
import { deleteKeys } from './support/redis.ts';
import { BOT, commandBody, eventBody, mention, message, postSigned, TEAM } from './slack-support.ts';

// Enterprise Grid: a conversation's key names the org where Slack sends one, the ids come
// from the installation's own authorization (not a shared channel's originator), and a
// conversation begun before keys named the org carries on where it was.

const ORG = 'E0GRID';
const C = 'C0GRID';

describe('which installation a payload belongs to', () => {
  it('takes the authorization over a shared channel originator', () => {
    const s = scopeOf({ team_id: 'T0OTHER', enterprise_id: 'E0OTHER', authorizations: [{ team_id: TEAM, enterprise_id: ORG, user_id: BOT }], event: { team: 'T0OTHER' } });
    expect(s).toEqual({ team: TEAM, enterprise: ORG });
  });

  it('in a shared channel, an install outside any org has no enterprise even when the originator has one', () => {
    expect(scopeOf({ team_id: 'T0OTHER', enterprise_id: 'E0OTHER', authorizations: [{ team_id: TEAM, enterprise_id: null, user_id: BOT }] })).toEqual({ team: TEAM });
  });

  it('an org-wide install names the workspace in context_team_id', () => {
    const s = scopeOf({ team_id: 'E0GRID', context_team_id: 'T0WS', enterprise_id: ORG, authorizations: [{ team_id: null, enterprise_id: ORG, is_enterprise_install: true }] });
    expect(s).toEqual({ team: 'T0WS', enterprise: ORG });
  });

  it('a press from an org-wide install with no team uses the enterprise and the presser workspace', () => {
    expect(scopeOf({ type: 'block_actions', team: null, enterprise: { id: ORG }, user: { id: 'U1', team_id: 'T0WS' } })).toEqual({ team: 'T0WS', enterprise: ORG });
    // On Grid, user.team_id may name the org itself: that is no workspace to key by.
    expect(scopeOf({ type: 'block_actions', team: null, enterprise: { id: ORG }, user: { id: 'U1', team_id: ORG } })).toEqual({ enterprise: ORG });
  });

  it('a slash command carries enterprise_id beside team_id', () => {
    const body = Object.fromEntries(new URLSearchParams(commandBody({ channel: C, user: 'U1', text: 'summary' })));
    const inbound = classify({ ...body, enterprise_id: ORG });
    expect(inbound).toMatchObject({ kind: 'command', team: TEAM, enterprise: ORG });
  });

  it('a mention, a thread reply and an edit all key the conversation by org', () => {
    const extra = { enterprise_id: ORG, authorizations: [{ team_id: TEAM, enterprise_id: ORG, user_id: BOT, is_bot: true }] };
    const m = classify(JSON.parse(eventBody(mention({ channel: C, user: 'U1', ts: '1.1', text: 'hi' }), extra)) as Record<string, unknown>);
    const r = classify(JSON.parse(eventBody(message({ channel: C, user: 'U1', ts: '1.2', thread_ts: '1.1', text: 'a bakery' }), extra)) as Record<string, unknown>);
    const e = classify(
      JSON.parse(eventBody({ type: 'message', subtype: 'message_changed', channel: C, ts: '1.3', channel_type: 'channel', message: { user: 'U1', ts: '1.2', thread_ts: '1.1', text: 'a bike shop' }, previous_message: { user: 'U1', ts: '1.2', text: 'a bakery' } }, extra)) as Record<string, unknown>,
    );
    for (const inbound of [m, r, e]) expect(inbound.kind === 'turn' && inbound.turn.key).toEqual({ platform: 'slack', workspace: TEAM, channel: C, thread: '1.1', enterprise: ORG });
  });
});

describe('conversation ids with an enterprise', () => {
  const key: ConversationKey = { platform: 'slack', workspace: 'T:1', channel: C, thread: '1.1', enterprise: 'E:9' };

  it('round-trip, and keep the workspace prefix that listings use', () => {
    const id = conversationId(key);
    expect(parseConversationId(id)).toEqual(key);
    expect(id.startsWith(`slack:${encodeURIComponent('T:1')}:`)).toBe(true);
    expect(legacyConversationId(key)).toBe(conversationId({ ...key, enterprise: undefined }));
    expect(legacyConversationId({ ...key, enterprise: undefined })).toBeUndefined();
  });

  it('a conversation known only by its old id is active, and a new one is not', async () => {
    const old = conversationId({ ...key, enterprise: undefined });
    const { engine, stores, prefix } = await makeEngine('redis', { modules: [{ name: 'probe', commands: [], active: async (c) => c === old }] });
    try {
      expect(await engine.isActive(key)).toBe(true);
      expect(await engine.isActive({ ...key, thread: '2.2' })).toBe(false);
    } finally {
      await deleteKeys(prefix);
      await stores.close();
    }
  });
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function setup() {
  const { slack, stores, adapter, engine, url } = await startSlackStack(closers, {
    name: 'grid',
    thinkingAfterMs: 800,
    modules: [createCheckinModule({ charts: false, cohort: { channels: [], admins: [] } })],
  });
  const root = slack.nextTs();
  let n = 0;
  const nextTs = () => `${root.split('.')[0]}.${String(800_000 + ++n)}`;
  const grid = { enterprise_id: ORG, authorizations: [{ team_id: TEAM, enterprise_id: ORG, user_id: BOT, is_bot: true }] };
  const send = async (event: Record<string, unknown>, org: boolean) => {
    await postSigned(url, eventBody(event, org ? grid : {}));
    await adapter.idle();
  };
  const key = (org: boolean): ConversationKey => ({ platform: 'slack', workspace: TEAM, channel: C, thread: root, ...(org ? { enterprise: ORG } : {}) });
  const session = async (org: boolean) => {
    const stored = await stores.kv.get(sessionKey(conversationId(key(org))));
    return stored === undefined ? undefined : Session.parse(stored);
  };
  return { slack, stores, adapter, engine, root, nextTs, send, key, session };
}

describe('Enterprise Grid through the real Slack route', () => {
  it('a design begun in an org is stored under the org key and continues from a thread reply', async () => {
    const s = await setup();
    await s.send(mention({ channel: C, user: 'U0MAYA', ts: s.root, text: '' }), true);
    await s.send(message({ channel: C, user: 'U0MAYA', ts: s.nextTs(), thread_ts: s.root, text: 'We run a bike repair subscription for commuters, €15 a month.' }), true);
    const stored = await s.session(true);
    expect(stored?.design.business.description).toMatch(/bike repair/i);
    expect(await s.session(false)).toBeUndefined();
  });

  it('a design begun before keys named the org carries on under its old key', async () => {
    const s = await setup();
    // What the previous version stored: the same thread, keyed without the org.
    await s.send(mention({ channel: C, user: 'U0MAYA', ts: s.root, text: '' }), false);
    const before = await s.session(false);
    expect(before).toBeDefined();
    await s.send(message({ channel: C, user: 'U0MAYA', ts: s.nextTs(), thread_ts: s.root, text: 'We run a bike repair subscription for commuters, €15 a month.' }), true);
    expect((await s.session(false))?.design.business.description).toMatch(/bike repair/i);
    expect(await s.session(true)).toBeUndefined();
    // The reply went into the same thread.
    expect(s.slack.messages().filter((m) => m.thread_ts === s.root).length).toBeGreaterThan(1);
  });

  it('a check-in channel remembers its org, so the check-in thread has the key its replies carry', async () => {
    const s = await setup();
    await s.send(mention({ channel: C, user: 'U0MAYA', ts: s.root, text: 'checkin every monday 9am Europe/Berlin' }), true);
    const team = await loadTeam(s.stores.kv, teamIdOf(s.key(true)));
    expect(team?.team).toEqual({ platform: 'slack', workspace: TEAM, channel: C, enterprise: ORG });
    const thread = await s.adapter.messenger.startThread(team!.team, [text('How is retention going?')]);
    expect(thread).toMatchObject({ workspace: TEAM, channel: C, enterprise: ORG });
    await s.stores.kv.set(keys.thread(conversationId(thread)), { marker: true });
    expect(await s.engine.isActive({ ...thread })).toBe(true);
    expect(await s.engine.isActive({ ...thread, enterprise: undefined })).toBe(false);
  });

  it('a plain reply in a thread the bot never joined stays ignored, org or not', async () => {
    const s = await setup();
    await s.send(message({ channel: C, user: 'U0MAYA', ts: s.nextTs(), thread_ts: s.root, text: 'lunch?' }), true);
    expect(s.slack.messages()).toHaveLength(0);
  });
});
