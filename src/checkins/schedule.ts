import { z } from 'zod';
import { getNextMillis } from 'bullmq';

// `checkin every <when> at <HH:MM> [zone]` → a cron pattern and an IANA zone. The next
// run is computed with BullMQ's own getNextMillis so what we tell people is exactly when
// the job scheduler fires, DST included.
//
// Fortnightly: cron cannot say "every other week", and BullMQ's `every` counts fixed
// milliseconds, which drifts by an hour across DST. So "2 weeks" is a weekly cron and the
// handler runs only on weeks of the chosen parity, counting whole weeks since a fixed
// Monday in the team's zone (the ISO week number would break at 53-week years).

export const Cadence = z.enum(['daily', 'weekly', 'fortnightly', 'monthly']);
export type Cadence = z.infer<typeof Cadence>;

export const Schedule = z.object({
  cadence: Cadence,
  /** Cron day of week, 0 = Sunday; null for daily, and for monthly on the 1st. */
  weekday: z.number().int().min(0).max(6).nullable(),
  /** "09:30", 24-hour, in tz. */
  time: z.string().regex(/^\d\d:\d\d$/),
  tz: z.string(),
  /** Cron with seconds or without, as BullMQ takes it. */
  pattern: z.string(),
  /** Fortnightly only: the week parity that runs. */
  parity: z.number().int().min(0).max(1).nullable(),
});
export type Schedule = z.infer<typeof Schedule>;

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function weekdayIndex(word: string): number | null {
  const w = word.toLowerCase().replace(/s$/, '');
  if (w.length < 3) return null;
  const i = WEEKDAYS.findIndex((d) => d.startsWith(w) || d === w);
  return i >= 0 ? i : null;
}

export const ZONE_HELP =
  'Write the zone as an IANA name, Region/City, for example `Europe/Berlin`, `America/New_York`, `Asia/Kolkata` or `UTC`.';

const REGIONS = ['Europe', 'America', 'Asia', 'Africa', 'Australia', 'Pacific', 'Atlantic', 'Indian', 'Antarctica'];

const accepted = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * The zone as people write it, or null when Intl does not know it. Not
 * resolvedOptions(): ICU would turn Asia/Kolkata back into Asia/Calcutta.
 */
