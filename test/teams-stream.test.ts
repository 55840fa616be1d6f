import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../src/adapters/teams/index.ts';
import { silentLogger } from '../src/log.ts';
import { createOfflineSummariser } from '../src/understanding/offline/index.ts';
import { ORIGIN, PATH, setup } from './llm-support.ts';
import { makeEngine } from './support/engine.ts';
import { deleteKeys } from './support/redis.ts';
import { chainReply, channelPost, personalMessage, postActivity, startFakeConnector, startRoutes, teamsConfig, type Sent } from './teams-fakes.ts';

// A coach answer streamed from the model (SSE) into a Teams 1:1 chat with Teams' streaming
// protocol: an informative update, typing updates with the text so far, a final message.
// Channels get one message; a refused start falls back to one message. The connector and
// the LLM are the only fakes.

const chunk = (delta: Record<string, unknown>, finish: string | null = null, usage?: object) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'test-model', choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;

function sse(pieces: string[]): string {
  return [
    chunk({ role: 'assistant', content: '' }),
    ...pieces.map((p) => chunk({ content: p })),
    chunk({}, 'stop'),
    chunk({}, null, { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 }),
    'data: [DONE]\n\n',
  ].join('');
}

const PIECES = ['Start with the group that pays the most ', 'and is easiest to reach; ', 'the others can wait a quarter.'];
const FULL = PIECES.join('');

interface StreamInfo {
  type: string;
  streamType?: string;
  streamSequence?: number;
  streamId?: string;
}
const infoOf = (s: Sent) => ((s.body.entities as StreamInfo[] | undefined) ?? []).find((e) => e.type === 'streaminfo');

/** A Bot Framework connector that records, and refuses activities `refuse` picks (HTTP 403). */
async function connector(refuse: (body: Record<string, unknown>) => boolean = () => false) {
  const sent: Sent[] = [];
  let seq = 5000;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec((req.url ?? '').split('?')[0]!);
      if (!m) return void res.writeHead(404).end();
      if (refuse(body)) return void res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'BadArgument', message: 'no streaming here' } }));
      const id = String(++seq);
      sent.push({ method: req.method ?? '', conversation: decodeURIComponent(m[1]!), body, at: Date.now(), id });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    sent,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const closers: (() => Promise<void>)[] = [];
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());
afterEach(async () => {
  nock.cleanAll();
  while (closers.length) await closers.pop()!();
});

async function boot(refuse?: (body: Record<string, unknown>) => boolean) {
  const fake = refuse ? await connector(refuse) : await startFakeConnector();
  closers.push(() => fake.close());
  const { openai } = setup();
  const offline = createOfflineSummariser();
  const made = await makeEngine('redis', { summariser: { name: 't', extract: offline.extract, advise: openai.advise!, adviseStream: openai.adviseStream! } });
  const adapter = createTeamsAdapter({ config: teamsConfig(), engine: made.engine, kv: made.stores.kv, once: made.stores.once, log: silentLogger, streamEveryMs: 0 });
  await adapter.start();
  const server = await startRoutes(adapter.routes, silentLogger);
  closers.push(async () => {
    await adapter.stop();
    await server.close();
    await deleteKeys(made.prefix);
    await made.stores.close();
  });
  const send = async (activity: unknown) => {
    expect((await postActivity(server.url, activity)).status).toBe(200);
    await adapter.idle();
  };
  return { fake, send, serviceUrl: fake.url };
}

const answerStreamed = () =>
  nock(ORIGIN)
    .post(PATH, (b: Record<string, unknown>) => b.stream === true)
    .reply(200, sse(PIECES), { 'content-type': 'text/event-stream' });

const DESCRIBE = 'A project-management app for creative work, priced per seat.';
const QUESTION = 'should we focus on one group first?';

describe('Teams streams a coach answer in a 1:1 chat', () => {
  it('sends typing updates with a rising streamSequence, then the final message with the full text', async () => {
    const { fake, send, serviceUrl } = await boot();
    await send(personalMessage({ serviceUrl, text: "let's work on our customer relationships" }));
    await send(personalMessage({ serviceUrl, text: DESCRIBE }));
    const before = fake.sent.length;
    answerStreamed();
    await send(personalMessage({ serviceUrl, text: QUESTION }));
    const sent = fake.sent.slice(before);
    const updates = sent.filter((s) => s.body.type === 'typing' && infoOf(s));
    expect(updates.length).toBeGreaterThan(2);
    const [informative, ...streaming] = updates;
    expect(infoOf(informative!)).toMatchObject({ streamType: 'informative', streamSequence: 1 });
    const streamId = informative!.id;
    const sequences = streaming.map((s) => infoOf(s)!.streamSequence!);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(sequences[0]).toBeGreaterThan(1);
    for (const s of streaming) {
      expect(infoOf(s)).toMatchObject({ streamType: 'streaming', streamId });
      expect(FULL.startsWith(String(s.body.text))).toBe(true);
    }
    const final = sent.find((s) => s.body.type === 'message' && infoOf(s));
    expect(final).toBeDefined();
    expect(infoOf(final!)).toEqual({ type: 'streaminfo', streamId, streamType: 'final' });
    expect(final!.body.text).toBe(FULL);
    expect(JSON.stringify(final!.body.entities)).toContain('AIGeneratedContent');
    expect(final!.body.channelData).toMatchObject({ feedbackLoopEnabled: true });
    // No second copy of the answer as a plain message.
    expect(sent.filter((s) => s.body.type === 'message' && String(s.body.text ?? '').includes('pays the most'))).toHaveLength(1);
  });

  it('falls back to one normal message when the connector refuses the first streaming activity', async () => {
    const { fake, send, serviceUrl } = await boot((body) => body.type === 'typing' && JSON.stringify(body.entities ?? []).includes('streaminfo'));
    await send(personalMessage({ serviceUrl, text: "let's work on our customer relationships" }));
    await send(personalMessage({ serviceUrl, text: DESCRIBE }));
    const before = fake.sent.length;
    answerStreamed();
    await send(personalMessage({ serviceUrl, text: QUESTION }));
    const sent = fake.sent.slice(before);
    expect(sent.some((s) => infoOf(s))).toBe(false);
    const answers = sent.filter((s) => s.body.type === 'message' && s.body.text === FULL);
    expect(answers).toHaveLength(1);
    expect(JSON.stringify(answers[0]!.body.entities)).toContain('AIGeneratedContent');
  });
});

describe('Teams channels keep one message', () => {
  it('a coach question in a channel thread gets one normal message and no stream', async () => {
    const { fake, send, serviceUrl } = await boot();
    nock(ORIGIN)
      .post(PATH, (b: Record<string, unknown>) => b.stream !== true)
      .reply(200, {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content: FULL, refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      });
    const root = channelPost({ serviceUrl, text: "let's work on our customer relationships" });
    await send(root);
    await send(chainReply({ serviceUrl, root: root.id, text: DESCRIBE }));
    const before = fake.sent.length;
    await send(chainReply({ serviceUrl, root: root.id, text: QUESTION }));
    const sent = fake.sent.slice(before);
    expect(sent.some((s) => infoOf(s))).toBe(false);
    const answers = sent.filter((s) => s.body.type === 'message' && s.body.text === FULL);
    expect(answers).toHaveLength(1);
  });
});
