import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter, type TeamsAdapter } from '../src/adapters/teams/index.ts';
import { ratedKey } from '../src/adapters/teams/feedback.ts';
import { renderReplies } from '../src/adapters/teams/render/activities.ts';
import { feedback } from '../src/checkins/feedback.ts';
import type { CheckIn } from '../src/core/checkin.ts';
import { feedbackCommentsKey, feedbackCounts, feedbackKey } from '../src/core/feedback.ts';
import type { CardReply } from '../src/core/reply.ts';
import type { Summariser } from '../src/core/summariser.ts';
import { silentLogger } from '../src/log.ts';
import { createOfflineSummariser } from '../src/understanding/offline/index.ts';
import { createOpenAISummariser } from '../src/understanding/openai.ts';
import { loadPrompts } from '../src/understanding/prompts.ts';
import { planDesign } from './checkin-support.ts';
import { completion } from './llm-support.ts';
import { makeEngine } from './support/engine.ts';
import { deleteKeys } from './support/redis.ts';
import { personalMessage, postActivity, startFakeConnector, startRoutes, teamsConfig, TENANT, type FakeConnector, type Sent } from './teams-fakes.ts';

// Teams' AI surface through the real /api/messages route: a coach answer an LLM wrote
// carries the AI-generated label and the feedback loop; a thumbs press is stored once per
// person under what the message rates; "typing…" is kept up while the LLM works.
// The Bot Framework connector and the LLM are the only fakes, both local HTTP servers.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const ADVICE = 'Start with the segment that pays the most and is easiest to reach; the rest can wait a quarter.';
const isTyping = (s: Sent) => s.body.type === 'typing';
const isAiLabelled = (s: { entities?: unknown }) => JSON.stringify(s.entities ?? []).includes('AIGeneratedContent');

/** An OpenAI-compatible server answering `answer`; `hold` runs before each answer. */
async function llmServer(answer: string, hold?: () => Promise<void>) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      void (hold ?? (async () => undefined))().then(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(answer))),
        () => res.destroy(),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}

const llmSummariser = (baseURL: string): Summariser => {
  const offline = createOfflineSummariser();
  return { name: 'test', extract: offline.extract, advise: createOpenAISummariser({ apiKey: 'k', baseURL, model: 'm', timeoutMs: 8000, log: silentLogger, prompts: loadPrompts() }).advise! };
};

async function boot(llm: 'none' | 'fast' | 'held until typing') {
  const connector: FakeConnector = await startFakeConnector();
  closers.push(() => connector.close());
  // The held LLM answers only once the bot has sent "typing" again after the call began.
  const holdForTyping = async () => {
    const before = connector.sent.filter(isTyping).length;
    await connector.waitFor((sent) => sent.filter(isTyping).length > before, 7000);
  };
  const summariser = llm === 'none' ? createOfflineSummariser() : llmSummariser(await llmServer(ADVICE, llm === 'fast' ? undefined : holdForTyping));
  const made = await makeEngine('redis', { summariser });
  const adapter: TeamsAdapter = createTeamsAdapter({ config: teamsConfig(), engine: made.engine, kv: made.stores.kv, once: made.stores.once, log: silentLogger });
  await adapter.start();
  const server = await startRoutes(adapter.routes, silentLogger);
  closers.push(async () => {
    await adapter.stop();
    await server.close();
    await deleteKeys(made.prefix);
    await made.stores.close();
  });
  const say = async (text: string) => {
    expect((await postActivity(server.url, personalMessage({ serviceUrl: connector.url, text }))).status).toBe(200);
    await adapter.idle();
  };
  const askCoach = async () => {
    await say("let's work on our customer relationships");
    await say('A project-management app for creative work, priced per seat.');
    await say('should we focus on one group first?');
  };
  const thumbs = (replyToId: string, reaction: 'like' | 'dislike', feedbackText?: string) => ({
    ...personalMessage({ serviceUrl: connector.url, text: '' }),
    type: 'invoke',
    name: 'message/submitAction',
    replyToId,
    value: { actionName: 'feedback', actionValue: { reaction, feedback: JSON.stringify(feedbackText ? { feedbackText } : {}) } },
  });
  return { connector, server, adapter, kv: made.stores.kv, say, askCoach, thumbs };
}

