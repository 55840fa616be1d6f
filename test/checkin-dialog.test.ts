import { afterEach, describe, expect, it } from 'vitest';
import { CheckIn } from '../src/core/checkin.ts';
import { checkinsForExport, checkinsMarkdown } from '../src/checkins/export.ts';
import { createCheckinModule } from '../src/checkins/module.ts';
import { keys, loadRecords, loadStats, teamIdOf } from '../src/checkins/store.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import { conversationId, type ConversationKey } from '../src/core/turn.ts';
import type { FileReply, Reply } from '../src/core/reply.ts';
import { silentLogger } from '../src/log.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';
import { ctxFor, planDesign, said, say, slackKey, storeDesign, summariserDouble } from './checkin-support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function redisStores(): Promise<Stores> {
  const prefix = uniquePrefix('ckd');
  const stores = await createStores({ redisUrl: testRedisUrl(), prefix, log: silentLogger });
  cleanups.push(async () => {
    await stores.close();
    await deleteKeys(prefix);
  });
  return stores;
}

const summariser = summariserDouble((answer) => (/fast answers/.test(answer) ? { learned: 'Fast answers keep freelancers', mood: null } : {}));

async function runCheckIn(stores: Stores, key: ConversationKey, answers: string[], now: Date, charts = false): Promise<Reply[][]> {
  const module = createCheckinModule({ charts });
  const out = [await say(module, await ctxFor(stores.kv, key, 'checkin now', { now, summariser }))];
  for (const a of answers) out.push(await say(module, await ctxFor(stores.kv, key, a, { now, summariser, author: { id: 'U2', name: 'Jon' } })));
  return out;
}

