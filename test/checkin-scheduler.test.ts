import { afterEach, describe, expect, it } from 'vitest';
import { createCheckinModule } from '../src/checkins/module.ts';
import { parseSchedule, type Schedule } from '../src/checkins/schedule.ts';
import { type CheckinScheduler } from '../src/checkins/scheduler.ts';
import { keys, loadStats, loadTeam, newTeamState, saveTeam, teamIdOf } from '../src/checkins/store.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import { conversationId } from '../src/core/turn.ts';
import { silentLogger } from '../src/log.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';
import { ctxFor, fakeMessenger, planDesign, said, say, slackKey, storeDesign, testScheduler, waitFor } from './checkin-support.ts';

// Real Redis, real BullMQ. Each test has its own queue name and key prefix.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function setup() {
  const prefix = uniquePrefix('ck');
  const stores: Stores = await createStores({ redisUrl: testRedisUrl(), prefix, log: silentLogger });
  const messenger = fakeMessenger();
  const made: CheckinScheduler[] = [];
  const make = (extra: { lateAfterMs?: number } = {}) => {
    const s = testScheduler(stores, messenger, prefix, extra);
    made.push(s);
    return s;
  };
  cleanups.push(async () => {
    await made[0]?.queue.obliterate({ force: true }).catch(() => undefined);
    for (const s of made) await s.stop().catch(() => undefined);
    await stores.close();
    await deleteKeys(prefix);
    await deleteKeys(`bull-${prefix}`);
  });
  return { stores, messenger, make, prefix };
}

const custom = (pattern: string, tz = 'UTC'): Schedule => ({ cadence: 'weekly', weekday: null, time: '00:00', tz, pattern, parity: null });

/** A cron with seconds that fires at the given instants' seconds, every minute. */
const atSeconds = (...ms: number[]) => `${ms.map((m) => new Date(m).getUTCSeconds()).join(',')} * * * * *`;

async function teamWithSchedule(stores: Stores, schedule: Schedule, channel = 'C1') {
  const key = slackKey(channel);
  await storeDesign(stores.kv, key, planDesign());
  const state = { ...newTeamState({ platform: 'slack' as const, workspace: 'T1', channel }), schedule, designConversation: conversationId(key) };
  await saveTeam(stores.kv, state);
  return { teamId: teamIdOf(state.team), key };
}

