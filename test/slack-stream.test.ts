import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RelationshipDesign } from '../src/core/design.ts';
import type { AdviceRequest } from '../src/core/summariser.ts';
import type { TextReply } from '../src/core/reply.ts';
import { streamedAdvice } from '../src/coaching/streamed.ts';
import { createSlackWeb } from '../src/adapters/slack/send.ts';
import { deliver } from '../src/adapters/slack/stream.ts';
import { slackKey } from '../src/adapters/slack/thread-key.ts';
import { silentLogger } from '../src/log.ts';
import { ORIGIN, PATH, setup } from './llm-support.ts';
import { FakeSlack, TEAM } from './slack-support.ts';
import { createOfflineSummariser } from '../src/understanding/offline/index.ts';
import { makeEngine, said, terminalKey, turn } from './support/engine.ts';
import { createSlackAdapter } from '../src/adapters/slack/index.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import { SUGGESTED_PROMPTS } from '../src/adapters/slack/assistant.ts';
import { serveRoutes } from './support/doubles.ts';
import { deleteKeys, uniquePrefix } from './support/redis.ts';
import { eventBody, message, postSigned, slackConfig } from './slack-support.ts';

// A coach answer streamed from the model (SSE) into Slack with chat.startStream →
// appendStream → stopStream; where streaming is refused or impossible, one normal message.

const design: RelationshipDesign = { version: 2, business: { description: 'A bakery', twoSided: false }, segments: [], findings: [], updatedAt: new Date(0).toISOString() };
const request: AdviceRequest = { question: 'is the loyalty card worth it?', design, segment: null, conversation: 'conv-stream' };
const OFFLINE = 'Nothing in your answers raises a flag there yet.';

const chunk = (delta: Record<string, unknown>, finish: string | null = null, usage?: object) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'test-model', choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;

/** An SSE body: one chunk per piece of text, then the finish, the usage and [DONE]. */
function sse(pieces: string[], finish = 'stop'): string {
  return [
    chunk({ role: 'assistant', content: '' }),
    ...pieces.map((p) => chunk({ content: p })),
    chunk({}, finish),
    chunk({}, null, { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 }),
    'data: [DONE]\n\n',
  ].join('');
}

const PIECES = [
  'A loyalty card pays when regulars come back more often ',
  'than they would anyway. Count how many of your regulars ',
  'used it last month, and compare their visits with the others. ',
  'Keep it if the difference covers the free coffees.',
];

function answerWith(body: string, seen: Record<string, unknown>[] = []) {
  nock(ORIGIN)
    .post(PATH, (b: Record<string, unknown>) => (seen.push(b), true))
    .reply(200, body, { 'content-type': 'text/event-stream' });
}

let fake: FakeSlack;
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  fake = await new FakeSlack().start();
});
afterAll(async () => {
  await fake.stop();
  nock.enableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  fake.calls = [];
});

const web = () => createSlackWeb({ token: 'xoxb-test', apiUrl: fake.url, log: silentLogger });
const dmThread = slackKey(TEAM, 'D0DM', '1700000000.000001');

