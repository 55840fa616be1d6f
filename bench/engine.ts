import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { createEngine } from '../src/core/engine.ts';
import type { ExtractionOf, ExtractionStep } from '../src/core/extraction.ts';
import type { Summariser } from '../src/core/summariser.ts';
import { conversationId, type Turn } from '../src/core/turn.ts';
import { designDialog } from '../src/dialogs/design/dialog.ts';
import { createStores } from '../src/store/index.ts';
import { silentLogger } from '../src/log.ts';
import { ms, summarise } from './stats.ts';

// Engine turn time against the real Redis, with a summariser that answers instantly, so
// the figure is the engine's own cost (lock, load, route, save) beside a bare GET+SET.

const CONVERSATIONS = 500;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const CANNED: { [K in ExtractionStep]?: ExtractionOf<K> } = {
  business: { description: 'A project tool for creative teams', twoSided: false },
  segments: { segments: [{ name: 'Freelancers', description: null, reach: 'direct' }, { name: 'Agencies', description: null, reach: 'direct' }] },
  expectations: { touch: 'low', industryNorm: 'self-serve SaaS', breakNorm: false, rationale: null, today: null, happy: null },
  relationship: { types: ['self_service', 'community'], nature: 'long_term', touch: 'low', intimacy: 'automated', reach: 'direct', proactive: false, emotional: false },
  lifecycle: { acquisition: ['referrals'], retention: ['onboarding emails'], growth: ['premium tier'], notes: null },
  cost: { level: 'low', relationship: { value: 1, per: 'month', working: null }, revenue: { value: 12, per: 'month', working: null }, acquisition: null, currency: 'USD', notes: null, doubt: null },
  touchpoints: { touchpoints: [{ step: 'visits the website', thinkFeel: 'this is for me', owner: 'marketing site' }] },
  competitors: { relationship: 'email support only', advantage: 'an active community' },
};

export const instant: Summariser = {
  name: 'instant',
  async extract(req) {
    return { data: CANNED[req.step] as never, via: 'offline' };
  },
};

export const ANSWERS = ['start', 'our business', 'segments', ...Array.from({ length: 12 }, () => 'answer')];

export async function run(): Promise<void> {
  const prefix = `bench-engine-${process.pid}-${Date.now()}`;
  const stores = await createStores({ redisUrl: REDIS_URL, prefix, log: silentLogger });
  const engine = createEngine({ store: stores.kv, lock: stores.lock, summariser: instant, dialog: designDialog, log: silentLogger });
  const redis = new Redis(REDIS_URL);
  try {
    // Floor: the same concurrency doing a bare GET then SET per operation.
    const floor: number[] = [];
    await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, c) => {
        for (let i = 0; i < ANSWERS.length; i++) {
          const t0 = performance.now();
          await redis.get(`${prefix}:floor:${c}`);
          await redis.set(`${prefix}:floor:${c}`, 'x'.repeat(2048));
          floor.push(performance.now() - t0);
        }
      }),
    );

    const turns: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, c) => {
        for (const [i, said] of ANSWERS.entries()) {
          const turn: Turn = {
            key: { platform: 'terminal', workspace: 'bench', channel: 'c', thread: `${prefix}-${c}` },
            author: { id: 'bench' },
            text: said,
            messageId: `${c}-${i}`,
            receivedAt: new Date(),
          };
          const t0 = performance.now();
          await engine.handle(turn);
          turns.push(performance.now() - t0);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;

    // The same load on the memory store: the engine's own CPU cost, without Redis.
    const mem = await createStores({ prefix, log: silentLogger });
    const memEngine = createEngine({ store: mem.kv, lock: mem.lock, summariser: instant, dialog: designDialog, log: silentLogger });
    const memStarted = performance.now();
    await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, c) => {
        for (const [i, said] of ANSWERS.entries()) {
          await memEngine.handle({ key: { platform: 'terminal', workspace: 'bench', channel: 'm', thread: `${c}` }, author: { id: 'bench' }, text: said, messageId: `${i}`, receivedAt: new Date() });
        }
      }),
    );
    const memMs = performance.now() - memStarted;
    await mem.close();

    const sample = conversationId({ platform: 'terminal', workspace: 'bench', channel: 'c', thread: `${prefix}-0` });
    const [key] = await scanOne(redis, `*session:${sample}*`);
    const bytes = key ? await redis.strlen(key) : NaN;
    const session = key ? JSON.parse((await redis.get(key)) ?? '{}') : {};
    const finished = JSON.stringify(session).includes('"finishedAt":"');

    const e = summarise(turns);
    const f = summarise(floor);
    console.log(`engine: ${CONVERSATIONS} concurrent conversations, ${e.n} turns in ${elapsed.toFixed(2)} s = ${(e.n / elapsed).toFixed(0)} turns/s`);
    console.log(`engine turn     p50 ${ms(e.p50)}  p99 ${ms(e.p99)}`);
    console.log(`redis GET+SET   p50 ${ms(f.p50)}  p99 ${ms(f.p99)}  (floor, same concurrency)`);
    console.log(`ratio engine/floor  p50 ${(e.p50 / f.p50).toFixed(2)}x  p99 ${(e.p99 / f.p99).toFixed(2)}x  (aim: p50 within 3x)`);
    console.log(`engine alone (memory store, same load): ${(memMs / e.n).toFixed(3)} ms of CPU per turn; Redis adds ${((elapsed * 1000 - memMs) / e.n).toFixed(3)} ms`);
    console.log(`stored bytes per finished two-segment design: ${bytes} (design finished: ${finished}; aim under 16384)`);
  } finally {
    await cleanup(redis, `${prefix}*`);
    await cleanup(redis, `*${prefix}*`);
    redis.disconnect();
    await stores.close();
  }
}

async function scanOne(redis: Redis, pattern: string): Promise<string[]> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length) return keys;
    cursor = next;
  } while (cursor !== '0');
  return [];
}

async function cleanup(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
