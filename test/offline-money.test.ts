import { describe, expect, it } from 'vitest';
import { offlineExtract } from '../src/understanding/offline/index.ts';
import { findAmounts } from '../src/understanding/offline/money.ts';
import { normalise } from '../src/understanding/offline/text.ts';

// Amounts, currencies, periods, and which amount is cost and which is revenue.

describe('amounts and currencies', () => {
  const table: [string, number, string | null, number][] = [
    ['$12/month', 12, 'USD', 12],
    ['12 USD a month', 12, 'USD', 12],
    ['12 usd per month', 12, 'USD', 12],
    ['€300 per agency per month', 300, 'EUR', 300],
    ['£1.5k', 1500, 'GBP', 1500],
    ['1,200 EUR', 1200, 'EUR', 1200],
    ['300 euros', 300, 'EUR', 300],
    ['2k a year', 2000, null, 166.67],
    ['£24,000 per year', 24000, 'GBP', 2000],
    ['¥5000', 5000, 'JPY', 5000],
    ['₹999 per user per month', 999, 'INR', 999],
    ['Rs 500 monthly', 500, 'INR', 500],
    ['A$30 a week', 30, 'AUD', 130],
    ['CHF 80', 80, 'CHF', 80],
    ['1.200,50 €', 1200.5, 'EUR', 1200.5],
    ['$90 a quarter', 90, 'USD', 30],
  ];
  it.each(table)('%s → %d %s (%d a month)', (text, value, currency, monthly) => {
    const [a] = findAmounts(normalise(text));
    expect(a).toMatchObject({ value, currency, monthly });
  });

  it.each(['agencies of 5-20 people', '3 staff and 40 users', 'in 2 weeks', 'free trial for 14 days'])('%s has no amount', (text) => {
    expect(findAmounts(normalise(text)).filter((a) => !a.zero)).toEqual([]);
  });
});

describe('cost step', () => {
  const table: [string, { level?: string | null; monthlyCostPerCustomer?: number | null; revenuePerCustomer?: number | null; currency?: string | null }][] = [
    ['almost nothing, they pay $12/month', { level: 'low', monthlyCostPerCustomer: 0, revenuePerCustomer: 12, currency: 'USD' }],
    ['the account manager costs us $300 of the $400 each agency pays per month', { level: 'high', monthlyCostPerCustomer: 300, revenuePerCustomer: 400, currency: 'USD' }],
    ['it costs us $100 and they pay $400 a month', { level: 'medium', monthlyCostPerCustomer: 100, revenuePerCustomer: 400 }],
    ['they pay 12 USD a month and it costs us 1 USD', { level: 'low', monthlyCostPerCustomer: 1, revenuePerCustomer: 12 }],
    ['about 2k a year per client, they pay £1.5k a month', { monthlyCostPerCustomer: 166.67, revenuePerCustomer: 1500, currency: 'GBP' }],
    ['we spend 1,200 EUR per customer per year; revenue 500 EUR monthly', { monthlyCostPerCustomer: 100, revenuePerCustomer: 500, currency: 'EUR' }],
    ['€300 per agency per month', { monthlyCostPerCustomer: 300, revenuePerCustomer: null, currency: 'EUR' }],
    ['nothing', { level: 'low', monthlyCostPerCustomer: 0 }],
    ['free', { level: 'low', monthlyCostPerCustomer: 0 }],
    ['pretty expensive, mostly support time', { level: 'high', monthlyCostPerCustomer: null }],
    ['moderate', { level: 'medium' }],
    ['they pay 300 euros, serving them costs 30', { level: 'low', monthlyCostPerCustomer: 30, revenuePerCustomer: 300, currency: 'EUR' }],
    ['revenue is $50 a month and support costs $20', { level: 'high', monthlyCostPerCustomer: 20, revenuePerCustomer: 50 }],
    ['hmm not sure', { level: null, monthlyCostPerCustomer: null, revenuePerCustomer: null, currency: null }],
  ];
  it.each(table)('%s', (answer, want) => expect(offlineExtract('cost', answer, {})).toMatchObject(want));

  it('keeps words that are not amounts as notes', () => {
    expect(offlineExtract('cost', 'it is expensive, mostly support time', {}).notes).toBe('mostly support time');
    expect(offlineExtract('cost', 'almost nothing, they pay $12/month', {}).notes).toBeNull();
  });
});
