import { checkinsForExport, checkinsMarkdown } from './export.ts';
import { plannedRetentionTactics } from '../core/checkin.ts';
import type { Command, EngineModule, TurnContext } from '../core/module.ts';
import { text, type Reply } from '../core/reply.ts';
import { cohortReplies, type CohortAccess } from './cohort.ts';
import { OpenCheckIn, answerCheckIn, newOpenCheckIn, opening, question } from './dialog.ts';
import { feedback, historyReplies } from './feedback.ts';
import { describeSchedule, formatInZone, nextSlots, parseDate, parseSchedule, zonedToUtc, type Schedule } from './schedule.ts';
import {
  OPEN_TTL_MS,
  channelOf,
  deleteTeam,
  keys,
  loadRecords,
  loadStats,
  loadTeam,
  newTeamState,
  saveStats,
  saveTeam,
  teamDesign,
  teamIdOf,
  type TeamState,
} from './store.ts';

// The check-in commands and the intercept that routes a thread's answers to its open
// check-in. Timers live elsewhere (scheduler.ts); this only stores and asks.

/** What the module needs from the scheduler; absent in the terminal. */
export interface ScheduleControl {
  apply(teamId: string, schedule: Schedule): Promise<void>;
  remove(teamId: string): Promise<void>;
}

export interface CheckinModuleDeps {
  scheduler?: ScheduleControl;
  cohort?: CohortAccess;
  /** Attach trend charts as PNG files (default true). */
  charts?: boolean;
  /** Zone for `checkin every …` without one, when the team has none yet (default UTC). */
  defaultZone?: string;
}

const CHECKIN = String.raw`check[\s-]?in`;
const re = (body: string) => new RegExp(`^${body}$`, 'i');

/** The next slots that will really run: pause and skip applied. */
export function upcoming(state: TeamState, nowMs: number, count = 1): number[] {
  if (!state.schedule) return [];
  const from = Math.max(nowMs, (state.pausedUntil ?? 0) - 1);
  return nextSlots(state.schedule, from, count + 1)
    .filter((s) => s !== state.skipSlot)
    .slice(0, count);
}

