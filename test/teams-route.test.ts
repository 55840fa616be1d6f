import { createSign, generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter, REF_PREFIX, TeamsAuthError, type TeamsAdapter } from '../src/adapters/teams/index.ts';
import type { Reply } from '../src/core/reply.ts';
import { sessionKey } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import {
  BOT,
  CHANNEL,
  MAYA,
  OMAR,
  TENANT,
  botInstalled,
  chainExecute,
  chainReply,
  chainSubmit,
  channelPost,
  fakeEngine,
  groupMessage,
  memoryLogger,
  personalMessage,
  postActivity,
  startFakeConnector,
  startRoutes,
  teamsConfig,
  type FakeConnector,
} from './teams-fakes.ts';

// The real POST /api/messages route (no-auth test mode) with a fake engine and a local
// fake connector: what reaches the engine, and what the bot sends back.

let connector: FakeConnector;
let stores: Stores;
let server: { url: string; close(): Promise<void> };
let adapter: TeamsAdapter;
let fake: ReturnType<typeof fakeEngine>;
let log: ReturnType<typeof memoryLogger>;

async function boot(answer?: Parameters<typeof fakeEngine>[0], env: Record<string, string> = {}) {
  fake = fakeEngine(answer, stores.kv);
  log = memoryLogger();
  adapter = createTeamsAdapter({ config: teamsConfig(env), engine: fake.engine, kv: stores.kv, once: stores.once, log });
  await adapter.start();
  server = await startRoutes(adapter.routes, log);
}

beforeEach(async () => {
  connector = await startFakeConnector();
  stores = await createStores({ log: memoryLogger() });
});

afterEach(async () => {
  await adapter?.stop();
  await server?.close();
  await connector.close();
  await stores.close();
});

const chainId = (root: string) => `${CHANNEL};messageid=${root}`;

