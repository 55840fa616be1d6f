import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { freePort } from '../support/ports.ts';

// vitest globalSetup: find a Redis that answers (TEST_REDIS_URL, REDIS_URL, then the local
// default), or start a throwaway redis-server on a free port. Tests get the URL through
// inject('redisUrl') and TEST_REDIS_URL. Only a server started here is stopped here.

const HELP = 'Redis is needed for the tests: install redis-server or set TEST_REDIS_URL';

async function answers(url: string, timeoutMs = 1000): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}


export async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  let failure: Error | undefined;
  child.once('error', (err) => (failure = err));
  child.once('exit', (code) => (failure ??= new Error(`redis-server exited with code ${code}`)));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (failure) throw new Error(`${HELP} (${failure.message})`);
    if (await answers(url, 500)) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${HELP} (redis-server on port ${port} did not answer within 10 s)`);
}

/** Production's key prefixes (src/app.ts, BullMQ's default queue): tests must never write these. */
export const PRODUCTION_PATTERNS = ['rapport::*', 'rapport:lock:*', 'rapport:once:*', 'bull:rapport-checkins:*'];

/** How many production-prefix keys the test database holds. */
export async function productionKeys(url: string): Promise<string[]> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const found: string[] = [];
    for (const match of PRODUCTION_PATTERNS) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
        cursor = next;
        found.push(...keys);
      } while (cursor !== '0');
    }
    return found;
  } finally {
    redis.disconnect();
  }
}

/** The local default server, in its last database: never the developer's DB 0. */
export const LOCAL_TEST_URL = 'redis://127.0.0.1:6379/15';

export default async function setup(project: TestProject) {
  // REDIS_URL is deliberately not used: it may name the developer's real Redis.
  const candidates = [process.env.TEST_REDIS_URL, LOCAL_TEST_URL].filter((u): u is string => Boolean(u));
  let url: string | undefined;
  for (const candidate of candidates) {
    if (await answers(candidate)) {
      url = candidate;
      break;
    }
  }
  let child: ChildProcess | undefined;
  if (!url) ({ url, child } = await startServer());

  process.env.TEST_REDIS_URL = url;
  // Everything the app creates by itself (createApp, `rapport chat`) uses this prefix in tests.
  process.env.RAPPORT_KEY_PREFIX ??= 'rapport-test';
  project.provide('redisUrl', url);
  const before = new Set(await productionKeys(url).catch(() => []));

  return async () => {
    // The run must leave no new production-prefix key behind.
    const left = (await productionKeys(url).catch(() => [])).filter((k) => !before.has(k));
    if (left.length) {
      process.exitCode = 1;
      console.error(`test/setup/redis.ts: the tests left ${left.length} key(s) with the production prefix in ${url}: ${left.slice(0, 10).join(', ')}`);
    }
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
}