export function createCheckinModule(deps: CheckinModuleDeps = {}): EngineModule {
  const charts = deps.charts ?? true;
  const access: CohortAccess = deps.cohort ?? { channels: [], admins: [] };
  const timerNote = deps.scheduler
    ? ''
    : ' Here nothing runs on a timer: scheduled check-ins are posted by `rapport serve` with Redis (REDIS_URL). Say `checkin now` to run one in this conversation.';

  const team = (ctx: TurnContext) => ({ id: teamIdOf(ctx.turn.key), address: channelOf(ctx.turn.key) });
  const state = async (ctx: TurnContext) => (await loadTeam(ctx.store, team(ctx).id)) ?? newTeamState(team(ctx).address);
  const when = (ms: number, s: Schedule) => formatInZone(ms, s.tz);

  const commands: Command[] = [
    {
      usage: 'checkin',
      description: 'say when the next retention check-in is',
      match: (t) => (re(CHECKIN).test(t) ? {} : null),
      async run(ctx) {
        const s = await state(ctx);
        if (!s.schedule) {
          return [text(`No check-ins are scheduled for this channel. Say \`checkin every monday at 09:30 Europe/Berlin\` to schedule them, or \`checkin now\` to run one.${timerNote}`)];
        }
        const [next, after] = upcoming(s, ctx.clock.now().getTime(), 2);
        const lines = [`Check-ins run ${describeSchedule(s.schedule)}.`];
        lines.push(next ? `Next: ${when(next, s.schedule)}.` : 'No next run could be computed for this schedule.');
        if (s.skipSlot && s.skipSlot > ctx.clock.now().getTime()) lines.push(`(Skipping the one on ${when(s.skipSlot, s.schedule)}.)`);
        if (s.pausedUntil && s.pausedUntil > ctx.clock.now().getTime()) lines.push(`(Paused until ${when(s.pausedUntil, s.schedule)}.)`);
        if (after) lines.push(`Then: ${when(after, s.schedule)}.`);
        return [text(lines.join(' ') + timerNote)];
      },
    },
    {
      usage: 'checkin now',
      description: 'run a retention check-in here, now',
      match: (t) => (re(`${CHECKIN}\\s+now`).test(t) ? {} : null),
      async run(ctx) {
        const open = await ctx.store.get<unknown>(keys.thread(ctx.conversation));
        const parsed = OpenCheckIn.safeParse(open);
        if (parsed.success) return [text('A check-in is already open here; here is where we were.'), ...question(parsed.data)];
        const t = team(ctx);
        const s = await loadTeam(ctx.store, t.id);
        const own = ctx.session.design.segments.length ? ctx.session.design : null;
        const design = own ?? (await teamDesign(ctx.store, t.id, s))?.design ?? null;
        const previous = (await loadRecords(ctx.store, t.id))[0];
        const next = newOpenCheckIn({
          teamId: t.id,
          team: t.address,
          design,
          planned: design ? plannedRetentionTactics(design) : [],
          previous,
          scheduled: false,
          now: ctx.clock.now(),
        });
        await ctx.store.set(keys.thread(ctx.conversation), next, OPEN_TTL_MS);
        const stats = await loadStats(ctx.store, t.id);
        await saveStats(ctx.store, t.id, { ...stats, asked: stats.asked + 1, lastAskedAt: ctx.clock.now().toISOString() });
        return opening(next);
      },
    },
    {
      usage: 'checkin every <weekday|day|2 weeks|month> at <HH:MM> [zone]',
      description: 'schedule retention check-ins in this channel',
      match: (t) => {
        const m = re(`${CHECKIN}\\s+every\\s*(.*)`).exec(t);
        return m ? { spec: m[1] ?? '' } : null;
      },
      async run(ctx, args) {
        const s = await state(ctx);
        const zoneGiven = /\s(\S*\/\S+|utc|gmt)\s*$/i.test(args.spec ?? '');
        const parsed = parseSchedule(args.spec ?? '', s.schedule?.tz ?? deps.defaultZone ?? 'UTC', ctx.clock.now());
        if (!parsed.ok) return [text(parsed.error, 'error')];
        const next: TeamState = {
          ...s,
          schedule: parsed.schedule,
          skipSlot: null,
          pausedUntil: null,
          ownerConversation: ctx.conversation,
          designConversation: ctx.session.design.segments.length ? ctx.conversation : s.designConversation,
        };
        await saveTeam(ctx.store, next);
        try {
          await deps.scheduler?.apply(team(ctx).id, parsed.schedule);
        } catch (err) {
          ctx.log.error('could not register a check-in schedule', { err });
          return [text('I saved the schedule but could not reach the scheduler just now. Please say the same command again in a minute.', 'error')];
        }
        const [first] = upcoming(next, ctx.clock.now().getTime(), 1);
        const lines = [`Done: check-ins ${describeSchedule(parsed.schedule)}.`];
        if (first) lines.push(`The first one: ${when(first, parsed.schedule)}.`);
        if (deps.scheduler) lines.push('I will post it as a new message in this channel, and the check-in continues in its thread.');
        if (!zoneGiven && !s.schedule) lines.push(`No zone given, so I used ${parsed.schedule.tz}; add one, like \`Europe/Berlin\`, to change it.`);
        return [text(lines.join(' ') + timerNote)];
      },
    },
    {
      usage: 'checkin off',
      description: 'stop scheduled check-ins in this channel',
      match: (t) => (re(`${CHECKIN}\\s+(off|stop|cancel)`).test(t) ? {} : null),
      async run(ctx) {
        const s = await state(ctx);
        await deps.scheduler?.remove(team(ctx).id);
        if (!s.schedule) return [text('No check-ins were scheduled here, so nothing changed.')];
        await saveTeam(ctx.store, { ...s, schedule: null, skipSlot: null, pausedUntil: null });
        return [text('Check-ins are off for this channel. Past check-ins stay; say `checkin every …` to start again.')];
      },
    },
    {
      usage: 'checkin skip',
      description: 'skip the next scheduled check-in only',
      match: (t) => (re(`${CHECKIN}\\s+skip`).test(t) ? {} : null),
      async run(ctx) {
        const s = await state(ctx);
        if (!s.schedule) return [text('No check-ins are scheduled here, so there is nothing to skip.')];
        const [skip, after] = upcoming(s, ctx.clock.now().getTime(), 2);
        if (!skip) return [text('I could not find a next check-in to skip.')];
        await saveTeam(ctx.store, { ...s, skipSlot: skip });
        return [text(`Okay, I'll skip the check-in on ${when(skip, s.schedule)}.${after ? ` The one after is on ${when(after, s.schedule)}.` : ''}`)];
      },
    },
    {
      usage: 'checkin pause until <date>',
      description: 'no check-ins before that date (e.g. 2026-12-01)',
      match: (t) => {
        const m = re(`${CHECKIN}\\s+pause(?:\\s+until)?\\s*(.*)`).exec(t);
        return m ? { date: m[1] ?? '' } : null;
      },
      async run(ctx, args) {
        const s = await state(ctx);
        if (!s.schedule) return [text('No check-ins are scheduled here, so there is nothing to pause.')];
        const d = parseDate(args.date ?? '', ctx.clock.now(), s.schedule.tz);
        if (!d) return [text('I could not read that date. Say it like `checkin pause until 2026-12-01` or `checkin pause until 1 december`.', 'error')];
        const until = zonedToUtc(d.y, d.m, d.d, 0, 0, s.schedule.tz);
        const next = { ...s, pausedUntil: until };
        await saveTeam(ctx.store, next);
        const [first] = upcoming(next, ctx.clock.now().getTime(), 1);
        return [text(`Paused: no check-ins before ${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}.${first ? ` The next one is on ${when(first, s.schedule)}.` : ''} Say \`checkin resume\` to undo.`)];
      },
    },
    {
      usage: 'checkin resume',
      description: 'undo a pause or a skip',
      match: (t) => (re(`${CHECKIN}\\s+(resume|unpause)`).test(t) ? {} : null),
      async run(ctx) {
        const s = await state(ctx);
        await saveTeam(ctx.store, { ...s, pausedUntil: null, skipSlot: null });
        const [first] = upcoming({ ...s, pausedUntil: null, skipSlot: null }, ctx.clock.now().getTime(), 1);
        return [text(first && s.schedule ? `Resumed. The next check-in is on ${when(first, s.schedule)}.` : 'Resumed.')];
      },
    },
    {
      usage: 'history checkins',
      description: 'every check-in of this channel, with trend charts',
      match: (t) => (/^(history\s+check[\s-]?ins?|check[\s-]?in\s+history)$/i.test(t) ? {} : null),
      async run(ctx) {
        return historyReplies(await loadRecords(ctx.store, team(ctx).id), { charts, log: ctx.log });
      },
    },
    {
      usage: 'cohort',
      description: 'every team of the cohort side by side (programme team only)',
      match: (t) => (/^cohort$/i.test(t) ? {} : null),
      run: (ctx) => cohortReplies(ctx.store, ctx.turn, access),
    },
  ];

  return {
    name: 'checkins',
    commands,
    async intercept(ctx): Promise<Reply[] | null> {
      const parsed = OpenCheckIn.safeParse(await ctx.store.get<unknown>(keys.thread(ctx.conversation)));
      if (!parsed.success) return null;
      const said = (ctx.turn.choice?.value ?? ctx.turn.text).trim();
      if (!said) return question(parsed.data);
      const result = await answerCheckIn(
        { kv: ctx.store, summariser: ctx.summariser, clock: ctx.clock, log: ctx.log, usage: ctx.session.usage },
        ctx.conversation,
        parsed.data,
        said,
        ctx.turn.author,
      );
      if (!result.done) return result.replies;
      const s = await loadTeam(ctx.store, parsed.data.teamId);
      const own = ctx.session.design.segments.length ? ctx.session.design : null;
      const design = own ?? (await teamDesign(ctx.store, parsed.data.teamId, s))?.design ?? null;
      const replies = await feedback(result.record, result.records, design, { charts, log: ctx.log });
      return [...(result.notices ?? []), ...replies];
    },
    async exportPart(ctx, format) {
      const data = await checkinsForExport(ctx.store, ctx.conversation);
      if (!data) return null;
      if (format === 'md') return { markdown: checkinsMarkdown(data) };
      return {
        file: {
          kind: 'file',
          filename: 'retention-checkins.json',
          mimeType: 'application/json',
          title: 'Retention check-ins (JSON)',
          content: JSON.stringify(data, null, 2),
          encoding: 'utf8',
        },
      };
    },
    async active(conversation, store) {
      return (await store.get(keys.thread(conversation))) !== undefined;
    },
    async forget(ctx) {
      await ctx.store.delete(keys.thread(ctx.conversation));
      const t = team(ctx);
      const s = await loadTeam(ctx.store, t.id);
      if (s && (s.ownerConversation === ctx.conversation || s.designConversation === ctx.conversation)) {
        await deps.scheduler?.remove(t.id);
        await deleteTeam(ctx.store, t.id);
      }
    },
  };
}
