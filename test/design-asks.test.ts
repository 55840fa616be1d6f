import { describe, expect, it } from 'vitest';
import { RelationshipDesign, emptyDesign, newSegment } from '../src/core/design.ts';
import { TEST_PREFIX, isExistingBusiness, splitTest } from '../src/dialogs/design/asks.ts';
import { questionText } from '../src/dialogs/design/moves.ts';
import { type StepContext, stepById } from '../src/dialogs/design/steps.ts';

// The lessons' extra questions ride on the questions already asked, only where they apply, and
// a test plan is kept as the segment's test rather than as a tactic.

const NOW = new Date('2026-11-24T10:00:00Z');

function context(description: string, edit: (d: RelationshipDesign) => void = () => {}): StepContext {
  const d = emptyDesign(NOW);
  d.business.description = description;
  d.segments = [newSegment('Wealthy clients', [])];
  edit(d);
  const design = RelationshipDesign.parse(d);
  return { design, segment: design.segments[0]!, index: 0 };
}

const asked = (step: 'expectations' | 'relationship' | 'lifecycle', ctx: StepContext) => questionText(stepById(step).ask(ctx as never));

describe('questions merged into existing ones', () => {
  it('asks an existing business about the relationship in place today and whether it works', () => {
    const jeweller = context('We run a luxury jewellery shop in a mall, family-owned since 1998');
    expect(isExistingBusiness(jeweller.design)).toBe(true);
    expect(asked('expectations', jeweller)).toMatch(/today: how do you deal with them, and are they happy with it\?$/);
    const startup = context('An app that books dog walkers');
    expect(isExistingBusiness(startup.design)).toBe(false);
    expect(asked('expectations', startup)).not.toMatch(/today/);
  });

  it('asks direct or indirect and one-off or long-term outright, and the extra touches only for high touch', () => {
    const low = context('An online bookshop');
    expect(asked('relationship', low)).toMatch(/Direct or through partners, one-off or long-term\?$/);
    const high = context('A luxury jeweller', (d) => (d.segments[0]!.expected.touch = 'high'));
    expect(asked('relationship', high)).toMatch(/reach out first, or mark their milestones\?$/);
  });

  it('asks about referrals and a first test with real customers when asking how to win, keep and grow', () => {
    const q = asked('lifecycle', context('An accounting firm'));
    expect(q).toMatch(/refer others/);
    expect(q).toMatch(/test this with a few real customers first/);
  });

  it('keeps every question short', () => {
    const high = context('We run a family-owned accounting firm since 2001', (d) => (d.segments[0]!.expected.touch = 'high'));
    for (const step of ['expectations', 'relationship', 'lifecycle'] as const) expect(asked(step, high).length).toBeLessThanOrEqual(600);
  });
});

describe('the segment test', () => {
  it('moves a test plan out of the tactics and notes', () => {
    expect(splitTest(['referrals', 'pilot with ten dealers'], 'unsure about upsell; try it with five shops first')).toEqual({
      tactics: ['referrals'],
      notes: 'unsure about upsell',
      tests: ['pilot with ten dealers', 'try it with five shops first'],
    });
    expect(splitTest(['free trial'], null)).toEqual({ tactics: ['free trial'], notes: null, tests: [] });
  });

  it('is stored in the acquisition notes by the lifecycle step, beside the tactics', () => {
    const ctx = context('An accounting firm');
    const edits = stepById('lifecycle').edits(ctx as never, { acquisition: ['referrals'], retention: ['monthly review'], growth: [], notes: 'We will pilot it with 20 clients first' } as never, false);
    const lifecycle = edits[0]!.value as RelationshipDesign['segments'][number]['lifecycle'];
    expect(lifecycle.acquisition).toEqual({ tactics: ['referrals'], notes: `${TEST_PREFIX}We will pilot it with 20 clients first` });
    expect(lifecycle.retention).toEqual({ tactics: ['monthly review'], notes: null });
  });
});
