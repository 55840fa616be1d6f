import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../src/adapters/slack/dispatch.ts';
import { inflightKey as slackInflightKey } from '../src/adapters/slack/dedupe.ts';
import type { TurnInbound } from '../src/adapters/slack/parse.ts';
import type { SlackWeb } from '../src/adapters/slack/send.ts';
import type { Engine } from '../src/core/module.ts';
import { StoreUnavailableError, type DueSet, type KeyValueStore } from '../src/core/ports.ts';
import { createHandover, inflightKey } from '../src/http/handover.ts';
import { silentLogger } from '../src/log.ts';
import { createStores, pendingKey, type Stores } from '../src/store/index.ts';
import { clusterKeys, hasRedisServer, startCluster, type TestCluster } from './support/cluster.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';

// The handover's index of claims in flight: the DueSet port on every backend, and a sweep
// that reads that index only (an in-flight record nobody indexed is not found by a scan).

const open: Stores[] = [];
const prefixes: string[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
  for (const p of prefixes) await deleteKeys(p);
});

async function redisStores(url = testRedisUrl()): Promise<{ stores: Stores; prefix: string }> {
  const prefix = uniquePrefix('handover');
  prefixes.push(prefix);
  const stores = await createStores({ redisUrl: url, prefix, log: silentLogger });
  open.push(stores);
  return { stores, prefix };
}

async function memoryStores(): Promise<Stores> {
  const stores = await createStores({ log: silentLogger });
  open.push(stores);
  return stores;
}

function dueSetContract(make: () => Promise<{ set: (name: string) => DueSet }>) {
  it('returns members due by score, lowest first, up to the limit', async () => {
    const { set } = await make();
    const s = set('work');
    await s.add('c', 30);
    await s.add('a', 10);
    await s.add('b', 20);
    await s.add('later', 100);
    expect(await s.due(30, 10)).toEqual(['a', 'b', 'c']);
    expect(await s.due(25, 10)).toEqual(['a', 'b']);
    expect(await s.due(30, 2)).toEqual(['a', 'b']);
    expect(await s.due(5, 10)).toEqual([]);
  });

  it('moves a member on a second add, and forgets it on remove', async () => {
    const { set } = await make();
    const s = set('work');
    await s.add('a', 10);
    await s.add('b', 20);
    await s.add('a', 50);
    expect(await s.due(30, 10)).toEqual(['b']);
    await s.remove('b');
    await s.remove('never-there');
    expect(await s.due(100, 10)).toEqual(['a']);
  });

  it('keeps sets of different names apart, and members with any characters intact', async () => {
    const { set } = await make();
    await set('slack').add('teams:activity:tenant:19:x@thread.tacv2;messageid=1 é', 1);
    expect(await set('teams').due(10, 10)).toEqual([]);
    expect(await set('slack').due(10, 10)).toEqual(['teams:activity:tenant:19:x@thread.tacv2;messageid=1 é']);
  });
}

describe('DueSet contract: memory', () => {
  dueSetContract(async () => {
    const stores = await memoryStores();
    return { set: (name) => stores.once.pending!(name) };
  });
});