describe('Teams /api/messages with a fake engine', () => {
  it('a channel mention starts a session in that post’s reply chain; the reply goes into the chain', async () => {
    await boot();
    const post = channelPost({ serviceUrl: connector.url, text: "let's work on our customer relationships" });
    const res = await postActivity(server.url, post);
    expect(res.status).toBe(200);
    await connector.waitFor(() => connector.messages().length === 1);
    const turn = fake.turns[0]!;
    expect(turn.text).toBe("let's work on our customer relationships");
    expect(turn.author).toEqual({ id: MAYA.aadObjectId, name: MAYA.name });
    expect(turn.key).toEqual({ platform: 'teams', workspace: TENANT, channel: CHANNEL, thread: post.id });
    const typing = connector.sent.find((s) => s.body.type === 'typing')!;
    expect(typing.conversation).toBe(chainId(post.id));
    const [reply] = connector.messages();
    expect(reply!.conversation).toBe(chainId(post.id));
    expect(reply!.activityId).toBeUndefined(); // sent to the chain, not as a reply to a made-up id
    expect(reply!.body.text).toBe("you said: let's work on our customer relationships");
    expect(reply!.body.from).toMatchObject({ id: BOT.id });
    // The typing indicator goes out before the HTTP answer; the reply after.
    expect(typing.at).toBeLessThanOrEqual(reply!.at);
  });

  it('stores the conversation references by tenant, for the chain and for the channel', async () => {
    await boot();
    const post = channelPost({ serviceUrl: connector.url, text: 'hi' });
    await postActivity(server.url, post);
    await adapter.idle();
    const keys = await stores.kv.keys(`${REF_PREFIX}${TENANT}:`);
    expect(keys).toEqual([`${REF_PREFIX}${TENANT}:${CHANNEL}`, `${REF_PREFIX}${TENANT}:${chainId(post.id)}`].sort());
    const ref = await stores.kv.get<Record<string, unknown>>(`${REF_PREFIX}${TENANT}:${CHANNEL}`);
    expect(ref).toMatchObject({ serviceUrl: connector.url, conversation: { id: CHANNEL, tenantId: TENANT }, bot: { id: BOT.id }, teamsChannelId: CHANNEL });
  });

  it('ignores a redelivered activity (same id)', async () => {
    await boot();
    const post = channelPost({ serviceUrl: connector.url, text: 'hello' });
    expect((await postActivity(server.url, post)).status).toBe(200);
    expect((await postActivity(server.url, post)).status).toBe(200);
    await adapter.idle();
    expect(fake.turns).toHaveLength(1);
    expect(connector.messages()).toHaveLength(1);
  });

  it('renders choices as an Adaptive Card; Action.Submit comes back as a turn with the choice, and the card is retired', async () => {
    const question: Reply = { kind: 'choices', text: 'What kind of relationship do **designers** expect?', options: [{ label: 'High touch', value: 'high' }, { label: 'Low touch', value: 'low' }] };
    await boot((t) => (t.choice ? [{ kind: 'text', text: `chose ${t.choice.value}` }] : [question]));
    const post = channelPost({ serviceUrl: connector.url, text: 'start' });
    await postActivity(server.url, post);
    await connector.waitFor(() => connector.messages().length === 1);
    const cardMsg = connector.messages()[0]!;
    const attachment = (cardMsg.body.attachments as { contentType: string; content: Record<string, unknown> }[])[0]!;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment.content as { version: string; body: { text: string }[]; actions: { type: string; title: string; data: Record<string, unknown> }[] };
    expect(card.version).toBe('1.5');
    expect(card.body[0]!.text).toBe('What kind of relationship do **designers** expect?');
    expect(card.actions.map((a) => [a.type, a.title])).toEqual([['Action.Submit', 'High touch'], ['Action.Submit', 'Low touch']]);

    // Omar presses "Low touch": Teams sends the button's data as value, no text.
    const res = await postActivity(server.url, chainSubmit({ serviceUrl: connector.url, root: post.id, value: card.actions[1]!.data, cardId: 'card-1', from: OMAR }));
    expect(res.status).toBe(200);
    await connector.waitFor(() => connector.messages().length === 2);
    const turn = fake.turns[1]!;
    expect(turn.choice).toEqual({ value: 'low' });
    expect(turn.text).toBe('Low touch');
    expect(turn.author.id).toBe(OMAR.aadObjectId);
    expect(turn.key.thread).toBe(post.id);
    expect(connector.messages()[1]!.body.text).toBe('chose low');
    const update = connector.sent.find((s) => s.method === 'PUT')!;
    expect(update.activityId).toBe('card-1');
    expect(JSON.stringify(update.body)).toContain('Omar Diaz chose **Low touch**');
    expect(JSON.stringify(update.body)).not.toContain('Action.Submit');
  });

  it('multi-choice cards use an Input.ChoiceSet; picks come back as the options’ values joined by ", "', async () => {
    const question: Reply = { kind: 'choices', multi: true, text: 'How will you relate?', options: [{ label: 'Self-service', value: 'self_service' }, { label: 'Community, forums', value: 'communities' }, { label: 'Automated', value: 'automated' }] };
    await boot((t) => (t.choice ? [] : [question]));
    const post = channelPost({ serviceUrl: connector.url, text: 'start' });
    await postActivity(server.url, post);
    await connector.waitFor(() => connector.messages().length === 1);
    const card = (connector.messages()[0]!.body.attachments as { content: { body: Record<string, unknown>[]; actions: { data: Record<string, unknown> }[] } }[])[0]!.content;
    const set = card.body[1]!;
    expect(set).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true, id: 'rapportPick' });
    expect((set.choices as { title: string }[]).map((c) => c.title)).toEqual(['Self-service', 'Community, forums', 'Automated']);
    await postActivity(server.url, chainSubmit({ serviceUrl: connector.url, root: post.id, value: { ...card.actions[0]!.data, rapportPick: '2,1' } }));
    await adapter.idle();
    expect(fake.turns[1]!.choice).toEqual({ value: 'communities, automated' });
    expect(fake.turns[1]!.text).toBe('Community, forums, Automated');
  });

  it('Action.Execute (adaptiveCard/action invoke) is answered in the HTTP response and becomes a turn', async () => {
    await boot();
    const post = channelPost({ serviceUrl: connector.url, text: 'start' });
    await postActivity(server.url, post);
    await adapter.idle();
    const res = await postActivity(server.url, chainExecute({ serviceUrl: connector.url, root: post.id, data: { rapport: 'choice', value: 'skip', label: 'Skip', q: 'Who are they?' } }));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { statusCode: number; type: string; value: unknown };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(body.value)).toContain('Maya Chen chose **Skip**');
    await adapter.idle();
    expect(fake.turns[1]).toMatchObject({ text: 'Skip', choice: { value: 'skip' } });
  });

  it('personal chats and group chats: one conversation each; a group message without a mention only counts in a session', async () => {
    await boot();
    await postActivity(server.url, personalMessage({ serviceUrl: connector.url, text: 'hello there' }));
    await postActivity(server.url, groupMessage({ serviceUrl: connector.url, text: 'chatter', mention: false }));
    await adapter.idle();
    expect(fake.turns.map((t) => [t.key.channel, t.key.thread, t.text])).toEqual([['a:personal-chat-maya', 'chat', 'hello there']]);
    await postActivity(server.url, groupMessage({ serviceUrl: connector.url, text: 'hi Rapport' }));
    await adapter.idle();
    expect(fake.turns[1]).toMatchObject({ key: { channel: '19:group-chat@thread.v2', thread: 'chat' }, text: 'hi Rapport' });
    expect(connector.messages('19:group-chat@thread.v2')).toHaveLength(1);
  });

  it('with RSC (every channel message delivered): an unmentioned root post is ignored; an unmentioned chain reply counts only in a session', async () => {
    await boot();
    const post = channelPost({ serviceUrl: connector.url, text: 'general chatter', mention: false });
    await postActivity(server.url, post);
    await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: 'more chatter', mention: false }));
    await adapter.idle();
    expect(fake.turns).toHaveLength(0);
    expect(await stores.kv.keys(REF_PREFIX)).toEqual([]);
    // Once the chain has a session, replies there need no mention.
    const key = { platform: 'teams' as const, workspace: TENANT, channel: CHANNEL, thread: post.id };
    await stores.kv.set(sessionKey(conversationId(key)), { any: 'session' });
    await postActivity(server.url, chainReply({ serviceUrl: connector.url, root: post.id, text: 'our answer', mention: false }));
    await adapter.idle();
    expect(fake.turns.map((t) => t.text)).toEqual(['our answer']);
  });

  it('strips only the bot’s mention; other people’s mentions keep their names', async () => {
    await boot();
    const post = channelPost({ serviceUrl: connector.url, text: 'ask <at>Omar Diaz</at> about pricing' });
    ((post as { entities: unknown[] }).entities).push({ type: 'mention', text: '<at>Omar Diaz</at>', mentioned: { id: OMAR.id, name: OMAR.name } });
    await postActivity(server.url, post);
    await adapter.idle();
    expect(fake.turns[0]!.text).toBe('ask Omar Diaz about pricing');
  });

  it('messenger.startThread posts a new channel post and returns its chain; messenger.post replies in it', async () => {
    await boot();
    await postActivity(server.url, botInstalled({ serviceUrl: connector.url }));
    await adapter.idle();
    const key = await adapter.messenger.startThread({ platform: 'teams', workspace: TENANT, channel: CHANNEL }, [
      { kind: 'text', text: '**Retention check-in** for this team' },
      { kind: 'choices', text: 'Did the onboarding emails run?', options: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] },
    ]);
    const create = connector.sent.find((s) => s.method === 'POST' && s.conversation === '')!;
    expect(create.body).toMatchObject({ isGroup: true, channelData: { channel: { id: CHANNEL } }, activity: { text: '**Retention check-in** for this team' } });
    expect(key).toMatchObject({ platform: 'teams', workspace: TENANT, channel: CHANNEL });
    expect(key.thread).toMatch(/^\d+$/);
    const card = connector.messages(chainId(key.thread));
    expect(card).toHaveLength(1);
    expect(JSON.stringify(card[0]!.body)).toContain('Did the onboarding emails run?');
    await adapter.messenger.post(key, [{ kind: 'text', text: 'Thanks!' }]);
    expect(connector.messages(chainId(key.thread)).at(-1)!.body.text).toBe('Thanks!');
  });

  it('messenger.post without any stored reference fails with a clear error', async () => {
    await boot();
    await expect(adapter.messenger.post({ platform: 'teams', workspace: 'other', channel: '19:x', thread: 'chat' }, [{ kind: 'text', text: 'hi' }])).rejects.toThrow(/no stored Teams conversation reference/);
  });
});

