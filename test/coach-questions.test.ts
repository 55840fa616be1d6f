import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import type { Summariser } from '../src/core/summariser.ts';
import { createOpenAISummariser } from '../src/understanding/openai.ts';
import { createOfflineSummariser } from '../src/understanding/offline/index.ts';
import { loadPrompts } from '../src/understanding/prompts.ts';
import { isQuestionToCoach } from '../src/coaching/questions.ts';
import { silentLogger } from '../src/log.ts';
import { makeEngine, said, terminalKey, turn } from './support/engine.ts';

// A question to the coach mid-design gets an answer grounded in the design, then the open
// question again; offline from the findings, with an LLM from one call carrying the design.

const ORIGIN = 'http://llm.test';

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
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

async function setup(summariser?: Summariser) {
  const made = await makeEngine('memory', summariser ? { summariser } : {});
  closers.push(() => made.stores.close());
  const key = terminalKey();
  const send = (text: string) => made.engine.handle(turn(key, text));
  const session = async () => Session.parse(await made.stores.kv.get(sessionKey(conversationId(key))));
  for (const line of LOSING) await send(line);
  return { send, session };
}

describe('questions to the coach', () => {
  it('tells a question from an answer', () => {
    expect(isQuestionToCoach('is the advisor model actually worth it?')).toBe(true);
    expect(isQuestionToCoach('should we drop the forum?')).toBe(true);
    expect(isQuestionToCoach('medium? they want a human teacher')).toBe(false);
    expect(isQuestionToCoach('docs and a forum')).toBe(false);
  });

  it('offline: answers from the findings with the team’s numbers, then asks the open question again', async () => {
    const { send, session } = await setup();
    expect((await session()).cursor.step).toBe('touchpoints');
    const replies = await send('is the advisor model actually worth it?');
    const text = said(replies);
    expect(text).toMatch(/\$500/);
    expect(text).toMatch(/journey/i);
    const s = await session();
    expect(s.cursor.step).toBe('touchpoints');
    expect(s.design.segments[0]!.touchpoints).toEqual([]);
  });

  it('with an LLM: one call carrying the design, its answer shown, tokens counted', async () => {
    const offline = createOfflineSummariser();
    const llm = createOpenAISummariser({ apiKey: 'k', baseURL: `${ORIGIN}/v1`, model: 'm', timeoutMs: 1000, log: silentLogger, prompts: loadPrompts() });
    const summariser: Summariser = { name: 'test', extract: offline.extract, advise: llm.advise! };
    const { send, session } = await setup(summariser);
    let body = '';
    nock(ORIGIN)
      .post('/v1/chat/completions')
      .reply(200, (_u, b) => {
        body = JSON.stringify(b);
        return {
          id: 'c',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [{ index: 0, message: { role: 'assistant', content: 'Not at $500 a month against $300: keep the advisor for your top regulars only.', refusal: null }, finish_reason: 'stop', logprobs: null }],
          usage: { prompt_tokens: 300, completion_tokens: 30, total_tokens: 330 },
        };
      });
    const text = said(await send('is the advisor model actually worth it?'));
    expect(text).toMatch(/top regulars only/);
    expect(text).toMatch(/journey/i);
    expect(body).toMatch(/High net worth regulars/i);
    expect(body).toMatch(/<question>/);
    expect((await session()).usage.promptTokens).toBe(300);
  });

  it('with an LLM that fails: the offline answer, and the conversation goes on', async () => {
    const offline = createOfflineSummariser();
    const llm = createOpenAISummariser({ apiKey: 'k', baseURL: `${ORIGIN}/v1`, model: 'm', timeoutMs: 500, log: silentLogger, prompts: loadPrompts() });
    const { send } = await setup({ name: 'test', extract: offline.extract, advise: llm.advise! });
    nock(ORIGIN).post('/v1/chat/completions').reply(500, { error: { message: 'boom' } });
    const text = said(await send('is the advisor model actually worth it?'));
    expect(text).toMatch(/\$500/);
    expect(text).toMatch(/journey/i);
  });
});

describe('a question about a relationship that pays', () => {
  it('answers with the margin worked out from the team’s figures', async () => {
    const made = await makeEngine('memory');
    closers.push(() => made.stores.close());
    const key = terminalKey();
    const send = (text: string) => made.engine.handle(turn(key, text));
    for (const line of [...LOSING.slice(0, 6), 'the advisor costs us $100 a month per regular and a regular pays $1,000 a month']) await send(line);
    const text = said(await send('is the advisor model actually worth it?'));
    expect(text).toMatch(/\$100 a month of the \$1,000 a month/);
    expect(text).toMatch(/10%/);
    expect(text).toMatch(/journey/i);
  });
});
