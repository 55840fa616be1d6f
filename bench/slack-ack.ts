import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createSlackAdapter } from '../src/adapters/slack/index.ts';
import { sign } from '../src/adapters/slack/verify.ts';
import { ConfigSchema } from '../src/config.ts';
import { createEngine } from '../src/core/engine.ts';
import type { ExtractionOf, ExtractionStep } from '../src/core/extraction.ts';
import type { Summariser } from '../src/core/summariser.ts';
import { designDialog } from '../src/dialogs/design/dialog.ts';
import { createHttpServer, listen } from '../src/http/server.ts';
import { silentLogger, type Logger } from '../src/log.ts';
import { createStores } from '../src/store/index.ts';
import { ms } from './stats.ts';

// Ack latency of POST /slack/events under 200 concurrent signed app_mention events, beside
// a bare Bolt app that only acks, in the same process and run. Rapport's ack must not wait
// for the work behind it (real engine on Redis, instant summariser, a local Web API).
// The load comes from a child process (this file again, with LOADGEN set), so the load
// generator does not share the servers' event loop.

const CONNECTIONS = 200;
const REQUESTS = Number(process.env.SLACK_BENCH_REQUESTS ?? 12_000);
/** Each phase (a load run, draining the work behind it) gives up after this long. */
const TIME_LIMIT_S = 30;
const SECRET = 'bench-signing-secret';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Histogram {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  average: number;
}
interface AutocannonResult {
  latency: Histogram;
  requests: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const CANNED: { [K in ExtractionStep]?: ExtractionOf<K> } = {
  business: { description: 'A project tool for creative teams', twoSided: false },
  segments: { segments: [{ name: 'Freelancers', description: null, reach: 'direct' }] },
};
const instant: Summariser = {
  name: 'instant',
  async extract(req) {
    return { data: CANNED[req.step] as never, via: 'offline' };
  },
};

/** A Web API that says ok to everything, fast. */
async function fakeWebApi(): Promise<{ url: string; close(): Promise<void>; posts: () => number }> {
  let posts = 0;
  let seq = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.includes('chat.postMessage')) posts++;
      const auth = req.url?.includes('auth.test') ? { user_id: 'UBOT', bot_id: 'BBOT', team_id: 'TBENCH', user: 'rapport' } : {};
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, ts: `1800000000.${++seq}`, ...auth }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    posts: () => posts,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

