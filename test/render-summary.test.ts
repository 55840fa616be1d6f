import { describe, expect, it } from 'vitest';
import { currentFindings } from '../src/coaching/index.ts';
import { RelationshipDesign, type Segment, emptyDesign, newSegment } from '../src/core/design.ts';
import { RELATIONSHIP_TYPES } from '../src/core/design.ts';
import { RELATIONSHIP_TYPE_LABELS, relationshipTypesLabel } from '../src/core/render/labels.ts';
import { formatMoney } from '../src/core/render/money.ts';
import { segmentLine, summaryCard } from '../src/core/render/summary.ts';

const NOW = new Date('2026-11-24T10:00:00Z');

function segment(name: string, taken: string[], edit: (s: Segment) => void = () => {}): Segment {
  const s = newSegment(name, taken);
  edit(s);
  return s;
}

function example(): RelationshipDesign {
  const d = emptyDesign(NOW);
  d.business.description = 'A project-management app for creative work, priced per seat';
  const designers = segment('Freelance designers', [], (s) => {
    s.expected.touch = 'low';
    s.relationship.types = ['self_service', 'community'];
    s.relationship.nature = 'long_term';
    s.relationship.touch = 'low';
    s.lifecycle.acquisition.tactics = ['referrals', 'content'];
    s.lifecycle.retention.tactics = ['onboarding emails', 'forum'];
    s.lifecycle.growth.tactics = ['premium tier'];
    s.cost = { level: 'low', relationship: { value: 0, per: 'month' }, revenue: { value: 12, per: 'month' }, acquisition: null, currency: 'USD', notes: null };
  });
  const agencies = segment('Small agencies', [designers.id], (s) => {
    s.expected.touch = 'high';
    s.relationship.types = ['dedicated_personal_assistance'];
    s.relationship.nature = 'long_term';
    s.relationship.touch = 'high';
    s.lifecycle.acquisition.tactics = ['direct sales'];
    s.lifecycle.retention.tactics = ['quarterly reviews'];
    s.cost = { level: null, relationship: { value: 300, per: 'month' }, revenue: { value: 400, per: 'month' }, acquisition: null, currency: 'USD', notes: null };
  });
  d.segments = [designers, agencies];
  return RelationshipDesign.parse(d);
}

describe('labels', () => {
  it('has a human label for every relationship type', () => {
    for (const type of RELATIONSHIP_TYPES) {
      expect(RELATIONSHIP_TYPE_LABELS[type]).toMatch(/^[a-z][a-z -]+$/);
      expect(RELATIONSHIP_TYPE_LABELS[type]).not.toContain('_');
    }
    expect(relationshipTypesLabel(['self_service', 'dedicated_personal_assistance'])).toBe(
      'self-service + dedicated personal assistance',
    );
  });

  it('formats money with the currency, whole amounts without cents', () => {
    expect(formatMoney(12, 'USD')).toBe('$12');
    expect(formatMoney(1234.5, 'EUR')).toBe('€1,234.50');
    expect(formatMoney(40, null)).toBe('40');
    expect(formatMoney(40, 'bananas')).toBe('40 bananas');
  });
});

