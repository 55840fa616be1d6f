import { describe, expect, it } from 'vitest';
import type { AmountReading } from '../src/core/extraction.ts';
import { offlineExtract } from '../src/understanding/offline/index.ts';

// The cost step as founders write it: who pays and what costs from the clause, shared costs
// divided per customer, per-use prices times how often, periods kept, doubts said.

const cost = (answer: string) => offlineExtract('cost', answer, {});
type Want = { value: number; per: AmountReading['per'] } | null;
const amount = (a: AmountReading | null) => (a === null ? null : { value: a.value, per: a.per });
/** The same amount in another period is right too (€5,000 a year = €416.67 a month). */
const monthly = (a: Want) => (a === null ? null : a.per === 'year' ? a.value / 12 : a.value);

describe('the cost examples in issue 8', () => {
  it('an advisor shared by 60 regulars, and what a regular spends a year', () => {
    const d = cost('each senior advisor costs us about €5,500 a month all in and looks after roughly 60 regulars… a regular spends around €12k a year with us');
    expect(d.currency).toBe('EUR');
    expect(amount(d.relationship)).toEqual({ value: 91.67, per: 'month' });
    expect(d.relationship!.working).toBe('€5,500 a month ÷ 60 regulars');
    expect(d.revenue).toEqual({ value: 12000, per: 'year', working: null });
    expect(d.level).toBe('low');
  });

  it('the retainer is revenue, the producer’s time is the cost, whatever their order', () => {
    const d = cost("retainer is £2,000/month for the ongoing edits. the producer's time on each client is around £600 a month");
    expect(d.currency).toBe('GBP');
    expect(d.revenue).toEqual({ value: 2000, per: 'month', working: null });
    expect(d.relationship).toEqual({ value: 600, per: 'month', working: null });
    const swapped = cost("the producer's time on each client is around £600 a month. retainer is £2,000/month");
    expect(amount(swapped.revenue)).toEqual({ value: 2000, per: 'month' });
    expect(amount(swapped.relationship)).toEqual({ value: 600, per: 'month' });
  });

  it('prefers the team’s own per-dealer figure to the worked-out one', () => {
    const d = cost('an account manager costs us about €3,600/month and can look after maybe 80 dealers, so ~€45 per dealer per month');
    expect(d.relationship).toEqual({ value: 45, per: 'month', working: null });
    expect(d.doubt).toBeNull();
  });

  it('divides the account manager by the dealers when the team does not', () => {
    const d = cost('an account manager costs us about €3,600/month and can look after maybe 80 dealers');
    expect(d.relationship).toEqual({ value: 45, per: 'month', working: '€3,600 a month ÷ 80 dealers' });
  });

  it('keeps one-off sales one-off', () => {
    const d = cost('fittings and aftercare come to about €215 per couple, and they pay €4,200 once for the ring');
    expect(amount(d.relationship)).toEqual({ value: 215, per: 'one_off' });
    expect(amount(d.revenue)).toEqual({ value: 4200, per: 'one_off' });
    expect(d.level).toBe('low');
  });
});

