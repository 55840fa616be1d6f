import { createHash } from 'node:crypto';
import type { Queue, Worker, Job } from 'bullmq';
import { createRequire } from 'node:module';
import { bullConnection, bullPrefix, closeBullConnection, createRedisClient, type RedisClient } from '../store/connection.ts';
import { plannedRetentionTactics } from '../core/checkin.ts';
import { systemClock, type Clock, type KeyValueStore, type Messenger, type OnceGuard } from '../core/ports.ts';
import type { Summariser } from '../core/summariser.ts';
import { conversationId, parseConversationId, type Platform } from '../core/turn.ts';
import type { Logger } from '../log.ts';
import { OpenCheckIn, newOpenCheckIn, opening, reminder } from './dialog.ts';
import type { ScheduleControl } from './module.ts';
import { formatInZone, slotRuns, type Schedule } from './schedule.ts';
import { OPEN_TTL_MS, keys, loadRecords, loadStats, loadTeam, saveStats, saveTeam, teamDesign } from './store.ts';

// One BullMQ job scheduler per distinct (cron pattern, zone), shared by every team on
// that schedule, and one Worker per process. When a slot fires, its job fans the team
// list out in chunk jobs (ids derived from the slot, so a redelivered fan-out adds
// nothing twice); each chunk handles its teams a few at a time. A job per team cost three
// BullMQ scripts and a cron computation each, which capped a busy minute near 2,000
// teams a second. BullMQ delivers at least once, so the handler still claims a SET NX
// marker per team and slot before posting: three replicas, one post.
//
// Downtime: a job scheduler keeps exactly one delayed job, and the next one is computed
// from "now" when a worker picks the current one up. So after an outage the overdue job
// runs once (late, and it says so) and the schedule continues from the next future slot.

export interface CheckinSchedulerDeps {
  redisUrl: string;
  kv: KeyValueStore;
  once: OnceGuard;
  messengers: Partial<Record<Platform, Messenger>>;
  /** Not needed to post; accepted so the app can hand every scheduler the same deps. */
  summariser?: Summariser;
  log: Logger;
  clock?: Clock;
  /** BullMQ queue name and key prefix; tests and benches use unique ones. */
  queueName?: string;
  prefix?: string;
  /** Jobs one worker handles at once; posting is network-bound. */
  concurrency?: number;
  /** A slot handled later than this gets an "I was offline" note. */
  lateAfterMs?: number;
}

export type Outcome = 'posted' | 'reminded' | 'held' | 'duplicate' | 'off' | 'off-week' | 'skipped' | 'paused' | 'no-messenger';

export interface DueCheckIn {
  jobId: string;
  teamId: string;
  /** The scheduled instant, ms. */
  slot: number;
  /** BullMQ attemptsMade: a retry after a failed post claims afresh. */
  attempt?: number;
}

export interface CheckinScheduler extends ScheduleControl {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The next instant BullMQ will fire this team's job scheduler, if any. */
  nextRun(teamId: string): Promise<number | null>;
  /** The BullMQ job scheduler this team's check-ins run on, if any. */
  jobScheduler(teamId: string): Promise<{ id: string; pattern?: string | null; tz?: string | null; next?: number } | undefined>;
  /** The job handler, exposed for tests. */
  handle(due: DueCheckIn): Promise<Outcome>;
  readonly queue: Queue;
}

/** Legacy: one job scheduler per team. Still handled, and replaced by `apply`. */
export const JOB_NAME = 'checkin';
/** A slot of a schedule group fired: fan its teams out. */
export const SLOT_JOB = 'checkin-slot';
/** Up to CHUNK teams of one slot. */
export const CHUNK_JOB = 'checkin-teams';
const CHUNK = 250;
/** Teams of one chunk handled at once. */
const IN_CHUNK = 25;
const MARKER_TTL_MS = 35 * 24 * 60 * 60 * 1000;

