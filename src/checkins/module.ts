import { checkinsForExport, checkinsMarkdown } from './export.ts';
import { listing, plannedRetentionTactics, type CheckIn } from '../core/checkin.ts';
import type { Command, EngineModule, TurnContext } from '../core/module.ts';
import { text, type Reply } from '../core/reply.ts';
import { cohortCommands, type CohortAccess } from './cohort.ts';
import { OpenCheckIn, answerCheckIn, newOpenCheckIn, opening, question } from './dialog.ts';
import { checkinControl } from './controls.ts';
import { feedback, historyReplies } from './feedback.ts';
import { describeSchedule, formatInZone, nextSlots, notAfterToday, parseDate, parseSchedule, zonedToUtc, type Schedule } from './schedule.ts';
import {
  OPEN_TTL_MS,
  channelOf,
  deleteTeam,
  keys,
  loadEdits,
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
  /** Attach the chart of the team's numbers as a PNG file (default true). */
  charts?: boolean;
  /** Zone for `checkin every …` without one, when the team has none yet (default UTC). */
  defaultZone?: string;
}

const CHECKIN = String.raw`check[\s-]?in`;
const re = (body: string) => new RegExp(`^${body}$`, 'i');

/** "ran onboarding emails; churn 4%; at risk" */
function recordLine(r: CheckIn): string {
  const ran = r.tacticsRun.length ? `ran ${listing(r.tacticsRun)}` : 'no tactic run';
  const numbers = r.metrics.map((m) => `${m.name} ${m.value}${m.unit === '%' ? '%' : m.unit ? ` ${m.unit}` : ''}`);
  return [ran, ...(numbers.length ? [numbers.join(', ')] : []), r.mood.replace('_', ' ')].join('; ');
}

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
  /** The calendar day an instant falls on in the zone: "2027-01-05". */
  const dateOf = (ms: number, tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);

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
        if ((await loadStats(ctx.store, team(ctx).id)).heldSince) {
          lines.push('(On hold: the last two check-ins got no answer. Answer the last one, or say `checkin resume`.)');
        }
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
      usage: 'checkin edit',
      description: 'correct the last check-in: I ask again and your answers replace it',
      match: (t) => (re(`${CHECKIN}\\s+(edit|correct|fix)`).test(t) ? {} : null),
      async run(ctx) {
        const open = OpenCheckIn.safeParse(await ctx.store.get<unknown>(keys.thread(ctx.conversation)));
        if (open.success) {
          if (open.data.edit) return [text('We are already correcting the last check-in; here is where we were.'), ...question(open.data)];
          return [text('A check-in is open here: answer it first, then say `checkin edit` if it needs correcting.'), ...question(open.data)];
        }
        const t = team(ctx);
        const records = await loadRecords(ctx.store, t.id);
        const last = records[0];
        if (!last) return [text('There is no check-in to correct yet in this channel. Say `checkin now` to run one.')];
        const s = await loadTeam(ctx.store, t.id);
        const own = ctx.session.design.segments.length ? ctx.session.design : null;
        const design = own ?? (await teamDesign(ctx.store, t.id, s))?.design ?? null;
        const next = {
          ...newOpenCheckIn({
            teamId: t.id,
            team: t.address,
            design,
            planned: design ? plannedRetentionTactics(design) : [],
            previous: records[1],
            scheduled: last.scheduled,
            now: ctx.clock.now(),
          }),
          edit: { recordId: last.id, at: last.at },
        };
        await ctx.store.set(keys.thread(ctx.conversation), next, OPEN_TTL_MS);
        return [
          text(`Correcting the check-in of ${last.at.slice(0, 10)} (${recordLine(last)}). I'll ask the four questions again; your answers replace that record, and \`history checkins\` notes the correction.`),
          ...question(next),
        ];
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
        const nowMs = ctx.clock.now().getTime();
        const parsed = parseSchedule(args.spec ?? '', s.schedule?.tz ?? deps.defaultZone ?? 'UTC', ctx.clock.now());
        if (!parsed.ok) return [text(parsed.error, 'error')];
        // A new schedule keeps a pause (`checkin resume` lifts it); a skip stays only while
        // the skipped instant is still one of the new schedule's check-ins.
        const pausedUntil = s.pausedUntil !== null && s.pausedUntil > nowMs ? s.pausedUntil : null;
        const skipKept = s.skipSlot !== null && s.skipSlot > nowMs && nextSlots(parsed.schedule, nowMs, 60).includes(s.skipSlot);
        const next: TeamState = {
          ...s,
          schedule: parsed.schedule,
          skipSlot: skipKept ? s.skipSlot : null,
          pausedUntil,
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
        const [first] = upcoming(next, nowMs, 1);
        const lines = [`Done: check-ins ${describeSchedule(parsed.schedule)}.`];
        if (first) lines.push(`The first one: ${when(first, parsed.schedule)}.`);
        if (deps.scheduler) lines.push('I will post it as a new message in this channel, and the check-in continues in its thread.');
        lines.push(...parsed.notes);
        if (pausedUntil !== null) lines.push(`Still paused until ${dateOf(pausedUntil, parsed.schedule.tz)}; say \`checkin resume\` to lift the pause.`);
        if (skipKept) lines.push(`Still skipping the one on ${when(s.skipSlot!, parsed.schedule)}.`);
        else if (s.skipSlot !== null && s.skipSlot > nowMs) lines.push('The check-in you skipped is not part of the new schedule, so no skip is left.');
        if (!parsed.zoneGiven && !s.schedule) lines.push(`No zone given, so I used ${parsed.schedule.tz}; add one, like \`Europe/Berlin\` or \`New York\`, to change it.`);
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
        const said = (args.date ?? '').trim();
        if (!said) return [text('Until when? Say it like `checkin pause until 2026-12-01` or `checkin pause until 1 december`.', 'error')];
        const d = parseDate(said, ctx.clock.now(), s.schedule.tz);
        if (!d) return [text(`I could not read “${said}” as a date. Say it like \`checkin pause until 2026-12-01\` or \`checkin pause until 1 december\`.`, 'error')];
        const ymd = `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
        if (notAfterToday(d, ctx.clock.now(), s.schedule.tz)) {
          return [text(`${ymd} is not after today, so there is nothing to pause until. Give a later date, like \`checkin pause until 1 january\`.`, 'error')];
        }
        const until = zonedToUtc(d.y, d.m, d.d, 0, 0, s.schedule.tz);
        const next = { ...s, pausedUntil: until };
        await saveTeam(ctx.store, next);
        const [first] = upcoming(next, ctx.clock.now().getTime(), 1);
        return [text(`Paused: no check-ins before ${ymd}.${first ? ` The next one is on ${when(first, s.schedule)}.` : ''} Say \`checkin resume\` to undo.`)];
      },
    },
    {
      usage: 'checkin resume',
      description: 'undo a pause or a skip',
      match: (t) => (re(`${CHECKIN}\\s+(resume|unpause)`).test(t) ? {} : null),
      async run(ctx) {
        const s = await state(ctx);
        const t = team(ctx).id;
        const nowMs = ctx.clock.now().getTime();
        if (!s.schedule) {
          return [text('There is no schedule to resume: check-ins are off in this channel. Say `checkin every monday at 09:30` (any day, time and zone) to start them.')];
        }
        const stats = await loadStats(ctx.store, t);
        const lifted: string[] = [];
        if (s.pausedUntil !== null && s.pausedUntil > nowMs) lifted.push(`the pause until ${dateOf(s.pausedUntil, s.schedule.tz)}`);
        if (s.skipSlot !== null && s.skipSlot > nowMs) lifted.push(`the skip of ${when(s.skipSlot, s.schedule)}`);
        if (stats.heldSince) lifted.push('the hold after two unanswered check-ins');
        const next = { ...s, pausedUntil: null, skipSlot: null };
        await saveTeam(ctx.store, next);
        if (stats.heldSince) await saveStats(ctx.store, t, { ...stats, heldSince: null, unanswered: 0 });
        const [first] = upcoming(next, nowMs, 1);
        const then = first ? ` The next check-in is on ${when(first, s.schedule)}.` : '';
        if (!lifted.length) return [text(`Nothing was paused or skipped: check-ins run ${describeSchedule(s.schedule)}.${then}`)];
        return [text(`Resumed: I lifted ${listing(lifted)}.${then}`)];
      },
    },
    {
      usage: 'history checkins',
      description: 'every check-in of this channel, with one chart of your numbers',
      match: (t) => (/^(history\s+check[\s-]?ins?|check[\s-]?in\s+history)$/i.test(t) ? {} : null),
      async run(ctx) {
        const replies = await historyReplies(await loadRecords(ctx.store, team(ctx).id), { charts, log: ctx.log });
        const edits = await loadEdits(ctx.store, team(ctx).id);
        if (!edits.length) return replies;
        const lines = edits
          .slice(0, 3)
          .map((e) => `- the check-in of ${e.before.at.slice(0, 10)}, corrected on ${e.at.slice(0, 10)}${e.by ? ` by ${e.by}` : ''}; before: ${recordLine(e.before)}`);
        return [...replies, text(`Corrected with \`checkin edit\` (${edits.length}):\n${lines.join('\n')}`)];
      },
    },
    ...cohortCommands(access),
  ];

  return {
    name: 'checkins',
    commands,
    control: checkinControl,
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
      const replies = await feedback(result.record, result.records, design, {
        charts,
        log: ctx.log,
        kv: ctx.store,
        teamId: parsed.data.teamId,
        summariser: ctx.summariser,
        conversation: ctx.conversation,
        usage: ctx.session.usage,
      });
      const edit = parsed.data.edit;
      const corrected = edit ? [text(`Corrected: the check-in of ${edit.at.slice(0, 10)} now holds these answers; \`history checkins\` keeps the earlier version.`)] : [];
      return [...(result.notices ?? []), ...corrected, ...replies];
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
