import { describe, expect, it } from 'vitest';
import { offlineExtract } from '../src/understanding/offline/index.ts';

// Every misreading reported in the understanding issue, as the offline reader must now take it.

const perMonth = (a: { value: number; per: string } | null) => (a === null ? null : a.per === 'year' ? a.value / 12 : a.value);

describe('cost answers with relations between the numbers', () => {
  it('an advisor shared by 60 regulars, and a yearly spend', () => {
    const d = offlineExtract(
      'cost',
      'each senior advisor costs us about €5,500 a month all in and looks after roughly 60 regulars… a regular spends around €12k a year with us',
    );
    expect(d.currency).toBe('EUR');
    expect(perMonth(d.relationship)).toBeCloseTo(91.67, 1);
    expect(d.relationship!.working).not.toBeNull();
    expect(d.revenue).toMatchObject({ value: 12000, per: 'year' });
  });

  it('a retainer is what the client pays, the producer’s time is the cost', () => {
    const d = offlineExtract('cost', "retainer is £2,000/month for the ongoing edits. the producer's time on each client is around £600 a month");
    expect(d.currency).toBe('GBP');
    expect(d.revenue).toMatchObject({ value: 2000, per: 'month' });
    expect(d.relationship).toMatchObject({ value: 600, per: 'month' });
  });

  it('an account manager for 80 dealers, with the team’s own per-dealer figure', () => {
    const d = offlineExtract('cost', 'an account manager costs us about €3,600/month and can look after maybe 80 dealers, so ~€45 per dealer per month');
    expect(d.relationship).toMatchObject({ value: 45, per: 'month' });
  });

  it('one-off sales stay one-off', () => {
    const d = offlineExtract('cost', 'fittings and aftercare come to about €215 per couple, and they pay €4,200 once for the ring');
    expect(d.relationship).toMatchObject({ value: 215, per: 'one_off' });
    expect(d.revenue).toMatchObject({ value: 4200, per: 'one_off' });
  });
});

describe('following or breaking the norm', () => {
  it.each([
    ['most jewellers do it this way and we follow that norm, we do NOT want to break it', false],
    ["regulars expect a personal touch in this trade, we're not trying to change that", false],
    ['every marketplace is self serve like ebay, we’ll be the same', false],
    ['big studios are slow and formal, we want to be the opposite', true],
  ])('%s', (text, breakNorm) => {
    expect(offlineExtract('expectations', text).breakNorm).toBe(breakNorm);
  });
});

describe('win, keep and grow in one run-on sentence', () => {
  it('gives each clause its stage', () => {
    const d = offlineExtract(
      'lifecycle',
      'we get them via instagram and walk-ins, keep them with a loyalty card and anniversary reminders, upsell matching earrings',
    );
    expect(d.acquisition.join(' ')).toMatch(/instagram/i);
    expect(d.acquisition.join(' ')).toMatch(/walk-ins/i);
    expect(d.retention.join(' ')).toMatch(/loyalty card/i);
    expect(d.retention.join(' ')).toMatch(/anniversary/i);
    expect(d.growth.join(' ')).toMatch(/earrings/i);
  });

  it('"not sure yet" is no retention tactic', () => {
    const d = offlineExtract('lifecycle', 'word of mouth and instagram to get them. for keeping them, not sure yet. upsell: cleaning and resizing');
    expect(d.retention).toEqual([]);
    expect(d.acquisition.length).toBeGreaterThan(0);
  });
});

