import { describe, expect, it } from 'vitest';
import {
  compareCheckIns,
  inferMood,
  metricKey,
  plannedRetentionTactics,
  sameTactic,
  stalledTactics,
} from '../src/core/checkin.ts';
import { readMetrics } from '../src/checkins/numbers.ts';
import { nextSlots, parseDate, parseSchedule, weekParity, zonedToUtc, type Schedule } from '../src/checkins/schedule.ts';
import { planDesign } from './checkin-support.ts';

const NOW = new Date('2026-11-24T12:00:00Z');
const iso = (ms: number[]) => ms.map((m) => new Date(m).toISOString());

function schedule(spec: string, now = NOW): Schedule {
  const r = parseSchedule(spec, 'UTC', now);
  if (!r.ok) throw new Error(r.error);
  return r.schedule;
}

describe('schedule parsing', () => {
  it('reads weekday, day, 2 weeks and month with a zone', () => {
    expect(schedule('monday at 09:30 Europe/Berlin')).toMatchObject({ cadence: 'weekly', weekday: 1, time: '09:30', tz: 'Europe/Berlin', pattern: '0 30 9 * * 1' });
    expect(schedule('day at 8:05')).toMatchObject({ cadence: 'daily', tz: 'UTC', pattern: '0 5 8 * * *' });
    expect(schedule('2 weeks on thursday at 17:00 America/New_York')).toMatchObject({ cadence: 'fortnightly', weekday: 4 });
    expect(schedule('month at 10:00')).toMatchObject({ cadence: 'monthly', pattern: '0 0 10 1 * *' });
    expect(schedule('month on monday at 10:00')).toMatchObject({ pattern: '0 0 10 * * 1#1' });
    expect(schedule('fri at 4pm')).toMatchObject({ weekday: 5, time: '16:00' });
    expect(schedule('monday at 9:30 europe/berlin').tz).toBe('Europe/Berlin');
    expect(schedule('tuesday 18:00')).toMatchObject({ weekday: 2, time: '18:00' });
  });

  it('refuses an unknown zone and shows how to write one', () => {
    const r = parseSchedule('monday at 09:30 Berln', 'UTC', NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain('Berln');
      expect(r.error).toContain('Europe/Berlin');
      expect(r.error).toMatch(/IANA name/);
    }
    const bad = parseSchedule('monday at 09:30 Mars/Olympus', 'UTC', NOW);
    expect(!bad.ok && bad.error).toMatch(/America\/New_York/);
  });

  it('refuses bad days and times with the usage', () => {
    for (const spec of ['someday at 09:30', 'monday at 25:00', 'monday at', '']) {
      const r = parseSchedule(spec, 'UTC', NOW);
      expect(r.ok, spec).toBe(false);
      if (!r.ok) expect(r.error).toContain('checkin every monday at 09:30');
    }
  });
});

