import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../src/config.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import { silentLogger } from '../src/log.ts';
import { REASONS } from '../src/understanding/errors.ts';
import { createSummariser } from '../src/understanding/index.ts';
import { makeEngine, said, terminalKey, turn } from './support/engine.ts';
import { businessRequest, fail, ok, recordingServer, setup } from './llm-support.ts';

// Failure 7: every call's tokens counted and stored per conversation (failed and repaired
// ones too), shown by `usage`, capped per conversation with one notice.

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

const laptops = { description: 'Laptops for students', twoSided: false };

describe('usage and the allowance, in the summariser', () => {
  it('counts failed and repaired calls, and sends a completion cap', async () => {
    const server = recordingServer([ok('nonsense'), ok(laptops), ok({ description: 1 }), ok({ description: 2 })]);
    const { summariser, openai } = setup();
    const a = await summariser.extract(businessRequest());
    const b = await summariser.extract(businessRequest());
    expect(a).toMatchObject({ via: 'llm', usage: { promptTokens: 240, completionTokens: 60 } });
    expect(b).toMatchObject({ via: 'offline', fallbackReason: REASONS.shape, usage: { promptTokens: 240, completionTokens: 60 } });
    expect(openai.spent('conv-1')).toBe(600);
    expect(server.bodies.every((body) => (body.max_tokens ?? 0) > 0 && (body.max_tokens ?? 0) <= 2000)).toBe(true);
  });

  it('reads offline once the allowance is spent, says so once, and makes no more calls', async () => {
    const server = recordingServer([ok(laptops)]);
    const { summariser, logged } = setup({ tokenBudget: 400 });
    await summariser.extract(businessRequest('1'));
    await summariser.extract(businessRequest('2'));
    await summariser.extract(businessRequest('3'));
    const spentOut = await summariser.extract(businessRequest('4'));
    const quiet = await summariser.extract(businessRequest('5'));
    const otherConversation = await summariser.extract(businessRequest('6', 'conv-2'));
    expect(server.bodies).toHaveLength(4);
    expect(spentOut).toMatchObject({ via: 'offline', fallbackReason: REASONS.budget });
    expect(spentOut.usage).toBeUndefined();
    expect(quiet.via).toBe('offline');
    expect(quiet.fallbackReason).toBeUndefined();
    expect(otherConversation.via).toBe('llm');
    expect(logged().filter((l) => l.msg === 'llm allowance used up; reading offline')).toHaveLength(1);
  });
});

describe('usage and the allowance, in a conversation', () => {
  async function conversation(env: Record<string, string> = {}) {
    const config = ConfigSchema.parse({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: 'http://llm.test/v1', OPENAI_MODEL: 'test-model', ...env });
    const made = await makeEngine('memory', { summariser: createSummariser(config, silentLogger) });
    const key = terminalKey();
    const send = async (text: string) => said(await made.engine.handle(turn(key, text)));
    const session = async () => Session.parse(await made.stores.kv.get(sessionKey(conversationId(key))));
    return { ...made, send, session };
  }

  it('stores what the server reported, failed replies included, and shows it with `usage`', async () => {
    const server = recordingServer([
      ok('garbled', { usage: { prompt_tokens: 100, completion_tokens: 5 } }),
      ok({ description: 'Accounting for plumbers', twoSided: false }, { usage: { prompt_tokens: 130, completion_tokens: 20 } }),
      fail(500),
    ]);
    const { send, session, stores } = await conversation();
    await send('hello');
    expect(await send('we do the books for plumbers')).toMatch(/Accounting for plumbers/);
    expect(await send('usage')).toMatch(/asked 1 time, for 255 tokens \(230 sent, 25 received\)/);
    // A 500 on every attempt: no tokens, but the attempt is counted as a call.
    expect(await send('sole traders')).toMatch(/had an error.*without AI/);
    const s = await session();
    expect(s.usage).toEqual({ calls: 2, promptTokens: 230, completionTokens: 25 });
    const reported = server.bodies.length;
    expect(reported).toBeGreaterThanOrEqual(3);
    await stores.close();
  });

  it('tells the team once when the allowance is spent, then reads without AI quietly', async () => {
    const server = recordingServer([
      ok({ description: 'Accounting for plumbers', twoSided: false }),
      ok({ segments: [{ name: 'Sole traders', description: null, reach: 'direct' }] }),
    ]);
    const { send, session, stores } = await conversation({ RAPPORT_LLM_TOKEN_BUDGET: '200' });
    await send('hello');
    await send('we do the books for plumbers');
    expect(await send('sole traders')).not.toMatch(/without AI/);
    const third = await send('low touch, they want to be left alone');
    expect(third).toMatch(/used up its AI allowance, so I read this answer without AI/);
    const fourth = await send('self-service portal and a monthly email');
    expect(fourth).not.toMatch(/without AI/);
    expect(server.bodies).toHaveLength(2);
    expect((await session()).usage).toEqual({ calls: 2, promptTokens: 240, completionTokens: 60 });
    await stores.close();
  });

  it('`usage` says plainly when no AI has been used', async () => {
    const { send, stores } = await conversation();
    await send('hello');
    expect(await send('usage')).toMatch(/No AI calls in this conversation yet/);
    await stores.close();
  });
});

describe('an empty segment list', () => {
  it('is checked against the offline reader once instead of being asked again', async () => {
    const { createFallbackSummariser } = await import('../src/understanding/fallback.ts');
    const { createOfflineSummariser } = await import('../src/understanding/offline/index.ts');
    const server = recordingServer([ok({ segments: [] })]);
    const { openai } = setup();
    const summariser = createFallbackSummariser(openai, createOfflineSummariser(), silentLogger);
    const request = { step: 'segments' as const, question: 'Who are your customers?', answer: 'freelance designers and small agencies', context: {}, conversation: 'c' };
    const found = await summariser.extract(request);
    expect(found.via).toBe('offline');
    expect(found.fallbackReason).toBeUndefined();
    expect(found.data.segments.length).toBeGreaterThan(0);
    expect(found.usage).toEqual({ promptTokens: 120, completionTokens: 30 });
    const vague = await summariser.extract({ ...request, answer: 'not sure yet' });
    expect(vague).toMatchObject({ via: 'llm', data: { segments: [] } });
    expect(server.bodies).toHaveLength(2);
  });
});
