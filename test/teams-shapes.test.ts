import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter, REF_PREFIX, type TeamsAdapter } from '../src/adapters/teams/index.ts';
import { classify } from '../src/adapters/teams/parse.ts';
import { TEAMS_MAX_BYTES } from '../src/adapters/teams/render/files.ts';
import type { FileReply, Reply } from '../src/core/reply.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import {
  CHANNEL,
  TEAM,
  TENANT,
  botRemovedFromGroup,
  botRemovedFromTeam,
  chainSubmit,
  channelPost,
  fakeEngine,
  groupMessage,
  installationUpdate,
  memoryLogger,
  postActivity,
  startFakeConnector,
  startRoutes,
  teamsConfig,
  untypedChainMessage,
  type FakeConnector,
} from './teams-fakes.ts';

// Teams payload shapes seen from real clients, through the real /api/messages route:
// a chain message without conversationType, a submit that names its card only in
// channelData.legacy, the bot removed or uninstalled, and exports in a 3-byte script.

let connector: FakeConnector;
let stores: Stores;
let server: { url: string; close(): Promise<void> };
let adapter: TeamsAdapter;
let fake: ReturnType<typeof fakeEngine>;

async function boot(answer?: Parameters<typeof fakeEngine>[0]) {
  fake = fakeEngine(answer, stores.kv);
  const log = memoryLogger();
  adapter = createTeamsAdapter({ config: teamsConfig(), engine: fake.engine, kv: stores.kv, once: stores.once, log });
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
const refKeys = () => stores.kv.keys(`${REF_PREFIX}${TENANT}:`);
const url = 'https://smba.trafficmanager.net/emea/';

describe('a chain message without conversationType', () => {
  it('is read as the channel reply chain its ";messageid=" names, not as a chat', () => {
    const inbound = classify(untypedChainMessage({ serviceUrl: url, root: '1700000000001', text: 'summary' }));
    expect(inbound).toMatchObject({ kind: 'turn', when: 'always', turn: { key: { workspace: TENANT, channel: CHANNEL, thread: '1700000000001' }, text: 'summary' } });
  });

  it('gets its reply in the chain, and its stored reference can still start channel posts', async () => {
    await boot();
    const root = '1700000000002';
    expect((await postActivity(server.url, untypedChainMessage({ serviceUrl: connector.url, root, text: 'hello' }))).status).toBe(200);
    await connector.waitFor(() => connector.messages().length === 1);
    expect(connector.messages()[0]!.conversation).toBe(chainId(root));
    expect(fake.turns[0]!.key).toEqual({ platform: 'teams', workspace: TENANT, channel: CHANNEL, thread: root });
    const ref = await stores.kv.get<{ conversation: { conversationType?: string } }>(`${REF_PREFIX}${TENANT}:${CHANNEL}`);
    expect(ref?.conversation.conversationType).toBe('channel');
    // A check-in posts a new message in the channel, which only works for a channel reference.
    const key = await adapter.messenger.startThread({ platform: 'teams', workspace: TENANT, channel: CHANNEL }, [{ kind: 'text', text: 'Weekly check-in' }]);
    expect(key.thread).not.toBe('chat');
    expect(connector.sent.some((s) => s.method === 'POST' && s.conversation === '')).toBe(true);
  });
});

describe('a card submit that names its card only in channelData.legacy.replyToId', () => {
  it('replaces that card with the answer', async () => {
    const question: Reply = { kind: 'choices', text: 'What does it cost?', options: [{ label: 'High cost', value: 'high' }, { label: 'Low cost', value: 'low' }] };
    await boot((t) => (t.choice ? [{ kind: 'text', text: `chose ${t.choice.value}` }] : [question]));
    const post = channelPost({ serviceUrl: connector.url, text: 'start' });
    await postActivity(server.url, post);
    await connector.waitFor(() => connector.messages().length === 1);
    const card = (connector.messages()[0]!.body.attachments as { content: { actions: { data: unknown }[] } }[])[0]!.content;
    const submit = chainSubmit({ serviceUrl: connector.url, root: post.id, value: card.actions[0]!.data, legacyCardId: 'legacy-card-7' });
    expect('replyToId' in submit).toBe(false);
    await postActivity(server.url, submit);
    await connector.waitFor(() => connector.messages().length === 2);
    await adapter.idle();
    const update = connector.sent.find((s) => s.method === 'PUT');
    expect(update?.activityId).toBe('legacy-card-7');
    expect(JSON.stringify(update!.body)).toContain('High cost');
  });
});

describe('the bot removed or uninstalled', () => {
  it('classifies installs and removals, upgrades included', () => {
    expect(classify(installationUpdate({ serviceUrl: url, action: 'add' }))).toEqual({ kind: 'installed', tenant: TENANT });
    expect(classify(installationUpdate({ serviceUrl: url, action: 'add-upgrade' }))).toEqual({ kind: 'installed', tenant: TENANT });
    expect(classify(installationUpdate({ serviceUrl: url, action: 'remove-upgrade' }))).toEqual({ kind: 'removed', tenant: TENANT, conversationId: CHANNEL, teamId: TEAM });
    expect(classify(botRemovedFromTeam({ serviceUrl: url }))).toEqual({ kind: 'removed', tenant: TENANT, conversationId: TEAM, teamId: TEAM });
    expect(classify(botRemovedFromGroup({ serviceUrl: url }))).toEqual({ kind: 'removed', tenant: TENANT, conversationId: '19:group-chat@thread.v2' });
  });

  it('removed from the team: every reference of its channels goes, a group chat’s stays; removed from the chat: that goes too', async () => {
    await boot();
    const post = channelPost({ serviceUrl: connector.url, text: 'hi' });
    await postActivity(server.url, post);
    await postActivity(server.url, groupMessage({ serviceUrl: connector.url, text: 'hi' }));
    await adapter.idle();
    expect(await refKeys()).toHaveLength(3);

    expect((await postActivity(server.url, botRemovedFromTeam({ serviceUrl: connector.url }))).status).toBe(200);
    expect(await refKeys()).toEqual([`${REF_PREFIX}${TENANT}:19:group-chat@thread.v2`]);
    await expect(adapter.messenger.post({ platform: 'teams', workspace: TENANT, channel: CHANNEL, thread: post.id }, [{ kind: 'text', text: 'late' }])).rejects.toThrow(/no stored Teams conversation reference/);

    expect((await postActivity(server.url, botRemovedFromGroup({ serviceUrl: connector.url }))).status).toBe(200);
    expect(await refKeys()).toEqual([]);
  });

  it('someone else leaving changes nothing', async () => {
    await boot();
    await postActivity(server.url, channelPost({ serviceUrl: connector.url, text: 'hi' }));
    await adapter.idle();
    const leave = { ...botRemovedFromTeam({ serviceUrl: connector.url }), membersRemoved: [{ id: '29:someone-else' }] };
    expect((await postActivity(server.url, leave)).status).toBe(200);
    expect(await refKeys()).toHaveLength(2);
  });

  it('installationUpdate add stores the channel’s reference (a check-in can post before anyone writes); remove drops it', async () => {
    await boot();
    expect((await postActivity(server.url, installationUpdate({ serviceUrl: connector.url, action: 'add' }))).status).toBe(200);
    expect(await refKeys()).toEqual([`${REF_PREFIX}${TENANT}:${CHANNEL}`]);
    const ref = await stores.kv.get<Record<string, unknown>>(`${REF_PREFIX}${TENANT}:${CHANNEL}`);
    expect(ref).toMatchObject({ serviceUrl: connector.url, teamsChannelId: CHANNEL, teamId: TEAM, conversation: { conversationType: 'channel' } });
    await adapter.messenger.startThread({ platform: 'teams', workspace: TENANT, channel: CHANNEL }, [{ kind: 'text', text: 'Weekly check-in' }]);
    const created = connector.sent.find((s) => s.method === 'POST' && s.conversation === '');
    expect(created?.body).toMatchObject({ channelData: { channel: { id: CHANNEL } }, activity: { text: 'Weekly check-in' } });

    expect((await postActivity(server.url, installationUpdate({ serviceUrl: connector.url, action: 'remove' }))).status).toBe(200);
    expect(await refKeys()).toEqual([]);
    expect(fake.turns).toHaveLength(0);
  });
});

// About 20,000 characters of Japanese: ~60 KB of UTF-8, where a character count sees 20 k.
const SENTENCE = 'お客様との関係は、最初の接点から長く続く信頼まで、一つずつ丁寧に設計します。';
const paragraph = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}番目。${SENTENCE}`).join('');
const japaneseMarkdown = [
  '# 顧客との関係',
  paragraph(120),
  '## 個人事業主',
  // One paragraph far above the limit on its own, without spaces or line breaks.
  paragraph(300),
  '## 小さな代理店',
  paragraph(100),
].join('\n\n');

const bodiesOf = (c: FakeConnector) => c.messages().map((s) => s.body);
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

describe('exports in Japanese stay under 28 KB of UTF-8 per message', () => {
  it('export md: split into cards under the limit, nothing lost', async () => {
    expect([...japaneseMarkdown].length).toBeGreaterThan(19_000);
    const file: FileReply = { kind: 'file', filename: 'customer-relationships.md', mimeType: 'text/markdown', title: '顧客との関係', content: japaneseMarkdown, encoding: 'utf8' };
    await boot(() => [file]);
    await postActivity(server.url, channelPost({ serviceUrl: connector.url, text: 'export md' }));
    await adapter.idle();
    const bodies = bodiesOf(connector);
    expect(bodies.length).toBeGreaterThan(2);
    for (const body of bodies) expect(bytes(body)).toBeLessThan(TEAMS_MAX_BYTES);
    const texts = bodies.flatMap((b) => (b.attachments as { content: { body: { text?: string }[] } }[])[0]!.content.body.map((e) => e.text ?? ''));
    expect(texts.at(-1)).toBe('customer-relationships.md');
    expect(texts.slice(0, -1).join('')).toBe(japaneseMarkdown.replace(/^#+ /gm, '').replace(/\n\n/g, ''));
  });

  it('export json: code messages under the limit that join back to the same JSON', async () => {
    const content = JSON.stringify({ segments: Array.from({ length: 400 }, (_, i) => ({ name: `セグメント${i}`, notes: SENTENCE })) }, null, 2);
    expect(Buffer.byteLength(content)).toBeGreaterThan(TEAMS_MAX_BYTES * 2);
    await boot(() => [{ kind: 'file', filename: 'customer-relationships.json', mimeType: 'application/json', title: '顧客との関係 (JSON)', content, encoding: 'utf8' }]);
    await postActivity(server.url, channelPost({ serviceUrl: connector.url, text: 'export json' }));
    await adapter.idle();
    const bodies = bodiesOf(connector);
    expect(bodies.length).toBeGreaterThan(2);
    for (const body of bodies) expect(bytes(body)).toBeLessThan(TEAMS_MAX_BYTES);
    const joined = bodies.map((b) => /```json\n([\s\S]*)\n```$/.exec(b.text as string)![1]).join('\n');
    expect(JSON.parse(joined)).toEqual(JSON.parse(content));
  });

  it('a long Japanese text reply is split the same way', async () => {
    const long = paragraph(400);
    await boot(() => [{ kind: 'text', text: long }]);
    await postActivity(server.url, channelPost({ serviceUrl: connector.url, text: 'hi' }));
    await adapter.idle();
    const bodies = bodiesOf(connector);
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) expect(bytes(body)).toBeLessThan(TEAMS_MAX_BYTES);
    expect(bodies.map((b) => b.text).join('')).toBe(long);
  });
});
