import { describe, expect, it } from 'vitest';
import { offlineExtract } from '../src/understanding/offline/index.ts';

// Hostile input is read in bounded pieces (bench/understanding-worst.ts times it); these
// check that the bounds cost nothing a real answer says.

const ADVISOR = 'each senior advisor costs us about €5,500 a month all in and looks after roughly 60 regulars. ';

describe('answers padded with hostile text', () => {
  it('a run of digits no one writes as a number is skipped; the amounts before it are still read', () => {
    const d = offlineExtract('cost', `${ADVISOR}${'1'.repeat(3000)}`, {});
    expect(d.relationship).toMatchObject({ value: 91.67, per: 'month' });
    expect(d.currency).toBe('EUR');
  });

  it('a corrected amount is still dropped beside a long run of digits and commas', () => {
    const d = offlineExtract('cost', `${'1,'.repeat(1000)}\nkeg is €95, no sorry €85 per pub a month`, {});
    expect(d.revenue ?? d.relationship).toMatchObject({ value: 85 });
  });

  it('check-in figures are read before a long run of digits', () => {
    const d = offlineExtract('checkin', `churn 4.5% -> 3.9%. ${'9'.repeat(3000)}`, {});
    expect(d.metrics[0]).toMatchObject({ name: 'churn', value: 3.9, previous: 4.5, unit: '%' });
  });

  it('every amount of a long money report keeps its currency, not only the first few', () => {
    const names = ['mrr', 'revenue', 'gmv', 'arr', 'sales', 'fees', 'tips', 'refunds', 'payouts'];
    const d = offlineExtract('checkin', names.map((n, i) => `${n} €${(i + 1) * 100}`).join('; '), {});
    expect(d.metrics.length).toBeGreaterThanOrEqual(8);
    for (const m of d.metrics) expect(m.unit).toBe('EUR');
  });
});