describe('the check-in conversation', () => {
  it("asks from the team's own plan", async () => {
    const stores = await redisStores();
    const key = slackKey('C1');
    await storeDesign(stores.kv, key, planDesign());
    const [first] = await runCheckIn(stores, key, [], new Date());
    const text = said(first!);
    expect(text).toContain('You planned onboarding emails and a loyalty program for Freelance designers; and quarterly review call for Agencies: which ran');
    const choices = first!.find((r) => r.kind === 'choices');
    expect(choices && choices.kind === 'choices' && choices.options.map((o) => o.label)).toEqual([
      'onboarding emails',
      'a loyalty program',
      'quarterly review call',
      'None of them',
    ]);
  });

  it('turns the answers into a CheckIn with metrics, and compares with the previous one', async () => {
    const stores = await redisStores();
    const key = slackKey('C1');
    await storeDesign(stores.kv, key, planDesign());
    await runCheckIn(stores, key, ['onboarding emails', 'churn 5%, NPS 30', 'skip', 'more of the same'], new Date('2026-11-02T09:00:00Z'));

    const replies = await runCheckIn(
      stores,
      key,
      [
        'The onboarding emails ran, the loyalty program did not',
        'churn fell to 4%, NPS 31 and 120 active users',
        'fast answers matter more than discounts',
        'launch the loyalty program; we feel at risk',
      ],
      new Date('2026-11-09T09:00:00Z'),
      true,
    );
    expect(said(replies[1]!)).toContain('What did your numbers do? Last time: churn 5% and NPS 30');

    const records = await loadRecords(stores.kv, teamIdOf(key));
    expect(records).toHaveLength(2);
    const latest = CheckIn.parse(records[0]);
    expect(latest.tacticsRun).toEqual(['onboarding emails']);
    expect(latest.metrics).toEqual([
      { name: 'churn', value: 4, unit: '%', previous: null, change: null },
      { name: 'NPS', value: 31, unit: null, previous: null, change: null },
      { name: 'active users', value: 120, unit: null, previous: null, change: null },
    ]);
    expect(latest).toMatchObject({ learned: 'Fast answers keep freelancers', next: 'launch the loyalty program; we feel at risk', mood: 'at_risk' });
    expect(latest.authors).toEqual([{ id: 'U2', name: 'Jon' }]);

    const feedback = replies[4]!;
    const text = said(feedback);
    expect(text).toContain('Check-in recorded: at risk');
    expect(text).toContain('Churn: 5% → 4% (−1 pts, better)');
    expect(text).toContain('NPS: 30 → 31 (+1, better)');
    expect(text).toContain('Active users: 120 (first time reported)');
    expect(text).toContain('Planned but never reported as run: a loyalty program (Freelance designers) and quarterly review call (Agencies)');
    expect(text).toMatch(/One suggestion\n“a loyalty program” for Freelance designers has not run for two check-ins in a row\..* Your design also noted: The community for Freelance designers has nobody to start it\./);
    const pngs = feedback.filter((r): r is FileReply => r.kind === 'file');
    expect(pngs.map((f) => f.filename)).toEqual(['checkin-trends.png']);
    expect(Buffer.from(pngs[0]!.content, 'base64').subarray(1, 4).toString()).toBe('PNG');

    expect(await stores.kv.get(keys.thread(conversationId(key)))).toBeUndefined();
    expect(await loadStats(stores.kv, teamIdOf(key))).toMatchObject({ asked: 2, answered: 2, unanswered: 0 });

    const history = said(await say(createCheckinModule({ charts: false }), await ctxFor(stores.kv, key, 'history checkins')));
    expect(history).toMatch(/Check-ins \(2\)\n2026-11-09: at risk/);
    const exported = await checkinsForExport(stores.kv, conversationId(key));
    expect(exported?.checkins).toHaveLength(2);
    expect(checkinsMarkdown(exported!)).toContain('- churn: 4%');
  });

  it('in the terminal, schedules are stored and the reply says where they run', async () => {
    const stores = await redisStores();
    const key: ConversationKey = { platform: 'terminal', workspace: 'local', channel: 'terminal', thread: 'me' };
    const module = createCheckinModule();
    const text = said(await say(module, await ctxFor(stores.kv, key, 'checkin every 2 weeks at 10:00 Asia/Kolkata')));
    expect(text).toMatch(/every other Monday at 10:00 \(Asia\/Kolkata\)/);
    expect(text).toContain('`rapport serve` with Redis');
    expect(said(await say(module, await ctxFor(stores.kv, key, 'checkin')))).toMatch(/Next: Monday .* 10:00 GMT\+5:30/);
    const bad = said(await say(module, await ctxFor(stores.kv, key, 'checkin every monday at 09:30 Kolkatta')));
    expect(bad).toContain('Did you mean `Asia/Kolkata`?');
  });

  it('forget in the thread that owns the schedule deletes the check-ins', async () => {
    const stores = await redisStores();
    const key = slackKey('C5');
    await storeDesign(stores.kv, key, planDesign());
    const module = createCheckinModule();
    await say(module, await ctxFor(stores.kv, key, 'checkin every friday at 16:00'));
    await runCheckIn(stores, key, ['none of them', 'churn 3%', 'x', 'y'], new Date());
    expect(await checkinsForExport(stores.kv, conversationId(key))).not.toBeNull();
    await module.forget!(await ctxFor(stores.kv, key, 'forget'));
    expect(await checkinsForExport(stores.kv, conversationId(key))).toBeNull();
    expect(await stores.kv.keys('checkin:')).toEqual([]);
  });
});