describe('Teams malformed activities', () => {
  it('answer clearly or ignore, never crash', async () => {
    await boot();
    expect((await postActivity(server.url, 'not json')).status).toBe(400);
    expect((await postActivity(server.url, [1, 2])).status).toBe(400);
    const noConversation = { ...personalMessage({ serviceUrl: connector.url, text: 'hi' }), conversation: undefined };
    const r1 = await postActivity(server.url, noConversation);
    expect(r1.status).toBe(400);
    expect(r1.body).toMatch(/conversation/);
    const noServiceUrl = { ...personalMessage({ serviceUrl: connector.url, text: 'hi' }), serviceUrl: 'file:///etc/passwd' };
    expect((await postActivity(server.url, noServiceUrl)).status).toBe(400);
    const unknownType = { ...personalMessage({ serviceUrl: connector.url, text: 'hi' }), type: 'somethingNew' };
    expect((await postActivity(server.url, unknownType)).status).toBe(200);
    const reaction = { ...personalMessage({ serviceUrl: connector.url, text: '' }), type: 'messageReaction', reactionsAdded: [{ type: 'like' }] };
    expect((await postActivity(server.url, reaction)).status).toBe(200);
    const noSender = { ...personalMessage({ serviceUrl: connector.url, text: 'hi' }), from: undefined };
    expect((await postActivity(server.url, noSender)).status).toBe(200);
    const otherInvoke = { ...personalMessage({ serviceUrl: connector.url, text: '' }), type: 'invoke', name: 'task/fetch' };
    expect((await postActivity(server.url, otherInvoke)).status).toBe(501);
    await adapter.idle();
    expect(fake.turns).toHaveLength(0);
    // The server is still up.
    expect((await postActivity(server.url, personalMessage({ serviceUrl: connector.url, text: 'still there?' }))).status).toBe(200);
    await adapter.idle();
    expect(fake.turns.map((t) => t.text)).toEqual(['still there?']);
  });

  it('a card submit with unexpected data gets a clear answer in the conversation, not a turn', async () => {
    await boot();
    const post = channelPost({ serviceUrl: connector.url, text: 'start' });
    await postActivity(server.url, post);
    await adapter.idle();
    for (const value of [{ foo: 'bar' }, { rapport: 'choice', value: 42 }, { rapport: 'multi', values: ['a'], labels: ['A'] }, 'just a string']) {
      expect((await postActivity(server.url, chainSubmit({ serviceUrl: connector.url, root: post.id, value }))).status).toBe(200);
    }
    await adapter.idle();
    expect(fake.turns).toHaveLength(1);
    const texts = connector.messages(chainId(post.id)).slice(1).map((m) => m.body.text);
    expect(texts).toHaveLength(4);
    expect(texts[0]).toMatch(/type your answer instead/);
    expect(texts[2]).toMatch(/Pick at least one option/);
    const exec = await postActivity(server.url, chainExecute({ serviceUrl: connector.url, root: post.id, data: { nope: true } }));
    expect(exec.status).toBe(200);
    expect(JSON.parse(exec.body)).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
  });

  it('huge text reaches the engine once and is answered (the engine decides what is too long)', async () => {
    await boot((t) => [{ kind: 'text', text: `got ${t.text.length} characters` }]);
    const res = await postActivity(server.url, personalMessage({ serviceUrl: connector.url, text: 'x'.repeat(200_000) }));
    expect(res.status).toBe(200);
    await adapter.idle();
    expect(connector.messages()[0]!.body.text).toBe('got 200000 characters');
  });
});

