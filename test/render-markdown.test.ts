import { describe, expect, it } from 'vitest';
import { currentFindings } from '../src/coaching/index.ts';
import { type Amount, RelationshipDesign, type Segment, emptyDesign, newSegment } from '../src/core/design.ts';
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
    s.cost = { level: 'medium', relationship: { value: 80, per: 'month' }, revenue: { value: 250, per: 'month' }, acquisition: null, currency: 'GBP', notes: 'producer time' };
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
  const design = studio();
  const md = designToMarkdown(design, currentFindings(design));

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

describe('amounts in the export', () => {
  const once = (value: number): Amount => ({ value, per: 'one_off' });
  const priced = (cost: Partial<Segment['cost']>) => {
    const d = emptyDesign(NOW);
    d.segments = [
      segment('Couples', [], (s) => {
        s.relationship.types = ['dedicated_personal_assistance'];
        s.cost = { ...s.cost, currency: 'EUR', ...cost };
      }),
    ];
    const parsed = RelationshipDesign.parse(d);
    return designToMarkdown(parsed, currentFindings(parsed));
  };

  it('never calls a one-off amount monthly, in the facts or the findings', () => {
    const out = priced({ relationship: once(2500), revenue: once(4200), acquisition: once(300) });
    expect(out).toContain('- **Cost:** €2,500 per sale against the €4,200 a customer pays once (60% of the sale)');
    expect(out).toContain('- **Winning a customer:** €300 once');
    expect(out).toContain('€2,500 per sale against the €4,200 a customer pays once (60%)');
    expect(out).not.toMatch(/month/i);
  });

  it('keeps a yearly amount yearly', () => {
    const out = priced({ relationship: { value: 960, per: 'year' }, revenue: { value: 3000, per: 'year' } });
    expect(out).toContain('- **Cost:** €960 of the €3,000 a customer pays each year (32% of revenue)');
  });

  it('states amounts of different periods each with its own', () => {
    const out = priced({ relationship: { value: 50, per: 'month' }, revenue: once(4200) });
    expect(out).toContain('- **Cost:** €50 a month per customer; a customer pays €4,200 once');
    expect(out).toMatch(/share of each sale the relationship takes is unknown/);
  });
});

describe('the export is complete', () => {
  it('keeps long team text whole, in the facts and in the findings', () => {
    const long =
      'We started as two friends who loved planning shifts on paper for the cafe down the road, and people kept asking for copies. ' +
      'Now we are building a SaaS app for rota planning that any small team can use, with a person on hand for the big chains.';
    const notes = `Producer time is the big one: ${'half a day per brief, then edits and calls, '.repeat(5)}and the invoice.`;
    const d = emptyDesign(NOW);
    d.business.description = long;
    d.segments = [
      segment('Cafes', [], (s) => {
        s.relationship.types = ['dedicated_personal_assistance'];
        s.cost.notes = notes;
      }),
    ];
    const parsed = RelationshipDesign.parse(d);
    const out = designToMarkdown(parsed, currentFindings(parsed));
    expect(out).toContain(`**Business:** ${long}`);
    expect(out).toContain(`- **Cost notes:** ${notes.replace(/\s+/g, ' ').trim()}`);
    expect(out).toContain('"Now we are building a SaaS app for rota planning that any small team can use, with a person on hand for the big chains."');
    expect(out).not.toContain('…');
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
