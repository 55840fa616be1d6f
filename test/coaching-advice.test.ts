import { describe, expect, it } from 'vitest';
import { emptyDesign, newSegment, type Amount, type RelationshipDesign } from '../src/core/design.ts';
import { runChecks } from '../src/coaching/index.ts';

// Advice figures are worked out from the team's own numbers and say so.

function design(relationship: Amount, revenue: Amount, currency = 'EUR', dedicated = false): RelationshipDesign {
  const d = emptyDesign(new Date('2026-11-28T00:00:00Z'));
  const s = newSegment('Dealers', []);
  s.cost = { level: null, currency, relationship, revenue, acquisition: null, notes: null };
  if (dedicated) s.relationship.types = ['dedicated_personal_assistance'];
  d.segments.push(s);
  return d;
}

const message = (d: RelationshipDesign, code: string) => runChecks(d).find((f) => f.code === code)?.message ?? '';

describe('break-even and margin figures', () => {
  it('a loss-making monthly relationship names the break-even price and cost', () => {
    const m = message(design({ value: 45, per: 'month' }, { value: 29, per: 'month' }), 'cost_exceeds_revenue');
    expect(m).toMatch(/at least €45 a month/);
    expect(m).toMatch(/under €29 a month/);
    expect(m).toMatch(/from your figures/);
  });

  it('a loss per one-off sale names the break-even sale price', () => {
    const m = message(design({ value: 2500, per: 'one_off' }, { value: 2000, per: 'one_off' }), 'cost_exceeds_revenue');
    expect(m).toMatch(/a sale of at least €2,500/);
    expect(m).not.toMatch(/month/);
  });

  it('a thin margin says what is left per customer', () => {
    const m = message(design({ value: 300, per: 'month' }, { value: 400, per: 'month' }, 'USD', true), 'high_touch_low_margin');
    expect(m).toMatch(/leaves \$100 a month per customer/);
  });

  it('a yearly revenue is compared per month', () => {
    const m = message(design({ value: 1200, per: 'month' }, { value: 12000, per: 'year' }), 'cost_exceeds_revenue');
    expect(m).toMatch(/under €1,000 a month/);
  });
});
