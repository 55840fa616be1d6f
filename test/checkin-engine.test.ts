import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../src/core/engine.ts';
import { designDialog } from '../src/dialogs/design/dialog.ts';
import { createCheckinModule } from '../src/checkins/module.ts';
import { loadRecords, teamIdOf } from '../src/checkins/store.ts';
import { createStores } from '../src/store/index.ts';
import { silentLogger } from '../src/log.ts';
import type { ConversationKey } from '../src/core/turn.ts';
import { RelationshipDesign } from '../src/core/design.ts';
import type { Summariser } from '../src/core/summariser.ts';
import { createOfflineSummariser } from '../src/understanding/offline/index.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';
import { fakeMessenger, planDesign, said, slackKey, storeDesign, summariserDouble, testScheduler, turnOf } from './checkin-support.ts';

// The check-in module inside the real engine, on real Redis stores and BullMQ.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function setup(summariser: Summariser = summariserDouble()) {
  const prefix = uniquePrefix('cke');
  const stores = await createStores({ redisUrl: testRedisUrl(), prefix, log: silentLogger });
  const messenger = fakeMessenger();
  const scheduler = testScheduler(stores, messenger, prefix);
  const engine = createEngine({
    store: stores.kv,
    lock: stores.lock,
    summariser,
    dialog: designDialog,
    modules: [createCheckinModule({ scheduler, charts: false, cohort: { channels: ['CPM'], admins: [] } })],
    log: silentLogger,
  });
  cleanups.push(async () => {
    await scheduler.queue.obliterate({ force: true }).catch(() => undefined);
    await scheduler.stop();
    await stores.close();
    await deleteKeys(prefix);
    await deleteKeys(`bull-${prefix}`);
  });
  const say = async (key: ConversationKey, text: string) => said(await engine.handle(turnOf(key, text)));
  return { stores, messenger, scheduler, engine, say };
}

describe('check-ins through the engine', () => {
  it('schedules from a design thread and runs a check-in there', async () => {
    const { stores, scheduler, say, engine } = await setup();
    const key = slackKey('C1');
    await storeDesign(stores.kv, key, planDesign());
    expect(await say(key, 'checkin every monday at 09:30 Europe/Berlin')).toMatch(/Done: check-ins every Monday at 09:30 \(Europe\/Berlin\)\. The first one: Monday/);
    expect(await scheduler.nextRun(teamIdOf(key))).toBeGreaterThan(Date.now());
    expect(await say(key, 'checkin')).toMatch(/Next: Monday .* 09:30 CES?T/);
    expect(await say(key, 'checkin now')).toContain('You planned onboarding emails and a loyalty program for Freelance designers');
    await say(key, 'onboarding emails');
    await say(key, 'churn 4%, 120 active users');
    await say(key, 'people reply to personal emails');
    expect(await say(key, 'start the loyalty program')).toContain('Check-in recorded');
    expect((await loadRecords(stores.kv, teamIdOf(key)))[0]?.metrics).toEqual([
      { name: 'churn', value: 4, unit: '%', previous: null, change: null },
      { name: 'active users', value: 120, unit: null, previous: null, change: null },
    ]);
    expect(await say(key, 'history checkins')).toContain('Check-ins (1)');
    const [md] = await engine.handle(turnOf(key, 'export md'));
    expect(md?.kind === 'file' && md.content).toMatch(/## Retention check-ins[\s\S]*churn: 4%/);
    const files = (await engine.handle(turnOf(key, 'export json'))).filter((r) => r.kind === 'file');
    expect(files.map((f) => f.kind === 'file' && f.filename)).toEqual(['customer-relationships.json', 'retention-checkins.json']);
    // The design file stays exactly the contract.
    expect(() => RelationshipDesign.parse(JSON.parse(files[0]!.kind === 'file' ? files[0]!.content : ''))).not.toThrow();
  });

  it('refuses cohort outside the cohort channel', async () => {
    const { stores, say } = await setup();
    await storeDesign(stores.kv, slackKey('C1'), planDesign());
    expect(await say(slackKey('C1', '2.0'), 'cohort')).toMatch(/^Sorry, the cohort view/);
    expect(await say(slackKey('CPM', '3.0'), 'cohort')).toContain('Cohort: 1 team in T1');
  });

  it('with the offline summariser, a check-in answer becomes a CheckIn with metrics', async () => {
    const { stores, say } = await setup(createOfflineSummariser());
    const key = slackKey('C2');
    await storeDesign(stores.kv, key, planDesign());
    await say(key, 'checkin now');
    await say(key, 'the onboarding emails ran, the loyalty program did not');
    await say(key, 'churn is 4%, NPS 31');
    await say(key, 'freelancers answer short emails');
    expect(await say(key, 'launch the loyalty program next; on track')).toContain('Check-in recorded: on track');
    const [record] = await loadRecords(stores.kv, teamIdOf(key));
    expect(record?.tacticsRun).toEqual(['onboarding emails']);
    expect(record?.metrics).toEqual(expect.arrayContaining([expect.objectContaining({ value: 4, unit: '%' }), expect.objectContaining({ value: 31 })]));
  });

  it('answers in a thread the scheduler started reach the check-in', async () => {
    const { stores, messenger, scheduler, say } = await setup();
    const key = slackKey('C7');
    await storeDesign(stores.kv, key, planDesign());
    await say(key, 'checkin every friday at 16:00');
    expect(await scheduler.handle({ jobId: 'x1', teamId: teamIdOf(key), slot: Date.now() })).toBe('posted');
    const thread = messenger.posts[0]!.key;
    expect(await say(thread, 'onboarding emails ran')).toContain('What did your numbers do?');
  });
});