describe('the summariser streams advice', () => {
  it('yields the deltas and then the checked answer with its usage', async () => {
    const seen: Record<string, unknown>[] = [];
    answerWith(sse(['Count your <b>regulars</b> ', 'first.']), seen);
    const { openai } = setup();
    const stream = openai.adviseStream!(request)!;
    const deltas: string[] = [];
    for await (const d of stream.deltas) deltas.push(d);
    expect(deltas).toEqual(['Count your <b>regulars</b> ', 'first.']);
    expect(seen[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const advice = await stream.done;
    expect(advice?.usage).toEqual({ promptTokens: 50, completionTokens: 20 });
    expect(advice?.text.length).toBeGreaterThan(0);
    expect(openai.spent('conv-stream')).toBe(70);
  });

  it('settles as no answer when the model is filtered', async () => {
    answerWith(sse(['Half an ans'], 'content_filter'));
    const { openai } = setup();
    const stream = openai.adviseStream!(request)!;
    for await (const _ of stream.deltas) void _;
    expect(await stream.done).toBeNull();
  });
});

async function streamedReply(pieces: string[] = PIECES, finish = 'stop'): Promise<TextReply> {
  answerWith(sse(pieces, finish));
  const { summariser } = setup();
  const reply = streamedAdvice(summariser, request, OFFLINE);
  expect(reply?.stream).toBeDefined();
  return reply!;
}

const markdownOf = (method: string) => fake.of(method).map((c) => String(c.args.markdown_text));

describe('Slack shows a streamed answer as it is written', () => {
  it('starts, appends the deltas and stops in a DM thread', async () => {
    await deliver(web(), dmThread, [await streamedReply()]);
    const [start] = fake.of('chat.startStream');
    expect(start?.args).toMatchObject({ channel: 'D0DM', thread_ts: '1700000000.000001' });
    expect(fake.of('chat.appendStream').length).toBeGreaterThan(0);
    expect(fake.of('chat.appendStream').every((c) => c.args.ts === start?.args.ts)).toBe(true);
    expect([...markdownOf('chat.startStream'), ...markdownOf('chat.appendStream')].join('')).toBe(PIECES.join(''));
    expect(fake.of('chat.stopStream')).toHaveLength(1);
    expect(fake.of('chat.stopStream')[0]?.args.ts).toBe(start?.args.ts);
    // The checked answer is what was streamed: no rewrite, no second message.
    expect(fake.of('chat.update')).toHaveLength(0);
    expect(fake.of('chat.postMessage')).toHaveLength(0);
  });

  it('replaces a streamed answer that fails its checks with the offline answer', async () => {
    await deliver(web(), dmThread, [await streamedReply(PIECES.slice(0, 3), 'content_filter')]);
    expect(fake.of('chat.stopStream')).toHaveLength(1);
    const [update] = fake.of('chat.update');
    expect(String(update?.args.text)).toContain('Nothing in your answers raises a flag');
  });

  it('posts one normal message when Slack refuses to stream', async () => {
    fake.fail('chat.startStream', { status: 200, error: 'not_allowed' });
    await deliver(web(), dmThread, [await streamedReply()]);
    expect(fake.of('chat.appendStream')).toHaveLength(0);
    const posts = fake.of('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(String(posts[0]?.args.text)).toContain('Keep it if the difference covers the free coffees.');
  });

  it('posts one normal message at the top of a DM, where there is no thread to stream into', async () => {
    await deliver(web(), slackKey(TEAM, 'D0DM', 'dm'), [await streamedReply()]);
    expect(fake.of('chat.startStream')).toHaveLength(0);
    expect(fake.of('chat.postMessage')).toHaveLength(1);
  });

  it('keeps model text from pinging anyone', async () => {
    await deliver(web(), dmThread, [await streamedReply(['Ask <!here> and ', '<@U123> for more feedback on the card, then decide.'.padEnd(70, ' ')])]);
    const shown = [...markdownOf('chat.startStream'), ...markdownOf('chat.appendStream')].join('');
    expect(shown).not.toMatch(/<[!@]/);
  });
});

const LOSING = [
  'hi',
  'Maison Vela, a small high end jewellery boutique',
  'high net worth regulars',
  'high touch, they expect to be known by name',
  'a named advisor for each regular',
  'referrals to win, private evenings to keep them, matching pieces to grow',
  'the advisor costs us $500 a month per regular and a regular pays $300 a month',
];

describe('the core hands a stream only to a turn that can show one', () => {
  async function midDesign() {
    const { openai } = setup();
    const offline = createOfflineSummariser();
    const made = await makeEngine('memory', { summariser: { name: 't', extract: offline.extract, advise: openai.advise!, adviseStream: openai.adviseStream! } });
    const key = terminalKey();
    for (const line of LOSING) await made.engine.handle(turn(key, line));
    return { made, key };
  }

  it('a streaming turn gets the deltas, the offline answer kept for a failure, and its tokens reach `usage`', async () => {
    const { made, key } = await midDesign();
    const usage = async () => Session.parse(await made.stores.kv.get(sessionKey(conversationId(key)))).usage;
    try {
      const before = await usage();
      answerWith(sse(['Not at $500 against $300: ', 'keep the advisor for your top regulars only.']));
      const replies = await made.engine.handle(turn(key, 'is the advisor model actually worth it?', { streams: true }));
      const streamed = replies.find((r): r is TextReply => r.kind === 'text' && Boolean(r.stream));
      expect(streamed?.text).toMatch(/\$500/);
      const deltas: string[] = [];
      for await (const d of streamed!.stream!.deltas) deltas.push(d);
      expect(deltas.join('')).toBe('Not at $500 against $300: keep the advisor for your top regulars only.');
      expect(await streamed!.stream!.final).toBe('Not at $500 against $300: keep the advisor for your top regulars only.');
      expect(said(replies)).toMatch(/journey/i);
      // Counted after the save, once the stream ended: one call, 50 + 20 tokens.
      await expect.poll(usage).toEqual({ calls: before.calls + 1, promptTokens: before.promptTokens + 50, completionTokens: before.completionTokens + 20 });
      const shown = said(await made.engine.handle(turn(key, 'usage')));
      expect(shown).toMatch(new RegExp(`asked ${before.calls + 1} time`));
    } finally {
      await made.stores.close();
    }
  });

  it('any other turn gets the final text as today', async () => {
    const { made, key } = await midDesign();
    try {
      nock(ORIGIN)
        .post(PATH)
        .reply(200, {
          id: 'c',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [{ index: 0, message: { role: 'assistant', content: 'Keep the advisor for your top regulars only.', refusal: null }, finish_reason: 'stop', logprobs: null }],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        });
      const replies = await made.engine.handle(turn(key, 'is the advisor model actually worth it?'));
      expect(replies.some((r) => r.kind === 'text' && r.stream)).toBe(false);
      expect(said(replies)).toMatch(/top regulars only/);
    } finally {
      await made.stores.close();
    }
  });
});

describe('through the Slack route, in the assistant panel', () => {
  it('a question to the coach is streamed into the thread, with the thumbs under it', async () => {
    const prefix = uniquePrefix('slackstream');
    const { openai } = setup();
    const offline = createOfflineSummariser();
    const { engine, stores } = await makeEngine('redis', { prefix, summariser: { name: 't', extract: offline.extract, advise: openai.advise!, adviseStream: openai.adviseStream! } });
    const adapter = createSlackAdapter({ config: slackConfig(fake.url), engine, once: stores.once, kv: stores.kv, log: silentLogger, thinkingAfterMs: 5000 });
    const server = await serveRoutes(adapter.routes, silentLogger);
    try {
      const D = 'D0PANEL';
      const THREAD = '1700003000.000100';
      const send = async (body: string) => expect((await postSigned(`${server.url}/slack/events`, body)).status).toBe(200);
      const inThread = (ts: string, text: string) => eventBody(message({ channel: D, user: 'U0MAYA', ts, thread_ts: THREAD, text, channel_type: 'im' }));
      await send(
        eventBody({ type: 'assistant_thread_started', assistant_thread: { user_id: 'U0MAYA', context: { channel_id: 'C0GENERAL', team_id: TEAM }, channel_id: D, thread_ts: THREAD }, event_ts: THREAD }),
      );
      await send(inThread('1700003001.000100', SUGGESTED_PROMPTS[0]!.message));
      await send(inThread('1700003002.000100', 'A project-management app for creative work, priced per seat.'));
      await adapter.idle();
      answerWith(sse(PIECES));
      await send(inThread('1700003003.000100', 'should we focus on one group first?'));
      await adapter.idle();
      const [start] = fake.of('chat.startStream');
      expect(start?.args).toMatchObject({ channel: D, thread_ts: THREAD });
      expect([...markdownOf('chat.startStream'), ...markdownOf('chat.appendStream')].join('')).toBe(PIECES.join(''));
      const [stop] = fake.of('chat.stopStream');
      expect(stop?.args.ts).toBe(start?.args.ts);
      expect(JSON.stringify(stop?.args.blocks)).toContain('rapport:feedback:coach');
      // The open question is asked again after the answer, as a normal message.
      const after = fake.of('chat.postMessage').filter((p) => Number(p.args.ts) > Number(start?.args.ts));
      expect(after.length).toBeGreaterThan(0);
    } finally {
      await adapter.stop();
      await server.close();
      await deleteKeys(prefix);
      await stores.close();
    }
  });
});
