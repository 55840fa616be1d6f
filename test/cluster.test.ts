import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../src/commands/doctor.ts';
import { ConfigSchema } from '../src/config.ts';
import { createCheckinScheduler, type CheckinScheduler } from '../src/checkins/scheduler.ts';
import { keys, saveTeam, newTeamState, teamIdOf } from '../src/checkins/store.ts';
import { createEngine } from '../src/core/engine.ts';
import { RelationshipDesign } from '../src/core/design.ts';
import type { FileReply, Reply } from '../src/core/reply.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import { designDialog } from '../src/dialogs/design/dialog.ts';
import { silentLogger, type Logger } from '../src/log.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import { createOfflineSummariser } from '../src/understanding/offline/index.ts';
import { fakeMessenger, planDesign, said as saidCheckin, slackKey, storeDesign, waitFor } from './checkin-support.ts';
import { clusterKeys, hasRedisServer, startCluster, type TestCluster } from './support/cluster.ts';
import { said, terminalKey, turn, TWO_SEGMENT_SCRIPT } from './support/engine.ts';
import { uniquePrefix } from './support/redis.ts';

// A real 3-master Redis Cluster, started here on free ports and stopped at the end.

const present = hasRedisServer();
if (!present) console.warn('cluster.test.ts skipped: redis-server and redis-cli are not installed, so no test cluster can be started');