describe('Teams authentication', () => {
  it('with credentials set, a request without a valid token is rejected and nothing is stored', async () => {
    await boot(undefined, { TEAMS_ALLOW_UNAUTHENTICATED: 'false', MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001', MICROSOFT_APP_PASSWORD: 'not-a-real-secret' });
    const post = channelPost({ serviceUrl: connector.url, text: 'hello' });
    const res = await postActivity(server.url, post);
    expect(res.status).toBe(401);
    await adapter.idle();
    expect(fake.turns).toHaveLength(0);
    expect(connector.sent).toHaveLength(0);
    expect(await stores.kv.keys('')).toEqual([]);
    expect(JSON.stringify(log.lines)).not.toContain('not-a-real-secret');
  });

  it('with credentials set, a forged token (signed with a key Bot Framework did not publish) is rejected with 401', async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    try {
      const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = { ...published.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', endorsements: ['msteams'] };
      nock('https://login.botframework.com')
        .persist()
        .get('/v1/.well-known/openidconfiguration')
        .reply(200, { issuer: 'https://api.botframework.com', jwks_uri: 'https://login.botframework.com/v1/.well-known/keys', id_token_signing_alg_values_supported: ['RS256'] })
        .get('/v1/.well-known/keys')
        .reply(200, { keys: [jwk] });
      const appId = '00000000-0000-0000-0000-000000000002';
      await boot(undefined, { TEAMS_ALLOW_UNAUTHENTICATED: 'false', MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: 'not-a-real-secret' });
      const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: appId, nbf: now - 60, exp: now + 600, serviceurl: connector.url })}`;
      const signature = createSign('RSA-SHA256').update(unsigned).sign(forger.privateKey).toString('base64url');
      const res = await postActivity(server.url, channelPost({ serviceUrl: connector.url, text: 'hello' }), { authorization: `Bearer ${unsigned}.${signature}` });
      expect(res.status).toBe(401);
      await adapter.idle();
      expect(fake.turns).toHaveLength(0);
      expect(connector.sent).toHaveLength(0);
      expect(await stores.kv.keys('')).toEqual([]);
    } finally {
      nock.cleanAll();
      nock.enableNetConnect();
    }
  });

  it('with no credentials the adapter refuses to run unless TEAMS_ALLOW_UNAUTHENTICATED=true, and then warns at every start', async () => {
    expect(() => createTeamsAdapter({ config: teamsConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'false' }), engine: fakeEngine().engine, kv: stores.kv, once: stores.once, log: memoryLogger() })).toThrow(TeamsAuthError);
    await boot();
    await adapter.start();
    const warnings = log.lines.filter((l) => l.level === 'warn' && /NOT authenticated/.test(l.msg));
    expect(warnings).toHaveLength(2);
  });
});