describe('Teams AI surface through /api/messages', () => {
  it('an LLM-written coach answer carries the AI label and the feedback loop; plain bot text does not', async () => {
    const { connector, askCoach } = await boot('fast');
    await askCoach();
    const messages = connector.messages();
    const coach = messages.find((m) => String(m.body.text ?? '').includes('pays the most'));
    expect(coach).toBeDefined();
    const label = (coach!.body.entities as { type: string }[]).find((e) => e.type === 'https://schema.org/Message');
    expect(label).toEqual({ type: 'https://schema.org/Message', '@type': 'Message', '@context': 'https://schema.org', '@id': '', additionalType: ['AIGeneratedContent'] });
    expect(coach!.body.channelData).toMatchObject({ feedbackLoopEnabled: true });
    // What is rated stays on our side: it never goes to Teams.
    expect(coach!.body).not.toHaveProperty('rated');
    const others = messages.filter((m) => m !== coach);
    expect(others.length).toBeGreaterThan(1);
    for (const m of others) {
      expect(isAiLabelled(m.body)).toBe(false);
      expect((m.body.channelData as { feedbackLoopEnabled?: boolean } | undefined)?.feedbackLoopEnabled).toBeUndefined();
    }
  });

  it('a thumbs press is answered 200 and counted once per person under what the message rates, with its comment kept', async () => {
    const { connector, server, adapter, kv, askCoach, thumbs } = await boot('fast');
    await askCoach();
    const coach = connector.messages().find((m) => String(m.body.text ?? '').includes('pays the most'))!;
    const press = thumbs(coach.id, 'dislike', 'too vague for us');
    expect((await postActivity(server.url, press)).status).toBe(200);
    // Teams redelivers, people click twice: still one.
    expect((await postActivity(server.url, { ...press, id: `${press.id}-again` })).status).toBe(200);
    await adapter.idle();
    expect(await kv.get(feedbackKey('coach'))).toEqual({ good: 0, bad: 1 });
    expect(await kv.get(feedbackCommentsKey('coach'))).toMatchObject([{ rating: 'bad', comment: 'too vague for us' }]);

    // A summary card rates its findings: each of its codes gets the press.
    await kv.set(ratedKey(TENANT, 'summary-card-1'), ['no_retention_tactic', 'cac_above_ltv']);
    expect((await postActivity(server.url, thumbs('summary-card-1', 'like'))).status).toBe(200);
    const counts = await feedbackCounts(kv);
    expect(counts).toMatchObject({ coach: { good: 0, bad: 1 }, no_retention_tactic: { good: 1, bad: 0 }, cac_above_ltv: { good: 1, bad: 0 } });
  });

  it('without an LLM the coach answer has thumbs but no AI label', async () => {
    const { connector, askCoach } = await boot('none');
    await askCoach();
    const rated = connector.messages().filter((m) => (m.body.channelData as { feedbackLoopEnabled?: boolean } | undefined)?.feedbackLoopEnabled);
    expect(rated).toHaveLength(1);
    expect(isAiLabelled(rated[0]!.body)).toBe(false);
  });

  it('keeps "typing" up while a slow LLM answers, and stops before the answer', async () => {
    const { connector, askCoach } = await boot('held until typing');
    await askCoach();
    const sent = connector.sent;
    const coachAt = sent.findIndex((m) => String(m.body.text ?? '').includes('pays the most'));
    // The LLM answered only after a repeated typing, so the advice arriving proves it.
    expect(coachAt).toBeGreaterThan(-1);
    const lastQuestionAt = sent.slice(0, coachAt).map((m) => m.body.type).lastIndexOf('message');
    const typingsBetween = sent.slice(lastQuestionAt + 1, coachAt).filter(isTyping);
    expect(typingsBetween.length).toBeGreaterThanOrEqual(2);
    expect(sent.slice(coachAt + 1).filter(isTyping)).toHaveLength(0);
  });
});

describe('Teams rendering of AI-written and rateable cards', () => {
  const card = (over: Partial<CardReply> = {}): CardReply => ({
    kind: 'card',
    title: 'Your design',
    sections: [{ heading: 'Findings', lines: ['Two segments.'], notes: [{ severity: 'warning', text: 'No retention tactic.', code: 'no_retention_tactic' }] }],
    ...over,
  });

  it('a card with findings gets thumbs and remembers their codes; only an LLM-touched card is labelled', () => {
    const [plain] = renderReplies([card()]);
    expect(plain!.channelData).toEqual({ feedbackLoopEnabled: true });
    expect(plain!.rated).toEqual(['no_retention_tactic']);
    expect(isAiLabelled(plain!)).toBe(false);
    const [ai] = renderReplies([card({ ai: true })]);
    expect(isAiLabelled(ai!)).toBe(true);
    const [noFindings] = renderReplies([card({ sections: [{ heading: 'Numbers', lines: ['Churn 4%'], notes: [] }] })]);
    expect(noFindings!.channelData).toBeUndefined();
  });

  it("a check-in card whose suggestion the LLM wrote is labelled AI-generated; the offline one is not", async () => {
    const record = (over: Partial<CheckIn>): CheckIn => ({ v: 1, id: over.id ?? 'r', at: '2026-11-09T09:00:00.000Z', authors: [], tacticsRun: [], metrics: [], learned: null, next: null, mood: 'at_risk', ...over }) as CheckIn;
    const metric = (name: string, value: number, unit: string | null) => ({ name, value, unit, previous: null, change: null });
    const previous = record({ id: 'a', at: '2026-11-02T09:00:00.000Z', metrics: [metric('churn', 4, '%')] });
    const now = record({ id: 'b', metrics: [metric('churn', 5.2, '%')], learned: 'courier problems in the north' });
    const advice = 'You said courier problems in the north pushed churn from 4% to 5.2%. Call three customers there this week and offer pickup instead.';
    const withLlm = await feedback(now, [now, previous], planDesign(), { charts: false, log: silentLogger, summariser: llmSummariser(await llmServer(advice)) });
    const llmCard = withLlm.find((r): r is CardReply => r.kind === 'card')!;
    expect(JSON.stringify(llmCard.sections)).toContain('Call three customers');
    expect(isAiLabelled(renderReplies([llmCard])[0]!)).toBe(true);
    const offline = await feedback(now, [now, previous], planDesign(), { charts: false, log: silentLogger });
    const offlineCard = offline.find((r): r is CardReply => r.kind === 'card')!;
    expect(offlineCard.ai).toBeUndefined();
    expect(isAiLabelled(renderReplies([offlineCard])[0]!)).toBe(false);
  });
});