describe('the cost answers in the shared sample', () => {
  const table: [string, { currency?: string | null; level?: string; relationship?: Want; revenue?: Want; acquisition?: Want }][] = [
    [
      'a walk is €18, we keep 20%. owners book ~10 walks a month on average. support + insurance is about €1.10 per walk',
      { currency: 'EUR', relationship: { value: 11, per: 'month' }, revenue: { value: 36, per: 'month' } },
    ],
    [
      'Dan costs us £42k a year incl. car and looks after 30 pubs. average pub orders about £900 of beer a month, our margin on that maybe 35%',
      { currency: 'GBP', relationship: { value: 1400, per: 'year' }, revenue: { value: 900, per: 'month' } },
    ],
    [
      "€39 per location per month. support is basically zero except onboarding which takes ~2h of someone's time, call it €60 once",
      { currency: 'EUR', relationship: { value: 60, per: 'one_off' }, revenue: { value: 39, per: 'month' } },
    ],
    ['a teacher costs us €22/hour, student pays €140 a month for 4 classes', { currency: 'EUR', relationship: { value: 88, per: 'month' }, revenue: { value: 140, per: 'month' } }],
    [
      'we spend about $80 in ads to get one corporate client, after that an account manager at $5k/month handles 25 companies, each pays us $1,200/month',
      { currency: 'USD', acquisition: { value: 80, per: 'one_off' }, relationship: { value: 200, per: 'month' }, revenue: { value: 1200, per: 'month' } },
    ],
    [
      'boxes are 45 quid, most ppl buy 2-3 a year, costs us nothing really to keep them apart from the emails',
      { currency: 'GBP', level: 'low', revenue: { value: 112.5, per: 'year' } },
    ],
    ["ugh no idea yet, haven't done the maths", { relationship: null, revenue: null, acquisition: null, currency: null }],
    [
      'around 5k a year per client all in (the AM, the reports, travel). clients pay 2k per month',
      { currency: null, relationship: { value: 5000, per: 'year' }, revenue: { value: 2000, per: 'month' } },
    ],
  ];
  it.each(table)('%s', (answer, want) => {
    const d = cost(answer);
    if ('currency' in want) expect(d.currency).toBe(want.currency);
    if (want.level) expect(d.level).toBe(want.level);
    for (const role of ['relationship', 'revenue', 'acquisition'] as const) {
      if (!(role in want)) continue;
      const got = amount(d[role]);
      if (want[role] === null || got === null) expect(got).toEqual(want[role]);
      else expect(monthly(got)).toBeCloseTo(monthly(want[role]!)!, 1);
      if (got && want[role]) expect(got.per === 'one_off').toBe(want[role]!.per === 'one_off');
    }
  });

  it('shows the arithmetic behind worked-out amounts, and only those', () => {
    const walk = cost('a walk is €18, we keep 20%. owners book ~10 walks a month on average. support + insurance is about €1.10 per walk');
    expect(walk.revenue!.working).toBe('€18 × 20% × 10 walks a month');
    expect(walk.relationship!.working).toBe('€1.10 × 10 walks a month');
    const teacher = cost('a teacher costs us €22/hour, student pays €140 a month for 4 classes');
    expect(teacher.relationship!.working).toBe('€22 an hour × 4 classes a month');
    expect(teacher.revenue!.working).toBeNull();
    const boxes = cost('boxes are 45 quid, most ppl buy 2-3 a year');
    expect(boxes.revenue).toMatchObject({ value: 112.5, per: 'year' });
    expect(boxes.revenue!.working).toContain('£45 × 2-3');
    expect(cost('around 5k a year per client. clients pay 2k per month').relationship!.working).toBeNull();
  });
});

describe('periods', () => {
  it.each([
    ['they pay €12k a year and it costs us €1k a year', { value: 12000, per: 'year' }, { value: 1000, per: 'year' }],
    ['they pay £30 a week, support costs us £5 a week', { value: 130, per: 'month' }, { value: 21.67, per: 'month' }],
    ['clients pay a setup fee of $900 upfront, support costs us $50 per client', { value: 900, per: 'one_off' }, { value: 50, per: 'one_off' }],
    ['they pay $400 per sale, the fitting costs us $40', { value: 400, per: 'one_off' }, { value: 40, per: 'one_off' }],
  ] as const)('%s', (answer, revenue, relationship) => {
    const d = cost(answer);
    expect(amount(d.revenue)).toEqual(revenue);
    expect(amount(d.relationship)).toEqual(relationship);
  });

  it('turns a weekly figure into a month and says how', () => {
    expect(cost('they pay £30 a week').revenue).toEqual({ value: 130, per: 'month', working: '£30 a week × 52 ÷ 12' });
  });

  it('asks about an hourly rate with no count of hours instead of storing it', () => {
    const d = cost('a coach costs us €40 an hour, clients pay €300 a month');
    expect(d.relationship).toBeNull();
    expect(d.revenue).toMatchObject({ value: 300, per: 'month' });
    expect(d.doubt).toMatch(/hour/);
  });

  it('reads a period missing everywhere as a month, and says so', () => {
    const d = cost('they pay 300 euros, serving them costs 30');
    expect(d).toMatchObject({ currency: 'EUR', level: 'low' });
    expect(amount(d.revenue)).toEqual({ value: 300, per: 'month' });
    expect(amount(d.relationship)).toEqual({ value: 30, per: 'month' });
    expect(d.doubt).toMatch(/period/);
  });
});

