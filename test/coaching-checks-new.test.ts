import { describe, expect, it } from 'vitest';
import { CHECK_CODES, runChecks } from '../src/coaching/index.ts';
import { rankFindings } from '../src/coaching/rank.ts';
import { type Amount, RelationshipDesign, type Segment, emptyDesign, newSegment } from '../src/core/design.ts';

// The checks added for the lessons' patterns: the hybrid, the two sides of a market, testing a
// relationship that breaks the norm, and what a relationship means for the rest of the canvas.
// Fixtures follow the well-known examples in domain.md.

const NOW = new Date('2026-11-24T10:00:00Z');
const month = (value: number): Amount => ({ value, per: 'month' });
const once = (value: number): Amount => ({ value, per: 'one_off' });

function segment(name: string, edit: (s: Segment) => void = () => {}): Segment {
  const s = newSegment(name, []);
  edit(s);
  return s;
}

function design(segments: Segment[], business: Partial<RelationshipDesign['business']> = {}): RelationshipDesign {
  const d = emptyDesign(NOW);
  d.business = { ...d.business, ...business };
  d.segments = segments;
  return RelationshipDesign.parse(d);
}

function priced(s: Segment, relationship: Amount | null, revenue: Amount | null, currency = 'EUR'): void {
  s.cost = { level: null, currency, relationship, revenue, acquisition: null, notes: null };
}