export function canonicalZone(zone: string): string | null {
  if (/^(utc|gmt|z|etc\/utc)$/i.test(zone)) return 'UTC';
  if (!accepted(zone)) return null;
  const listed = Intl.supportedValuesOf('timeZone').find((z) => z.toLowerCase() === zone.toLowerCase());
  if (listed) return listed;
  if (/[A-Z]/.test(zone)) return zone;
  return zone.replace(/(^|[/_])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
}

function zoneSuggestions(zone: string): string[] {
  const city = zone.trim().replace(/\s+/g, '_').replace(/(^|_)([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
  return REGIONS.map((r) => `${r}/${city}`)
    .filter(accepted)
    .slice(0, 3);
}

export type ParseResult = { ok: true; schedule: Schedule } | { ok: false; error: string };

const USAGE =
  'Say it like this: `checkin every monday at 09:30 Europe/Berlin`. The day can be a weekday, `day`, `2 weeks` (optionally `2 weeks on thursday`) or `month` (optionally `month on monday`, meaning the first Monday); the time is 24-hour; the zone is optional.';

/**
 * Parses what follows `checkin every`. `fallbackZone` applies when no zone is given;
 * `now` fixes which week a fortnightly schedule starts on.
 */
export function parseSchedule(input: string, fallbackZone: string, now: Date): ParseResult {
  const m = /^(.+?)\s+(?:at\s+)?(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?(?:\s+(\S+))?\s*$/i.exec(input.trim());
  if (!m) return { ok: false, error: `I could not read that schedule. ${USAGE}` };
  const [, whenRaw = '', hRaw = '', minRaw, ampm, zoneRaw] = m;
  let hour = Number(hRaw);
  const minute = minRaw ? Number(minRaw) : 0;
  if (ampm) {
    if (hour < 1 || hour > 12) return { ok: false, error: `${hRaw}${ampm} is not a time. ${USAGE}` };
    hour = (hour % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return { ok: false, error: `${hRaw}:${minRaw ?? '00'} is not a time of day. ${USAGE}` };

  let tz = fallbackZone;
  if (zoneRaw) {
    const zone = canonicalZone(zoneRaw);
    if (!zone) {
      const near = zoneSuggestions(zoneRaw);
      const hint = near.length ? ` Did you mean ${near.map((z) => `\`${z}\``).join(' or ')}?` : '';
      return { ok: false, error: `I don't know the time zone “${zoneRaw}”.${hint} ${ZONE_HELP}` };
    }
    tz = zone;
  }

  const when = whenRaw.toLowerCase().replace(/\s+/g, ' ').trim();
  let cadence: Cadence;
  let weekday: number | null = null;
  const on = / on (\w+)$/.exec(when);
  const base = on ? when.slice(0, on.index) : when;
  if (on) {
    weekday = weekdayIndex(on[1] ?? '');
    if (weekday === null) return { ok: false, error: `“${on[1]}” is not a weekday. ${USAGE}` };
  }
  if (/^(day|daily|every day)$/.test(base) && !on) cadence = 'daily';
  else if (/^(2 weeks|two weeks|other week|fortnight|second week)$/.test(base)) {
    cadence = 'fortnightly';
    weekday ??= 1;
  } else if (/^(month|monthly)$/.test(base)) cadence = 'monthly';
  else if (!on && weekdayIndex(base) !== null) {
    cadence = 'weekly';
    weekday = weekdayIndex(base);
  } else return { ok: false, error: `I could not read “${whenRaw}” as a day. ${USAGE}` };

  const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  const pattern =
    cadence === 'daily'
      ? `0 ${minute} ${hour} * * *`
      : cadence === 'monthly'
        ? weekday === null
          ? `0 ${minute} ${hour} 1 * *`
          : `0 ${minute} ${hour} * * ${weekday}#1`
        : `0 ${minute} ${hour} * * ${weekday}`;
  const schedule: Schedule = { cadence, weekday, time, tz, pattern, parity: null };
  if (cadence === 'fortnightly') {
    // The first run is the next matching weekday; its week's parity is the one that runs.
    const first = getNextMillis(now.getTime(), { pattern, tz });
    schedule.parity = first === undefined ? 0 : weekParity(first, tz);
  }
  return { ok: true, schedule };
}

/** Whole weeks since Monday 1970-01-05 in the zone's calendar, modulo 2. */
export function weekParity(ms: number, tz: string): number {
  const [y, mo, d] = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(ms)
    .split('-')
    .map(Number) as [number, number, number];
  const days = Date.UTC(y, mo - 1, d) / 86_400_000;
  return Math.floor((days - 4) / 7) % 2;
}

/** False for the off weeks of a fortnightly schedule. */
export function slotRuns(schedule: Schedule, slotMs: number): boolean {
  return schedule.cadence !== 'fortnightly' || weekParity(slotMs, schedule.tz) === schedule.parity;
}

/** The next `count` slots strictly after `fromMs`, off weeks left out. */
export function nextSlots(schedule: Schedule, fromMs: number, count = 1): number[] {
  const out: number[] = [];
  let t = fromMs;
  for (let guard = 0; out.length < count && guard < count * 3 + 3; guard++) {
    const next = getNextMillis(t, { pattern: schedule.pattern, tz: schedule.tz });
    if (next === undefined) break;
    if (slotRuns(schedule, next)) out.push(next);
    t = next;
  }
  return out;
}

/** "every Monday at 09:30 (Europe/Berlin)" */
export function describeSchedule(s: Schedule): string {
  const day = s.weekday === null ? null : WEEKDAYS[s.weekday]!.replace(/^./, (c) => c.toUpperCase());
  const when =
    s.cadence === 'daily'
      ? 'every day'
      : s.cadence === 'weekly'
        ? `every ${day}`
        : s.cadence === 'fortnightly'
          ? `every other ${day}`
          : day
            ? `on the first ${day} of every month`
            : 'on the 1st of every month';
  return `${when} at ${s.time} (${s.tz})`;
}

/** "Monday 30 March 2026, 09:30 CEST" */
export function formatInZone(ms: number, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(ms);
  const p = (t: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('weekday')} ${p('day')} ${p('month')} ${p('year')}, ${p('hour')}:${p('minute')} ${p('timeZoneName')}`;
}

/** UTC instant of a wall-clock time in a zone (for the earlier of two at a DST fold). */
export function zonedToUtc(y: number, mo: number, d: number, h: number, mi: number, tz: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const offset = (ms: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    }).formatToParts(ms);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - (ms - (ms % 60_000));
  };
  const first = guess - offset(guess);
  return guess - offset(first);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A calendar date as said in `pause until <date>`: 2026-12-01, 1 December [2026],
 * December 1 [2026]. A date without a year that has passed means next year.
 */
export function parseDate(input: string, now: Date, tz: string): { y: number; m: number; d: number } | null {
  const s = input.trim().toLowerCase().replace(/(\d)(st|nd|rd|th)\b/g, '$1').replace(/,/g, ' ');
  let y: number | undefined;
  let m: number | undefined;
  let d: number | undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const dm = /^(\d{1,2})\s+([a-z]+)(?:\s+(\d{4}))?$/.exec(s);
  const md = /^([a-z]+)\s+(\d{1,2})(?:\s+(\d{4}))?$/.exec(s);
  const month = (w: string) => {
    const i = MONTHS.indexOf(w.slice(0, 3));
    return i >= 0 ? i + 1 : undefined;
  };
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dm) [d, m, y] = [Number(dm[1]), month(dm[2]!), dm[3] ? Number(dm[3]) : undefined];
  else if (md) [m, d, y] = [month(md[1]!), Number(md[2]), md[3] ? Number(md[3]) : undefined];
  if (m === undefined || d === undefined || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now)
    .split('-')
    .map(Number) as [number, number, number];
  if (y === undefined) {
    y = today[0];
    if (m < today[1] || (m === today[1] && d < today[2])) y += 1;
  }
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1) return null;
  return { y, m, d };
}
