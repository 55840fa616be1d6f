import { describe, expect, it } from 'vitest';
import { findAmounts, readMoney } from '../src/understanding/offline/money.ts';
import { frequencyAfter, periodAfter } from '../src/understanding/offline/periods.ts';
import { quantities } from '../src/understanding/offline/quantities.ts';
import { normalise } from '../src/understanding/offline/text.ts';

// Amounts of money on top of the recognisers: the currency beside each number, the period
// after it, and bare numbers that are counts rather than money.

const one = (text: string) => readMoney(normalise(text)).money[0];

describe('amounts, currencies and periods', () => {
  const table: [string, number, string | null, string | null][] = [
    ['$12/month', 12, 'USD', 'month'],
    ['12 USD a month', 12, 'USD', 'month'],
    ['12 usd per month', 12, 'USD', 'month'],
    ['€300 per agency per month', 300, 'EUR', 'month'],
    ['£1.5k', 1500, 'GBP', null],
    ['1,200 EUR', 1200, 'EUR', null],
    ['300 euros', 300, 'EUR', null],
    ['it costs 2k a year', 2000, null, 'year'],
    ['£24,000 per year', 24000, 'GBP', 'year'],
    ['¥5000', 5000, 'JPY', null],
    ['₹999 per user per month', 999, 'INR', 'month'],
    ['Rs 500 monthly', 500, 'INR', 'month'],
    ['A$30 a week', 30, 'AUD', 'week'],
    ['CHF 80', 80, 'CHF', null],
    ['45 quid', 45, 'GBP', null],
    ['they pay 2 grand a month', 2000, null, 'month'],
    ['€22/hour', 22, 'EUR', 'hour'],
    ['€4,200 once', 4200, 'EUR', 'one_off'],
    ['a $900 setup fee', 900, 'USD', 'one_off'],
    ['$900 upfront', 900, 'USD', 'one_off'],
    ['£900 of beer a month', 900, 'GBP', 'month'],
    ['$400 each agency pays per month', 400, 'USD', 'month'],
  ];
  it.each(table)('%s → %d %s per %s', (text, value, currency, per) => {
    expect(one(text)).toMatchObject({ value, currency, per });
  });

  it.each([
    ['300 € al mes', 'es', 300, 'EUR', 'month'],
    ['1.200 euros al año', 'es', 1200, 'EUR', 'year'],
    ['2 500 € par mois', 'fr', 2500, 'EUR', 'month'],
    ['1.200 € pro Monat', 'de', 1200, 'EUR', 'month'],
    ['12,50 € im Monat', 'de', 12.5, 'EUR', 'month'],
    ['R$ 1.500 por mês', 'pt', 1500, 'BRL', 'month'],
  ] as const)('%s (%s)', (text, lang, value, currency, per) => {
    expect(readMoney(text, lang).money[0]).toMatchObject({ value, currency, per });
  });

  it('keeps the unit of a per-use price', () => {
    expect(one('support is about €1.10 per walk')).toMatchObject({ value: 1.1, unit: 'walk', per: null });
    expect(one('~€45 per dealer per month')).toMatchObject({ value: 45, unit: 'dealer', per: 'month' });
  });

  it('reads "almost nothing" and "free" as a stated zero', () => {
    expect(one('almost nothing')).toMatchObject({ value: 0, zero: true });
    expect(one('free')).toMatchObject({ value: 0, zero: true });
    expect(readMoney('free trial for 14 days').money).toEqual([]);
  });
});

describe('numbers that are not money', () => {
  it.each(['agencies of 5-20 people', '3 staff and 40 users', 'in 2 weeks', 'free trial for 14 days', 'most ppl buy 2-3 a year', 'owners book ~10 walks a month'])(
    '%s has no amount',
    (text) => {
      expect(findAmounts(normalise(text)).filter((a) => !a.zero)).toEqual([]);
    },
  );

  it('keeps counts with their noun, ranges as their middle, percentages apart', () => {
    const q = quantities('looks after 80 dealers, they buy 2-3 a year, we keep 20%', 'en');
    expect(q.map((x) => [x.value, x.noun, x.percent])).toEqual([
      [80, 'dealers', false],
      [2.5, null, false],
      [20, null, true],
    ]);
    expect(q[1]!.range).toEqual([2, 3]);
  });

  it('finds how often a counted thing happens', () => {
    const text = 'owners book ~10 walks a month';
    const walks = quantities(text, 'en')[0]!;
    expect(frequencyAfter(text, walks.start + 2)).toBe('month');
    expect(periodAfter('€30 a week', 3).per).toBe('week');
  });

  it('findAmounts gives value, currency, span and zero for the check-in reader', () => {
    expect(findAmounts('MRR is €6,000 now')).toEqual([{ value: 6000, currency: 'EUR', start: 7, end: 13, zero: false }]);
  });
});