describe.skipIf(!present)('Rapport on a Redis Cluster', () => {
  let cluster: TestCluster;
  const open: Stores[] = [];
  const stores = async (prefix: string, log: Logger = silentLogger) => {
    const s = await createStores({ redisUrl: cluster.url, prefix, log });
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    cluster = await startCluster(3);
  }, 60_000);
  afterAll(async () => {
    for (const s of open) await s.close();
    await cluster?.stop();
  });

  it('runs the whole design conversation and exports it; one conversation lives in one slot', async () => {
    const prefix = uniquePrefix('cl');
    const s = await stores(prefix);
    expect(s.mode).toBe('cluster');
    const engine = createEngine({ store: s.kv, lock: s.lock, summariser: createOfflineSummariser(), dialog: designDialog, log: silentLogger });
    const key = terminalKey();
    const send = (text: string) => engine.handle(turn(key, text));
    let last: Reply[] = [];
    for (const line of TWO_SEGMENT_SCRIPT) last = await send(line);
    expect(said(last)).toMatch(/Customer Relationships block/);
    const json = (await send('export json')).find((r): r is FileReply => r.kind === 'file');
    const design = RelationshipDesign.parse(JSON.parse(json!.content));
    expect(design.segments).toHaveLength(2);
    expect(design.segments[1]!.cost.revenue).toEqual({ value: 400, per: 'month' });

    const stored = Session.parse(await s.kv.get(sessionKey(conversationId(key))));
    expect(stored.cursor.step).toBe('done');
    // Keys listed back without their hash tags, and stored with the conversation as the tag.
    expect(await s.kv.keys('session:terminal:')).toContain(sessionKey(conversationId(key)));
    const raw = (await clusterKeys(cluster.ports)).filter((k) => k.startsWith(`${prefix}::session:`));
    expect(raw).toEqual([`${prefix}::session:{${conversationId(key)}}`]);
  });

  it('doctor and the readiness check see the cluster', async () => {
    const s = await stores(uniquePrefix('cl'));
    expect(await s.ping()).toBe('redis');
    let out = '';
    const sink = { write: (t: string) => ((out += t), true) } as unknown as NodeJS.WritableStream;
    await runDoctor(ConfigSchema.parse({ REDIS_URL: cluster.url, LOG_LEVEL: 'silent' }), sink);
    expect(out).toMatch(/✓ Storage: Redis [\d.]+ answers at the cluster at 127\.0\.0\.1:\d+: a Redis Cluster \(3 masters, state ok\); persistence OFF/);
    // A cluster node named without REDIS_CLUSTER is a problem doctor names.
    out = '';
    await runDoctor(ConfigSchema.parse({ REDIS_URL: `redis://127.0.0.1:${cluster.ports[1]}`, LOG_LEVEL: 'silent' }), sink);
    expect(out).toMatch(/✗ Storage: .*REDIS_CLUSTER is not true/);
  });

  it('20 concurrent turns on one conversation from two store instances all land, none twice', async () => {
    const prefix = uniquePrefix('cl');
    const [a, b] = [await stores(prefix), await stores(prefix)];
    const engineOf = (st: Stores) => createEngine({ store: st.kv, lock: st.lock, summariser: createOfflineSummariser(), dialog: designDialog, log: silentLogger });
    const [ea, eb] = [engineOf(a), engineOf(b)];
    const key = terminalKey();
    await ea.handle(turn(key, TWO_SEGMENT_SCRIPT[0]!));
    const lines = Array.from({ length: 20 }, (_, i) => turn(key, `note ${i}`, { messageId: `m-${i}` }));
    const results = await Promise.allSettled(lines.map((t, i) => (i % 2 ? ea : eb).handle(t)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const stored = Session.parse(await a.kv.get(sessionKey(conversationId(key))));
    // Every message id was seen exactly once (a lost update would drop some).
    for (let i = 0; i < 20; i++) expect(stored.seen.filter((id) => id === `m-${i}`)).toHaveLength(1);
  });

  it('posts a scheduled check-in once with two workers, on a hash-tagged BullMQ prefix, and an idle worker stays quiet', async () => {
    const prefix = uniquePrefix('cl');
    const warnings: string[] = [];
    const log: Logger = { ...silentLogger, warn: (msg: string) => void warnings.push(msg), error: (msg: string) => void warnings.push(msg) };
    const s = await stores(prefix);
    const messenger = fakeMessenger();
    const make = (): CheckinScheduler =>
      createCheckinScheduler({ redisUrl: cluster.url, kv: s.kv, once: s.once, messengers: { slack: messenger }, log, queueName: `q-${prefix}`, prefix: `bull-${prefix}` });
    const workers = [make(), make()];
    try {
      await Promise.all(workers.map((w) => w.start()));
      const key = slackKey('C1');
      await storeDesign(s.kv, key, planDesign());
      const slot = Math.ceil((Date.now() + 2500) / 1000) * 1000;
      const schedule = { cadence: 'weekly' as const, weekday: null, time: '00:00', tz: 'UTC', pattern: `${new Date(slot).getUTCSeconds()} * * * * *`, parity: null };
      const state = { ...newTeamState({ platform: 'slack' as const, workspace: 'T1', channel: 'C1' }), schedule, designConversation: conversationId(key) };
      await saveTeam(s.kv, state);
      const teamId = teamIdOf(state.team);
      await workers[0]!.apply(teamId, schedule);
      expect(await waitFor(() => messenger.posts.length > 0, 8000)).toBe(true);
      await new Promise((r) => setTimeout(r, 1500));
      expect(messenger.posts).toHaveLength(1);
      expect(saidCheckin(messenger.posts[0]!.replies)).toContain('Freelance designers');
      expect(await s.kv.get(keys.thread(conversationId(messenger.posts[0]!.key)))).toMatchObject({ teamId });
      // Every BullMQ key carries the hash tag, so its Lua scripts never cross slots.
      const bull = (await clusterKeys(cluster.ports)).filter((k) => k.includes(`bull-${prefix}`));
      expect(bull.length).toBeGreaterThan(0);
      expect(bull.every((k) => k.startsWith(`{bull-${prefix}}:`))).toBe(true);
      // The idle workers logged nothing (no error loop).
      expect(warnings).toEqual([]);
    } finally {
      await workers[0]!.queue.obliterate({ force: true }).catch(() => undefined);
      for (const w of workers) await w.stop();
    }
  });
});
