import { Redis } from 'ioredis';
import { createCheckinScheduler, type CheckinScheduler } from '../src/checkins/scheduler.ts';
import { newTeamState, saveTeam, teamIdOf } from '../src/checkins/store.ts';
import type { Schedule } from '../src/checkins/schedule.ts';
import { newSegment, type RelationshipDesign } from '../src/core/design.ts';
import type { ChannelAddress, Messenger } from '../src/core/ports.ts';
import { newSession, sessionKey } from '../src/core/session.ts';
import { createStores } from '../src/store/index.ts';
import { silentLogger } from '../src/log.ts';

// 100,000 teams whose check-in falls in the same minute: how long until every one is
// handed to a (fake) messenger, with 1 and with 3 BullMQ workers, peak memory, how many
// were handed over twice, and the CPU this process and Redis spent from the slot on.
// Workers run in this one process (one event loop), so the 3-worker figure shows
// contention on the queue, not extra CPU. BENCH_CHECKIN_TEAMS, BENCH_CHECKIN_WORKERS
// ("1,3") and BENCH_CHECKIN_CONCURRENCY change the run.

const TEAMS = Number(process.env.BENCH_CHECKIN_TEAMS ?? 100_000);
const ROUND_LIMIT_MS = 120_000;
/** Jobs each worker runs at once; posting is network-bound, so well above the core count. */
const CONCURRENCY = Number(process.env.BENCH_CHECKIN_CONCURRENCY ?? 100);

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}

async function deleteByPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (found.length) await redis.unlink(...found);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Seconds of CPU the Redis server has used (its whole life; subtract two readings). */
async function redisCpu(url: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    const info = await redis.info('cpu');
    const get = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
    return get('used_cpu_user') + get('used_cpu_sys');
  } finally {
    redis.disconnect();
  }
}

function benchDesign(): RelationshipDesign {
  const seg = newSegment('Freelance designers', []);
  seg.lifecycle.retention.tactics = ['onboarding emails', 'a loyalty program'];
  return { version: 2, business: { description: 'bench', twoSided: false }, segments: [seg], findings: [], updatedAt: new Date().toISOString() };
}

async function round(url: string, workers: number): Promise<void> {
  const tag = `bench-ck-${process.pid}-${Date.now().toString(36)}-${workers}`;
  const stores = await createStores({ redisUrl: url, prefix: tag, log: silentLogger });
  const seen = new Map<string, number>();
  let handed = 0;
  let lastAt = 0;
  const messenger: Messenger = {
    async startThread(channel: ChannelAddress) {
      handed++;
      lastAt = Date.now();
      seen.set(channel.channel, (seen.get(channel.channel) ?? 0) + 1);
      return { ...channel, thread: `${lastAt}.${handed}` };
    },
    async post() {},
  };
  const schedulers: CheckinScheduler[] = Array.from({ length: workers }, () =>
    createCheckinScheduler({
      redisUrl: url,
      kv: stores.kv,
      once: stores.once,
      messengers: { slack: messenger },
      log: silentLogger,
      queueName: tag,
      prefix: `bull-${tag}`,
      concurrency: CONCURRENCY,
    }),
  );
  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 100);
  try {
    // One shared design thread keeps setup short; every team still reads it per check-in.
    const designConversation = `slack:TB:design:${tag}`;
    await stores.kv.set(sessionKey(designConversation), { ...newSession(new Date()), design: benchDesign() });
    const teams = Array.from({ length: TEAMS }, (_, i): ChannelAddress => ({ platform: 'slack', workspace: 'TB', channel: `C${i}` }));

    const setupStart = Date.now();
    // Leave room for the upserts: ~1 s per 1,000 teams plus slack, rounded to a second.
    const fireAt = Math.ceil((Date.now() + 8_000 + TEAMS * 1.2) / 1000) * 1000;
    const f = new Date(fireAt);
    const schedule: Schedule = {
      cadence: 'daily',
      weekday: null,
      time: '00:00',
      tz: 'UTC',
      pattern: `${f.getUTCSeconds()} ${f.getUTCMinutes()} ${f.getUTCHours()} * * *`,
      parity: null,
    };
    await mapLimit(teams, 200, async (team) => {
      await saveTeam(stores.kv, { ...newTeamState(team), schedule, designConversation });
      await schedulers[0]!.apply(teamIdOf(team), schedule);
    });
    const setupMs = Date.now() - setupStart;
    if (Date.now() >= fireAt) {
      console.log(`  ${workers} worker(s): setup took ${setupMs} ms and overran the slot; figures skipped`);
      return;
    }
    await Promise.all(schedulers.map((s) => s.start()));
    // CPU spent in this process and in Redis while the slot is handed over: which one limits.
    while (Date.now() < fireAt) await new Promise((r) => setTimeout(r, 20));
    const cpu0 = process.cpuUsage();
    const redisCpu0 = await redisCpu(url);

    const deadline = fireAt + ROUND_LIMIT_MS;
    while (handed < TEAMS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1000)); // let any duplicate show itself
    const cpu = process.cpuUsage(cpu0);
    const redisSeconds = (await redisCpu(url)) - redisCpu0;
    const duplicates = [...seen.values()].reduce((n, c) => n + c - 1, 0);
    const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
    const took = handed ? ((lastAt - fireAt) / 1000).toFixed(1) : 'n/a';
    console.log(
      `  ${workers} worker(s): ${handed.toLocaleString('en')}/${TEAMS.toLocaleString('en')} check-ins handed over ${took} s after the slot` +
        ` (setup ${(setupMs / 1000).toFixed(1)} s); peak RSS ${mb(peakRss)}, heap ${mb(peakHeap)}; duplicates ${duplicates};` +
        ` CPU from the slot: this process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, Redis ${redisSeconds.toFixed(1)} s` +
        (handed < TEAMS ? ` — INCOMPLETE after ${ROUND_LIMIT_MS / 1000} s` : ''),
    );
  } finally {
    clearInterval(sampler);
    for (const s of schedulers) await s.stop().catch(() => undefined);
    await stores.close();
    await deleteByPrefix(url, `bull-${tag}`);
    await deleteByPrefix(url, tag);
  }
}

export async function run(): Promise<void> {
  const url = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  console.log(`check-ins: ${TEAMS.toLocaleString('en')} teams scheduled for the same minute`);
  const rounds = (process.env.BENCH_CHECKIN_WORKERS ?? '1,3').split(',').map(Number).filter((n) => n > 0);
  for (const workers of rounds) await round(url, workers);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
