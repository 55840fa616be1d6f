import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { createStores } from '../src/store/index.ts';
import { inflightKey } from '../src/http/handover.ts';
import { silentLogger } from '../src/log.ts';
import { ms, summarise } from './stats.ts';

// What one sweep pays to find the messages a dead replica left: the earlier way (SCAN the
// keyspace for in-flight records) against the index (one ZRANGEBYSCORE), with a Redis that
// also holds many conversations' keys, as a busy production one does.

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const OTHER_KEYS = Number(process.env.SWEEP_BENCH_KEYS ?? 200_000);
const IN_FLIGHT = 20;
const ROUNDS = 30;

export async function run(): Promise<void> {
  const prefix = `bench-sweep-${process.pid}-${Date.now()}`;
  const stores = await createStores({ redisUrl: REDIS_URL, prefix, log: silentLogger, timeoutMs: 60_000 });
  const redis = new Redis(REDIS_URL);
  try {
    for (let i = 0; i < OTHER_KEYS; i += 5000) {
      const batch = redis.pipeline();
      for (let j = i; j < Math.min(OTHER_KEYS, i + 5000); j++) batch.set(`${prefix}::session:slack:T1:C${j}:1.${j}`, '{}');
      await batch.exec();
    }
    const index = stores.once.pending!('slack');
    for (let i = 0; i < IN_FLIGHT; i++) {
      await stores.kv.set(inflightKey('slack', `slack:msg:T1:C${i}:9.${i}`), { i });
      await index.add(`slack:msg:T1:C${i}:9.${i}`, Date.now() - 60_000);
    }
    const time = async (fn: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const t0 = performance.now();
        await fn();
        samples.push(performance.now() - t0);
      }
      return summarise(samples);
    };
    const scan = await time(() => stores.kv.keys('slack:inflight:'));
    const found = await index.due(Date.now() - 8000, 50);
    if (found.length !== IN_FLIGHT) throw new Error(`the index gave ${found.length} of ${IN_FLIGHT}`);
    const due = await time(() => index.due(Date.now() - 8000, 50));
    console.log(`${OTHER_KEYS.toLocaleString('en')} other keys, ${IN_FLIGHT} messages in flight, ${ROUNDS} rounds`);
    console.log(`scan the keyspace:  p50 ${ms(scan.p50)}  p99 ${ms(scan.p99)}`);
    console.log(`read the index:     p50 ${ms(due.p50)}  p99 ${ms(due.p99)}`);
    console.log(`index is ${(scan.p50 / due.p50).toFixed(0)}x faster at p50`);
  } finally {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
      cursor = next;
      if (found.length) await redis.unlink(...found);
    } while (cursor !== '0');
    redis.disconnect();
    await stores.close();
  }
}
