import { afterEach, describe, expect, it } from 'vitest';
import { createCheckinModule } from '../src/checkins/module.ts';
import { OpenCheckIn, newOpenCheckIn, questionText } from '../src/checkins/dialog.ts';
import { loadRecords, teamIdOf } from '../src/checkins/store.ts';
import { testClause, testsToAsk } from '../src/core/checkin-tests.ts';
import type { RelationshipDesign } from '../src/core/design.ts';
import { TEST_PREFIX, plannedTests } from '../src/core/segment-test.ts';
import { designToMarkdown } from '../src/core/render/markdown.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import { silentLogger } from '../src/log.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';
import { ctxFor, planDesign, said, say, slackKey, storeDesign, summariserDouble } from './checkin-support.ts';

// The test with real customers a team planned in the design ("Test first: …" in the segment's
// acquisition notes) comes back in the first check-in after the design, by name.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function redisStores(): Promise<Stores> {
  const prefix = uniquePrefix('cktf');
  const stores = await createStores({ redisUrl: testRedisUrl(), prefix, log: silentLogger });
  cleanups.push(async () => {
    await stores.close();
    await deleteKeys(prefix);
  });
  return stores;
}

const DESIGNED = new Date('2026-11-01T10:00:00Z');

function withTest(): RelationshipDesign {
  const d = planDesign(DESIGNED);
  d.segments[1]!.lifecycle.acquisition.notes = `${TEST_PREFIX}pilot the quarterly call with five agencies`;
  return d;
}

const team = { platform: 'slack' as const, workspace: 'T1', channel: 'C1' };

function open(design: RelationshipDesign | null, previousAt?: string) {
  return newOpenCheckIn({
    teamId: 'slack:T1:C1',
    team,
    design,
    planned: [],
    previous: previousAt ? ({ at: previousAt } as never) : undefined,
    scheduled: false,
    now: new Date('2026-11-08T09:00:00Z'),
  });
}

describe('which tests a check-in asks about', () => {
  it('reads the test from the acquisition notes, only when it is marked as the test', () => {
    expect(plannedTests(withTest())).toEqual([
      { segmentId: withTest().segments[1]!.id, segmentName: 'Agencies', test: 'pilot the quarterly call with five agencies' },
    ]);
    const other = planDesign(DESIGNED);
    other.segments[0]!.lifecycle.acquisition.notes = 'word of mouth mostly';
    expect(plannedTests(other)).toEqual([]);
  });

  it('asks in the first check-in after the design, and again after a redesign, not after that', () => {
    expect(testsToAsk(withTest(), undefined)).toHaveLength(1);
    expect(testsToAsk(withTest(), { at: '2026-11-05T09:00:00Z' })).toEqual([]);
    expect(testsToAsk(withTest(), { at: '2026-10-25T09:00:00Z' })).toHaveLength(1);
    expect(testsToAsk(null, undefined)).toEqual([]);
  });

  it('names at most two tests, with their segments', () => {
    const t = (n: number) => ({ segmentName: `S${n}`, test: `test ${n}` });
    expect(testClause([])).toBe('');
    expect(testClause([t(1)])).toBe(' How did your test, “test 1” (S1) go with real customers?');
    expect(testClause([t(1), t(2), t(3)])).toBe(' How did your tests, “test 1” (S1) and “test 2” (S2) and 1 more go with real customers?');
  });
});

describe('the learned question', () => {
  it('names the test in the first check-in after the design, and not once one is recorded since', () => {
    expect(questionText(open(withTest()), 'learned')).toBe(
      'What did you learn since last time? How did your test, “pilot the quarterly call with five agencies” (Agencies) go with real customers?',
    );
    expect(questionText(open(withTest(), '2026-11-02T09:00:00Z'), 'learned')).toBe('What did you learn since last time?');
    expect(questionText(open(planDesign(DESIGNED)), 'learned')).toBe('What did you learn since last time?');
  });

  it('reads an open check-in stored before tests were kept', () => {
    const { tests: _omit, ...stored } = open(withTest());
    const parsed = OpenCheckIn.parse(stored);
    expect(questionText(parsed, 'learned')).toBe('What did you learn since last time?');
  });
});

describe('a whole check-in after the design', () => {
  it('asks how the test went, keeps the answer as what was learned, and asks no more next time', async () => {
    const stores = await redisStores();
    const key = slackKey('C7');
    await storeDesign(stores.kv, key, withTest());
    const summariser = summariserDouble((answer) => (/pilot worked/.test(answer) ? { learned: answer } : {}));
    const module = createCheckinModule({ charts: false });
    const at = new Date('2026-11-08T09:00:00Z');
    const talk = async (text: string, now = at) => said(await say(module, await ctxFor(stores.kv, key, text, { now, summariser })));

    await talk('checkin now');
    await talk('quarterly review call');
    const learnedAsk = await talk('churn 5%');
    expect(learnedAsk).toContain('How did your test, “pilot the quarterly call with five agencies” (Agencies) go with real customers?');
    await talk('the pilot worked: four of five agencies booked a second call');
    await talk('roll it out; on track');
    const teamId = teamIdOf(key);
    const [record] = await loadRecords(stores.kv, teamId);
    expect(record?.learned).toMatch(/four of five agencies/);

    const later = new Date('2026-11-15T09:00:00Z');
    await talk('checkin now', later);
    await talk('quarterly review call', later);
    const again = await talk('churn 4%', later);
    expect(again).toContain('What did you learn since last time?');
    expect(again).not.toMatch(/How did your test/);
  });
});

describe('a lesson said early', () => {
  async function lessonWithNumbers(channel: string, lesson: string): Promise<string> {
    const stores = await redisStores();
    const key = slackKey(channel);
    await storeDesign(stores.kv, key, withTest());
    const summariser = summariserDouble((answer) => (/learned/.test(answer) ? { learned: answer.replace(/^churn 5%, /, '') } : {}));
    const module = createCheckinModule({ charts: false });
    const at = new Date('2026-11-08T09:00:00Z');
    const talk = async (text: string) => said(await say(module, await ctxFor(stores.kv, key, text, { now: at, summariser })));
    await talk('checkin now');
    await talk('quarterly review call');
    return talk(`churn 5%, ${lesson}`);
  }

  it('still asks how the test went once, with the next question', async () => {
    const ask = await lessonWithNumbers('C8', 'we learned that agencies want shorter calls');
    expect(ask).not.toContain('What did you learn since last time?');
    expect(ask).toContain('How did your test, “pilot the quarterly call with five agencies” (Agencies) go with real customers?');
    expect(ask).toContain('What is next?');
  });

  it('does not ask when the lesson already speaks of the test', async () => {
    const ask = await lessonWithNumbers('C9', 'we learned from the pilot that agencies want shorter calls');
    expect(ask).toContain('What is next?');
    expect(ask).not.toMatch(/How did your test/);
  });
});

describe('the markdown export', () => {
  it('shows the test under the segment it belongs to', () => {
    const md = designToMarkdown(withTest());
    const agencies = md.slice(md.indexOf('## Agencies'));
    expect(agencies).toContain('Test first: pilot the quarterly call with five agencies');
    expect(md.slice(0, md.indexOf('## Agencies'))).not.toContain('Test first');
  });
});
