import { z } from 'zod';
import { createRequire } from 'node:module';

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

const DayIndex = z.number().int().min(0).max(6);

export const Schedule = z.object({
  cadence: Cadence,
  /** Cron day of week, 0 = Sunday (the first of `days`); null for daily, and for monthly on a date. */
  weekday: DayIndex.nullable(),
  /** Weekly and fortnightly: every day that runs, when more than one ("monday and thursday"). */
  days: z.array(DayIndex).optional(),
  /** Monthly on a date: 1–31; a day past the month's end means its last day. */
  dayOfMonth: z.number().int().min(1).max(31).nullable().optional(),
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
const DAY_NAMES = WEEKDAYS.map((d) => d.replace(/^./, (c) => c.toUpperCase()));

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
  if (/^(utc|z|etc\/utc)$/i.test(zone)) return 'UTC';
  // IANA keeps legacy fixed-offset zones named like abbreviations (EST is UTC−5 all year);
  // nobody who types one means that, so abbreviations are read by ABBREVIATIONS instead.
  if (!zone.includes('/')) return null;
  if (!accepted(zone)) return null;
  const listed = Intl.supportedValuesOf('timeZone').find((z) => z.toLowerCase() === zone.toLowerCase());
  if (listed) return listed;
  if (/[A-Z]/.test(zone)) return zone;
  return zone.replace(/(^|[/_-])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** What people mean by a zone abbreviation: the place's zone, daylight saving included. */
const ABBREVIATIONS: Record<string, string> = {
  est: 'America/New_York', edt: 'America/New_York', et: 'America/New_York', eastern: 'America/New_York',
  cst: 'America/Chicago', cdt: 'America/Chicago', ct: 'America/Chicago', central: 'America/Chicago',
  mst: 'America/Denver', mdt: 'America/Denver', mt: 'America/Denver', mountain: 'America/Denver',
  pst: 'America/Los_Angeles', pdt: 'America/Los_Angeles', pt: 'America/Los_Angeles', pacific: 'America/Los_Angeles',
  akst: 'America/Anchorage', akdt: 'America/Anchorage', hst: 'Pacific/Honolulu',
  gmt: 'Europe/London', bst: 'Europe/London', uk: 'Europe/London',
  wet: 'Europe/Lisbon', west: 'Europe/Lisbon',
  cet: 'Europe/Berlin', cest: 'Europe/Berlin', mez: 'Europe/Berlin', mesz: 'Europe/Berlin',
  eet: 'Europe/Athens', eest: 'Europe/Athens', msk: 'Europe/Moscow',
  ist: 'Asia/Kolkata', pkt: 'Asia/Karachi', sgt: 'Asia/Singapore', hkt: 'Asia/Hong_Kong',
  jst: 'Asia/Tokyo', kst: 'Asia/Seoul',
  aest: 'Australia/Sydney', aedt: 'Australia/Sydney', acst: 'Australia/Adelaide', acdt: 'Australia/Adelaide', awst: 'Australia/Perth',
  nzst: 'Pacific/Auckland', nzdt: 'Pacific/Auckland',
  brt: 'America/Sao_Paulo', art: 'America/Argentina/Buenos_Aires',
  sast: 'Africa/Johannesburg', wat: 'Africa/Lagos', eat: 'Africa/Nairobi', cat: 'Africa/Maputo',
};

/** Cities people name that are not the city of an IANA zone, and modern spellings ICU lacks. */
const CITY_ALIASES: Record<string, string> = {
  nyc: 'America/New_York', 'new york city': 'America/New_York', boston: 'America/New_York', washington: 'America/New_York',
  miami: 'America/New_York', atlanta: 'America/New_York', philadelphia: 'America/New_York',
  dallas: 'America/Chicago', austin: 'America/Chicago', houston: 'America/Chicago',
  'san francisco': 'America/Los_Angeles', sf: 'America/Los_Angeles', seattle: 'America/Los_Angeles', 'san diego': 'America/Los_Angeles',
  montreal: 'America/Toronto', ottawa: 'America/Toronto',
  munich: 'Europe/Berlin', frankfurt: 'Europe/Berlin', hamburg: 'Europe/Berlin', cologne: 'Europe/Berlin',
  barcelona: 'Europe/Madrid', milan: 'Europe/Rome', geneva: 'Europe/Zurich', manchester: 'Europe/London', edinburgh: 'Europe/London',
  kolkata: 'Asia/Kolkata', calcutta: 'Asia/Kolkata', mumbai: 'Asia/Kolkata', bombay: 'Asia/Kolkata', delhi: 'Asia/Kolkata',
  'new delhi': 'Asia/Kolkata', bangalore: 'Asia/Kolkata', bengaluru: 'Asia/Kolkata', chennai: 'Asia/Kolkata', hyderabad: 'Asia/Kolkata',
  beijing: 'Asia/Shanghai', shenzhen: 'Asia/Shanghai', 'tel aviv': 'Asia/Jerusalem', 'cape town': 'Africa/Johannesburg',
  rio: 'America/Sao_Paulo', 'rio de janeiro': 'America/Sao_Paulo', kyiv: 'Europe/Kyiv', kiev: 'Europe/Kyiv',
  kathmandu: 'Asia/Kathmandu', yangon: 'Asia/Yangon', 'ho chi minh': 'Asia/Ho_Chi_Minh', saigon: 'Asia/Ho_Chi_Minh',
  'buenos aires': 'America/Argentina/Buenos_Aires', indianapolis: 'America/Indiana/Indianapolis',
};

const fold = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[_\s-]+/g, ' ')
    .trim();

let cityIndex: Map<string, string> | null = null;
/** "new york" → America/New_York, for every zone's city; built once. */
function cities(): Map<string, string> {
  if (cityIndex) return cityIndex;
  cityIndex = new Map();
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    if (!zone.includes('/') || zone.startsWith('Etc/')) continue;
    const city = fold(zone.slice(zone.lastIndexOf('/') + 1));
    if (!cityIndex.has(city)) cityIndex.set(city, zone);
  }
  for (const [city, zone] of Object.entries(CITY_ALIASES)) cityIndex.set(city, zone);
  return cityIndex;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

function zoneSuggestions(zone: string): string[] {
  const city = zone.trim().replace(/\s+/g, '_').replace(/(^|_)([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
  const byRegion = REGIONS.map((r) => `${r}/${city}`).filter(accepted);
  // Near misses: "New Yrok", "Sao Paolo", "Kolkatta".
  const said = fold(zone.slice(zone.lastIndexOf('/') + 1));
  const limit = said.length <= 5 ? 1 : 2;
  const near = [...cities()]
    .map(([name, z]) => ({ z, d: distance(said, name) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d)
    .map((x) => x.z);
  return [...new Set([...byRegion, ...near])].slice(0, 3);
}

/** "UTC−5" from Intl's "GMT-05:00". */
function offsetAt(ms: number, tz: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }).formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  if (!m || (m[2] === '00' && m[3] === '00')) return 'UTC';
  return `UTC${m[1] === '-' ? '−' : '+'}${Number(m[2])}${m[3] === '00' ? '' : `:${m[3]}`}`;
}

/** "UTC−5, UTC−4 in daylight saving time", or "UTC+5:30 all year". */
export function zoneOffsets(tz: string, year: number): string {
  const a = offsetAt(Date.UTC(year, 0, 15), tz);
  const b = offsetAt(Date.UTC(year, 6, 15), tz);
  if (a === b) return `${a} all year`;
  const minutes = (o: string) => {
    const m = /([+−])(\d+)(?::(\d\d))?/.exec(o);
    return m ? (m[1] === '−' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
  };
  const [std, dst] = minutes(a) < minutes(b) ? [a, b] : [b, a];
  return `${std}, ${dst} in daylight saving time`;
}

export type ZoneResult = { ok: true; tz: string; note: string | null } | { ok: false; error: string };

/** A zone as said: an IANA name, an abbreviation (EST), or a city ("New York", "São Paulo"). */
export function resolveZone(said: string, now: Date = new Date()): ZoneResult {
  const raw = said.trim().replace(/^in\s+/i, '').replace(/\s+time$/i, '').trim();
  const exact = canonicalZone(raw);
  if (exact) return { ok: true, tz: exact, note: null };
  const key = fold(raw);
  const year = now.getUTCFullYear();
  const abbreviation = ABBREVIATIONS[key];
  if (abbreviation) return { ok: true, tz: abbreviation, note: `“${raw}” read as ${abbreviation} (${zoneOffsets(abbreviation, year)}); say \`UTC\` for a clock that never moves.` };
  const city = cities().get(key);
  if (city) return { ok: true, tz: city, note: `“${raw}” read as ${city} (${zoneOffsets(city, year)}).` };
  const near = zoneSuggestions(raw);
  const hint = near.length ? ` Did you mean ${near.map((z) => `\`${z}\``).join(' or ')}?` : '';
  return { ok: false, error: `I don't know the time zone “${raw}”.${hint} ${ZONE_HELP}` };
}

export type ParseResult = { ok: true; schedule: Schedule; zoneGiven: boolean; notes: string[] } | { ok: false; error: string };

/** When no time is said: a working-day morning. */
export const DEFAULT_TIME = '09:00';

const USAGE =
  'Say it like this: `checkin every monday at 09:30 Europe/Berlin`. The day can be a weekday or several (`monday and thursday`), `weekday`, `day`, `other friday`, `2 weeks`, `month` or `month on the 15th`; the time `9`, `16:30` or `4pm`; the zone is optional (`Europe/Berlin`, `New York`, `EST`).';

const fail = (error: string): ParseResult => ({ ok: false, error: `${error} ${USAGE}` });
const ORDINAL = /^(\d{1,2})(st|nd|rd|th)?$/;
const SEPARATOR = new Set([',', 'and', '&', '+', '/']);
const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

interface When {
  cadence: Cadence;
  days: number[];
  dayOfMonth: number | null;
}

/**
 * Parses what follows `checkin every`. `fallbackZone` applies when no zone is given;
 * `now` fixes which week a fortnightly schedule starts on.
 */
export function parseSchedule(input: string, fallbackZone: string, now: Date): ParseResult {
  const tokens = input.trim().replace(/,/g, ' , ').split(/\s+/).filter(Boolean);
  const low = tokens.map((t) => t.toLowerCase());
  if (!tokens.length) return fail('Say when the check-ins should run.');
  let i = 0;
  const at = (k = 0) => low[i + k] ?? '';

  /** "monday", "mon, wed and fri", "mondays & thursdays". */
  const dayList = (): number[] | string => {
    const days: number[] = [];
    for (;;) {
      const d = weekdayIndex(at());
      if (d === null) return at() ? `“${tokens[i]}” is not a weekday.` : 'A day is missing after the last “and”.';
      days.push(d);
      i++;
      let sep = 0;
      while (SEPARATOR.has(at(sep))) sep++;
      if (sep && weekdayIndex(at(sep)) === null && low.slice(i, i + sep).some((t) => t !== ',')) {
        return `“${tokens[i + sep - 1]}” needs a day after it${at(sep) ? `, and “${tokens[i + sep]}” is not one` : ''}.`;
      }
      if (!sep || weekdayIndex(at(sep)) === null) return [...new Set(days)].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
      i += sep;
    }
  };

  let when: When;
  if (at() === 'on' || at() === 'every') i++;
  if (['day', 'daily'].includes(at())) {
    i++;
    when = { cadence: 'daily', days: [], dayOfMonth: null };
  } else if (/^(weekdays?|workdays?)$/.test(at()) || (/^(working|business|week)$/.test(at()) && /^days?$/.test(at(1)))) {
    i += /^days?$/.test(at(1)) ? 2 : 1;
    when = { cadence: 'weekly', days: [1, 2, 3, 4, 5], dayOfMonth: null };
  } else if (/^weekends?$/.test(at())) {
    i++;
    when = { cadence: 'weekly', days: [6, 0], dayOfMonth: null };
  } else if (
    ['other', 'fortnight', 'fortnightly', 'biweekly', 'alternate'].includes(at()) ||
    (/^(2|two|second)$/.test(at()) && /^weeks?$/.test(at(1)))
  ) {
    const other = at() === 'other' || at() === 'alternate';
    i += /^weeks?$/.test(at(1)) ? 2 : 1;
    if (at() === 'on') i++;
    let days: number[] = [1];
    if (weekdayIndex(at()) !== null) {
      const list = dayList();
      if (typeof list === 'string') return fail(list);
      days = list;
    } else if (other && !/^weeks?$/.test(low[i - 1] ?? '')) {
      return fail(`Every other what? Name the day, like \`every other friday\`${at() ? `; “${tokens[i]}” is not a weekday` : ''}.`);
    }
    when = { cadence: 'fortnightly', days, dayOfMonth: null };
  } else if (/^(month|monthly)$/.test(at()) || ORDINAL.test(at()) || (at() === 'the' && ORDINAL.test(at(1)))) {
    if (/^(month|monthly)$/.test(at())) i++;
    if (at() === 'on') i++;
    if (at() === 'the') i++;
    let dayOfMonth: number | null = null;
    if (at() === 'first' && weekdayIndex(at(1)) !== null) i++;
    else if (at() === 'first') {
      dayOfMonth = 1;
      i++;
    }
    let days: number[] = [];
    const num = ORDINAL.exec(at());
    // A bare number right after "month" is a time ("month at 9" has its "at"); only an
    // ordinal, or a number after "on the", is a date.
    const isDate = num && (num[2] || low[i - 1] === 'the' || low[i - 1] === 'on' || i === 0);
    if (dayOfMonth !== null) {
      // "the first" said as a word
    } else if (num && isDate) {
      dayOfMonth = Number(num[1]);
      if (dayOfMonth < 1 || dayOfMonth > 31) return fail(`A month has no ${ordinal(dayOfMonth)} day; say a date from the 1st to the 31st.`);
      i++;
      if (at() === 'of' && /^(the|every|each)$/.test(at(1)) && /^months?$/.test(at(2))) i += 3;
      else if (at() === 'day') i++;
    } else if (at() === 'last' && /^day$/.test(at(1))) {
      dayOfMonth = 31;
      i += 2;
    } else if (weekdayIndex(at()) !== null) {
      days = [weekdayIndex(at())!];
      i++;
    }
    when = { cadence: 'monthly', days, dayOfMonth };
  } else if (weekdayIndex(at()) !== null) {
    const list = dayList();
    if (typeof list === 'string') return fail(list);
    when = { cadence: 'weekly', days: list, dayOfMonth: null };
  } else {
    return fail(`I could not read “${tokens[i] ?? input.trim()}” as a day.`);
  }

  // The time: "at 9", "at 9:30", "at 4pm", "at 4 pm", "16:30", "noon". Without "at", a bare
  // number is not taken as a time ("2 weeks"), so it needs minutes or am/pm.
  while (at() === ',') i++;
  const notes: string[] = [];
  const saidAt = at() === 'at';
  if (saidAt) i++;
  let time: { hour: number; minute: number } | null = null;
  const tm = /^(\d{1,2})(?:[:.h](\d{2})?)?(am|pm|a\.m\.|p\.m\.)?$/.exec(at());
  if (/^(noon|midday)$/.test(at())) {
    time = { hour: 12, minute: 0 };
    i++;
  } else if (at() === 'midnight') {
    time = { hour: 0, minute: 0 };
    i++;
  } else if (tm) {
    let suffix = tm[3];
    const strict = saidAt || suffix || /[:.h]/.test(at()) || /^(am|pm|a\.m\.|p\.m\.)$/.test(at(1));
    if (strict) {
      const said = tokens[i]!;
      i++;
      if (!suffix && /^(am|pm|a\.m\.|p\.m\.)$/.test(at())) {
        suffix = at();
        i++;
      }
      let hour = Number(tm[1]);
      const minute = tm[2] ? Number(tm[2]) : 0;
      if (suffix) {
        if (hour < 1 || hour > 12) return fail(`“${said}${tm[3] ? '' : ` ${suffix}`}” is not a time: with am or pm the hour runs from 1 to 12.`);
        hour = (hour % 12) + (suffix.startsWith('p') ? 12 : 0);
      }
      if (hour > 23 || minute > 59) return fail(`“${said}” is not a time of day.`);
      time = { hour, minute };
    }
  }
  if (saidAt && !time) return fail(`“${tokens[i] ?? ''}” after “at” is not a time I can read.`);

  while (at() === ',') i++;
  const zoneSaid = tokens.slice(i).join(' ').trim();
  let tz = fallbackZone;
  if (zoneSaid) {
    const zone = resolveZone(zoneSaid, now);
    if (!zone.ok) {
      // Words that are neither a time nor a zone after a day are most likely a bad time.
      if (!time && /^\d/.test(zoneSaid)) return fail(`“${zoneSaid}” is not a time I can read.`);
      return { ok: false, error: zone.error };
    }
    tz = zone.tz;
    if (zone.note) notes.push(zone.note);
  }
  if (!time) {
    const [h, m] = DEFAULT_TIME.split(':').map(Number) as [number, number];
    time = { hour: h, minute: m };
    notes.push(`No time given, so I chose ${DEFAULT_TIME}; add one, like \`at 14:00\`, to change it.`);
  }

  const { hour, minute } = time;
  const { cadence, days, dayOfMonth } = when;
  const hhmm = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  const dow = days.join(',');
  const pattern =
    cadence === 'daily'
      ? `0 ${minute} ${hour} * * *`
      : cadence === 'monthly'
        ? dayOfMonth !== null
          ? // Cron cannot say "the 31st, or the last day when shorter": fire on every late
            // day and let slotRuns keep the right one.
            `0 ${minute} ${hour} ${dayOfMonth <= 28 ? dayOfMonth : '28-31'} * *`
          : days.length
            ? `0 ${minute} ${hour} * * ${days[0]}#1`
            : `0 ${minute} ${hour} 1 * *`
        : `0 ${minute} ${hour} * * ${dow}`;
  const schedule: Schedule = {
    cadence,
    weekday: days[0] ?? null,
    ...(days.length > 1 ? { days } : {}),
    ...(dayOfMonth !== null ? { dayOfMonth } : {}),
    time: hhmm,
    tz,
    pattern,
    parity: null,
  };
  if (cadence === 'fortnightly') {
    // The first run is the next matching weekday; its week's parity is the one that runs.
    const first = getNextMillis(now.getTime(), { pattern, tz });
    schedule.parity = first === undefined ? 0 : weekParity(first, tz);
  }
  return { ok: true, schedule, zoneGiven: zoneSaid !== '', notes };
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

/** The calendar date of an instant in a zone. */
function localDate(ms: number, tz: string): [number, number, number] {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(ms)
    .split('-')
    .map(Number) as [number, number, number];
}

/** False for the off weeks of a fortnightly schedule, and for late days that are not the month's clamped date. */
export function slotRuns(schedule: Schedule, slotMs: number): boolean {
  if (schedule.cadence === 'fortnightly') return weekParity(slotMs, schedule.tz) === schedule.parity;
  const dom = schedule.cadence === 'monthly' ? schedule.dayOfMonth : null;
  if (dom && dom > 28) {
    const [y, m, d] = localDate(slotMs, schedule.tz);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return d === Math.min(dom, last);
  }
  return true;
}

/** The next `count` slots strictly after `fromMs`, off weeks and off days left out. */
export function nextSlots(schedule: Schedule, fromMs: number, count = 1): number[] {
  const out: number[] = [];
  let t = fromMs;
  // Up to seven candidates a week are skipped on a fortnight's off week, four a month for a late date.
  for (let guard = 0; out.length < count && guard < count * 8 + 8; guard++) {
    const next = getNextMillis(t, { pattern: schedule.pattern, tz: schedule.tz });
    if (next === undefined) break;
    if (slotRuns(schedule, next)) out.push(next);
    t = next;
  }
  return out;
}

const dayWords = (days: readonly number[]) => {
  const names = days.map((d) => DAY_NAMES[d]!);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
};

/** "every Monday at 09:30 (Europe/Berlin)" */
export function describeSchedule(s: Schedule): string {
  const days = s.days ?? (s.weekday === null ? [] : [s.weekday]);
  const weekdays = days.length === 5 && [1, 2, 3, 4, 5].every((d) => days.includes(d));
  const dom = s.dayOfMonth ?? null;
  const when =
    s.cadence === 'daily'
      ? 'every day'
      : s.cadence === 'weekly'
        ? weekdays
          ? 'every weekday (Monday to Friday)'
          : `every ${dayWords(days)}`
        : s.cadence === 'fortnightly'
          ? `every other ${dayWords(days)}`
          : dom !== null
            ? dom > 28
              ? `on the ${ordinal(dom)} of every month (the last day in shorter months)`
              : `on the ${ordinal(dom)} of every month`
            : days.length
              ? `on the first ${dayWords(days)} of every month`
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

interface DateModel {
  parse(query: string, reference: Date): { typeName: string; resolution?: { values?: { type?: string; timex?: string; value?: string; start?: string }[] } }[];
}
let dateModel: DateModel | null = null;
/**
 * BullMQ's own next-run function, required on first use: bullmq (and ioredis) cost most of
 * a second at start-up. CommonJS, so it is the instance the scheduler uses.
 */
let bullNextMillis: typeof import('bullmq').getNextMillis | undefined;
function getNextMillis(millis: number, opts: { pattern: string; tz?: string }): number | undefined {
  bullNextMillis ??= (createRequire(import.meta.url)('bullmq') as typeof import('bullmq')).getNextMillis;
  return bullNextMillis(millis, opts);
}

/**
 * Recognizers-Text's English date model, built once on first use (~150 ms). The package
 * itself takes most of a second to load, so it is required here rather than at start-up.
 */
function dates(): DateModel {
  if (!dateModel) {
    const { Culture, DateTimeRecognizer } = createRequire(import.meta.url)(
      '@microsoft/recognizers-text-date-time',
    ) as typeof import('@microsoft/recognizers-text-date-time');
    dateModel = new DateTimeRecognizer(Culture.English).getDateTimeModel() as unknown as DateModel;
  }
  return dateModel;
}

export interface CalendarDate {
  y: number;
  m: number;
  d: number;
}

const toDate = (iso: string | undefined): CalendarDate | null => {
  const m = /^(\d{4})-(\d\d)-(\d\d)/.exec(iso ?? '');
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
};
const dayNumber = (c: CalendarDate) => Date.UTC(c.y, c.m - 1, c.d) / 86_400_000;

/** Today's calendar date in a zone. */
export function todayIn(now: Date, tz: string): CalendarDate {
  const [y, m, d] = localDate(now.getTime(), tz);
  return { y, m, d };
}

/**
 * A calendar date as said in `pause until <date>` (2026-12-01, 1 December, next friday),
 * read by Recognizers-Text relative to today in the zone. A date said without a year means
 * its next occurrence; an explicit past date is returned as is, for the caller to refuse.
 */
export function parseDate(input: string, now: Date, tz: string): CalendarDate | null {
  const said = input.trim();
  if (!said) return null;
  const today = todayIn(now, tz);
  // The model reads the reference's local fields; give it today's date at noon.
  const reference = new Date(today.y, today.m - 1, today.d, 12);
  const found = dates()
    .parse(said, reference)
    .find((r) => /date|daterange|datetime/.test(r.typeName) && !/duration|time$/.test(r.typeName.replace('datetimeV2.', '')));
  const values = (found?.resolution?.values ?? []).map((v) => toDate(v.type === 'daterange' ? v.start : v.value)).filter((v): v is CalendarDate => v !== null);
  if (!values.length) return null;
  return values.find((v) => dayNumber(v) > dayNumber(today)) ?? values[values.length - 1]!;
}

/** Whether a calendar date is today or earlier in the zone. */
export function notAfterToday(date: CalendarDate, now: Date, tz: string): boolean {
  return dayNumber(date) <= dayNumber(todayIn(now, tz));
}
