import { describe, expect, it } from 'vitest';
import { offlineExtract } from '../src/understanding/offline/index.ts';
import { plannedNamed } from '../src/understanding/offline/planned.ts';
import type { Metric } from '../src/core/extraction.ts';
import type { ExtractionContext } from '../src/core/summariser.ts';

// Retention check-ins: tactics that ran and did not, numbers with their earlier value or
// change, lessons, next steps and mood.

const planned: ExtractionContext = { plannedTactics: ['loyalty program', 'onboarding emails'] };
const saas: ExtractionContext = { plannedTactics: ['onboarding emails', 'onboarding call', 'quarterly business review', 'nps survey'] };
const checkin = (answer: string, context: ExtractionContext = planned) => offlineExtract('checkin', answer, context);

/** A metric as the reader returns it; previous and change default to "not said". */
const m = (name: string, value: number, unit: string | null, more: Partial<Metric> = {}): Metric => ({ name, value, unit, previous: null, change: null, ...more });

describe('tactics that ran', () => {
  const table: [string, string[], string[]][] = [
    ['both ran', ['loyalty program', 'onboarding emails'], []],
    ['all of them ran as planned', ['loyalty program', 'onboarding emails'], []],
    ['the loyalty program ran but not the emails', ['loyalty program'], ['onboarding emails']],
    ['the emails went out; no time for the loyalty program', ['onboarding emails'], ['loyalty program']],
    ["we didn't run anything", [], ['loyalty program', 'onboarding emails']],
    ['none', [], ['loyalty program', 'onboarding emails']],
    ['neither ran', [], ['loyalty program', 'onboarding emails']],
    ['loyalty program and onboarding emails', ['loyalty program', 'onboarding emails'], []],
  ];
  it.each(table)('%s', (answer, run, notRun) => {
    const got = checkin(answer);
    expect(got.tacticsRun).toEqual(run);
    expect(got.tacticsNotRun).toEqual(notRun);
  });

  it('names tactics that were not planned', () => {
    expect(checkin('we sent the newsletter and ran a feedback survey', {}).tacticsRun).toEqual(['newsletter', 'feedback survey']);
  });
});

describe('tactics from the issue', () => {
  it('"we ran the onboarding emails" does not also mark the onboarding call', () => {
    expect(checkin('we ran the onboarding emails', saas).tacticsRun).toEqual(['onboarding emails']);
  });

  it('"all of them" and "everything ran" mean the whole plan', () => {
    expect(checkin('all of them', saas).tacticsRun).toEqual(saas.plannedTactics);
    expect(checkin('everything ran', saas).tacticsRun).toEqual(saas.plannedTactics);
  });

  it('"all of them except …" leaves that one out', () => {
    const got = checkin("everything ran except the nps survey, we'll send it next week", saas);
    expect(got.tacticsRun).toEqual(['onboarding emails', 'onboarding call', 'quarterly business review']);
    expect(got.tacticsNotRun).toEqual(['nps survey']);
  });

  it('"emails yes, QBR no": QBR is the quarterly business review, and no tactic is called "QBR no"', () => {
    const got = checkin('emails yes, QBR no', saas);
    expect(got.tacticsRun).toEqual(['onboarding emails']);
    expect(got.tacticsNotRun).toEqual(['quarterly business review']);
  });

  it('a launch that slipped did not run', () => {
    const got = checkin('the same-walker thing is working, cat sitting launch slipped', { plannedTactics: ['same walker', 'cat sitting', 'photo reports'] });
    expect(got.tacticsRun).toEqual(['same walker']);
    expect(got.tacticsNotRun).toEqual(['cat sitting']);
  });

  it('names unplanned tactics without the verbs around them', () => {
    const got = checkin('the same-walker thing is working, cat sitting launch slipped', {});
    expect(got.tacticsRun).toEqual(['same walker']);
    expect(got.tacticsNotRun).toEqual(['cat sitting launch']);
    expect(checkin('MRR 14.2k, lost 2 pubs (both closed down, not our fault). Dan did all 30 visits', {}).tacticsRun).toEqual(['visits']);
  });

  it('a number beside a metric name is not a tactic', () => {
    expect(checkin('nps 32 → 41 since we started calling detractors. QBRs done w/ 8 of the 10 big accounts', saas).tacticsRun).toEqual(['quarterly business review']);
  });

  it('matches by abbreviation and by the kind of thing', () => {
    expect(plannedNamed('the QBRs happened', ['quarterly business review'])).toEqual(['quarterly business review']);
    expect(plannedNamed('the call', ['onboarding emails', 'onboarding call'])).toEqual(['onboarding call']);
    expect(plannedNamed('the onboarding emails', ['onboarding call'])).toEqual([]);
    expect(plannedNamed('whitening promo', ['whitening offer', 'review requests'])).toEqual(['whitening offer']);
  });
});

