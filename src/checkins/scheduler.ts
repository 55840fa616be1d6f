import { Queue, Worker, type Job } from 'bullmq';
import { plannedRetentionTactics } from '../core/checkin.ts';
import { systemClock, type Clock, type KeyValueStore, type Messenger, type OnceGuard } from '../core/ports.ts';
import type { Summariser } from '../core/summariser.ts';
import { conversationId, parseConversationId, type Platform } from '../core/turn.ts';
import type { Logger } from '../log.ts';
import { OpenCheckIn, newOpenCheckIn, opening, reminder } from './dialog.ts';
import type { ScheduleControl } from './module.ts';
import { formatInZone, slotRuns, type Schedule } from './schedule.ts';
import { OPEN_TTL_MS, keys, loadRecords, loadStats, loadTeam, saveStats, saveTeam, teamDesign } from './store.ts';

// One BullMQ job scheduler per team (its id is the team's channel), one Worker per
// process. BullMQ delivers at least once, so the handler claims a SET NX marker on the
// job id before posting: three replicas, one post.
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

export type Outcome = 'posted' | 'reminded' | 'duplicate' | 'off' | 'off-week' | 'skipped' | 'paused' | 'no-messenger';

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
  /** The job handler, exposed for tests. */
  handle(due: DueCheckIn): Promise<Outcome>;
  readonly queue: Queue;
}

export const JOB_NAME = 'checkin';
const MARKER_TTL_MS = 35 * 24 * 60 * 60 * 1000;

/** Scheduler ids avoid ':' so BullMQ never mistakes them for legacy repeat keys. */
export const schedulerId = (teamId: string) => `checkin/${teamId.replaceAll(':', '/')}`;

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
  const connection = { url: deps.redisUrl, maxRetriesPerRequest: null };
  const prefix = deps.prefix;
  const queue = new Queue(queueName, { connection: { url: deps.redisUrl }, ...(prefix ? { prefix } : {}) });
  queue.on('error', (err) => deps.log.warn('check-in queue error', { err }));
  let worker: Worker | null = null;

  async function handle(due: DueCheckIn): Promise<Outcome> {
    const { kv, log } = deps;
    // A redelivery of the same attempt (stalled job, second replica) finds the claim taken;
    // a retry after a thrown error is a new attempt, unless the post already went out.
    const claim = due.attempt ? `${due.jobId}#${due.attempt}` : due.jobId;
    if (!(await deps.once.claim(keys.job(claim), MARKER_TTL_MS))) return 'duplicate';
    if (due.attempt && (await kv.get(keys.posted(due.jobId)))) return 'duplicate';
    const state = await loadTeam(kv, due.teamId);
    const schedule = state?.schedule;
    if (!state || !schedule) return 'off';
    if (!slotRuns(schedule, due.slot)) return 'off-week';
    if (state.skipSlot !== null && Math.abs(state.skipSlot - due.slot) < 60_000) {
      await saveTeam(kv, { ...state, skipSlot: null });
      return 'skipped';
    }
    if (state.pausedUntil !== null && due.slot < state.pausedUntil) return 'paused';
    const messenger = deps.messengers[state.team.platform];
    if (!messenger) {
      log.warn('no messenger for a scheduled check-in', { team: due.teamId, platform: state.team.platform });
      return 'no-messenger';
    }
    const stats = await loadStats(kv, due.teamId);
    const now = clock.now();

    // Two unanswered in a row: a short nudge in the open thread, not another thread.
    const lastKey = stats.lastThread ? parseConversationId(stats.lastThread) : null;
    if (stats.unanswered >= 2 && lastKey && stats.lastThread) {
      const open = OpenCheckIn.safeParse(await kv.get<unknown>(keys.thread(stats.lastThread)));
      if (open.success) {
        await messenger.post(lastKey, reminder());
        await kv.set(keys.posted(due.jobId), 1, MARKER_TTL_MS);
        await kv.set(keys.thread(stats.lastThread), open.data, OPEN_TTL_MS);
        await saveStats(kv, due.teamId, { ...stats, asked: stats.asked + 1, unanswered: stats.unanswered + 1, lastAskedAt: now.toISOString() });
        return 'reminded';
      }
    }

    const found = await teamDesign(kv, due.teamId, state);
    const previous = (await loadRecords(kv, due.teamId))[0];
    const open = newOpenCheckIn({
      teamId: due.teamId,
      team: state.team,
      design: found?.design ?? null,
      planned: found ? plannedRetentionTactics(found.design) : [],
      previous,
      scheduled: true,
      now,
    });
    const late = now.getTime() - due.slot > (deps.lateAfterMs ?? 10 * 60_000) ? lateNote(due.slot, schedule) : undefined;
    const thread = await messenger.startThread(state.team, opening(open, late));
    await kv.set(keys.posted(due.jobId), 1, MARKER_TTL_MS);
    const conversation = conversationId(thread);
    await kv.set(keys.thread(conversation), open, OPEN_TTL_MS);
    await saveStats(kv, due.teamId, {
      ...stats,
      asked: stats.asked + 1,
      unanswered: stats.unanswered + 1,
      lastAskedAt: now.toISOString(),
      lastThread: conversation,
    });
    return 'posted';
  }

  return {
    queue,
    handle,
    async apply(teamId, schedule) {
      await queue.upsertJobScheduler(
        schedulerId(teamId),
        { pattern: schedule.pattern, tz: schedule.tz },
        {
          name: JOB_NAME,
          data: { teamId },
          // Bounded history; the idempotency marker lives in the store, not in these.
          // A failed post (platform down) is retried twice, a minute apart at first.
          opts: {
            removeOnComplete: { count: 1000 },
            removeOnFail: { count: 1000 },
            attempts: 3,
            backoff: { type: 'exponential', delay: 60_000 },
          },
        },
      );
    },
    async remove(teamId) {
      await queue.removeJobScheduler(schedulerId(teamId));
    },
    async nextRun(teamId) {
      const s = await queue.getJobScheduler(schedulerId(teamId));
      return s?.next ?? null;
    },
    async start() {
      if (worker) return;
      worker = new Worker(
        queueName,
        async (job: Job<{ teamId: string }>) => {
          if (!job.id) return 'no-id';
          return handle({ jobId: job.id, teamId: job.data.teamId, slot: slotOf(job), attempt: job.attemptsMade });
        },
        { connection, concurrency: deps.concurrency ?? 50, ...(prefix ? { prefix } : {}) },
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
    },
  };
}

function lateNote(slot: number, schedule: Schedule): string {
  return `(This one was due ${formatInZone(slot, schedule.tz)}; I was offline then, so here it is now, once.)`;
}
