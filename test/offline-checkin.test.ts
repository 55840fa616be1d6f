import { describe, expect, it } from 'vitest';
import { offlineExtract } from '../src/understanding/offline/index.ts';
import type { ExtractionContext } from '../src/core/summariser.ts';

// Retention check-ins: tactics that ran, numbers, lessons, next steps and mood.

const planned: ExtractionContext = { plannedTactics: ['loyalty program', 'onboarding emails'] };
const checkin = (answer: string, context: ExtractionContext = planned) => offlineExtract('checkin', answer, context);

describe('tactics that ran', () => {
  const table: [string, string[]][] = [
    ['both ran', ['loyalty program', 'onboarding emails']],
    ['all of them ran as planned', ['loyalty program', 'onboarding emails']],
    ['the loyalty program ran but not the emails', ['loyalty program']],
    ['the emails went out; no time for the loyalty program', ['onboarding emails']],
    ["we didn't run anything", []],
    ['none', []],
    ['neither ran', []],
    ['loyalty program and onboarding emails', ['loyalty program', 'onboarding emails']],
  ];
  it.each(table)('%s', (answer, tactics) => expect(checkin(answer).tacticsRun).toEqual(tactics));

  it('names tactics that were not planned', () => {
    expect(checkin('we sent the newsletter and ran a feedback survey', {}).tacticsRun).toEqual(['newsletter', 'feedback survey']);
  });
});

describe('metrics', () => {
  const table: [string, { name: string; value: number; unit: string | null }[]][] = [
    ['churn down to 3%', [{ name: 'churn', value: 3, unit: '%' }]],
    ['NPS 42', [{ name: 'NPS', value: 42, unit: 'points' }]],
    ['NPS: 42', [{ name: 'NPS', value: 42, unit: 'points' }]],
    ['120 active users', [{ name: 'active users', value: 120, unit: 'users' }]],
    ['renewals 80%', [{ name: 'renewals', value: 80, unit: '%' }]],
    ['3% churn', [{ name: 'churn', value: 3, unit: '%' }]],
    ['churn went from 5% to 3% in 2 weeks', [{ name: 'churn', value: 3, unit: '%' }]],
    ['MRR €4,000', [{ name: 'MRR', value: 4000, unit: 'EUR' }]],
    ['45 new customers', [{ name: 'new customers', value: 45, unit: 'customers' }]],
    ['repeat purchases at 25%', [{ name: 'repeat purchases', value: 25, unit: '%' }]],
    [
      'churn down to 3%, NPS 42, 120 active users',
      [
        { name: 'churn', value: 3, unit: '%' },
        { name: 'NPS', value: 42, unit: 'points' },
        { name: 'active users', value: 120, unit: 'users' },
      ],
    ],
    ['we met on 3 May at 10:30 for 2 hours', []],
  ];
  it.each(table)('%s', (answer, metrics) => expect(checkin(answer, {}).metrics).toEqual(metrics));
});

describe('learned, next and mood', () => {
  it('reads a full answer', () => {
    expect(checkin('renewals 80%; we learned that agencies want monthly reports. Next we will try a webinar. Feeling on track', {})).toEqual({
      tacticsRun: [],
      metrics: [{ name: 'renewals', value: 80, unit: '%' }],
      learned: 'agencies want monthly reports',
      next: 'try a webinar',
      mood: 'on_track',
    });
  });

  const moods: [string, string | null][] = [
    ['on track', 'on_track'],
    ['going well, churn is down', 'on_track'],
    ['at risk', 'at_risk'],
    ['a bit worried, numbers are flat', 'at_risk'],
    ['off track', 'off_track'],
    ['not on track at all', 'off_track'],
    ['churn is up and we lost customers', 'off_track'],
    ['good week but churn is up', 'off_track'],
    ['the emails ran', null],
  ];
  it.each(moods)('mood of "%s" is %s', (answer, mood) => expect(checkin(answer, {}).mood).toBe(mood));
});