describe('other languages', () => {
  it.each([
    ['nos cuesta unos 300 € al mes y los clientes pagan 1.200 euros al año', { value: 300, per: 'month' }, { value: 1200, per: 'year' }],
    ['ça nous coûte 40 € par mois, ils paient 200 € par mois', { value: 40, per: 'month' }, { value: 200, per: 'month' }],
    ['kostet uns 1.200 € pro Jahr, Kunden zahlen 99 € im Monat', { value: 1200, per: 'year' }, { value: 99, per: 'month' }],
    ['custa R$ 1.500 por mês e os clientes pagam R$ 5.000 por mês', { value: 1500, per: 'month' }, { value: 5000, per: 'month' }],
  ] as const)('%s', (answer, relationship, revenue) => {
    const d = cost(answer);
    expect(amount(d.relationship)).toEqual(relationship);
    expect(amount(d.revenue)).toEqual(revenue);
    expect(d.currency).toBe(answer.includes('R$') ? 'BRL' : 'EUR');
  });
});

describe('which amount is which', () => {
  const table: [string, { level?: string | null; relationship?: number | null; revenue?: number | null; acquisition?: number | null; currency?: string | null }][] = [
    ['almost nothing, they pay $12/month', { level: 'low', relationship: 0, revenue: 12, currency: 'USD' }],
    ['the account manager costs us $300 of the $400 each agency pays per month', { level: 'high', relationship: 300, revenue: 400, currency: 'USD' }],
    ['it costs us $100 and they pay $400 a month', { level: 'medium', relationship: 100, revenue: 400 }],
    ['they pay 12 USD a month and it costs us 1 USD', { level: 'low', relationship: 1, revenue: 12 }],
    ['revenue is $50 a month and support costs $20', { level: 'high', relationship: 20, revenue: 50 }],
    ['about 2k a year per client, they pay £1.5k a month', { relationship: 2000, revenue: 1500, currency: 'GBP' }],
    ['we spend 1,200 EUR per customer per year; revenue 500 EUR monthly', { relationship: 1200, revenue: 500, currency: 'EUR' }],
    ['CAC is around $120, they pay $30 a month and support costs us $3', { acquisition: 120, revenue: 30, relationship: 3 }],
    ['we charge a setup fee of €500 and then €50 a month, support costs us about €10 a month', { revenue: 50, relationship: 10 }],
    ['nothing', { level: 'low', relationship: 0, revenue: null }],
    ['pretty expensive, mostly support time', { level: 'high', relationship: null }],
    ['moderate', { level: 'medium' }],
    ['hmm not sure', { level: null, relationship: null, revenue: null, currency: null }],
  ];
  it.each(table)('%s', (answer, want) => {
    const d = cost(answer);
    if ('level' in want) expect(d.level).toBe(want.level);
    if ('currency' in want) expect(d.currency).toBe(want.currency);
    for (const role of ['relationship', 'revenue', 'acquisition'] as const) {
      if (role in want) expect(d[role]?.value ?? null).toBe(want[role]);
    }
  });

  it('says when it guessed which amount is which', () => {
    const d = cost('€300 per agency per month');
    expect(d.relationship).toMatchObject({ value: 300, per: 'month' });
    expect(d.doubt).toMatch(/guessed/);
    expect(cost('the account manager costs us $300 of the $400 each agency pays per month').doubt).toBeNull();
  });

  it('flags two currencies', () => {
    expect(cost('support costs us $20 a month and they pay €100 a month').doubt).toMatch(/two currencies/);
  });

  it('never stores a negative or absurd amount', () => {
    expect(cost('it costs us -50 dollars a month').relationship).toBeNull();
    expect(cost('it costs us €999999999999 a month').relationship).toBeNull();
  });

  it('keeps words that are not amounts as notes', () => {
    expect(cost('it is expensive, mostly support time').notes).toBe('mostly support time');
    expect(cost('almost nothing, they pay $12/month').notes).toBeNull();
    expect(cost("ugh no idea yet, haven't done the maths").notes).toBeNull();
  });

  it('reads a button’s level id exactly', () => {
    expect(cost('high')).toMatchObject({ level: 'high', relationship: null, doubt: null });
  });
});

