import { performance } from 'node:perf_hooks';
import { createEngine } from '../src/core/engine.ts';
import { designDialog } from '../src/dialogs/design/dialog.ts';
import { silentLogger } from '../src/log.ts';
import { createStores } from '../src/store/index.ts';
import { hasRedisServer, startCluster } from '../test/support/cluster.ts';
import { ANSWERS, instant } from './engine.ts';
import { ms, summarise } from './stats.ts';

// The same engine load on one Redis node and on a throwaway 3-master Redis Cluster started
// here (redis-server --cluster-enabled yes), side by side.

const CONVERSATIONS = 300;
const SINGLE_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function load(redisUrl: string, label: string) {
  const prefix = `bench-cl-${process.pid}-${Date.now()}`;
  const stores = await createStores({ redisUrl, prefix, log: silentLogger });
  const engine = createEngine({ store: stores.kv, lock: stores.lock, summariser: instant, dialog: designDialog, log: silentLogger });
  const turns: number[] = [];
  const threads = Array.from({ length: CONVERSATIONS }, (_, c) => `${prefix}-${c}`);
  try {
    const started = performance.now();
    await Promise.all(
      threads.map(async (thread) => {
        for (const [i, text] of ANSWERS.entries()) {
          const t0 = performance.now();
          await engine.handle({ key: { platform: 'terminal', workspace: 'bench', channel: 'c', thread }, author: { id: 'bench' }, text, messageId: `${i}`, receivedAt: new Date() });
          turns.push(performance.now() - t0);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    return { label, ...summarise(turns), perSecond: turns.length / elapsed };
  } finally {
    for (const key of await stores.kv.keys('session:terminal:bench:')) if (key.includes(prefix)) await stores.kv.delete(key);
    await stores.close();
  }
}

export async function run(): Promise<void> {
  if (!hasRedisServer()) {
    console.log('engine-cluster: skipped, redis-server is not installed');
    return;
  }
  const cluster = await startCluster(3);
  try {
    const rows = [await load(SINGLE_URL, 'single node'), await load(cluster.url, '3-master cluster')];
    console.log(`engine on one node and on a cluster: ${CONVERSATIONS} concurrent conversations x ${ANSWERS.length} turns`);
    for (const r of rows) console.log(`${r.label.padEnd(17)} ${r.perSecond.toFixed(0).padStart(6)} turns/s  p50 ${ms(r.p50)}  p99 ${ms(r.p99)}`);
  } finally {
    await cluster.stop();
  }
}