describe('segments apart from their descriptions', () => {
  it('leaves out the group the team says is not a target', () => {
    const d = offlineExtract(
      'segments',
      "high net worth regulars (mostly 45+, they come in a few times a year) and young couples buying their engagement ring, usually a one off purchase. we get tourists too but they're not really a target",
    );
    expect(d.segments).toHaveLength(2);
    expect(d.segments[0]!.name).toMatch(/regulars/i);
    expect(d.segments[1]!.name).toMatch(/couples/i);
  });

  it('reads three sides of a marketplace', () => {
    const d = offlineExtract(
      'segments',
      'shoppers (people furnishing a flat, mostly 25-40), dealers - small antique shops and house clearance guys, most of them not very techy - and then brands who buy ad space',
    );
    expect(d.segments.map((s) => s.name.toLowerCase())).toEqual([expect.stringMatching(/shoppers/), expect.stringMatching(/dealers/), expect.stringMatching(/brands/)]);
  });

  it('meta-talk is not a segment', () => {
    expect(offlineExtract('segments', 'hmm actually let me start again').segments).toEqual([]);
  });
});

describe('journeys', () => {
  it('reads prose into ordered steps with their feelings', () => {
    const d = offlineExtract(
      'touchpoints',
      'they find our website, they should think "these people get it" and feel relaxed. then the enquiry form, we call back same day so they feel looked after. then the first shoot, where they should feel confident',
    );
    expect(d.touchpoints.length).toBe(3);
    expect(d.touchpoints.every((t) => t.thinkFeel.length > 0)).toBe(true);
  });

  it('reads "Step: feeling." lists', () => {
    const d = offlineExtract('touchpoints', 'Website visit: they should feel it is simple. Sign-up: quick. First project: confident.');
    expect(d.touchpoints.map((t) => t.step.toLowerCase())).toEqual([
      expect.stringMatching(/website/),
      expect.stringMatching(/sign-up/),
      expect.stringMatching(/first project/),
    ]);
    expect(d.touchpoints.map((t) => t.thinkFeel.toLowerCase())).toEqual([
      expect.stringMatching(/simple/),
      expect.stringMatching(/quick/),
      expect.stringMatching(/confident/),
    ]);
  });
});

describe('the business line', () => {
  it('reads past a greeting and the name', () => {
    const d = offlineExtract('business', "hi! we're Maison Vela, a small high end jewellery boutique in Lyon selling to locals and a few collectors");
    expect(d.description).toMatch(/jewellery/i);
  });
});

describe('check-in numbers and tactics', () => {
  const planned = { plannedTactics: ['onboarding emails', 'onboarding call', 'quarterly business review'] };
  const metric = (text: string, name: string) => offlineExtract('checkin', text, planned).metrics.find((m) => m.name.toLowerCase().includes(name));

  it('keeps thousands separators', () => expect(metric('we are at 1,200 active users now', 'active')?.value).toBe(1200));
  it('keeps the latest value and the previous one', () => {
    expect(metric('MRR went from 5k to 6k', 'mrr')).toMatchObject({ value: 6000, previous: 5000 });
    expect(metric('churn 4.5% -> 3.9%', 'churn')).toMatchObject({ value: 3.9, previous: 4.5, unit: '%' });
  });
  it('reads lists separated by slashes', () => {
    const d = offlineExtract('checkin', 'churn 4.2% / nps 40 / 210 active users / mrr 6000', planned);
    expect(d.metrics).toHaveLength(4);
  });
  it('marks only the tactic that ran', () => {
    const d = offlineExtract('checkin', 'we ran the onboarding emails', planned);
    expect(d.tacticsRun).toEqual(['onboarding emails']);
  });
  it('"all of them" means every planned tactic', () => {
    expect(offlineExtract('checkin', 'all of them ran this time', planned).tacticsRun).toHaveLength(3);
  });
  it('"emails yes, QBR no"', () => {
    const d = offlineExtract('checkin', 'emails yes, QBR no', planned);
    expect(d.tacticsRun).toEqual(['onboarding emails']);
    expect(d.tacticsNotRun).toEqual(['quarterly business review']);
  });
});

describe('a consultation with a person', () => {
  it('is personal assistance', () => {
    expect(offlineExtract('relationship', 'a consultation appointment with an advisor, then we are done').types).toContain('personal_assistance');
  });
});