describe('more relations between the numbers', () => {
  it.each([
    ['our CS team is 2 ppl at €4k/month each and between them they look after all ~400 accounts', 'relationship', 20, 'month', '2 × €4,000 a month ÷ 400 accounts'],
    ['1 CSM per ~50 clients, a CSM costs us about €5k a month loaded', 'relationship', 100, 'month', '€5,000 a month ÷ 50 clients'],
    ['group classes, ~10 ppl per class, the teacher gets €30 per class. members do about 8 classes a month', 'relationship', 24, 'month', '€30 ÷ 10 ppl × 8 classes a month'],
    ['regulars pay for ~20 coffees a month at £3.20', 'revenue', 64, 'month', '£3.20 × 20 coffees a month'],
    ['avg basket is 64€ and ppl order about twice a month', 'revenue', 128, 'month', '€64 × 2 baskets a month'],
    ['$1.2m ARR across ~300 customers', 'revenue', 4000, 'year', '$1,200,000 a year ÷ 300 customers'],
    ['support + success costs around $240k a year all together, for our 300 customers', 'relationship', 800, 'year', '$240,000 a year ÷ 300 customers'],
    ['we put ~€2k a month into google ads and that brings in maybe 40 new members', 'acquisition', 50, 'one_off', '€2,000 a month ÷ 40 new members'],
    ['the agent spends ~25 hours on each at roughly $40/h', 'relationship', 1000, 'month', '$40 an hour × 25 hours'],
  ] as const)('%s', (answer, role, value, per, working) => {
    expect(cost(answer)[role]).toEqual({ value, per, working });
  });

  it('divides a cost shared by the customers in other languages', () => {
    expect(cost('la comercial nos cuesta 3.500 € al mes y lleva unas 70 tiendas').relationship).toMatchObject({ value: 50, per: 'month' });
    expect(cost('un conseiller nous coûte 4 200 € par mois et suit environ 70 clients').relationship).toMatchObject({ value: 60, per: 'month' });
    expect(cost('unser außendienstler kostet uns rund 72.000 € im jahr und betreut ca. 120 händler').relationship).toMatchObject({ value: 600, per: 'year' });
    expect(cost('a consultora custa 2.800 € por mês e acompanha 40 clientes').relationship).toMatchObject({ value: 70, per: 'month' });
  });

  it('reads what wins a customer from the rest of the sentence', () => {
    const d = cost('most of the cost is the free sample kit, €18 each, which we send to win the salon. after that they order ~€400 a month');
    expect(amount(d.acquisition)).toEqual({ value: 18, per: 'one_off' });
    expect(amount(d.revenue)).toEqual({ value: 400, per: 'month' });
    const box = cost("we give away the first box (costs us ~€15 in food) to win a subscriber, then it's €59/mo");
    expect(amount(box.acquisition)).toEqual({ value: 15, per: 'one_off' });
    expect(amount(box.revenue)).toEqual({ value: 59, per: 'month' });
  });

  it('reads a range as its middle and says so', () => {
    expect(cost('somewhere between 50 and 100 a month per customer to keep them happy').relationship).toEqual({ value: 75, per: 'month', working: '50-100, 75 on average' });
  });

  it('takes the currency said once for bare numbers', () => {
    expect(cost('around 200/month per client for the account team, they pay us 2.5k/month. in GBP obvs').currency).toBe('GBP');
  });

  it('keeps a sale with no period one-off when the answer says it happens once', () => {
    const d = cost('we take 3% of the sale price, average house is around $400,000 and a seller does one deal with us, that’s it');
    expect(d.revenue).toEqual({ value: 12000, per: 'one_off', working: '$400,000 × 3%' });
  });
});