let n = 0;
/** A fresh app_mention, correctly signed, each its own message ts. */
function signedMention(): { headers: Record<string, string>; body: string } {
  const i = ++n;
  const ts = `1700000000.${String(i).padStart(6, '0')}`;
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'TBENCH',
    api_app_id: 'ABENCH',
    event_id: `EvBench${i}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'TBENCH', user_id: 'UBOT', is_bot: true }],
    event: { type: 'app_mention', user: 'U1', text: "<@UBOT> let's work on our customer relationships", ts, channel: `CBENCH${i % 50}`, event_ts: ts },
  });
  const stamp = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(stamp), 'x-slack-signature': sign(SECRET, stamp, body) },
  };
}

function loadgen(url: string, amount: number, connections: number): Promise<AutocannonResult> {
  return autocannon({
    url,
    method: 'POST',
    connections,
    amount,
    timeout: 10,
    maxDuration: TIME_LIMIT_S,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, method: 'POST', ...signedMention() }) }],
  });
}

/** Runs the load from a child process and returns its autocannon result. */
function load(url: string, amount = REQUESTS, connections = CONNECTIONS): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, LOADGEN: JSON.stringify({ url, amount, connections, from: n }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    n += amount + 1; // the child numbers its own events from here, so no ts repeats
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), (TIME_LIMIT_S + 30) * 1000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      try {
        resolve(JSON.parse(out) as AutocannonResult);
      } catch {
        reject(new Error(`load generator exited with ${code}`));
      }
    });
  });
}

async function bareBolt(apiUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const app = new App({ token: 'xoxb-bench', botId: 'BBOT', botUserId: 'UBOT', receiver, tokenVerificationEnabled: false, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: apiUrl } });
  app.event('app_mention', async () => {});
  const server = (await app.start(0)) as http.Server;
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, stop: () => app.stop() as Promise<void> };
}

async function withDeadline<T>(p: Promise<T>, seconds: number, what: string): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((r) => (timer = setTimeout(() => (console.log(`  (${what} still busy after ${seconds} s; moving on)`), r(undefined)), seconds * 1000)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function run(): Promise<void> {
  const web = await fakeWebApi();
  const prefix = `bench-slack-${process.pid}-${Date.now()}`;
  let stores;
  try {
    stores = await createStores({ redisUrl: REDIS_URL, prefix, log: silentLogger });
    await stores.ping();
  } catch {
    console.log('  Redis not reachable; using the in-memory store');
    stores = await createStores({ prefix, log: silentLogger });
  }
  const engine = createEngine({ store: stores.kv, lock: stores.lock, summariser: instant, dialog: designDialog, log: silentLogger });
  const config = ConfigSchema.parse({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: web.url, LOG_LEVEL: 'silent' });
  const problems = new Map<string, number>();
  const note = (msg: string, f?: Record<string, unknown>) => {
    const why = `${msg}${f?.err instanceof Error ? `: ${f.err.message}` : ''}`;
    problems.set(why, (problems.get(why) ?? 0) + 1);
  };
  const counting: Logger = { debug: () => {}, info: () => {}, warn: note, error: note };
  const adapter = createSlackAdapter({ config, engine, once: stores.once, kv: stores.kv, log: counting });
  const server = createHttpServer(adapter.routes, silentLogger);
  const port = await listen(server, 0, '127.0.0.1');
  const rapportUrl = `http://127.0.0.1:${port}/slack/events`;
  const bolt = await bareBolt(web.url);

  try {
    // Warm both up (JIT, connections), then measure bare Bolt first and Rapport second.
    await load(bolt.url, 500, 20);
    await load(rapportUrl, 500, 20);
    await withDeadline(adapter.idle(), TIME_LIMIT_S, 'warm-up');

    const bare = await load(bolt.url);
    const postsBefore = web.posts();
    const t0 = performance.now();
    const ours = await load(rapportUrl);
    const acked = performance.now() - t0;
    await withDeadline(adapter.idle(), TIME_LIMIT_S, 'the work behind the acks');
    const done = performance.now() - t0;

    const row = (name: string, r: AutocannonResult) =>
      `  ${name.padEnd(28)} p50 ${ms(r.latency.p50).padStart(10)}   p90 ${ms(r.latency.p90).padStart(10)}   p99 ${ms(r.latency.p99).padStart(10)}   max ${ms(r.latency.max).padStart(10)}   ${Math.round(r.requests.average)} req/s   non-2xx ${r.non2xx}, errors ${r.errors + r.timeouts}`;
    console.log(`  ${REQUESTS} signed app_mention events, ${CONNECTIONS} concurrent, loopback`);
    console.log(row('bare Bolt app (ack only)', bare));
    console.log(row('Rapport POST /slack/events', ours));
    console.log(`  ratio Rapport / bare Bolt   p50 ${(ours.latency.p50 / bare.latency.p50).toFixed(2)}×   p99 ${(ours.latency.p99 / bare.latency.p99).toFixed(2)}×`);
    console.log(`  behind the acks: ${web.posts() - postsBefore} replies posted; all acked in ${ms(acked)}, all answered in ${ms(done)}`);
    for (const [why, count] of problems) console.log(`  ! ${count}× ${why}`);
  } finally {
    await bolt.stop();
    await withDeadline(adapter.stop(), TIME_LIMIT_S, 'stopping');
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await web.close();
    if (stores.redis) {
      const keys = await stores.redis.keys(`${prefix}*`);
      for (let i = 0; i < keys.length; i += 500) await stores.redis.del(...keys.slice(i, i + 500));
    }
    await stores.close();
  }
}

// Child mode: generate the load and print autocannon's result as JSON.
if (process.env.LOADGEN) {
  const { url, amount, connections, from } = JSON.parse(process.env.LOADGEN) as { url: string; amount: number; connections: number; from: number };
  n = from;
  const result = await loadgen(url, amount, connections);
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}
