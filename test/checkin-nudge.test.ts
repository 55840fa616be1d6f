import { afterEach, describe, expect, it } from 'vitest';
import { createCheckinModule } from '../src/checkins/module.ts';
import type { Schedule } from '../src/checkins/schedule.ts';
import { CHUNK_JOB, type CheckinScheduler } from '../src/checkins/scheduler.ts';
import { loadStats, newTeamState, saveTeam, teamIdOf } from '../src/checkins/store.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import { conversationId } from '../src/core/turn.ts';
import { silentLogger } from '../src/log.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';
import { ctxFor, fakeMessenger, planDesign, said, say, slackKey, storeDesign, testScheduler } from './checkin-support.ts';

// No nagging: after two unanswered check-ins one short nudge, then silence until someone
// answers or says `checkin resume`. Real Redis, real BullMQ, a cron that fires every 2 s.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function setup() {
  const prefix = uniquePrefix('ckn');
  const stores: Stores = await createStores({ redisUrl: testRedisUrl(), prefix, log: silentLogger });
  const messenger = fakeMessenger();
  const scheduler: CheckinScheduler = testScheduler(stores, messenger, prefix);
  cleanups.push(async () => {
    await scheduler.queue.obliterate({ force: true }).catch(() => undefined);
    await scheduler.stop().catch(() => undefined);
    await stores.close();
    await deleteKeys(prefix);
    await deleteKeys(`bull-${prefix}`);
  });
  return { stores, messenger, scheduler };
}

async function team(stores: Stores, schedule: Schedule, channel: string) {
  const key = slackKey(channel);
  await storeDesign(stores.kv, key, planDesign());
  const state = { ...newTeamState({ platform: 'slack' as const, workspace: 'T1', channel }), schedule, designConversation: conversationId(key) };
  await saveTeam(stores.kv, state);
  return { teamId: teamIdOf(state.team), key };
}

const custom = (pattern: string): Schedule => ({ cadence: 'weekly', weekday: null, time: '00:00', tz: 'UTC', pattern, parity: null });

describe('no nagging', () => {
  it('two unanswered check-ins, one nudge, then nothing for the next three slots', async () => {
    const { stores, messenger, scheduler } = await setup();
    const base = Math.ceil((Date.now() + 2000) / 1000) * 1000;
    const slots = Array.from({ length: 6 }, (_, i) => base + i * 2000);
    const seconds = slots.map((s) => new Date(s).getUTCSeconds());
    const schedule = custom(`${seconds.join(',')} * * * * *`);
    const { teamId } = await team(stores, schedule, 'N1');
    await scheduler.apply(teamId, schedule);
    await scheduler.start();

    // Every slot ran: six chunk jobs done, one per slot.
    const chunksDone = async () => (await scheduler.queue.getCompleted(0, 100)).filter((j) => j.name === CHUNK_JOB).length;
    let done = 0;
    const end = slots[5]! + 6000;
    while (done < 6 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 200));
      done = await chunksDone();
    }
    expect(done).toBe(6);

    const threads = messenger.posts.filter((p) => p.kind === 'thread');
    const replies = messenger.posts.filter((p) => p.kind === 'reply');
    expect(threads).toHaveLength(2);
    expect(replies).toHaveLength(1);
    const nudge = said(replies[0]!.replies);
    expect(replies[0]!.key).toEqual(threads[1]!.key);
    expect(nudge).toMatch(/No more check-ins until someone answers or says `checkin resume`/);
    expect(nudge.length).toBeLessThan(160);
    // The nudge is not an ask: two asked, two unanswered.
    expect(await loadStats(stores.kv, teamId)).toMatchObject({ asked: 2, unanswered: 2, answered: 0 });
  }, 30_000);

  it('an answer in the thread lifts the hold; so does `checkin resume`', async () => {
    const { stores, messenger, scheduler } = await setup();
    const { teamId, key } = await team(stores, custom('0 30 9 * * 1'), 'N2');
    const module = createCheckinModule({ scheduler, charts: false });
    await say(module, await ctxFor(stores.kv, key, 'checkin every monday at 09:30'));
    const slot = (n: number) => ({ jobId: `j${n}`, teamId, slot: Date.parse('2026-11-30T09:30:00Z') + n * 7 * 86_400_000 });

    expect(await scheduler.handle(slot(1))).toBe('posted');
    expect(await scheduler.handle(slot(2))).toBe('posted');
    expect(await scheduler.handle(slot(3))).toBe('reminded');
    expect(await scheduler.handle(slot(4))).toBe('held');
    expect(await scheduler.handle(slot(5))).toBe('held');
    expect(said(await say(module, await ctxFor(stores.kv, key, 'checkin')))).toContain('On hold: the last two check-ins got no answer');

    // Someone answers the nudge in its thread: the hold lifts and the next slot posts.
    const thread = messenger.posts[1]!.key;
    await say(module, await ctxFor(stores.kv, thread, 'onboarding emails'));
    expect((await loadStats(stores.kv, teamId)).heldSince).toBeNull();
    expect(await scheduler.handle(slot(6))).toBe('posted');

    // Silent again: two unanswered (slot 6 and 7), nudge, hold; `checkin resume` lifts it.
    expect(await scheduler.handle(slot(7))).toBe('posted');
    expect(await scheduler.handle(slot(8))).toBe('reminded');
    expect(await scheduler.handle(slot(9))).toBe('held');
    const resumed = said(await say(module, await ctxFor(stores.kv, key, 'checkin resume')));
    expect(resumed).toContain('I lifted the hold after two unanswered check-ins');
    expect(await scheduler.handle(slot(10))).toBe('posted');
    expect(messenger.posts.filter((p) => p.kind === 'reply')).toHaveLength(2);
  });
});