const findings = (d: RelationshipDesign, code: string) => runChecks(d).filter((f) => f.code === code);
function only(d: RelationshipDesign, code: string) {
  const found = findings(d, code);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('the new codes', () => {
  it('are registered once each, next to the old ones', () => {
    for (const code of ['hybrid_suggested', 'cross_subsidy', 'side_without_plan', 'norm_break_untested', 'canvas_implications']) {
      expect(CHECK_CODES.filter((c) => c === code)).toHaveLength(1);
    }
  });
});

describe('hybrid_suggested', () => {
  // An accounting firm moving small clients from a yearly filing to monthly advice.
  const accountants = (edit: (s: Segment) => void = () => {}) =>
    design(
      [
        segment('Sole traders', (s) => {
          s.description = 'thousands of sole traders who file once a year';
          s.relationship.types = ['dedicated_personal_assistance'];
          s.relationship.nature = 'long_term';
          priced(s, null, month(40));
          edit(s);
        }),
      ],
      { description: 'An accounting firm turning yearly filing into monthly advice' },
    );

  it('suggests a personal first sale and an automated back end for many, cheap customers, in their words', () => {
    const f = only(accountants(), 'hybrid_suggested');
    expect(f).toMatchObject({ segmentId: 'sole-traders', severity: 'info' });
    expect(f.message).toContain('a dedicated person for Sole traders');
    expect(f.message).toContain('a segment that is many ("thousands of sole traders who file once a year"), paying €40 a month');
    expect(f.message).toContain('paying €40 a month');
    expect(f.message).toMatch(/personal first sale or onboarding visit, then an automated back end/);
  });

  it('reads cheapness from the team words when there is no price', () => {
    // The beauty shop's young customers, after affordable, eye-catching products.
    const d = design([
      segment('Young women', (s) => {
        s.description = 'many young women after affordable products';
        s.relationship.types = ['personal_assistance'];
      }),
    ]);
    expect(only(d, 'hybrid_suggested').message).toContain('described as "many young women after affordable products"');
  });

  it('is silent for the jeweller: few, wealthy clients at a high margin', () => {
    const jeweller = design(
      [
        segment('Wealthy clients', (s) => {
          s.description = 'a few wealthy regulars';
          s.relationship.types = ['dedicated_personal_assistance'];
          priced(s, once(300), once(12000));
        }),
      ],
      { description: 'A luxury jeweller in a mall' },
    );
    expect(findings(jeweller, 'hybrid_suggested')).toEqual([]);
  });

  it('is silent when the relationship is already a hybrid or the price pays for a person', () => {
    expect(findings(accountants((s) => s.relationship.types.push('automated_service')), 'hybrid_suggested')).toEqual([]);
    expect(findings(accountants((s) => (s.relationship.intimacy = 'hybrid')), 'hybrid_suggested')).toEqual([]);
    expect(findings(accountants((s) => priced(s, null, month(400))), 'hybrid_suggested')).toEqual([]);
  });
});

describe('cross_subsidy', () => {
  // An internet-calling service: free callers, and subscribers who pay for calls to phones.
  const calling = (free: Amount, payingCost: Amount, payingRevenue: Amount) =>
    design(
      [
        segment('Free callers', (s) => {
          s.relationship.types = ['automated_service', 'community'];
          priced(s, free, month(0));
        }),
        segment('Subscribers', (s) => {
          s.relationship.types = ['automated_service'];
          priced(s, payingCost, payingRevenue);
        }),
      ],
      { description: 'Internet calling: free calls between users, paid calls to phones', twoSided: true },
    );

  it('fires with the ratio when the free side costs more to keep than a paying customer brings', () => {
    const f = only(calling(month(3), month(1), month(2)), 'cross_subsidy');
    expect(f).toMatchObject({ segmentId: 'free-callers', severity: 'warning' });
    expect(f.message).toContain('costs €3 a month more than they pay');
    expect(f.message).toContain('brings €1 a month after its own cost');
    // €1 of margin for €3 of free cost: a third of a free user each, three paying for each free one.
    expect(f.message).toContain('carries only 0.3 of a free one');
    expect(f.message).toContain('you need 3 paying for every free callers user');
  });

  it('says there is nothing to carry the free side with when the paying side loses money', () => {
    const f = only(calling(month(1), month(15), month(12)), 'cross_subsidy');
    expect(f.message).toContain('already lose €3 a month each');
  });

  it('compares a yearly price on a monthly basis', () => {
    const f = only(calling(month(2), month(0), { value: 12, per: 'year' }), 'cross_subsidy');
    expect(f.message).toContain('brings €1 a month');
  });

  it('leaves the free side to cross_subsidy rather than asking who pays for it', () => {
    expect(findings(calling(month(3), month(1), month(2)), 'cost_exceeds_revenue')).toEqual([]);
    const oneSided = calling(month(3), month(1), month(2));
    oneSided.business.twoSided = false;
    expect(only(oneSided, 'cost_exceeds_revenue').message).toMatch(/say which segment or upgrade pays for it/);
  });

  it('is silent when the paying side carries the free side, or for a one-sided business', () => {
    expect(findings(calling(month(0.2), month(1), month(5)), 'cross_subsidy')).toEqual([]);
    const oneSided = calling(month(3), month(1), month(2));
    oneSided.business.twoSided = false;
    expect(findings(oneSided, 'cross_subsidy')).toEqual([]);
  });
});

describe('side_without_plan', () => {
  // A search engine: searchers on one side, advertisers on the other.
  const search = (advertisers: (s: Segment) => void) =>
    design(
      [
        segment('Searchers', (s) => {
          s.relationship.types = ['automated_service'];
          s.lifecycle.retention.tactics = ['better results'];
        }),
        segment('Advertisers', advertisers),
      ],
      { description: 'A search engine paid for by advertisers', twoSided: true },
    );

  it('fires for the side that has no relationship plan, naming the side that has one', () => {
    const f = only(search(() => {}), 'side_without_plan');
    expect(f).toMatchObject({ segmentId: 'advertisers', severity: 'warning' });
    expect(f.message).toContain('Advertisers is one side of your market');
    expect(f.message).toContain('while Searchers has one');
  });

  it('is silent once both sides have a plan, or when no side has one yet', () => {
    expect(findings(search((s) => (s.relationship.types = ['automated_service'])), 'side_without_plan')).toEqual([]);
    const empty = design([segment('Searchers'), segment('Advertisers')], { twoSided: true });
    expect(findings(empty, 'side_without_plan')).toEqual([]);
  });

  it('leaves a side with later answers but no type to no_relationship_type', () => {
    const d = search((s) => priced(s, month(5), month(50)));
    expect(findings(d, 'side_without_plan')).toEqual([]);
    expect(findings(d, 'no_relationship_type')).toHaveLength(1);
  });
});

describe('norm_break_untested', () => {
  // Advertisers: negotiated ad buying replaced by automated auctions.
  const auctions = (edit: (s: Segment) => void = () => {}) =>
    design([
      segment('Advertisers', (s) => {
        s.expected.industryNorm = 'ad space negotiated with a sales rep';
        s.expected.breakNorm = true;
        s.rationale = 'small advertisers cannot afford a rep';
        s.relationship.types = ['automated_service'];
        edit(s);
      }),
    ]);

  it('asks for a test with real customers when a reasoned norm break has none', () => {
    const f = only(auctions(), 'norm_break_untested');
    expect(f.severity).toBe('info');
    expect(f.message).toContain('"ad space negotiated with a sales rep"');
    expect(f.message).toContain('"small advertisers cannot afford a rep"');
    expect(f.message).toMatch(/a few real customers/);
  });

  it('is silent once a test is planned, in any of the team notes', () => {
    expect(findings(auctions((s) => (s.lifecycle.acquisition.notes = 'Test first: a pilot with 20 local shops')), 'norm_break_untested')).toEqual([]);
    expect(findings(auctions((s) => s.lifecycle.acquisition.tactics.push('try it with ten advertisers')), 'norm_break_untested')).toEqual([]);
  });

  it('does not take a free trial for a test', () => {
    expect(findings(auctions((s) => s.lifecycle.acquisition.tactics.push('free trial')), 'norm_break_untested')).toHaveLength(1);
  });

  it('leaves an unexplained break to norm_break_unexplained, which asks for the test too', () => {
    const d = auctions((s) => (s.rationale = null));
    expect(findings(d, 'norm_break_untested')).toEqual([]);
    expect(only(d, 'norm_break_unexplained').message).toMatch(/try it with a few real customers first/);
  });
});

describe('canvas_implications', () => {
  // An online bookshop and a high-street bookshop: two relationships, different blocks behind them.
  const bookshops = () =>
    design([
      segment('Online readers', (s) => {
        s.relationship.types = ['automated_service', 'co_creation'];
        s.lifecycle.growth.tactics = ['recommendations from past purchases'];
      }),
      segment('High-street regulars', (s) => {
        s.relationship.types = ['dedicated_personal_assistance'];
        s.touchpoints = [{ step: 'asks for advice', thinkFeel: 'understood', owner: 'knowledgeable staff' }];
      }),
      segment('Book clubs', (s) => {
        s.relationship.types = ['community'];
        s.lifecycle.retention.tactics = ['monthly meetups in the shop'];
      }),
    ]);

  it('names key resources, cost structure, a channel and moderator, and key activities, in the team words', () => {
    const f = only(bookshops(), 'canvas_implications');
    expect(f).toMatchObject({ segmentId: null, severity: 'info' });
    expect(f.message).toContain('the staff (High-street regulars) are key resources to hire and train, and a line in your cost structure');
    expect(f.message).toContain('the community (meetups) of Book clubs needs a channel to live in and a moderator');
    expect(f.message).toContain('keeping the recommendations (Online readers) up to date is a key activity');
    expect(f.message.length).toBeLessThanOrEqual(600);
  });

  it('drops the community part once its place and moderators are named', () => {
    const d = bookshops();
    d.segments[2]!.lifecycle.retention.notes = 'two volunteers moderate the club forum';
    expect(only(d, 'canvas_implications').message).not.toContain('moderator');
  });

  it('is silent before any relationship is chosen', () => {
    expect(findings(design([segment('Readers')]), 'canvas_implications')).toEqual([]);
  });

  it('ranks below every problem found', () => {
    const d = bookshops();
    d.segments[1]!.cost = { level: 'high', currency: 'EUR', relationship: month(90), revenue: month(60), acquisition: null, notes: null };
    const ranked = rankFindings(runChecks(d)).map((f) => f.code);
    expect(ranked[0]).toBe('cost_exceeds_revenue');
    expect(ranked[ranked.length - 1]).toBe('canvas_implications');
  });
});