describe('metrics', () => {
  const table: [string, Metric[]][] = [
    ['churn down to 3%', [m('churn', 3, '%')]],
    ['NPS 42', [m('NPS', 42, 'points')]],
    ['NPS: 42', [m('NPS', 42, 'points')]],
    ['120 active users', [m('active users', 120, 'users')]],
    ['renewals 80%', [m('renewals', 80, '%')]],
    ['3% churn', [m('churn', 3, '%')]],
    ['churn went from 5% to 3% in 2 weeks', [m('churn', 3, '%', { previous: 5 })]],
    ['MRR €4,000', [m('MRR', 4000, 'EUR')]],
    ['45 new customers', [m('new customers', 45, 'customers')]],
    ['repeat purchases at 25%', [m('repeat purchases', 25, '%')]],
    ['churn down to 3%, NPS 42, 120 active users', [m('churn', 3, '%'), m('NPS', 42, 'points'), m('active users', 120, 'users')]],
    ['we met on 3 May at 10:30 for 2 hours', []],
  ];
  it.each(table)('%s', (answer, metrics) => expect(checkin(answer, {}).metrics).toEqual(metrics));
});

describe('metrics from the issue', () => {
  const table: [string, Metric[]][] = [
    ['1,200 active users', [m('active users', 1200, 'users')]],
    ['MRR 14.2k', [m('MRR', 14200, null)]],
    ['MRR went from 5k to 6k', [m('MRR', 6000, null, { previous: 5000 })]],
    ['churn 4.5% -> 3.9%', [m('churn', 3.9, '%', { previous: 4.5 })]],
    ['churn down 0.5 points to 3.1%', [m('churn', 3.1, '%', { change: -0.5 })]],
    ['212 active owners (+19)', [m('active owners', 212, 'owners', { change: 19 })]],
    ['churn 4.2% / nps 40 / 210 active users / mrr 6000', [m('churn', 4.2, '%'), m('NPS', 40, 'points'), m('active users', 210, 'users'), m('MRR', 6000, null)]],
    ['subs 340 (+25), 12 cancellations', [m('subs', 340, null, { change: 25 }), m('cancellations', 12, 'cancellations')]],
    ['nps 42 (was 38)', [m('NPS', 42, 'points', { previous: 38 })]],
    ['renewal rate 92%, up 3 pts', [m('renewal rate', 92, '%', { change: 3 })]],
    ['churn 3%, flat', [m('churn', 3, '%', { change: 0 })]],
    ['1.5k MAU now, was 1.1k', [m('MAU', 1500, 'users', { previous: 1100 })]],
    ['arr crossed $1m 🎉 (from 820k in Q2)', [m('ARR', 1_000_000, 'USD', { previous: 820_000 })]],
    ['avg order value £34 → £37, repeat customers 41%', [m('avg order value', 37, 'GBP', { previous: 34 }), m('repeat customers', 41, '%')]],
    ['dau 2,300 / wau 9,800 / d30 retention 22%', [m('DAU', 2300, 'users'), m('WAU', 9800, 'users'), m('d30 retention', 22, '%')]],
  ];
  it.each(table)('%s', (answer, metrics) => expect(checkin(answer, {}).metrics).toEqual(metrics));

  it('keeps unknown metric names with their unit', () => {
    expect(checkin('churn went from 6% to 4.8% this month, 212 active owners (+19)', {}).metrics).toEqual([
      m('churn', 4.8, '%', { previous: 6 }),
      m('active owners', 212, 'owners', { change: 19 }),
    ]);
    expect(checkin('MRR 14.2k, lost 2 pubs (both closed down, not our fault). Dan did all 30 visits', {}).metrics).toEqual([
      m('MRR', 14200, null),
      m('pubs lost', 2, 'pubs'),
    ]);
  });

  it('reads counts said again, net changes and verbs as names', () => {
    expect(checkin('good week! 15 new subs, 4 cancelled, so net +11, 289 total', {}).metrics).toContainEqual(m('subs', 289, 'subs', { change: 11 }));
    expect(checkin('lost 2 pubs, 31 on the books now', {}).metrics).toEqual([m('pubs lost', 2, 'pubs'), m('pubs', 31, 'pubs')]);
    expect(checkin('mrr €8.4k (+€600), 3 churned', {}).metrics).toEqual([m('MRR', 8400, 'EUR', { change: 600 }), m('churned', 3, null)]);
  });

  it('leaves out counts of work done and numbers in a reason', () => {
    expect(checkin('recall reminders went to ~400 patients and 95 of them booked', {}).metrics).toEqual([m('booked', 95, null)]);
    expect(checkin('same-walker matching slipped bc 2 walkers quit. active owners down to 198 (-14)', {}).metrics).toEqual([
      m('active owners', 198, 'owners', { change: -14 }),
    ]);
  });

  it('reads numbers written the way other languages write them', () => {
    expect(checkin('el churn bajó del 5,2% al 4,6%', {}).metrics).toEqual([m('churn', 4.6, '%', { previous: 5.2 })]);
    expect(checkin('1.200 usuarios activos (antes 1.050), mrr 6,3k €', {}).metrics).toEqual([
      m('usuarios activos', 1200, 'usuarios', { previous: 1050 }),
      m('MRR', 6300, 'EUR'),
    ]);
    expect(checkin('le churn est passé de 4,5 % à 3,9 %, 340 clients actifs, NPS 41', {}).metrics).toEqual([
      m('churn', 3.9, '%', { previous: 4.5 }),
      m('clients actifs', 340, 'clients'),
      m('NPS', 41, 'points'),
    ]);
    expect(checkin('MRR von 5.000 auf 6.200 € gestiegen, churn 3,1 %', {}).metrics).toEqual([m('MRR', 6200, 'EUR', { previous: 5000 }), m('churn', 3.1, '%')]);
    expect(checkin('kündigungen runter um 0,8 punkte auf 2,4 %', {}).metrics).toEqual([m('kündigungen', 2.4, '%', { change: -0.8 })]);
    expect(checkin('churn caiu de 6% pra 4,8%, 212 clientes ativos (+19)', {}).metrics).toEqual([
      m('churn', 4.8, '%', { previous: 6 }),
      m('clientes ativos', 212, 'clientes', { change: 19 }),
    ]);
    expect(checkin('MRR R$ 18 mil, era 15 mil', {}).metrics).toEqual([m('MRR', 18000, 'BRL', { previous: 15000 })]);
  });
});