describe('cohort', () => {
  async function cohortSetup() {
    const stores = await redisStores();
    await storeDesign(stores.kv, slackKey('C1'), planDesign());
    const other = planDesign();
    other.business.description = 'Lendit: tool rental for neighbours';
    other.segments = other.segments.slice(1);
    other.findings = [];
    await storeDesign(stores.kv, slackKey('C2', '1700000000.2'), other);
    await storeDesign(stores.kv, slackKey('C3', '1.3', 'T-other'), planDesign()); // another workspace
    await runCheckIn(stores, slackKey('C1'), ['onboarding emails', 'churn 4%', 'x', 'on track'], new Date('2026-11-20T10:00:00Z'));
    const module = createCheckinModule({ cohort: { channels: ['CPM'], admins: ['UADMIN'] } });
    return { stores, module };
  }

  it('is refused outside the cohort channels and to other users, showing nothing', async () => {
    const { stores, module } = await cohortSetup();
    const replies = await say(module, await ctxFor(stores.kv, slackKey('C1'), 'cohort', { author: { id: 'U1' } }));
    expect(replies).toHaveLength(1);
    expect(said(replies)).toMatch(/^Sorry, the cohort view is only open to the programme team/);
    expect(said(replies)).not.toContain('Lendit');
  });

  it('shows every team of the workspace side by side, with aggregates', async () => {
    const { stores, module } = await cohortSetup();
    for (const ctx of [await ctxFor(stores.kv, slackKey('CPM'), 'cohort'), await ctxFor(stores.kv, slackKey('C9'), 'cohort', { author: { id: 'UADMIN' } })]) {
      const text = said(await say(module, ctx));
      expect(text).toContain('Cohort: 2 teams in T1');
      expect(text).toContain('Lendit: tool rental for neighbours (channel C2)');
      expect(text).toContain('Pixelbox: a design asset marketplace (channel C1)');
      expect(text).toContain('Segments: Freelance designers, Agencies');
      expect(text).toContain('Top finding: The community for Freelance designers has nobody to start it');
      expect(text).toContain('Check-ins: 1 of 1 answered, last 2026-11-20');
      expect(text).toContain('Mood: on track (said 2026-11-20)');
      expect(text).toContain('dedicated personal assistance: 100% of teams (2 of 2)');
      expect(text).toContain('community: 50% of teams (1 of 2)');
      expect(text).toContain('Check-in response rate: 100% (1 of 1 check-ins answered)');
    }
  });
});

describe('several answers in one check-in message', () => {
  it('takes the numbers, the lesson and the next step from the tactics answer and asks none of them again', async () => {
    const { createOfflineSummariser } = await import('../src/understanding/offline/index.ts');
    const stores = await redisStores();
    const key = slackKey('C7');
    await storeDesign(stores.kv, key, planDesign());
    const module = createCheckinModule({ charts: false });
    const offline = createOfflineSummariser();
    const now = new Date('2026-11-02T09:00:00Z');
    await say(module, await ctxFor(stores.kv, key, 'checkin now', { now, summariser: offline }));
    const replies = await say(
      module,
      await ctxFor(stores.kv, key, 'onboarding emails ran. churn went from 5% to 4%. we learned that personal emails get replies. next we will try the loyalty program', {
        now,
        summariser: offline,
      }),
    );
    expect(said(replies)).toMatch(/Took your numbers and what you learned and what comes next from that message too/);
    const [record] = await loadRecords(stores.kv, teamIdOf(key));
    const latest = CheckIn.parse(record);
    expect(latest.tacticsRun).toEqual(['onboarding emails']);
    expect(latest.metrics.find((m) => m.name === 'churn')).toMatchObject({ value: 4, previous: 5 });
    expect(latest.learned).toMatch(/personal emails/);
    expect(latest.next).toMatch(/loyalty program/);
  });

  it('still asks what was not said', async () => {
    const { createOfflineSummariser } = await import('../src/understanding/offline/index.ts');
    const stores = await redisStores();
    const key = slackKey('C8');
    await storeDesign(stores.kv, key, planDesign());
    const module = createCheckinModule({ charts: false });
    const offline = createOfflineSummariser();
    await say(module, await ctxFor(stores.kv, key, 'checkin now', { summariser: offline }));
    const replies = await say(module, await ctxFor(stores.kv, key, 'onboarding emails, churn 4%', { summariser: offline }));
    expect(said(replies)).toMatch(/Took your numbers/);
    expect(said(replies)).toMatch(/learn/i);
  });
});