describe('summaryCard', () => {
  it('gives one line per segment in the coach style', () => {
    const card = summaryCard(example());
    expect(card.kind).toBe('card');
    expect(card.title).toBe('Customer Relationships');
    const designers = card.sections.find((s) => s.heading === 'Freelance designers');
    expect(designers?.lines).toEqual([
      'self-service + community · low touch · long-term · cost low ($0 of $12/month) · ' +
        'win: referrals, content · keep: onboarding emails, forum · grow: premium tier',
    ]);
    const agencies = card.sections.find((s) => s.heading === 'Small agencies');
    expect(agencies?.lines[0]).toBe(
      'dedicated personal assistance · high touch · long-term · cost $300 of $400/month · ' +
        'win: direct sales · keep: quarterly reviews',
    );
  });

  it('shows each segment findings as its notes, warnings first', () => {
    const d = example();
    const card = summaryCard(d, currentFindings(d));
    const agencies = card.sections.find((s) => s.heading === 'Small agencies');
    expect(agencies?.notes[0]?.severity).toBe('warning');
    expect(agencies?.notes[0]?.text).toContain('$300 a month of the $400 a month');
    const designers = card.sections.find((s) => s.heading === 'Freelance designers');
    expect(designers?.notes.map((n) => n.severity)).toEqual(['info']);
    expect(designers?.notes[0]?.text).toContain('who answers the first questions');
  });

  it('opens with the business and its business-wide findings', () => {
    const d = example();
    d.business.twoSided = true;
    d.segments = d.segments.slice(0, 1);
    const [first] = summaryCard(d, currentFindings(d)).sections;
    expect(first?.heading).toBe('Business');
    expect(first?.lines[0]).toContain('A project-management app');
    expect(first?.lines[0]).toContain('two-sided');
    // The two-sided warning, then the note on what the relationship means for the rest of the canvas.
    expect(first?.notes.map((n) => n.severity)).toEqual(['warning', 'info']);
  });

  it('suggests the next commands in the footer', () => {
    const footer = summaryCard(example()).footer ?? '';
    expect(footer).toContain('`edit`');
    expect(footer).toContain('`export md`');
    expect(footer).toContain('`checkin every monday at 09:30`');
  });

  it('shows the expectation when planned touch differs', () => {
    const s = segment('Brides', [], (x) => {
      x.expected.touch = 'high';
      x.relationship.touch = 'low';
    });
    expect(segmentLine(s)).toBe('low touch (they expect high)');
  });

  it('copes with an empty design and an empty segment', () => {
    const empty = summaryCard(emptyDesign(NOW));
    expect(empty.sections).toHaveLength(1);
    expect(empty.sections[0]?.lines[0]).toMatch(/name your customer segments/);
    const d = emptyDesign(NOW);
    d.segments = [newSegment('Students', [])];
    const card = summaryCard(d);
    expect(card.sections).toEqual([{ heading: 'Students', lines: ['not designed yet'], notes: [] }]);
  });

  it('shows the findings it is given, else those stored in the design', () => {
    const d = example();
    d.findings = [{ segmentId: 'freelance-designers', code: 'no_retention', severity: 'warning', message: 'old' }];
    const fresh = summaryCard(d, currentFindings(d)).sections.flatMap((s) => s.notes.map((n) => n.text));
    expect(fresh).not.toContain('old');
    expect(fresh.length).toBeGreaterThan(0);
    const stored = summaryCard(d).sections.flatMap((s) => s.notes.map((n) => n.text));
    expect(stored).toEqual(['old']);
  });
});

describe('cost on the card', () => {
  const priced = (cost: Partial<Segment['cost']>) =>
    segmentLine(segment('Couples', [], (s) => (s.cost = { ...s.cost, currency: 'EUR', ...cost })));

  it('keeps the period the team gave: per sale, per year, or each on its own', () => {
    expect(priced({ relationship: { value: 215, per: 'one_off' }, revenue: { value: 4200, per: 'one_off' } })).toBe(
      'cost €215 of €4,200 per sale',
    );
    expect(priced({ level: 'high', relationship: { value: 960, per: 'year' }, revenue: { value: 3000, per: 'year' } })).toBe(
      'cost high (€960 of €3,000/year)',
    );
    expect(priced({ relationship: { value: 50, per: 'month' }, revenue: { value: 4200, per: 'one_off' } })).toBe(
      'cost €50/month per customer; pays €4,200 one-off',
    );
    expect(priced({ revenue: { value: 12000, per: 'year' } })).toBe('pays €12,000/year');
  });

  it('adds what winning a customer costs', () => {
    expect(priced({ level: 'low', acquisition: { value: 300, per: 'one_off' } })).toBe('cost low, €300 one-off to win a customer');
    expect(priced({ acquisition: { value: 300, per: 'one_off' } })).toBe('€300 one-off to win a customer');
  });

  it('never calls a one-off amount monthly', () => {
    const line = priced({ relationship: { value: 215, per: 'one_off' }, revenue: { value: 40, per: 'month' } });
    expect(line).toBe('cost €215 one-off per customer; pays €40/month');
  });
});