describe('tactics in other languages', () => {
  it('reads which ran and which did not', () => {
    const es = checkin('mandamos la newsletter y la tarjeta de puntos sigue funcionando, el descuento de cumpleaños no lo hicimos', {
      plannedTactics: ['tarjeta de puntos', 'descuento de cumpleaños', 'newsletter mensual'],
    });
    expect(es.tacticsRun.sort()).toEqual(['newsletter mensual', 'tarjeta de puntos']);
    expect(es.tacticsNotRun).toEqual(['descuento de cumpleaños']);
    const fr = checkin('on a fait le webinaire mais pas les appels de suivi, pas eu le temps', {
      plannedTactics: ['webinaire mensuel', 'appels de suivi', 'programme de parrainage'],
    });
    expect(fr).toMatchObject({ tacticsRun: ['webinaire mensuel'], tacticsNotRun: ['appels de suivi'] });
    const de = { plannedTactics: ['onboarding-mails', 'quartalsgespräch', 'kundenumfrage'] };
    expect(checkin('alle maßnahmen liefen', de).tacticsRun).toEqual(de.plannedTactics);
    expect(checkin('keine der maßnahmen lief', de)).toMatchObject({ tacticsRun: [], tacticsNotRun: de.plannedTactics });
    expect(checkin('todas', { plannedTactics: ['grupo de whatsapp', 'desconto de aniversário'] }).tacticsRun).toEqual(['grupo de whatsapp', 'desconto de aniversário']);
  });
});

describe('learned, next and mood', () => {
  it('reads a full answer', () => {
    expect(checkin('renewals 80%; we learned that agencies want monthly reports. Next we will try a webinar. Feeling on track', {})).toEqual({
      tacticsRun: [],
      tacticsNotRun: [],
      metrics: [m('renewals', 80, '%')],
      learned: 'agencies want monthly reports',
      next: 'try a webinar',
      mood: 'on_track',
    });
  });

  it('a bare "fine" or "all good" is not a learning', () => {
    for (const answer of ['fine', 'all good 👍', 'todo bien', 'nothing to report really', 'churn 4.2% / nps 40']) expect(checkin(answer, {}).learned).toBeNull();
  });

  it('a reason or an observation is a learning', () => {
    expect(checkin('onboarding emails went out, the call didn’t happen, we were short staffed', saas).learned).toMatch(/short staffed/);
    expect(checkin('skipped the birthday bottles this month (budget)', {}).learned).toMatch(/budget/);
    expect(checkin('churn went up :( 3.2% -> 4.0%. we think the price change did it', {}).learned).toMatch(/price change/);
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