/** Scheduler ids avoid ':' so BullMQ never mistakes them for legacy repeat keys. */
export const schedulerId = (teamId: string) => `checkin/${teamId.replaceAll(':', '/')}`;

/** The job scheduler every team with this pattern and zone shares. */
export const groupId = (schedule: Pick<Schedule, 'pattern' | 'tz'>) =>
  `checkin-group/${createHash('sha1').update(`${schedule.pattern}|${schedule.tz}`).digest('hex').slice(0, 16)}`;

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}

/** The slot a scheduler job stands for; its id is `repeat:<schedulerId>:<millis>`. */
export function slotOf(job: Pick<Job, 'id' | 'opts' | 'timestamp'>): number {
  const tail = Number(job.id?.slice(job.id.lastIndexOf(':') + 1));
  return Number.isFinite(tail) && tail > 0 ? tail : (job.opts.prevMillis ?? job.timestamp);
}

export function createCheckinScheduler(deps: CheckinSchedulerDeps): CheckinScheduler {
  const clock = deps.clock ?? systemClock;
  const queueName = deps.queueName ?? 'rapport-checkins';
  // The worker blocks on Redis, so it retries forever; the queue answers people, so its
  // commands fail after ioredis' usual retries instead of hanging a turn.
  // On a Redis Cluster: Cluster clients and a hash-tagged prefix (connection.ts).
  const connection = bullConnection(deps.redisUrl, { maxRetriesPerRequest: null });
  const prefix = bullPrefix(deps.redisUrl, deps.prefix);
  const queueConnection = bullConnection(deps.redisUrl);
  // BullMQ (CommonJS, so the same instance an import gives) loads only when a scheduler is made.
  const { Queue, Worker } = createRequire(import.meta.url)('bullmq') as typeof import('bullmq');
  const queue = new Queue(queueName, { connection: queueConnection, ...(prefix ? { prefix } : {}) });
  queue.on('error', (err) => deps.log.warn('check-in queue error', { err }));
  let worker: Worker | null = null;

  async function handle(due: DueCheckIn): Promise<Outcome> {
    const { kv, log } = deps;
    // A redelivery of the same attempt (stalled job, second replica) finds the claim taken;
    // a retry after a thrown error is a new attempt, unless the post already went out.
    const claim = due.attempt ? `${due.jobId}#${due.attempt}` : due.jobId;
    if (!(await deps.once.claim(keys.job(claim), MARKER_TTL_MS))) return 'duplicate';
    // One round trip for everything the slot needs to know.
    const [posted, state, stats, records] = await Promise.all([
      due.attempt ? kv.get(keys.posted(due.jobId)) : undefined,
      loadTeam(kv, due.teamId),
      loadStats(kv, due.teamId),
      loadRecords(kv, due.teamId),
    ]);
    if (posted) return 'duplicate';
    const schedule = state?.schedule;
    if (!state || !schedule) return 'off';
    if (!slotRuns(schedule, due.slot)) return 'off-week';
    if (state.skipSlot !== null && Math.abs(state.skipSlot - due.slot) < 60_000) {
      // Marked done, so a retried chunk does not post the slot the team skipped.
      await Promise.all([saveTeam(kv, { ...state, skipSlot: null }), kv.set(keys.posted(due.jobId), 1, MARKER_TTL_MS)]);
      return 'skipped';
    }
    if (state.pausedUntil !== null && due.slot < state.pausedUntil) return 'paused';
    const messenger = deps.messengers[state.team.platform];
    if (!messenger) {
      log.warn('no messenger for a scheduled check-in', { team: due.teamId, platform: state.team.platform });
      return 'no-messenger';
    }
    const now = clock.now();
    // After the one nudge, nothing until someone answers or says `checkin resume`.
    if (stats.heldSince) return 'held';

    const found = await teamDesign(kv, due.teamId, state);
    const previous = records[0];

    // A new open check-in for this slot, the nudge's fallback and the usual case alike.
    const fresh = () =>
      newOpenCheckIn({
        teamId: due.teamId,
        team: state.team,
        design: found?.design ?? null,
        planned: found ? plannedRetentionTactics(found.design) : [],
        previous,
        scheduled: true,
        now,
      });

    // Two unanswered in a row: one short nudge in the last thread, not another thread. It
    // is not an ask (the response rate counts each check-in once) and it starts the hold.
    const lastKey = stats.lastThread ? parseConversationId(stats.lastThread) : null;
    if (stats.unanswered >= 2 && lastKey && stats.lastThread) {
      const open = OpenCheckIn.safeParse(await kv.get<unknown>(keys.thread(stats.lastThread)));
      // An expired thread is opened again, so an answer to the nudge still lands.
      const reopened = open.success ? open.data : fresh();
      await messenger.post(lastKey, reminder());
      await Promise.all([
        kv.set(keys.posted(due.jobId), 1, MARKER_TTL_MS),
        kv.set(keys.thread(stats.lastThread), reopened, OPEN_TTL_MS),
        saveStats(kv, due.teamId, { ...stats, heldSince: now.toISOString() }),
      ]);
      return 'reminded';
    }

    const open = fresh();
    const late = now.getTime() - due.slot > (deps.lateAfterMs ?? 10 * 60_000) ? lateNote(due.slot, schedule) : undefined;
    const thread = await messenger.startThread(state.team, opening(open, late));
    const conversation = conversationId(thread);
    await Promise.all([
      kv.set(keys.posted(due.jobId), 1, MARKER_TTL_MS),
      kv.set(keys.thread(conversation), open, OPEN_TTL_MS),
      saveStats(kv, due.teamId, {
        ...stats,
        asked: stats.asked + 1,
        unanswered: stats.unanswered + 1,
        lastAskedAt: now.toISOString(),
        lastThread: conversation,
      }),
    ]);
    return 'posted';
  }

  const JOB_OPTS = {
    // Bounded history; the idempotency markers live in the store, not in these.
    // A failed post (platform down) is retried twice, a minute apart at first.
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 1000 },
    attempts: 3,
    backoff: { type: 'exponential' as const, delay: 60_000 },
  };
  // Group membership needs set commands, which BullMQ's backend does not expose.
  let own: RedisClient | null = null;
  const client = (): RedisClient => {
    if (!own) {
      own = createRedisClient(deps.redisUrl);
      own.on('error', (err) => deps.log.warn('check-in group connection error', { err }));
    }
    return own;
  };
  /** Members of a schedule group, and which group each team is in; in BullMQ's key space. */
  const membersKey = (group: string) => queue.toKey(`rapport-group:${group}`);
  const groupsKey = () => queue.toKey('rapport-team-groups');

  /** Removes the team from its group; the group's scheduler goes when nobody is left. */
  async function leave(teamId: string, except?: string): Promise<void> {
    const redis = client();
    const group = await redis.hget(groupsKey(), teamId);
    if (!group || group === except) return;
    await redis.srem(membersKey(group), teamId);
    if ((await redis.scard(membersKey(group))) === 0) {
      await queue.removeJobScheduler(group);
      // A team that joined meanwhile re-creates it rather than going unscheduled.
      const late = await redis.srandmember(membersKey(group));
      if (late) {
        const s = (await loadTeam(deps.kv, late))?.schedule;
        if (s) await upsertGroup(s);
      }
    }
  }

  async function upsertGroup(schedule: Schedule): Promise<string> {
    const group = groupId(schedule);
    await queue.upsertJobScheduler(group, { pattern: schedule.pattern, tz: schedule.tz }, { name: SLOT_JOB, data: { group }, opts: JOB_OPTS });
    return group;
  }

  /** A slot fired: its teams go out in chunk jobs whose ids come from the slot. */
  async function fanOut(job: Job<{ group: string }>): Promise<number> {
    const redis = client();
    const teams = (await redis.smembers(membersKey(job.data.group))).sort();
    const slot = slotOf(job);
    const base = `${job.id}`.replaceAll(':', '_');
    const jobs = [];
    for (let i = 0; i * CHUNK < teams.length; i++) {
      jobs.push({ name: CHUNK_JOB, data: { teamIds: teams.slice(i * CHUNK, (i + 1) * CHUNK), slot, slotJobId: job.id }, opts: { ...JOB_OPTS, jobId: `${base}_${i}` } });
    }
    for (let i = 0; i < jobs.length; i += 500) await queue.addBulk(jobs.slice(i, i + 500));
    return teams.length;
  }

  /** One chunk: every team handled; a failed post fails the chunk, and its retry skips the teams already done. */
  async function runChunk(job: Job<{ teamIds: string[]; slot: number; slotJobId: string }>): Promise<string> {
    const { teamIds, slot, slotJobId } = job.data;
    const failed: unknown[] = [];
    await mapLimit(teamIds, IN_CHUNK, (teamId) =>
      handle({ jobId: `${slotJobId}/${teamId}`, teamId, slot, attempt: job.attemptsMade }).catch((err: unknown) => {
        failed.push(err);
      }),
    );
    if (failed.length) throw new Error(`${failed.length} of ${teamIds.length} check-ins could not be posted`, { cause: failed[0] });
    return `${teamIds.length} teams`;
  }

  return {
    queue,
    handle,
    async apply(teamId, schedule) {
      const group = await upsertGroup(schedule);
      const redis = client();
      await leave(teamId, group);
      await redis.multi().sadd(membersKey(group), teamId).hset(groupsKey(), teamId, group).exec();
      // A team scheduled before groups existed had its own job scheduler.
      await queue.removeJobScheduler(schedulerId(teamId));
    },
    async remove(teamId) {
      await leave(teamId);
      const redis = client();
      await redis.hdel(groupsKey(), teamId);
      await queue.removeJobScheduler(schedulerId(teamId));
    },
    async jobScheduler(teamId) {
      const redis = client();
      const group = await redis.hget(groupsKey(), teamId);
      const found = await queue.getJobScheduler(group ?? schedulerId(teamId));
      return found ? { ...found, id: group ?? schedulerId(teamId) } : undefined;
    },
    async nextRun(teamId) {
      const s = await this.jobScheduler(teamId);
      return s?.next ?? null;
    },
    async start() {
      if (worker) return;
      const concurrency = deps.concurrency ?? 50;
      worker = new Worker(
        queueName,
        async (job: Job) => {
          if (!job.id) return 'no-id';
          if (job.name === SLOT_JOB) return fanOut(job as Job<{ group: string }>);
          if (job.name === CHUNK_JOB) return runChunk(job as Job<{ teamIds: string[]; slot: number; slotJobId: string }>);
          const data = job.data as { teamId: string };
          return handle({ jobId: job.id, teamId: data.teamId, slot: slotOf(job), attempt: job.attemptsMade });
        },
        // `concurrency` counts check-ins; each chunk job runs IN_CHUNK of them at once.
        { connection, concurrency: Math.max(2, Math.ceil(concurrency / IN_CHUNK)), ...(prefix ? { prefix } : {}) },
      );
      worker.on('failed', (job, err) => deps.log.error('scheduled check-in failed', { job: job?.id, err }));
      worker.on('error', (err) => deps.log.warn('check-in worker error', { err }));
      await worker.waitUntilReady();
    },
    async stop() {
      const w = worker;
      worker = null;
      await w?.close();
      await queue.close();
      closeBullConnection(queueConnection);
      closeBullConnection(connection);
      const r = own;
      own = null;
      await r?.quit().catch(() => r.disconnect());
    },
  };
}

function lateNote(slot: number, schedule: Schedule): string {
  return `(This one was due ${formatInZone(slot, schedule.tz)}; I was offline then, so here it is now, once.)`;
}
