import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter, type TeamsAdapter } from '../src/adapters/teams/index.ts';
import { feedbackKey } from '../src/core/feedback.ts';
import type { Summariser } from '../src/core/summariser.ts';
import { silentLogger } from '../src/log.ts';
import { createOfflineSummariser } from '../src/understanding/offline/index.ts';
import { createOpenAISummariser } from '../src/understanding/openai.ts';
import { loadPrompts } from '../src/understanding/prompts.ts';
import { makeEngine } from './support/engine.ts';
import { deleteKeys } from './support/redis.ts';
import { completion } from './llm-support.ts';
import { personalMessage, postActivity, startFakeConnector, startRoutes, teamsConfig, type FakeConnector } from './teams-fakes.ts';

// Teams' AI surface through the real /api/messages route: a coach answer an LLM wrote
// carries the AI-generated label and the feedback loop; the thumbs invoke is stored once.
// The Bot Framework connector and the LLM are the only fakes, both local HTTP servers.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const ADVICE = 'Start with the segment that pays the most and is easiest to reach; the rest can wait a quarter.';

async function llmServer() {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(ADVICE))));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

async function boot(withLlm: boolean) {
  const offline = createOfflineSummariser();
  const summariser: Summariser = withLlm
    ? { name: 'test', extract: offline.extract, advise: createOpenAISummariser({ apiKey: 'k', baseURL: await llmServer(), model: 'm', timeoutMs: 5000, log: silentLogger, prompts: loadPrompts() }).advise! }
    : offline;
  const made = await makeEngine('redis', { summariser });
  const connector: FakeConnector = await startFakeConnector();
  const adapter: TeamsAdapter = createTeamsAdapter({ config: teamsConfig(), engine: made.engine, kv: made.stores.kv, once: made.stores.once, log: silentLogger });
  await adapter.start();
  const server = await startRoutes(adapter.routes, silentLogger);
  closers.push(async () => {
    await adapter.stop();
    await server.close();
    await connector.close();
    await deleteKeys(made.prefix);
    await made.stores.close();
  });
  const say = async (text: string) => {
    expect((await postActivity(server.url, personalMessage({ serviceUrl: connector.url, text }))).status).toBe(200);
    await adapter.idle();
  };
  return { connector, server, adapter, kv: made.stores.kv, say };
}

type Entity = { type: string; additionalType?: string[] };

describe('Teams AI surface', () => {
  it('an LLM-written coach answer carries the AI label and the feedback loop; a thumbs press is stored once', async () => {
    const { connector, server, adapter, kv, say } = await boot(true);
    await say("let's work on our customer relationships");
    await say('A project-management app for creative work, priced per seat.');
    await say('should we focus on one group first?');

    const messages = connector.messages();
    const coach = messages.find((m) => String(m.body.text ?? '').includes('pays the most'));
    expect(coach).toBeDefined();
    expect((coach!.body.entities as Entity[]).find((e) => e.type === 'https://schema.org/Message')?.additionalType).toEqual(['AIGeneratedContent']);
    expect(coach!.body.channelData).toMatchObject({ feedbackLoopEnabled: true });
    // Only the coach's words are labelled: the bot's own questions are not AI-written.
    const others = messages.filter((m) => m !== coach);
    expect(others.length).toBeGreaterThan(0);
    for (const m of others) expect(JSON.stringify(m.body.entities ?? [])).not.toContain('AIGeneratedContent');

    const invoke = {
      ...personalMessage({ serviceUrl: connector.url, text: '' }),
      type: 'invoke',
      name: 'message/submitAction',
      replyToId: 'bot-msg-1',
      value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{"feedbackText":"useful"}' } },
    };
    const first = await postActivity(server.url, invoke);
    expect(first.status).toBe(200);
    expect((await postActivity(server.url, { ...invoke, id: `${invoke.id}-retry` })).status).toBe(200);
    await adapter.idle();
    expect(await kv.get(feedbackKey('coach'))).toEqual({ good: 1, bad: 0 });
  });

  it('without an LLM the same answer has thumbs but no AI label', async () => {
    const { connector, say } = await boot(false);
    await say("let's work on our customer relationships");
    await say('A project-management app for creative work, priced per seat.');
    await say('should we focus on one group first?');
    const rated = connector.messages().filter((m) => (m.body.channelData as { feedbackLoopEnabled?: boolean } | undefined)?.feedbackLoopEnabled);
    expect(rated).toHaveLength(1);
    expect(JSON.stringify(rated[0]!.body.entities ?? [])).not.toContain('AIGeneratedContent');
  });
});