describe('scheduled check-ins on BullMQ', () => {
  it('fires once with three workers running, and the post names the plan', async () => {
    const { stores, messenger, make } = await setup();
    const workers = [make(), make(), make()];
    await Promise.all(workers.map((w) => w.start()));
    const slot = Math.ceil((Date.now() + 2500) / 1000) * 1000;
    const { teamId } = await teamWithSchedule(stores, custom(atSeconds(slot)));
    await workers[0]!.apply(teamId, custom(atSeconds(slot)));
    expect(await waitFor(() => messenger.posts.length > 0, 6000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(messenger.posts).toHaveLength(1);
    const post = messenger.posts[0]!;
    expect(post.kind).toBe('thread');
    expect(post.channel).toEqual({ platform: 'slack', workspace: 'T1', channel: 'C1' });
    expect(said(post.replies)).toContain('You planned onboarding emails and a loyalty program for Freelance designers');
    // The thread is mapped to the team so its answers reach the check-in.
    expect(await stores.kv.get(keys.thread(conversationId(post.key)))).toMatchObject({ teamId });
  });

  it('the handler is idempotent on the job id', async () => {
    const { stores, messenger, make } = await setup();
    const s = make();
    const { teamId } = await teamWithSchedule(stores, custom('0 30 9 * * 1'));
    const due = { jobId: `repeat:x:${Date.now()}`, teamId, slot: Date.now() };
    const outcomes = await Promise.all([s.handle(due), s.handle(due), s.handle(due)]);
    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'posted']);
    expect(messenger.posts).toHaveLength(1);
  });

  it('a failed post is retried once as a new attempt, and never posted twice', async () => {
    const { stores, messenger, make } = await setup();
    const s = make();
    const { teamId } = await teamWithSchedule(stores, custom('0 30 9 * * 1'));
    const due = { jobId: `repeat:y:${Date.now()}`, teamId, slot: Date.now() };
    messenger.failures = 1;
    await expect(s.handle({ ...due, attempt: 0 })).rejects.toThrow('platform down');
    expect(await s.handle({ ...due, attempt: 0 })).toBe('duplicate');
    expect(await s.handle({ ...due, attempt: 1 })).toBe('posted');
    expect(await s.handle({ ...due, attempt: 1 })).toBe('duplicate');
    expect(await s.handle({ ...due, attempt: 2 })).toBe('duplicate');
    expect(messenger.posts).toHaveLength(1);
  });

  it('after downtime a missed check-in is posted once, not once per missed slot', async () => {
    const { stores, messenger, make } = await setup();
    const base = Math.ceil((Date.now() + 1200) / 1000) * 1000;
    const slots = [base, base + 1000, base + 2000];
    const pattern = atSeconds(...slots);
    const { teamId } = await teamWithSchedule(stores, custom(pattern));
    const before = make();
    await before.apply(teamId, custom(pattern));
    await before.stop(); // every process is down across all three slots
    await new Promise((r) => setTimeout(r, slots[2]! + 700 - Date.now()));
    const after = make({ lateAfterMs: 500 });
    await after.start();
    expect(await waitFor(() => messenger.posts.length > 0, 5000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(messenger.posts).toHaveLength(1);
    expect(said(messenger.posts[0]!.replies)).toMatch(/I was offline then/);
    const next = await after.nextRun(teamId);
    expect(next).toBeGreaterThan(Date.now());
  });

  it('BullMQ computes DST-correct instants for our patterns (Berlin, New York)', async () => {
    const { make } = await setup();
    const s = make();
    const cases: [string, string, string][] = [
      ['sunday at 09:30 Europe/Berlin', '2027-03-20T00:00:00Z', '2027-03-21T08:30:00.000Z'],
      ['sunday at 09:30 Europe/Berlin', '2027-03-27T00:00:00Z', '2027-03-28T07:30:00.000Z'],
      ['sunday at 09:30 Europe/Berlin', '2027-10-23T00:00:00Z', '2027-10-24T07:30:00.000Z'],
      ['sunday at 09:30 Europe/Berlin', '2027-10-30T00:00:00Z', '2027-10-31T08:30:00.000Z'],
      ['sunday at 09:30 America/New_York', '2027-03-13T00:00:00Z', '2027-03-14T13:30:00.000Z'],
      ['sunday at 09:30 America/New_York', '2027-11-06T00:00:00Z', '2027-11-07T14:30:00.000Z'],
    ];
    for (const [i, [spec, start, expected]] of cases.entries()) {
      const parsed = parseSchedule(spec, 'UTC', new Date());
      if (!parsed.ok) throw new Error(parsed.error);
      await s.queue.upsertJobScheduler(`dst-${i}`, { pattern: parsed.schedule.pattern, tz: parsed.schedule.tz, startDate: start });
      const job = await s.queue.getJobScheduler(`dst-${i}`);
      expect(new Date(job!.next!).toISOString(), `${spec} after ${start}`).toBe(expected);
    }
  });
});

describe('skip, pause, off and reminders', () => {
  const NOW = new Date('2026-11-24T12:00:00Z'); // a Tuesday

  it('skip cancels the next slot only; pause holds until the date; off removes the BullMQ scheduler', async () => {
    const { stores, messenger, make } = await setup();
    const scheduler = make();
    const module = createCheckinModule({ scheduler });
    const key = slackKey('C9');
    await storeDesign(stores.kv, key, planDesign());
    const ctx = (t: string) => ctxFor(stores.kv, key, t, { now: NOW });
    expect(said(await say(module, await ctx('checkin every monday at 09:30 Europe/Berlin')))).toContain('Monday 30 November 2026, 09:30 CET');
    const teamId = teamIdOf(key);
    expect(await scheduler.jobScheduler(teamId)).toMatchObject({ pattern: '0 30 9 * * 1', tz: 'Europe/Berlin' });

    const nov30 = Date.parse('2026-11-30T08:30:00Z');
    const dec7 = Date.parse('2026-12-07T08:30:00Z');
    expect(said(await say(module, await ctx('checkin skip')))).toMatch(/skip the check-in on Monday 30 November.*The one after is on Monday 7 December/);
    expect(said(await say(module, await ctx('checkin')))).toContain('Next: Monday 7 December 2026');
    expect(await scheduler.handle({ jobId: 'j1', teamId, slot: nov30 })).toBe('skipped');
    expect(await scheduler.handle({ jobId: 'j2', teamId, slot: dec7 })).toBe('posted');

    expect(said(await say(module, await ctx('checkin pause until 2027-01-05')))).toContain('The next one is on Monday 11 January 2027');
    expect(await scheduler.handle({ jobId: 'j3', teamId, slot: Date.parse('2026-12-14T08:30:00Z') })).toBe('paused');
    expect(await scheduler.handle({ jobId: 'j4', teamId, slot: Date.parse('2027-01-11T08:30:00Z') })).toBe('posted');

    expect(said(await say(module, await ctx('checkin off')))).toContain('Check-ins are off');
    expect(await scheduler.jobScheduler(teamId)).toBeUndefined();
    expect(await scheduler.handle({ jobId: 'j5', teamId, slot: Date.parse('2027-01-18T08:30:00Z') })).toBe('off');
    expect((await loadTeam(stores.kv, teamId))?.schedule).toBeNull();
    expect(messenger.posts.filter((p) => p.kind === 'thread')).toHaveLength(2);
  });

  it('fortnightly off weeks do not post', async () => {
    const { stores, make } = await setup();
    const s = make();
    const parsed = parseSchedule('2 weeks on monday at 09:00 UTC', 'UTC', new Date('2026-11-24T12:00:00Z'));
    if (!parsed.ok) throw new Error(parsed.error);
    const { teamId } = await teamWithSchedule(stores, parsed.schedule);
    expect(await s.handle({ jobId: 'a', teamId, slot: Date.parse('2026-12-07T09:00:00Z') })).toBe('off-week');
    expect(await s.handle({ jobId: 'b', teamId, slot: Date.parse('2026-11-30T09:00:00Z') })).toBe('posted');
  });

  it('two unanswered check-ins in a row: the third is a short reminder in the open thread', async () => {
    const { stores, messenger, make } = await setup();
    const s = make();
    const { teamId } = await teamWithSchedule(stores, custom('0 30 9 * * 1'));
    expect(await s.handle({ jobId: 'r1', teamId, slot: 1 })).toBe('posted');
    expect(await s.handle({ jobId: 'r2', teamId, slot: 2 })).toBe('posted');
    expect(await s.handle({ jobId: 'r3', teamId, slot: 3 })).toBe('reminded');
    const reminder = messenger.posts[2]!;
    expect(reminder.kind).toBe('reply');
    expect(reminder.key).toEqual(messenger.posts[1]!.key);
    expect(said(reminder.replies).length).toBeLessThan(160);
    // The nudge is not an ask: the response rate counts two check-ins, not three.
    expect(await loadStats(stores.kv, teamId)).toMatchObject({ asked: 2, unanswered: 2, answered: 0 });
  });
});
