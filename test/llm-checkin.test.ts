import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerCheckIn, newOpenCheckIn, type AnswerResult, type OpenCheckIn } from '../src/checkins/dialog.ts';
import { keys } from '../src/checkins/store.ts';
import { ConfigSchema } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { createStores } from '../src/store/index.ts';
import { createSummariser } from '../src/understanding/index.ts';
import { said } from './support/engine.ts';
import { completion, fail, ok, recordingServer } from './llm-support.ts';

// Failure 1: a check-in on a failing model says so once, stays fast, and counts its tokens.

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

const ANSWERS = ['onboarding emails', 'churn 4%, 120 active users', 'people reply to personal emails', 'start the loyalty program, on track'];

async function checkIn(env: Record<string, string> = {}) {
  const config = ConfigSchema.parse({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://llm.test/v1', OPENAI_MODEL: 'test-model', RAPPORT_LLM_DEADLINE_MS: '1000', ...env });
  const stores = await createStores({ prefix: `llm-checkin-${Math.random()}`, log: silentLogger });
  const usage = { calls: 0, promptTokens: 0, completionTokens: 0 };
  const deps = { kv: stores.kv, summariser: createSummariser(config, silentLogger), clock: { now: () => new Date() }, log: silentLogger, usage };
  let open: OpenCheckIn = newOpenCheckIn({
    teamId: 'team-1',
    team: { platform: 'slack', workspace: 'T1', channel: 'C1' } as never,
    design: null,
    planned: [{ segmentId: 'free', segmentName: 'Freelance designers', tactic: 'onboarding emails' }, { segmentId: 'free', segmentName: 'Freelance designers', tactic: 'a loyalty program' }],
    previous: undefined,
    scheduled: true,
    now: new Date(),
  });
  const seen: string[] = [];
  const times: number[] = [];
  let last: AnswerResult | undefined;
  for (const answer of ANSWERS) {
    const started = Date.now();
    last = await answerCheckIn(deps, 'conv-checkin', open, answer, { id: 'U1' });
    times.push(Date.now() - started);
    seen.push(said(last.done ? (last.notices ?? []) : last.replies));
    if (!last.done) open = last.open;
  }
  return { seen, times, usage, last: last!, open, stores };
}

describe('check-ins on the LLM path', () => {
  it('a failing server: one notice in the whole check-in, each answer within the deadline, the record kept', async () => {
    const server = recordingServer([fail(500, { message: 'down' })]);
    const { seen, times, last, usage, stores } = await checkIn();
    expect(seen.filter((s) => /without AI/.test(s))).toHaveLength(1);
    expect(seen[0]).toMatch(/the AI service had an error, so I read this answer without AI/);
    for (const t of times) expect(t).toBeLessThan(1600);
    expect(last.done).toBe(true);
    if (last.done) {
      expect(last.record.via).toBe('offline');
      expect(last.record.tacticsRun).toContain('onboarding emails');
      expect(last.record.metrics.map((m) => m.name)).toContain('churn');
    }
    // Breaker: three failed answers, then the fourth is not sent at all.
    expect(server.bodies.length).toBeLessThanOrEqual(3 * 4);
    expect(usage.calls).toBe(3);
    expect(await stores.kv.get(keys.thread('conv-checkin'))).toBeUndefined();
    await stores.close();
  });

  it('counts every call of a check-in, failed replies included', async () => {
    const reading = { tacticsRun: ['onboarding emails'], tacticsNotRun: [], metrics: [], learned: null, next: null, mood: null };
    recordingServer([ok('garbled', { usage: { prompt_tokens: 100, completion_tokens: 10 } }), () => [200, completion(reading, { usage: { prompt_tokens: 150, completion_tokens: 20 } })]]);
    const { usage, seen, stores } = await checkIn();
    expect(seen.join('\n')).not.toMatch(/without AI/);
    // 100+10 and 150+20 for the first answer (repaired), 150+20 for each of the three others.
    expect(usage).toEqual({ calls: 4, promptTokens: 100 + 150 * 4, completionTokens: 10 + 20 * 4 });
    await stores.close();
  });
});