describe('DueSet contract: redis', () => {
  dueSetContract(async () => {
    const { stores } = await redisStores();
    return { set: (name) => stores.once.pending!(name) };
  });

  it('is one sorted set under the store prefix', async () => {
    const { stores, prefix } = await redisStores();
    await stores.once.pending!('slack').add('m1', 42);
    const redis = new Redis(testRedisUrl());
    try {
      expect(pendingKey(`${prefix}:`, 'slack')).toBe(`${prefix}:pending:slack`);
      expect(await redis.type(`${prefix}:pending:slack`)).toBe('zset');
      expect(await redis.zscore(`${prefix}:pending:slack`, 'm1')).toBe('42');
    } finally {
      redis.disconnect();
    }
  });

  it('goes through the availability gate: a closed store refuses with StoreUnavailableError', async () => {
    const { stores } = await redisStores();
    const set = stores.once.pending!('slack');
    await stores.close();
    await expect(set.add('m', 1)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(set.due(1, 1)).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

const present = hasRedisServer();
describe.skipIf(!present)('DueSet contract: redis cluster', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(3);
  }, 60_000);
  afterAll(async () => {
    for (const s of open.splice(0)) await s.close();
    await cluster?.stop();
  });
  dueSetContract(async () => {
    const { stores } = await redisStores(cluster.url);
    expect(stores.mode).toBe('cluster');
    return { set: (name) => stores.once.pending!(name) };
  });

  it('lands in one key', async () => {
    const c = cluster;
    const { stores, prefix } = await redisStores(c.url);
    const set = stores.once.pending!('teams');
    for (let i = 0; i < 20; i++) await set.add(`member-${i}`, i);
    expect((await clusterKeys(c.ports)).filter((k) => k.startsWith(prefix))).toEqual([`${prefix}:pending:teams`]);
  });
});

describe('handover sweep (real Redis)', () => {
  const HOLD = 200;
  const make = async (stores: Stores) => createHandover<{ said: string }>({ once: stores.once, kv: stores.kv, name: 'test', doneMs: 60_000, holdMs: HOLD });
  const lapse = () => new Promise((r) => setTimeout(r, HOLD * 2));

  it('takes over only what is indexed: a record without an index entry is not found', async () => {
    const { stores } = await redisStores();
    const handover = await make(stores);
    // As an older replica (or a lost index write) would leave it: record only.
    await stores.kv.set(inflightKey('test', 'claim:unindexed'), { said: 'nobody indexed me' });
    // As a replica that died mid-turn leaves it: claim taken, record and index entry written, no beats.
    await stores.once.claim('claim:dead', HOLD);
    await stores.kv.set(inflightKey('test', 'claim:dead'), { said: 'hello' });
    await stores.once.pending!('test').add('claim:dead', Date.now());
    await lapse();

    const taken: string[] = [];
    const n = await handover.sweep(async ({ claimKey, record, claim }) => {
      taken.push(`${claimKey}=${record.said}`);
      await claim.done();
    });
    expect(n).toBe(1);
    expect(taken).toEqual(['claim:dead=hello']);
    // Done: the record and the index entry are gone, and the claim now lasts (no second run).
    expect(await stores.kv.get(inflightKey('test', 'claim:dead'))).toBeUndefined();
    expect(await stores.once.pending!('test').due(Date.now(), 10)).toEqual([]);
    expect(await stores.once.claim('claim:dead', HOLD)).toBe(false);
    expect(await handover.sweep(async () => undefined)).toBe(0);
  });

  it('at start, records left unindexed by a replica from before the index are indexed and taken over', async () => {
    const { stores } = await redisStores();
    const handover = await make(stores);
    // A dead replica of the earlier version: claim (lapsing) and record, no index entry.
    await stores.once.claim('claim:old', HOLD);
    await stores.kv.set(inflightKey('test', 'claim:old'), { said: 'from before' });
    await lapse();
    expect(await handover.sweep(async () => undefined)).toBe(0);
    expect(await handover.indexUnlisted()).toBe(1);
    const taken: string[] = [];
    expect(
      await handover.sweep(async ({ record, claim }) => {
        taken.push(record.said);
        await claim.done();
      }),
    ).toBe(1);
    expect(taken).toEqual(['from before']);
  });

  it('leaves a claim whose holder still beats, and takes it once the holder stops', async () => {
    const { stores } = await redisStores();
    const holder = await make(stores);
    const sweeper = await make(stores);
    const claim = (await holder.start('claim:live', { said: 'busy' }))!;
    expect(claim).not.toBeNull();
    expect(await holder.start('claim:live', { said: 'busy' })).toBeNull();
    await lapse();
    const runs: string[] = [];
    const run = async ({ claimKey, claim: c }: { claimKey: string; claim: { done(): Promise<void> } }) => {
      runs.push(claimKey);
      await c.done();
    };
    expect(await sweeper.sweep(run)).toBe(0);
    // The entry was looked at and moved on: it is not due again until another hold passes.
    expect(await stores.once.pending!('test').due(Date.now() - HOLD, 10)).toEqual([]);
    claim.drop();
    await lapse();
    expect(await sweeper.sweep(run)).toBe(1);
    expect(runs).toEqual(['claim:live']);
  });

  it('drops an index entry whose record is gone, and a released claim is free at once', async () => {
    const { stores } = await redisStores();
    const handover = await make(stores);
    await stores.once.pending!('test').add('claim:stale', 0);
    expect(await handover.sweep(async () => undefined)).toBe(0);
    expect(await stores.once.pending!('test').due(Date.now(), 10)).toEqual([]);

    const claim = (await handover.start('claim:told', { said: 'store failed' }))!;
    await claim.release();
    expect(await stores.kv.get(inflightKey('test', 'claim:told'))).toBeUndefined();
    expect(await stores.once.pending!('test').due(Date.now(), 10)).toEqual([]);
    // The claim is set to lapse in 1 ms.
    await new Promise((r) => setTimeout(r, 5));
    expect(await handover.start('claim:told', { said: 'sent again' })).not.toBeNull();
  });
});

describe('Slack sweep reads the index, never the keyspace', () => {
  it('takes over an indexed lapsed message with a store whose keys() would fail', async () => {
    const { stores } = await redisStores();
    const kv: KeyValueStore = { get: (k) => stores.kv.get(k), set: (k, v, t) => stores.kv.set(k, v, t), delete: (k) => stores.kv.delete(k), keys: async () => Promise.reject(new Error('SCAN is not used by the sweep')) };
    const posts: string[] = [];
    const web = {
      post: async (_c: string, _t: string | undefined, msg: { text: string }) => (posts.push(msg.text), `${posts.length}.0`),
      update: async () => undefined,
      assistant: { setStatus: async () => undefined },
    } as unknown as SlackWeb;
    const engine = { isActive: async () => true, handle: async () => [{ kind: 'text', text: 'Got it.' }] } as unknown as Engine;
    const { sweep } = createDispatcher({ engine, web, kv, once: stores.once, log: silentLogger, thinkingAfterMs: 10_000 });
    const inbound = (ts: string): TurnInbound => ({
      kind: 'turn',
      turn: { key: { platform: 'slack', workspace: 'T1', channel: 'C1', thread: '100.1' }, author: { id: 'U1' }, text: 'cafés', messageId: ts, receivedAt: new Date() },
      claimKey: `slack:msg:T1:C1:${ts}`,
      when: 'if-session',
    });
    const unindexed = inbound('100.2');
    const indexed = inbound('100.3');
    await kv.set(slackInflightKey(unindexed.claimKey), { inbound: unindexed, assistant: false });
    await kv.set(slackInflightKey(indexed.claimKey), { inbound: indexed, assistant: false });
    await stores.once.pending!('slack').add(indexed.claimKey, 0);
    expect(await sweep()).toBe(1);
    expect(posts).toEqual(['Got it.']);
    expect(await sweep()).toBe(0);
    // The unindexed record is still there: only a scan would have found it.
    expect(await kv.get(slackInflightKey(unindexed.claimKey))).toBeDefined();
  });
});