describe('DST: the right UTC instants', () => {
  it('Europe/Berlin, last Sunday of March and of October', () => {
    const sunday = schedule('sunday at 09:30 Europe/Berlin');
    expect(iso(nextSlots(sunday, Date.parse('2026-03-20T00:00:00Z'), 2))).toEqual(['2026-03-22T08:30:00.000Z', '2026-03-29T07:30:00.000Z']);
    expect(iso(nextSlots(sunday, Date.parse('2026-10-17T00:00:00Z'), 2))).toEqual(['2026-10-18T07:30:00.000Z', '2026-10-25T08:30:00.000Z']);
    const monday = schedule('monday at 09:30 Europe/Berlin');
    expect(iso(nextSlots(monday, Date.parse('2026-03-27T00:00:00Z'), 1))).toEqual(['2026-03-30T07:30:00.000Z']);
  });

  it('a time inside the gap moves forward; a time inside the fold runs once', () => {
    const early = schedule('day at 02:30 Europe/Berlin');
    expect(iso(nextSlots(early, Date.parse('2026-03-28T12:00:00Z'), 2))).toEqual(['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    const fold = nextSlots(early, Date.parse('2026-10-24T12:00:00Z'), 2);
    expect(iso(fold)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('America/New_York, second Sunday of March and first of November', () => {
    const s = schedule('sunday at 09:30 America/New_York');
    expect(iso(nextSlots(s, Date.parse('2026-03-01T00:00:00Z'), 2))).toEqual(['2026-03-01T14:30:00.000Z', '2026-03-08T13:30:00.000Z']);
    expect(iso(nextSlots(s, Date.parse('2026-10-24T00:00:00Z'), 2))).toEqual(['2026-10-25T13:30:00.000Z', '2026-11-01T14:30:00.000Z']);
  });
});

describe('fortnightly', () => {
  it('runs every other week from the first matching day, across DST and the year end', () => {
    const s = schedule('2 weeks on monday at 09:00 Europe/Berlin', new Date('2026-03-18T12:00:00Z'));
    const slots = nextSlots(s, Date.parse('2026-03-18T12:00:00Z'), 4);
    expect(iso(slots)).toEqual(['2026-03-23T08:00:00.000Z', '2026-04-06T07:00:00.000Z', '2026-04-20T07:00:00.000Z', '2026-05-04T07:00:00.000Z']);
    // 2026 has 53 ISO weeks; counting weeks since a fixed Monday keeps a 14-day gap.
    const dec = nextSlots(s, Date.parse('2026-12-20T00:00:00Z'), 3);
    for (let i = 1; i < dec.length; i++) expect(dec[i]! - dec[i - 1]!).toBe(14 * 86_400_000);
    expect(weekParity(Date.parse('2026-03-23T08:00:00Z'), 'Europe/Berlin')).toBe(s.parity);
  });
});

describe('dates', () => {
  it('reads pause dates and places midnight in the zone', () => {
    expect(parseDate('2026-12-01', NOW, 'UTC')).toEqual({ y: 2026, m: 12, d: 1 });
    expect(parseDate('1 December', NOW, 'UTC')).toEqual({ y: 2026, m: 12, d: 1 });
    expect(parseDate('jan 5', NOW, 'UTC')).toEqual({ y: 2027, m: 1, d: 5 });
    expect(parseDate('31 feb', NOW, 'UTC')).toBeNull();
    expect(new Date(zonedToUtc(2026, 12, 1, 0, 0, 'Europe/Berlin')).toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(new Date(zonedToUtc(2026, 7, 1, 9, 30, 'America/New_York')).toISOString()).toBe('2026-07-01T13:30:00.000Z');
  });
});

const metric = (name: string, value: number, unit: string | null) => ({ name, value, unit, previous: null, change: null });

describe('check-in reasoning', () => {
  const design = planDesign();

  it('compares each metric with the same series last time', () => {
    const changes = compareCheckIns(
      { metrics: [metric('Churn rate', 4, '%'), metric('NPS', 35, null), metric('trials', 40, null)] },
      { metrics: [metric('churn', 5.5, '%'), metric('Net promoter score', 38, null)] },
    );
    expect(changes).toEqual([
      { name: 'Churn rate', unit: '%', before: 5.5, after: 4, change: -1.5, trend: 'better' },
      { name: 'NPS', unit: null, before: 38, after: 35, change: -3, trend: 'worse' },
      { name: 'trials', unit: null, before: null, after: 40, change: null, trend: 'new' },
    ]);
    expect(metricKey('MAU')).toBe('active users');
  });

  it('finds planned tactics never reported as run', () => {
    expect(plannedRetentionTactics(design).map((p) => p.tactic)).toEqual(['onboarding emails', 'a loyalty program', 'quarterly review call']);
    const stalled = stalledTactics(design, [{ tacticsRun: ['Onboarding email sequence'] }, { tacticsRun: ['the loyalty programme'] }]);
    expect(stalled.map((s) => s.tactic)).toEqual(['quarterly review call']);
    expect(sameTactic('quarterly review call', 'weekly newsletter')).toBe(false);
  });

  it('infers a mood when none was said', () => {
    expect(inferMood([], [], 3)).toBe('at_risk');
    expect(inferMood([{ name: 'churn', unit: '%', before: 3, after: 5, change: 2, trend: 'worse' }], [], 3)).toBe('off_track');
    expect(inferMood([], ['emails'], 3)).toBe('on_track');
  });

  it('reads numbers as a fallback', () => {
    expect(readMetrics('churn fell to 4.5%, NPS 31 and 120 active users')).toEqual([
      metric('churn', 4.5, '%'),
      metric('NPS', 31, null),
      metric('active users', 120, null),
    ]);
  });
});
