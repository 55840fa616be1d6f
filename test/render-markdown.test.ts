import { describe, expect, it } from 'vitest';
import { RelationshipDesign, type Segment, emptyDesign, newSegment } from '../src/core/design.ts';
import { designToMarkdown } from '../src/core/render/markdown.ts';
import { escapeBlock, escapeCell, escapeInline } from '../src/core/render/markdown-escape.ts';

const NOW = new Date('2026-11-24T10:00:00Z');

function segment(name: string, taken: string[], edit: (s: Segment) => void = () => {}): Segment {
  const s = newSegment(name, taken);
  edit(s);
  return s;
}

function studio(): RelationshipDesign {
  const d = emptyDesign(NOW);
  d.business = { description: 'A video-production studio for small brands', twoSided: false };
  const brands = segment('Small brands', [], (s) => {
    s.description = 'Shops and cafés making their first video';
    s.reach = 'direct';
    s.expected = { touch: 'high', industryNorm: 'agencies pitch in person', breakNorm: false };
    s.relationship = {
      types: ['personal_assistance', 'automated_service'],
      nature: 'hybrid',
      touch: 'medium',
      intimacy: 'hybrid',
      proactive: true,
      emotional: true,
    };
    s.lifecycle.acquisition = { tactics: ['showreel on social', 'referrals'], notes: 'one referral a month is the goal' };
    s.lifecycle.retention = { tactics: ['after-care call'], notes: null };
    s.lifecycle.growth = { tactics: ['seasonal campaign bundle'], notes: null };
    s.cost = { level: 'medium', monthlyCostPerCustomer: 80, revenuePerCustomer: 250, currency: 'GBP', notes: 'producer time' };
    s.touchpoints = [
      { step: 'Visits the website', thinkFeel: 'they get small brands', owner: 'website' },
      { step: 'First meeting', thinkFeel: 'listened to | not sold to', owner: 'Producer' },
      { step: 'Invoice', thinkFeel: 'no surprises', owner: null },
    ];
    s.competitors = { relationship: 'big agencies with account teams', advantage: 'one producer from brief to invoice' };
    s.rationale = '# Brands buy from people\nso the first meeting is always in person';
  });
  d.segments = [brands];
  return RelationshipDesign.parse(d);
}

describe('designToMarkdown', () => {
  const md = designToMarkdown(studio());

  it('starts with the block title and the business line', () => {
    expect(md.startsWith('# Customer Relationships\n\n**Business:** A video-production studio for small brands')).toBe(true);
  });

  it('lists every filled-in field of a segment', () => {
    expect(md).toContain('## Small brands');
    expect(md).toContain('Shops and cafés making their first video');
    expect(md).toContain('- **Reach:** direct');
    expect(md).toContain('- **Touch:** expected high, planned medium');
    expect(md).toContain('- **Industry norm:** agencies pitch in person (we follow it)');
    expect(md).toContain('- **Relationship:** personal assistance, automated service');
    expect(md).toContain('- **Nature:** part one-off, part long-term');
    expect(md).toContain('- **Intimacy:** automated, with a person when it matters; we reach out first; personal gestures');
    expect(md).toContain('- **Cost:** medium · £80 of the £250 a customer pays each month (32% of revenue)');
    expect(md).toContain('- **Cost notes:** producer time');
  });

  it('shows lifecycle tactics with their notes', () => {
    expect(md).toContain('### Lifecycle\n\n- **Win:** showreel on social, referrals\n  - one referral a month is the goal\n');
    expect(md).toContain('- **Keep:** after-care call');
    expect(md).toContain('- **Grow:** seasonal campaign bundle');
  });

  it('renders touchpoints as a table with think/feel and owner, escaping pipes', () => {
    expect(md).toContain('| # | Step | Think and feel | Owner |\n| --- | --- | --- | --- |\n');
    expect(md).toContain('| 1 | Visits the website | they get small brands | website |');
    expect(md).toContain('| 2 | First meeting | listened to \\| not sold to | Producer |');
    expect(md).toContain('| 3 | Invoice | no surprises |  |');
  });

  it('includes competitors and the rationale, with a leading # neutralised', () => {
    expect(md).toContain('- **What they offer:** big agencies with account teams');
    expect(md).toContain('- **Where we do better:** one producer from brief to invoice');
    expect(md).toContain('### Why this relationship\n\n\\# Brands buy from people\nso the first meeting');
    expect(md).not.toMatch(/^# Brands/m);
  });

  it('ends with the findings, naming the segment', () => {
    expect(md).toContain('## Coach’s findings');
    expect(md).toContain('- **Note · Small brands:** This segment expects high touch and you plan medium.');
  });

  it('leaves out parts that are empty', () => {
    const d = emptyDesign(NOW);
    d.segments = [
      segment('Riders', [], (s) => {
        s.relationship.types = ['automated_service'];
      }),
      newSegment('Drivers', ['riders']),
    ];
    const out = designToMarkdown(RelationshipDesign.parse(d));
    expect(out).not.toContain('**Business:**');
    expect(out).not.toContain('### Lifecycle');
    expect(out).not.toContain('### Touchpoints');
    expect(out).not.toContain('### Competitors');
    expect(out).not.toContain('Coach’s findings');
    expect(out).not.toContain('null');
    expect(out).toContain('## Riders\n\n- **Relationship:** automated service');
    expect(out).toContain('## Drivers\n\n_Not designed yet._');
  });

  it('says so when there are no segments', () => {
    expect(designToMarkdown(emptyDesign(NOW))).toContain('_No customer segments yet._');
  });

  it('keeps user text from becoming markup', () => {
    const d = emptyDesign(NOW);
    d.business.description = 'Books *and* [more]';
    d.segments = [segment('# VIPs | gold', [], (s) => (s.competitors = { relationship: '<b>bold</b>', advantage: null }))];
    const out = designToMarkdown(RelationshipDesign.parse(d));
    expect(out).toContain('**Business:** Books \\*and\\* \\[more\\]');
    expect(out).toContain('## \\# VIPs \\| gold');
    expect(out).toContain('\\<b\\>bold\\</b\\>');
  });
});

describe('markdown escaping', () => {
  it('flattens and escapes inline text', () => {
    expect(escapeInline('a_b  *c*\n`d`')).toBe('a\\_b \\*c\\* \\`d\\`');
    expect(escapeCell('x | y')).toBe('x \\| y');
  });

  it('neutralises block markers at line starts only', () => {
    expect(escapeBlock('# title\n- item\n1. first\nplain - dash')).toBe('\\# title\n\\- item\n1\\. first\nplain - dash');
  });
});

describe('hash escaping', () => {
  it('escapes a # that could open or close a heading, not one inside a word', () => {
    expect(escapeInline('# VIPs #')).toBe('\\# VIPs \\#');
    expect(escapeInline('C# shops')).toBe('C# shops');
  });
});
