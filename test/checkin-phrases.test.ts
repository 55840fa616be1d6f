import { afterEach, describe, expect, it } from 'vitest';
import { createCheckinModule } from '../src/checkins/module.ts';
import { describeSchedule, nextSlots, parseDate, parseSchedule, type Schedule } from '../src/checkins/schedule.ts';
import { loadTeam, teamIdOf } from '../src/checkins/store.ts';
import { createStores, type Stores } from '../src/store/index.ts';
import { silentLogger } from '../src/log.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from './support/redis.ts';
import { ctxFor, said, say, slackKey } from './checkin-support.ts';

// Schedules as people say them: every phrasing the issue lists parses to the right cron
// and zone, and each refused one names what is wrong.

const NOW = new Date('2026-11-24T12:00:00Z'); // a Tuesday
const iso = (ms: number[]) => ms.map((m) => new Date(m).toISOString());

function parsed(spec: string, zone = 'UTC'): { schedule: Schedule; notes: string[]; zoneGiven: boolean } {
  const r = parseSchedule(spec, zone, NOW);
  if (!r.ok) throw new Error(`${spec}: ${r.error}`);
  return r;
}
const refusal = (spec: string) => {
  const r = parseSchedule(spec, 'UTC', NOW);
  if (r.ok) throw new Error(`${spec} was accepted as ${describeSchedule(r.schedule)}`);
  return r.error;
};

describe('days', () => {
  it('every weekday is Monday to Friday', () => {
    const { schedule } = parsed('weekday at 9');
    expect(schedule).toMatchObject({ cadence: 'weekly', pattern: '0 0 9 * * 1,2,3,4,5', time: '09:00' });
    expect(describeSchedule(schedule)).toBe('every weekday (Monday to Friday) at 09:00 (UTC)');
    expect(iso(nextSlots(schedule, NOW.getTime(), 4))).toEqual([
      '2026-11-25T09:00:00.000Z',
      '2026-11-26T09:00:00.000Z',
      '2026-11-27T09:00:00.000Z',
      '2026-11-30T09:00:00.000Z',
    ]);
  });

  it('every other friday is fortnightly, in the bot’s own wording', () => {
    const { schedule } = parsed('other friday at 16:00');
    expect(schedule).toMatchObject({ cadence: 'fortnightly', weekday: 5 });
    expect(describeSchedule(schedule)).toBe('every other Friday at 16:00 (UTC)');
    const [a, b] = nextSlots(schedule, NOW.getTime(), 2);
    expect(b! - a!).toBe(14 * 86_400_000);
    // What describeSchedule says reads back as the same schedule.
    expect(parsed('other Friday at 16:00').schedule.pattern).toBe(schedule.pattern);
  });

  it('several days: "monday and thursday", "mon, wed and fri"', () => {
    expect(parsed('monday and thursday at 10:00').schedule).toMatchObject({ pattern: '0 0 10 * * 1,4', days: [1, 4] });
    const three = parsed('mon, wed and fri at 9:30 Europe/Berlin').schedule;
    expect(three.pattern).toBe('0 30 9 * * 1,3,5');
    expect(describeSchedule(three)).toBe('every Monday, Wednesday and Friday at 09:30 (Europe/Berlin)');
  });

  it('month on the 15th, and the 31st clamped to the last day of shorter months', () => {
    expect(parsed('month on the 15th at 9').schedule).toMatchObject({ cadence: 'monthly', dayOfMonth: 15, pattern: '0 0 9 15 * *' });
    const late = parsed('month on the 31st at 10:00').schedule;
    expect(describeSchedule(late)).toContain('on the 31st of every month (the last day in shorter months)');
    expect(iso(nextSlots(late, NOW.getTime(), 4))).toEqual([
      '2026-11-30T10:00:00.000Z',
      '2026-12-31T10:00:00.000Z',
      '2027-01-31T10:00:00.000Z',
      '2027-02-28T10:00:00.000Z',
    ]);
    expect(parsed('on the 31st at 10').schedule.pattern).toBe(late.pattern);
  });
});

