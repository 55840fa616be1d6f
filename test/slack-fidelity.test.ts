import { afterEach, describe, expect, it } from 'vitest';
import { addressesTeammate } from '../src/adapters/slack/parse.ts';
import { renderReplies } from '../src/adapters/slack/render/messages.ts';
import { DM_ROOT } from '../src/adapters/slack/thread-key.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId, type ConversationKey } from '../src/core/turn.ts';
import { startSlackStack } from './support/slack-stack.ts';
import { BOT, eventBody, FakeSlack, mention, message, postSigned, TEAM, waitFor } from './slack-support.ts';

// Slack the way its users expect it, through the real route with the real engine on Redis
// and only Slack's Web API faked: DM threads, ordered replies under a 429, teammates
// talking among themselves, escaped fallback text, group DMs, fresh thread replies.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function setup() {
  const { slack, stores, url, adapter } = await startSlackStack(closers, { name: 'slackfid' });
  const send = async (event: Record<string, unknown>) => {
    const res = await postSigned(url, eventBody(event));
    expect(res.status).toBe(200);
  };
  const session = async (key: ConversationKey) => {
    const raw = await stores.kv.get(sessionKey(conversationId(key)));
    return raw === undefined ? undefined : Session.parse(raw);
  };
  return { slack, adapter, send, session, idle: () => adapter.idle() };
}

const C = 'C0FIDEL';
const key = (channel: string, thread: string): ConversationKey => ({ platform: 'slack', workspace: TEAM, channel, thread });
const postsText = (slack: FakeSlack) => slack.of('chat.postMessage').map((p) => `${String(p.args.text)} ${JSON.stringify(p.args.blocks)}`);

