import { describe, expect, it } from 'vitest';
import { CHECKS, CHECK_CODES, currentFindings, runChecks } from '../src/coaching/index.ts';
import { compareAcquisition, compareCostToRevenue, paybackMonths, perMonth } from '../src/coaching/amounts.ts';
import { type Amount, RelationshipDesign, type Segment, emptyDesign, newSegment } from '../src/core/design.ts';

const NOW = new Date('2026-11-24T10:00:00Z');

function segment(name: string, edit: (s: Segment) => void = () => {}): Segment {
  const s = newSegment(name, []);
  edit(s);
  return s;
}

function design(segments: Segment[], business: Partial<RelationshipDesign['business']> = {}): RelationshipDesign {
  const d = emptyDesign(NOW);
  d.business = { ...d.business, ...business };
  d.segments = segments;
  return RelationshipDesign.parse(d); // fixtures must satisfy the contract
}

// The canvas note is advice that every designed relationship gets, not a problem found;
// test/coaching-checks-new.test.ts covers it, so the lists here leave it out.
function codes(d: RelationshipDesign): string[] {
  return runChecks(d).map((f) => f.code).filter((c) => c !== 'canvas_implications');
}

function only(d: RelationshipDesign, code: string) {
  const found = runChecks(d).filter((f) => f.code === code);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The two segments of the example conversation. */
function agencyExample(): RelationshipDesign {
  return design(
    [
      segment('Freelance designers', (s) => {
        s.expected.touch = 'low';
        s.expected.industryNorm = 'every SaaS tool is self-serve';
        s.expected.breakNorm = false;
        s.relationship.types = ['self_service', 'community'];
        s.relationship.nature = 'long_term';
        s.relationship.touch = 'low';
        s.lifecycle.acquisition.tactics = ['referrals', 'content'];
        s.lifecycle.retention.tactics = ['onboarding emails', 'forum'];
        s.lifecycle.growth.tactics = ['premium tier'];
        s.cost = { level: 'low', relationship: { value: 0, per: 'month' }, revenue: { value: 12, per: 'month' }, acquisition: null, currency: 'USD', notes: null };
      }),
      segment('Small agencies', (s) => {
        s.expected.touch = 'high';
        s.relationship.types = ['dedicated_personal_assistance'];
        s.relationship.nature = 'long_term';
        s.relationship.touch = 'high';
        s.lifecycle.acquisition.tactics = ['direct sales'];
        s.lifecycle.retention.tactics = ['quarterly reviews'];
        s.cost = { level: 'high', relationship: { value: 300, per: 'month' }, revenue: { value: 400, per: 'month' }, acquisition: null, currency: 'USD', notes: null };
      }),
    ],
    { description: 'A project-management app for creative work, priced per seat' },
  );
}

describe('the check table', () => {
  it('has one check per code, each code once', () => {
    expect(CHECKS.map((c) => c.code).sort()).toEqual([...CHECK_CODES].sort());
  });

  it('codes are snake_case', () => {
    for (const code of CHECK_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it('says nothing about an empty design or segments with nothing filled in', () => {
    expect(runChecks(design([]))).toEqual([]);
    expect(runChecks(design([segment('Students'), segment('Teachers')]))).toEqual([]);
  });

  it('produces findings that satisfy the contract', () => {
    const d = agencyExample();
    const findings = runChecks(d);
    expect(findings.length).toBeGreaterThan(0);
    expect(() => RelationshipDesign.parse({ ...d, findings })).not.toThrow();
  });

  it('lists warnings first, then business-wide, then by segment order, deterministically', () => {
    const d = design([
      segment('Walk-ins', (s) => {
        s.relationship.types = ['community'];
        s.expected.breakNorm = true;
      }),
      segment('Corporate', (s) => {
        s.relationship.types = ['dedicated_personal_assistance'];
        s.cost = { level: 'high', relationship: { value: 90, per: 'month' }, revenue: { value: 100, per: 'month' }, acquisition: null, currency: 'EUR', notes: null };
      }),
    ], { twoSided: true });
    const findings = runChecks(d);
    const severities = findings.map((f) => f.severity);
    expect(severities).toEqual([...severities].sort((a, b) => (a === b ? 0 : a === 'warning' ? -1 : 1)));
    expect(findings.map((f) => [f.segmentId, f.code])).toEqual([
      ['walk-ins', 'norm_break_unexplained'],
      ['corporate', 'high_touch_low_margin'],
      [null, 'canvas_implications'],
      ['walk-ins', 'community_not_seeded'],
    ]);
    expect(runChecks(d)).toEqual(findings);
  });
});

describe('high_touch_low_margin', () => {
  it('fires when the relationship eats most of the revenue, with the team numbers', () => {
    const f = only(agencyExample(), 'high_touch_low_margin');
    expect(f).toMatchObject({ segmentId: 'small-agencies', severity: 'warning' });
    expect(f.message).toContain('$300');
    expect(f.message).toContain('$400');
    expect(f.message).toContain('75%');
    expect(f.message).toMatch(/^Dedicated personal assistance costs/);
    expect(f.message).toMatch(/hybrid/);
  });

  it('names the person the way the team does', () => {
    const d = agencyExample();
    d.segments[1]!.touchpoints = [{ step: 'Kick-off', thinkFeel: 'looked after', owner: 'Account manager' }];
    expect(only(d, 'high_touch_low_margin').message).toMatch(/^The account manager costs \$300 a month of the \$400 a month/);
  });

  it('formats money in the team currency', () => {
    const d = design([
      segment('Clinics', (s) => {
        s.relationship.touch = 'high';
        s.relationship.types = ['personal_assistance'];
        s.cost = { level: null, relationship: { value: 1250.5, per: 'month' }, revenue: { value: 2000, per: 'month' }, acquisition: null, currency: 'eur', notes: null };
      }),
    ]);
    expect(only(d, 'high_touch_low_margin').message).toContain('€1,250.50 a month of the €2,000 a month');
  });

  it('fires for a segment described as price-sensitive when no numbers are known', () => {
    const d = design([
      segment('Students', (s) => {
        s.description = 'Students on a tight budget';
        s.relationship.types = ['dedicated_personal_assistance'];
      }),
    ]);
    expect(only(d, 'high_touch_low_margin').message).toContain('"Students on a tight budget"');
  });

  it('is silent when the margin is healthy, even for a price-sensitive segment', () => {
    const d = design([
      segment('Students', (s) => {
        s.description = 'price-sensitive';
        s.relationship.types = ['dedicated_personal_assistance'];
        s.cost = { level: 'high', relationship: { value: 40, per: 'month' }, revenue: { value: 400, per: 'month' }, acquisition: null, currency: 'USD', notes: null };
      }),
    ]);
    expect(codes(d)).not.toContain('high_touch_low_margin');
  });

  it('is silent for a light relationship with a thin margin', () => {
    const d = design([
      segment('Shoppers', (s) => {
        s.relationship.types = ['self_service'];
        s.relationship.touch = 'low';
        s.cost = { level: 'low', relationship: { value: 6, per: 'month' }, revenue: { value: 10, per: 'month' }, acquisition: null, currency: 'USD', notes: null };
      }),
    ]);
    expect(codes(d)).toEqual([]);
  });
});

describe('cost_exceeds_revenue', () => {
  it('warns when a customer costs more than they pay', () => {
    const d = design([
      segment('Enterprises', (s) => {
        s.relationship.types = ['personal_assistance'];
        s.cost = { level: 'medium', relationship: { value: 500, per: 'month' }, revenue: { value: 450, per: 'month' }, acquisition: null, currency: 'GBP', notes: null };
      }),
    ]);
    const f = only(d, 'cost_exceeds_revenue');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('£500');
    expect(f.message).toContain('£450');
    expect(f.message).toContain('111%');
    expect(codes(d)).not.toContain('high_touch_low_margin');
  });

  it('notes a segment that pays nothing but costs something', () => {
    const d = design([
      segment('Riders', (s) => {
        s.cost = { level: 'low', relationship: { value: 2, per: 'month' }, revenue: { value: 0, per: 'month' }, acquisition: null, currency: 'USD', notes: null };
      }),
    ]);
    const f = only(d, 'cost_exceeds_revenue');
    expect(f.severity).toBe('info');
    expect(f.message).toContain('$2');
  });

  it('keeps an unknown currency word instead of failing', () => {
    const d = design([
      segment('Locals', (s) => {
        s.cost = { level: null, relationship: { value: 30, per: 'month' }, revenue: { value: 20, per: 'month' }, acquisition: null, currency: 'dollars', notes: null };
      }),
    ]);
    expect(only(d, 'cost_exceeds_revenue').message).toContain('30 dollars');
  });

  it('is silent when cost is below revenue or unknown', () => {
    expect(codes(agencyExample())).not.toContain('cost_exceeds_revenue');
    const d = design([segment('X', (s) => (s.cost.relationship = { value: 50, per: 'month' }))]);
    expect(codes(d)).not.toContain('cost_exceeds_revenue');
  });
});

describe('touch gaps', () => {
  const gap = (expected: 'high' | 'medium' | 'low', planned: 'high' | 'medium' | 'low') =>
    design([
      segment('Brides', (s) => {
        s.expected.touch = expected;
        s.relationship.touch = planned;
        s.relationship.types = ['automated_service'];
      }),
    ]);

  it('warns when planned touch is well below expectation', () => {
    const f = only(gap('high', 'low'), 'touch_below_expectation');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('expects high touch and you plan low');
  });

  it('remarks on a one-step gap below', () => {
    expect(only(gap('medium', 'low'), 'touch_below_expectation').severity).toBe('info');
  });

  it('warns when planned touch is well above expectation', () => {
    const f = only(gap('low', 'high'), 'touch_above_expectation');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('expects low touch and you plan high');
    expect(only(gap('low', 'medium'), 'touch_above_expectation').severity).toBe('info');
  });

  it('is silent when they match or one side is unknown', () => {
    expect(codes(gap('low', 'low'))).toEqual([]);
    const d = design([segment('A', (s) => (s.expected.touch = 'high'))]);
    expect(codes(d)).toEqual([]);
  });
});

describe('no_retention', () => {
  it('warns when there are tactics to win and grow but none to keep', () => {
    const d = design([
      segment('Shoppers', (s) => {
        s.relationship.types = ['self_service'];
        s.lifecycle.acquisition.tactics = ['search ads'];
        s.lifecycle.growth.tactics = ['bundles'];
      }),
    ]);
    const f = only(d, 'no_retention');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('win them (search ads)');
    expect(f.message).toContain('grow them (bundles)');
  });

  it('is softer when a community or subscription already does some of the keeping', () => {
    const d = design([
      segment('Gamers', (s) => {
        s.relationship.types = ['community', 'automated_service'];
        s.lifecycle.acquisition.tactics = ['streamers'];
      }),
    ]);
    const f = only(d, 'no_retention');
    expect(f.severity).toBe('info');
    expect(f.message).toContain('community');
  });

  it('is silent before the lifecycle is discussed, or when retention has a tactic or a note', () => {
    expect(codes(design([segment('A', (s) => (s.relationship.types = ['self_service']))]))).not.toContain('no_retention');
    expect(codes(agencyExample())).not.toContain('no_retention');
    const noted = design([
      segment('B', (s) => {
        s.relationship.types = ['self_service'];
        s.lifecycle.acquisition.tactics = ['ads'];
        s.lifecycle.retention.notes = 'still thinking about it';
      }),
    ]);
    expect(codes(noted)).not.toContain('no_retention');
  });
});

describe('transactional_but_repeat', () => {
  it('fires when a transactional relationship relies on coming back', () => {
    const d = design([
      segment('Tax filers', (s) => {
        s.relationship.types = ['personal_assistance', 'subscription'];
        s.relationship.nature = 'transactional';
        s.lifecycle.retention.tactics = ['yearly renewal reminder'];
        s.lifecycle.growth.tactics = ['monthly bookkeeping'];
      }),
    ]);
    const f = only(d, 'transactional_but_repeat');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('subscription');
    expect(f.message).toContain('"yearly renewal reminder"');
    expect(f.message).toContain('monthly bookkeeping');
  });

  it('is silent for a true one-off sale, or a long-term relationship', () => {
    const oneOff = design([
      segment('Tourists', (s) => {
        s.relationship.types = ['personal_assistance'];
        s.relationship.nature = 'transactional';
        s.lifecycle.acquisition.tactics = ['street signs'];
        s.lifecycle.retention.tactics = ['friendly staff'];
      }),
    ]);
    expect(codes(oneOff)).not.toContain('transactional_but_repeat');
    expect(codes(agencyExample())).not.toContain('transactional_but_repeat');
  });
});

describe('community_not_seeded', () => {
  it('asks who answers first, naming the team place', () => {
    const f = only(agencyExample(), 'community_not_seeded');
    expect(f).toMatchObject({ segmentId: 'freelance-designers', severity: 'info' });
    expect(f.message).toContain('"forum"');
    expect(f.message).toMatch(/who answers the first questions/);
  });

  it('is silent once someone seeds it', () => {
    const d = agencyExample();
    d.segments[0]!.lifecycle.retention.notes = 'Five power users moderate the forum';
    expect(codes(d)).not.toContain('community_not_seeded');
  });

  it('is silent without a community', () => {
    const d = agencyExample();
    d.segments[0]!.relationship.types = ['self_service'];
    expect(codes(d)).not.toContain('community_not_seeded');
  });
});

describe('co_creation_no_channel', () => {
  const creators = (edit: (s: Segment) => void = () => {}) =>
    design([
      segment('Creators', (s) => {
        s.relationship.types = ['co_creation'];
        edit(s);
      }),
    ]);

  it('fires when nothing says where customers contribute', () => {
    expect(only(creators(), 'co_creation_no_channel').severity).toBe('info');
  });

  it('is silent with a channel, or with a community', () => {
    expect(codes(creators((s) => (s.lifecycle.retention.tactics = ['public ideas board'])))).not.toContain(
      'co_creation_no_channel',
    );
    expect(codes(creators((s) => s.relationship.types.push('community')))).not.toContain('co_creation_no_channel');
  });
});

describe('dedicated_everywhere', () => {
  const dedicated = (name: string, edit: (s: Segment) => void = () => {}) =>
    segment(name, (s) => {
      s.relationship.types = ['dedicated_personal_assistance'];
      s.relationship.intimacy = 'personal';
      edit(s);
    });

  it('fires, business-wide, when every segment has a named person', () => {
    const d = design([dedicated('Agencies'), dedicated('Studios')]);
    const f = only(d, 'dedicated_everywhere');
    expect(f).toMatchObject({ segmentId: null, severity: 'warning' });
    expect(f.message).toContain('all 2 segments (Agencies and Studios)');
  });

  it('fires for a single segment of a business meant to scale', () => {
    const d = design([dedicated('Teams')], { description: 'A SaaS app for rota planning' });
    expect(only(d, 'dedicated_everywhere').message).toContain('"A SaaS app for rota planning"');
  });

  it('is silent for one segment of a luxury business, or when one segment is lighter', () => {
    expect(codes(design([dedicated('Wealthy clients')], { description: 'A jeweller in a mall' }))).toEqual([]);
    const mixed = design([dedicated('Agencies'), segment('Freelancers', (s) => (s.relationship.types = ['self_service']))]);
    expect(codes(mixed)).not.toContain('dedicated_everywhere');
    const hybrid = design([dedicated('Agencies'), dedicated('Studios', (s) => s.relationship.types.push('automated_service'))]);
    expect(codes(hybrid)).not.toContain('dedicated_everywhere');
  });
});

describe('norm_break_unexplained', () => {
  it('fires when the team breaks a norm without a reason, quoting the norm', () => {
    const d = design([
      segment('Gown buyers', (s) => {
        s.expected.industryNorm = 'fittings in person';
        s.expected.breakNorm = true;
      }),
    ]);
    const f = only(d, 'norm_break_unexplained');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('"fittings in person"');
  });

  it('is silent with a reason, or when following the norm', () => {
    const reasoned = design([
      segment('Gown buyers', (s) => {
        s.expected.breakNorm = true;
        s.rationale = 'A 3D body scan replaces the fitting';
      }),
    ]);
    expect(codes(reasoned)).not.toContain('norm_break_unexplained');
    expect(codes(agencyExample())).not.toContain('norm_break_unexplained');
  });
});

describe('two_sided_one_segment', () => {
  it('fires for a two-sided business with a single segment', () => {
    const f = only(design([segment('Hosts')], { twoSided: true }), 'two_sided_one_segment');
    expect(f).toMatchObject({ segmentId: null, severity: 'warning' });
    expect(f.message).toContain('"Hosts"');
  });

  it('is silent with two sides, with no segments yet, or for a one-sided business', () => {
    expect(codes(design([segment('Hosts'), segment('Guests')], { twoSided: true }))).toEqual([]);
    expect(codes(design([], { twoSided: true }))).toEqual([]);
    expect(codes(design([segment('Hosts')]))).toEqual([]);
  });
});

describe('no_relationship_type', () => {
  it('fires once later answers exist but no type was chosen', () => {
    const d = design([
      segment('Parents', (s) => {
        s.relationship.nature = 'long_term';
        s.lifecycle.acquisition.tactics = ['school fairs'];
      }),
    ]);
    expect(only(d, 'no_relationship_type').severity).toBe('info');
  });

  it('is silent while only expectations are known, or once a type is chosen', () => {
    expect(codes(design([segment('Parents', (s) => (s.expected.touch = 'medium'))]))).toEqual([]);
    expect(codes(agencyExample())).not.toContain('no_relationship_type');
  });
});

describe('currentFindings', () => {
  it('replaces stale rule findings and keeps findings from elsewhere', () => {
    const d = agencyExample();
    d.findings = [
      { segmentId: 'small-agencies', code: 'touch_below_expectation', severity: 'warning', message: 'stale' },
      { segmentId: null, code: 'mentor_note', severity: 'info', message: 'Talk to Ana about pricing.' },
      { segmentId: 'gone', code: 'mentor_note', severity: 'info', message: 'about a removed segment' },
    ];
    const messages = currentFindings(d).map((f) => f.message);
    expect(messages).not.toContain('stale');
    expect(messages).not.toContain('about a removed segment');
    expect(messages).toContain('Talk to Ana about pricing.');
  });
});

const month = (value: number): Amount => ({ value, per: 'month' });
const year = (value: number): Amount => ({ value, per: 'year' });
const once = (value: number): Amount => ({ value, per: 'one_off' });

describe('period arithmetic', () => {
  it('turns a year into months and leaves a one-off amount alone', () => {
    expect(perMonth(month(92))).toBe(92);
    expect(perMonth(year(12000))).toBe(1000);
    expect(perMonth(once(215))).toBeNull();
  });

  it('compares only on a like basis', () => {
    expect(compareCostToRevenue(month(92), year(12000))).toEqual({ basis: 'monthly', cost: 92, revenue: 1000 });
    expect(compareCostToRevenue(once(215), once(4200))).toEqual({ basis: 'one_off', cost: 215, revenue: 4200 });
    expect(compareCostToRevenue(once(600), month(100))).toEqual({ basis: 'payback', cost: 600, revenuePerMonth: 100, months: 6 });
    expect(compareCostToRevenue(month(50), once(4200))).toEqual({ basis: 'unknown', costPerMonth: 50, revenue: 4200 });
    expect(compareCostToRevenue(month(50), once(4200), 24)).toEqual({ basis: 'horizon', months: 24, cost: 1200, revenue: 4200 });
  });

  it('earns an acquisition cost back from the monthly margin', () => {
    expect(paybackMonths(600, 50)).toBe(12);
    expect(paybackMonths(600, 0)).toBeNull();
    expect(compareAcquisition(once(600), month(80), month(30))).toEqual({ basis: 'payback', cost: 600, margin: 50, months: 12 });
    expect(compareAcquisition(once(300), month(100), once(200))).toEqual({ basis: 'payback', cost: 500, margin: 100, months: 5 });
    expect(compareAcquisition(once(300), once(4200), once(215))).toEqual({ basis: 'per_sale', cost: 300, margin: 3985 });
    expect(compareAcquisition(once(300), once(4200), month(20))).toEqual({ basis: 'unknown' });
    expect(compareAcquisition(month(300), month(100), null)).toEqual({ basis: 'unknown' });
  });
});

describe('money on the period the team gave', () => {
  const priced = (cost: Partial<Segment['cost']>, edit: (s: Segment) => void = () => {}) =>
    design([
      segment('Regulars', (s) => {
        s.relationship.types = ['dedicated_personal_assistance'];
        s.cost = { ...s.cost, currency: 'EUR', ...cost };
        edit(s);
      }),
    ]);
  const messages = (d: RelationshipDesign) => runChecks(d).map((f) => f.message);

  it('reads the advisor example as a healthy share, not a loss', () => {
    const d = priced({ relationship: month(92), revenue: year(12000) });
    expect(codes(d)).not.toContain('cost_exceeds_revenue');
    expect(codes(d)).not.toContain('high_touch_low_margin');
  });

  it('shows a yearly amount as given, with its monthly figure', () => {
    const f = only(priced({ relationship: month(550), revenue: year(12000) }), 'high_touch_low_margin');
    expect(f.message).toContain('€550 a month of the €12,000 a year (€1,000 a month) a customer pays (55%)');
    const g = only(priced({ relationship: year(13000), revenue: month(1000) }), 'cost_exceeds_revenue');
    expect(g.message).toContain('€13,000 a year (≈ €1,083 a month) per customer');
    expect(g.message).toContain('€1,000 a month (108%)');
  });

  it('compares one-off amounts per sale and never calls them monthly', () => {
    const thin = only(priced({ relationship: once(2500), revenue: once(4200) }), 'high_touch_low_margin');
    expect(thin.message).toContain('€2,500 per sale against the €4,200 a customer pays once (60%)');
    const loss = only(priced({ relationship: once(5000), revenue: once(4200) }), 'cost_exceeds_revenue');
    expect(loss.message).toContain('€5,000 per sale against the €4,200 they pay once (119%)');
    expect(loss.message).toContain('every sale loses money');
    expect(codes(priced({ relationship: once(215), revenue: once(4200) }))).toEqual([]);
    for (const m of [thin.message, loss.message]) expect(m).not.toMatch(/month/);
  });

  it('turns a one-off relationship cost against recurring revenue into a payback', () => {
    expect(codes(priced({ relationship: once(600), revenue: month(100) }))).toEqual([]);
    const slow = only(priced({ relationship: once(2400), revenue: month(100) }), 'high_touch_low_margin');
    expect(slow.message).toContain('€2,400 once per customer, which takes 24 months of the €100 a month');
    expect(codes(priced({ relationship: once(2400), revenue: month(100) }))).not.toContain('cost_exceeds_revenue');
  });

  it('says the share per sale is unknown for a recurring cost against a one-off sale', () => {
    const d = priced({ relationship: month(50), revenue: once(4200) });
    expect(codes(d)).toEqual(['cost_share_unknown']);
    const f = only(d, 'cost_share_unknown');
    expect(f.severity).toBe('info');
    expect(f.message).toContain('€50 a month per customer');
    expect(f.message).toContain('€4,200 once');
    expect(f.message).toMatch(/unknown/);
    expect(f.message).not.toMatch(/%/);
  });

  it('never says every customer loses money from a one-off acquisition cost alone', () => {
    const d = priced({ relationship: month(20), revenue: month(30), acquisition: once(5000) }, (s) => {
      s.relationship.types = ['self_service'];
    });
    expect(codes(d)).toEqual(['acquisition_payback']);
    expect(messages(d).join(' ')).not.toMatch(/loses money/);
    const f = only(d, 'acquisition_payback');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('€5,000 once');
    expect(f.message).toContain('the €30 a month a customer pays, less €20 a month to keep them');
    expect(f.message).toContain('500 months');
  });

  it('gives the payback of acquisition against a yearly price, and is silent when it is quick', () => {
    const slow = only(priced({ revenue: year(1200), acquisition: once(1500) }), 'acquisition_payback');
    expect(slow.severity).toBe('info');
    expect(slow.message).toContain('€1,200 a year (€100 a month)');
    expect(slow.message).toContain('15 months');
    expect(codes(priced({ relationship: month(20), revenue: month(100), acquisition: once(200) }))).not.toContain(
      'acquisition_payback',
    );
  });

  it('compares acquisition with a one-off sale per sale', () => {
    const f = only(priced({ revenue: once(250), acquisition: once(300) }), 'acquisition_payback');
    expect(f.message).toContain('€300 per sale against the €250 they pay once');
    expect(f.message).not.toMatch(/month/);
    expect(codes(priced({ revenue: once(4200), acquisition: once(300) }))).not.toContain('acquisition_payback');
  });
});

describe('quoting the team', () => {
  it('never clips their words: a long text is narrowed to the whole sentence that matters', () => {
    const description =
      'We started as two friends who loved planning shifts on paper for the cafe down the road. ' +
      'Now we are building a SaaS app for rota planning that any small team can use.';
    const d = design([segment('Cafes', (s) => (s.relationship.types = ['dedicated_personal_assistance']))], { description });
    const f = only(d, 'dedicated_everywhere');
    expect(f.message).toContain('"Now we are building a SaaS app for rota planning that any small team can use."');
    expect(f.message).not.toContain('…');
  });
});
