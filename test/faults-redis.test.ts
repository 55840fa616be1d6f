import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createEngine } from '../src/core/engine.ts';
import { Session, sessionKey } from '../src/core/session.ts';
import type { Summariser } from '../src/core/summariser.ts';
import { conversationId } from '../src/core/turn.ts';
import { designDialog } from '../src/dialogs/design/dialog.ts';
import { silentLogger } from '../src/log.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import { createOfflineSummariser } from '../src/understanding/offline/index.ts';
import { said, terminalKey, turn } from './support/engine.ts';
import { uniquePrefix } from './support/redis.ts';
import { freePort } from './support/ports.ts';

// Redis stalls (SIGSTOP) or dies (SIGKILL) while turns sit between load and save. Whatever it
// does, each person must get a true reply: normal only if saved, "nothing saved" only if
// not, "can't tell" otherwise; a resend after "can't tell" is answered "saved already" and
// every answer ends up stored exactly once.

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;


interface Server {
  port: number;
  proc: ChildProcess;
  dir: string;
}

async function startRedis(port: number, dir: string): Promise<Server> {
  // AOF on, as the README asks of production: a restart keeps what was acknowledged.
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    const up = await probe.connect().then(
      () => true,
      () => false,
    );
    probe.disconnect();
    if (up) return { port, proc, dir };
    await sleep(50);
  }
  throw new Error('redis-server did not start');
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-faults-'));
  let server = await startRedis(port, dir);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => {
    server.proc.kill('SIGCONT');
    server.proc.kill('SIGKILL');
  });
  const prefix = uniquePrefix('fault');
  const stores: Stores = await createStores({ redisUrl: `redis://127.0.0.1:${port}`, prefix, log: silentLogger, timeoutMs: 400, lock: { waitMs: 5000 } });
  cleanups.push(() => stores.close());
  // The fault strikes inside the first extraction, i.e. after load and before save.
  let fault: (() => Promise<void>) | undefined;
  const offline = createOfflineSummariser();
  const summariser: Summariser = {
    name: 'faulty',
    async extract(req) {
      const strike = fault;
      fault = undefined;
      if (strike) await strike();
      return offline.extract(req);
    },
  };
  const engine = createEngine({ store: stores.kv, lock: stores.lock, summariser, dialog: designDialog, log: silentLogger });
  return {
    engine,
    stores,
    arm(f: () => Promise<void>) {
      fault = f;
    },
    get server() {
      return server;
    },
    async restart() {
      server = await startRedis(port, dir);
    },
  };
}

type Verdict = 'saved' | 'not saved' | 'unsure';
function verdict(text: string): Verdict {
  if (/can't tell whether/i.test(text)) return 'unsure';
  if (/nothing from that message was saved/i.test(text)) return 'not saved';
  return 'saved';
}

const ANSWER = 'We run a small bakery that sells bread to cafés and hotels';

async function waitForRedis(stores: Stores) {
  for (let i = 0; i < 200; i++) {
    if (await stores.ping().then(() => true, () => false)) return;
    await sleep(50);
  }
  throw new Error('stores did not reconnect');
}

/** Sends the answer in `people` conversations at once, then resends where told; checks it all. */
async function runPeople(t: Awaited<ReturnType<typeof setup>>, people: number, recover: () => Promise<void>) {
  const keys = Array.from({ length: people }, () => terminalKey());
  for (const key of keys) expect(verdict(said(await t.engine.handle(turn(key, 'hello'))))).toBe('saved');
  const firsts = keys.map((key) => turn(key, ANSWER));
  const replies = await Promise.all(firsts.map((m) => t.engine.handle(m)));
  await recover();
  await waitForRedis(t.stores);
  const seen = new Map<Verdict, number>();
  for (const [i, key] of keys.entries()) {
    const first = verdict(said(replies[i]!));
    seen.set(first, (seen.get(first) ?? 0) + 1);
    const stored = Session.parse(await t.stores.kv.get(sessionKey(conversationId(key))));
    const landed = stored.seen.includes(firsts[i]!.messageId!);
    // True replies: "saved" only when it is, "not saved" only when it is not.
    if (first === 'saved') expect(landed).toBe(true);
    if (first === 'not saved') expect(landed).toBe(false);
    if (first !== 'saved') {
      // Sent again, as the reply asked.
      const again = said(await t.engine.handle(turn(key, ANSWER)));
      if (landed) expect(again).toMatch(/saved already/i);
      else expect(verdict(again)).toBe('saved');
    }
    const after = Session.parse(await t.stores.kv.get(sessionKey(conversationId(key))));
    expect(after.design.business.description, `${first}: ${said(replies[i]!)}`).toMatch(/bakery/i);
    // Exactly once: one change for the answer, whichever message carried it.
    const changes = after.history.filter((c) => c.messageId !== null && c.messageId !== undefined);
    expect(changes.length).toBe(1);
  }
  return seen;
}

describe.skipIf(!hasRedis)('faults: Redis paused or killed mid-turn', () => {
  it('SIGSTOP between load and save, then SIGCONT: every reply is true, every answer stored once', async () => {
    const t = await setup();
    let resume: NodeJS.Timeout | undefined;
    t.arm(async () => {
      t.server.proc.kill('SIGSTOP');
      // Longer than the call deadline: the save is sent into the stall and Redis runs it later.
      resume = setTimeout(() => t.server.proc.kill('SIGCONT'), 1500);
    });
    const seen = await runPeople(t, 4, async () => {
      await sleep(1600);
      clearTimeout(resume);
      t.server.proc.kill('SIGCONT');
    });
    // The one whose save went into the stall cannot be told "saved" or "not saved".
    expect(seen.get('unsure') ?? 0).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('SIGKILL between load and save, then restart: every reply is true, every answer stored once', async () => {
    const t = await setup();
    t.arm(async () => {
      t.server.proc.kill('SIGKILL');
      await new Promise((r) => t.server.proc.once('exit', r));
    });
    const seen = await runPeople(t, 4, () => t.restart());
    expect((seen.get('unsure') ?? 0) + (seen.get('not saved') ?? 0)).toBeGreaterThanOrEqual(1);
  }, 30_000);
});
