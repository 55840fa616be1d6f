import { afterEach, describe, expect, it } from 'vitest';
import { createCheckinModule } from '../src/checkins/module.ts';
import { keys, loadEdits, loadRecords, loadStats, teamIdOf } from '../src/checkins/store.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import { conversationId, type ConversationKey } from '../src/core/turn.ts';
import { silentLogger } from '../src/log.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';
import { ctxFor, planDesign, said, say, slackKey, storeDesign } from './checkin-support.ts';

// `checkin edit` asks the last check-in again and puts the answers in its place; the
// version it replaced stays in the edit log and `history checkins` says so.

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function redisStores(): Promise<Stores> {
  const prefix = uniquePrefix('cke');
  const stores = await createStores({ redisUrl: testRedisUrl(), prefix, log: silentLogger });
  cleanups.push(async () => {
    await stores.close();
    await deleteKeys(prefix);
  });
  return stores;
}

const module = createCheckinModule({ charts: false });
const talk = async (stores: Stores, key: ConversationKey, lines: string[], now: Date) => {
  const out: string[] = [];
  for (const line of lines) out.push(said(await say(module, await ctxFor(stores.kv, key, line, { now, author: { id: 'U2', name: 'Jon' } }))));
  return out;
};

describe('checkin edit', () => {
  it('with nothing recorded, says there is nothing to correct', async () => {
    const stores = await redisStores();
    const [reply] = await talk(stores, slackKey('E0'), ['checkin edit'], new Date());
    expect(reply).toContain('There is no check-in to correct yet');
  });

  it('re-asks the last check-in and replaces its record, keeping the old one in history', async () => {
    const stores = await redisStores();
    const key = slackKey('E1');
    const teamId = teamIdOf(key);
    await storeDesign(stores.kv, key, planDesign());
    await talk(stores, key, ['checkin now', 'onboarding emails', 'churn 5%, NPS 30', 'skip', 'more of the same'], new Date('2026-11-02T09:00:00Z'));
    await talk(stores, key, ['checkin now', 'onboarding emails', 'churn 9%', 'skip', 'more of the same, on track'], new Date('2026-11-09T09:00:00Z'));
    const [before] = await loadRecords(stores.kv, teamId);
    const statsBefore = await loadStats(stores.kv, teamId);

    const [ask, ...rest] = await talk(
      stores,
      key,
      ['checkin edit', 'onboarding emails and a loyalty program', 'churn 4%', 'referrals come from the loyalty program', 'more of the same, on track'],
      new Date('2026-11-10T09:00:00Z'),
    );
    expect(ask).toContain('Correcting the check-in of 2026-11-09 (ran onboarding emails; churn 9%; on track)');
    expect(ask).toContain('which ran since the last check-in');
    // The numbers question compares with the check-in before the corrected one.
    expect(rest[0]).toContain('Last time: churn 5% and NPS 30');
    expect(rest[rest.length - 1]).toContain('Corrected: the check-in of 2026-11-09 now holds these answers');

    const records = await loadRecords(stores.kv, teamId);
    expect(records).toHaveLength(2);
    const fixed = records[0]!;
    expect(fixed).toMatchObject({ id: before!.id, at: before!.at, editedAt: '2026-11-10T09:00:00.000Z' });
    expect(fixed.metrics.map((m) => [m.name, m.value])).toEqual([['churn', 4]]);
    expect(fixed.tacticsRun).toEqual(['onboarding emails', 'a loyalty program']);
    // A correction is not another answered check-in.
    expect(await loadStats(stores.kv, teamId)).toMatchObject({ asked: statsBefore.asked, answered: statsBefore.answered });
    expect(await stores.kv.get(keys.thread(conversationId(key)))).toBeUndefined();

    const edits = await loadEdits(stores.kv, teamId);
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ recordId: before!.id, by: 'Jon', at: '2026-11-10T09:00:00.000Z' });
    expect(edits[0]!.before.metrics.map((m) => m.value)).toEqual([9]);

    const [history] = await talk(stores, key, ['history checkins'], new Date('2026-11-10T10:00:00Z'));
    expect(history).toContain('Corrected with `checkin edit` (1):\n- the check-in of 2026-11-09, corrected on 2026-11-10 by Jon; before: ran onboarding emails; churn 9%; on track');
  });

  it('is listed by help, and an open check-in is finished first', async () => {
    expect(module.commands.map((c) => c.usage)).toContain('checkin edit');
    const stores = await redisStores();
    const key = slackKey('E2');
    await storeDesign(stores.kv, key, planDesign());
    const [, again] = await talk(stores, key, ['checkin now', 'checkin edit'], new Date());
    expect(again).toContain('A check-in is open here: answer it first');
  });
});