describe('Slack fidelity', () => {
  it('a reply inside a DM thread continues the DM design, and the answer goes into that thread', async () => {
    const { slack, send, session, idle } = await setup();
    const D = 'D0MAYA';
    await send(message({ channel: D, user: 'U0MAYA', ts: '1700000100.000100', text: "let's work on our customer relationships", channel_type: 'im' }));
    await idle();
    const greeting = slack.of('chat.postMessage')[0]!;
    expect(greeting.args.thread_ts).toBeUndefined();
    const greetings = postsText(slack).length;

    // Maya answers in a thread under the bot's question.
    await send(message({ channel: D, user: 'U0MAYA', ts: '1700000101.000100', thread_ts: String(greeting.args.ts), text: 'A project-management app for creative work, priced per seat.', channel_type: 'im' }));
    await idle();
    const after = slack.of('chat.postMessage').slice(greetings);
    expect(after.length).toBeGreaterThan(0);
    for (const p of after) expect(p.args.thread_ts).toBe(greeting.args.ts);
    // One conversation: the DM's, holding both turns; no second design under the thread.
    const s = await session(key(D, DM_ROOT));
    expect(s?.history.map((h) => h.author.id)).toEqual(['U0MAYA']);
    expect(await session(key(D, String(greeting.args.ts)))).toBeUndefined();
    expect(JSON.stringify(after)).not.toContain(JSON.stringify(greeting.args.text).slice(1, 30));
  });

  it('a reply held by a 429 still leaves before the answer to a later message in the thread', async () => {
    const { slack, send, idle } = await setup();
    const root = '1700000200.000100';
    await send(mention({ channel: C, user: 'U0MAYA', ts: root, text: "let's work on our customer relationships" }));
    await idle();
    const before = slack.of('chat.postMessage').length;

    slack.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    await send(message({ channel: C, user: 'U0MAYA', ts: '1700000201.000100', thread_ts: root, text: 'A project-management app for creative work, priced per seat.' }));
    await waitFor(() => slack.calls.some((c) => c.method === 'chat.postMessage!429'));
    await send(message({ channel: C, user: 'U0LEO', ts: '1700000202.000100', thread_ts: root, text: 'help' }));
    await idle();

    const posted = slack.of('chat.postMessage').slice(before).map((p) => JSON.stringify(p.args.blocks));
    const answer = posted.findIndex((t) => t.includes('Who are your customer segments?'));
    const help = posted.findIndex((t) => t.includes('These commands work'));
    expect(answer).toBeGreaterThanOrEqual(0);
    expect(help).toBeGreaterThan(answer);
  });

  it('a message that starts by addressing a teammate gets no reply and changes nothing', async () => {
    const { slack, send, session, idle } = await setup();
    const root = '1700000300.000100';
    await send(mention({ channel: C, user: 'U0MAYA', ts: root, text: "let's work on our customer relationships" }));
    await idle();
    const posts = slack.of('chat.postMessage').length;
    const stored = JSON.stringify(await session(key(C, root)));

    await send(message({ channel: C, user: 'U0MAYA', ts: '1700000301.000100', thread_ts: root, text: '<@U0JANE> can you take this one?' }));
    await send(message({ channel: C, user: 'U0MAYA', ts: '1700000302.000100', thread_ts: root, text: '@jane can you take this one?' }));
    await idle();
    expect(slack.of('chat.postMessage')).toHaveLength(posts);
    expect(JSON.stringify(await session(key(C, root)))).toBe(stored);

    // Naming the bot as well makes it the bot's business again.
    await send(mention({ channel: C, user: 'U0JANE', ts: '1700000303.000100', thread_ts: root, text: 'A project-management app for creative work, priced per seat.' }));
    await idle();
    expect(slack.of('chat.postMessage').length).toBeGreaterThan(posts);
  });

  it('what a founder typed never comes back as a live mention, in blocks or in the fallback text', async () => {
    const { slack, send, idle } = await setup();
    const root = '1700000400.000100';
    await send(mention({ channel: C, user: 'U0MAYA', ts: root, text: "let's work on our customer relationships" }));
    await send(message({ channel: C, user: 'U0MAYA', ts: '1700000401.000100', thread_ts: root, text: 'A tool for <!channel> managers and <@U0LEO> fans, ping <!here>' }));
    await send(message({ channel: C, user: 'U0MAYA', ts: '1700000402.000100', thread_ts: root, text: 'summary' }));
    await idle();
    const all = slack.of('chat.postMessage').map((p) => `${String(p.args.text)}\n${JSON.stringify(p.args.blocks)}`);
    expect(all.join('\n')).toContain('&lt;!channel&gt;');
    for (const t of all) {
      expect(t).not.toMatch(/<!channel>|<!here>|<@U0LEO>/);
    }
  });

  it('fallback text is escaped like the blocks and never cut inside an escape', () => {
    const [out] = renderReplies([{ kind: 'text', text: `${'x'.repeat(2996)} <!channel> & more` }]);
    expect(out?.kind).toBe('blocks');
    const text = (out as { text: string }).text;
    expect(text).not.toContain('<!');
    expect(text).not.toMatch(/&[a-z]*…$/);
    const [small] = renderReplies([{ kind: 'text', text: 'Hi <@U0LEO> & <!here>' }]);
    expect((small as { text: string }).text).toBe('Hi &lt;@U0LEO&gt; &amp; &lt;!here&gt;');
  });

  it('block ids never repeat across messages', () => {
    const q = { kind: 'choices' as const, text: 'Which?', options: [{ label: 'A', value: 'a' }] };
    const ids = [renderReplies([q]), renderReplies([q])].map((o) => ((o[0] as { blocks: { block_id?: string }[] }).blocks.find((b) => b.block_id)?.block_id));
    expect(ids[0]).toBeDefined();
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('a thread reply that arrives before its opening mention is held, then answered', async () => {
    const { slack, send, session, idle } = await setup();
    const root = '1700000500.000100';
    await send(message({ channel: C, user: 'U0LEO', ts: '1700000501.000100', thread_ts: root, text: 'A project-management app for creative work, priced per seat.' }));
    await send(mention({ channel: C, user: 'U0MAYA', ts: root, text: "let's work on our customer relationships" }));
    await idle();
    const s = await session(key(C, root));
    expect(s?.history.map((h) => h.author.id)).toEqual(['U0LEO']);
    expect(slack.of('chat.postMessage').length).toBeGreaterThanOrEqual(2);
  });

  it('an old thread with no design is still ignored at once', async () => {
    const { slack, send, idle } = await setup();
    await send(message({ channel: C, user: 'U0LEO', ts: '1700000700.000100', thread_ts: '1700000600.000100', text: 'lunch?' }));
    await idle();
    expect(slack.of('chat.postMessage')).toHaveLength(0);
  });

  it('group DMs: a mention starts a design in its thread and replies there continue it', async () => {
    const { slack, send, session, idle } = await setup();
    const G = 'G0GROUP';
    const root = '1700000800.000100';
    await send({ ...mention({ channel: G, user: 'U0MAYA', ts: root, text: "let's work on our customer relationships" }), channel_type: 'mpim' });
    await send(message({ channel: G, user: 'U0LEO', ts: '1700000801.000100', thread_ts: root, text: 'A project-management app for creative work, priced per seat.', channel_type: 'mpim' }));
    await idle();
    for (const p of slack.of('chat.postMessage')) expect(p.args).toMatchObject({ channel: G, thread_ts: root });
    expect((await session(key(G, root)))?.history.map((h) => h.author.id)).toEqual(['U0LEO']);
  });

  it('a chart goes up with its alt text', async () => {
    const { slack, adapter } = await setup();
    await adapter.messenger.post(key(C, '1700000900.000100'), [
      { kind: 'file', filename: 'trend.png', mimeType: 'image/png', title: 'Trend', content: Buffer.from('png').toString('base64'), encoding: 'base64', alt: 'Retention rose from 60% to 72%' },
    ]);
    expect(slack.of('files.getUploadURLExternal')[0]?.args).toMatchObject({ alt_text: 'Retention rose from 60% to 72%' });
  });
});

describe('addressesTeammate', () => {
  it('reads who a message opens with', () => {
    expect(addressesTeammate('<@U0JANE> can you take this one?', BOT)).toBe(true);
    expect(addressesTeammate('<@U0JANE|jane> over to you', BOT)).toBe(true);
    expect(addressesTeammate('@jane can you take this one?', BOT)).toBe(true);
    expect(addressesTeammate('<!here> thoughts?', BOT)).toBe(true);
    expect(addressesTeammate(`<@U0JANE> <@${BOT}> summary`, BOT)).toBe(false);
    expect(addressesTeammate(`<@${BOT}> summary`, BOT)).toBe(false);
    expect(addressesTeammate('@Rapport summary', BOT)).toBe(false);
    expect(addressesTeammate('freelancers, ask @jane', BOT)).toBe(false);
    expect(addressesTeammate('$12 a month', BOT)).toBe(false);
  });
});