describe('times and zones', () => {
  it('a time without minutes, and none at all (09:00, said so)', () => {
    expect(parsed('day at 9').schedule.time).toBe('09:00');
    expect(parsed('friday at 4pm').schedule.time).toBe('16:00');
    expect(parsed('friday at 4 pm').schedule.time).toBe('16:00');
    const bare = parsed('monday');
    expect(bare.schedule.time).toBe('09:00');
    expect(bare.notes.join(' ')).toMatch(/No time given, so I chose 09:00/);
  });

  it('abbreviations mean the place’s zone, daylight saving included', () => {
    const est = parsed('monday at 9 EST');
    expect(est.schedule.tz).toBe('America/New_York');
    expect(est.zoneGiven).toBe(true);
    expect(est.notes.join(' ')).toContain('“EST” read as America/New_York (UTC−5, UTC−4 in daylight saving time)');
    // 09:00 in July is 13:00 UTC (EDT), not 14:00 as a fixed UTC−5 would give.
    expect(iso(nextSlots(est.schedule, Date.parse('2027-07-01T00:00:00Z'), 1))).toEqual(['2027-07-05T13:00:00.000Z']);
    expect(parsed('monday at 9 PST').schedule.tz).toBe('America/Los_Angeles');
    expect(parsed('monday at 9 CET').schedule.tz).toBe('Europe/Berlin');
    expect(parsed('monday at 9 BST').schedule.tz).toBe('Europe/London');
    expect(parsed('monday at 9 GMT').schedule.tz).toBe('Europe/London');
    expect(parsed('monday at 9 UTC').schedule.tz).toBe('UTC');
  });

  it('city names with spaces, and a suggestion for a near miss', () => {
    expect(parsed('friday at 9am New York').schedule.tz).toBe('America/New_York');
    expect(parsed('monday at 9 Los Angeles').schedule.tz).toBe('America/Los_Angeles');
    expect(parsed('tuesday at 16:00 Sao Paulo').schedule.tz).toBe('America/Sao_Paulo');
    expect(parsed('tuesday at 16:00 São Paulo').schedule.tz).toBe('America/Sao_Paulo');
    expect(refusal('monday at 9 New Yrok')).toMatch(/I don't know the time zone “New Yrok”\. Did you mean `America\/New_York`\?/);
  });
});

describe('refusals name what is wrong', () => {
  it.each([
    ['someday at 09:30', /“someday” as a day/],
    ['monday at 25:00', /“25:00” is not a time of day/],
    ['monday at 13pm', /with am or pm the hour runs from 1 to 12/],
    ['every other at 9', /Every other what\? Name the day/],
    ['monday and at 9', /“and” needs a day after it/],
    ['month on the 32nd', /A month has no 32nd day/],
    ['monday at', /after “at” is not a time/],
    ['monday at 9 Mars/Olympus', /time zone “Mars\/Olympus”/],
  ])('%s', (spec, reason) => {
    expect(refusal(spec)).toMatch(reason);
  });
});

describe('pause dates', () => {
  it('are read by Recognizers-Text; a date without a year is the next one', () => {
    expect(parseDate('1 December', NOW, 'UTC')).toEqual({ y: 2026, m: 12, d: 1 });
    expect(parseDate('next friday', NOW, 'UTC')).toEqual({ y: 2026, m: 12, d: 4 });
    expect(parseDate('2025-12-01', NOW, 'UTC')).toEqual({ y: 2025, m: 12, d: 1 });
    expect(parseDate('banana', NOW, 'UTC')).toBeNull();
  });
});

describe('the replies', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
  });
  async function stores(): Promise<Stores> {
    const prefix = uniquePrefix('ckp');
    const s = await createStores({ redisUrl: testRedisUrl(), prefix, log: silentLogger });
    cleanups.push(async () => {
      await s.close();
      await deleteKeys(prefix);
    });
    return s;
  }

  it('state the zone an abbreviation was read as, and never say "No zone given" when one was', async () => {
    const s = await stores();
    const module = createCheckinModule();
    const key = slackKey('P1');
    const reply = said(await say(module, await ctxFor(s.kv, key, 'checkin every monday at 9 EST', { now: NOW })));
    expect(reply).toContain('Done: check-ins every Monday at 09:00 (America/New_York).');
    expect(reply).toContain('“EST” read as America/New_York');
    expect(reply).not.toContain('No zone given');
    const bare = said(await say(module, await ctxFor(s.kv, slackKey('P2'), 'checkin every monday', { now: NOW })));
    expect(bare).toContain('No time given, so I chose 09:00');
    expect(bare).toContain('No zone given, so I used UTC');
  });

  it('refuse a pause until a past date; resume says what it lifted; after off there is nothing to resume', async () => {
    const s = await stores();
    const module = createCheckinModule();
    const key = slackKey('P3');
    const say_ = async (t: string) => said(await say(module, await ctxFor(s.kv, key, t, { now: NOW })));
    await say_('checkin every monday at 09:30 Europe/Berlin');
    expect(await say_('checkin pause until 2025-12-01')).toMatch(/2025-12-01 is not after today/);
    expect(await say_('checkin pause until yesterday')).toMatch(/2026-11-23 is not after today/);
    expect((await loadTeam(s.kv, teamIdOf(key)))?.pausedUntil).toBeNull();
    expect(await say_('checkin resume')).toMatch(/^Nothing was paused or skipped: check-ins run every Monday at 09:30/);
    await say_('checkin pause until 2027-01-05');
    await say_('checkin skip');
    expect(await say_('checkin resume')).toMatch(
      // The skip took the first check-in after the pause.
      /^Resumed: I lifted the pause until 2027-01-05 and the skip of Monday 11 January 2027, 09:30 CET\. The next check-in is on Monday 30 November 2026/,
    );
    await say_('checkin off');
    expect(await say_('checkin resume')).toMatch(/There is no schedule to resume: check-ins are off/);
  });

  it('rescheduling keeps a pause, and says so', async () => {
    const s = await stores();
    const module = createCheckinModule();
    const key = slackKey('P4');
    const say_ = async (t: string) => said(await say(module, await ctxFor(s.kv, key, t, { now: NOW })));
    await say_('checkin every monday at 09:30 Europe/Berlin');
    await say_('checkin pause until 2027-01-05');
    const reply = await say_('checkin every thursday at 10:00');
    expect(reply).toContain('Still paused until 2027-01-05; say `checkin resume` to lift the pause.');
    expect(reply).toContain('The first one: Thursday 7 January 2027, 10:00 CET');
    expect((await loadTeam(s.kv, teamIdOf(key)))?.pausedUntil).toBe(Date.parse('2027-01-04T23:00:00Z'));
  });
});
