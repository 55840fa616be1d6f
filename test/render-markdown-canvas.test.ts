import { describe, expect, it } from 'vitest';
import { currentFindings } from '../src/coaching/index.ts';
import { RelationshipDesign, type Segment, emptyDesign, newSegment } from '../src/core/design.ts';
import { canvasBullets } from '../src/core/render/markdown-canvas.ts';
import { designToMarkdown } from '../src/core/render/markdown.ts';

// `export md` opens with a canvas version a team can paste onto sticky notes, marks the steps
// the team skipped, and keeps everything the team wrote whole.

const NOW = new Date('2026-11-24T10:00:00Z');

function segment(name: string, taken: string[], edit: (s: Segment) => void = () => {}): Segment {
  const s = newSegment(name, taken);
  edit(s);
  return s;
}

/** The online beauty shop: an informal social-media relationship for its young customers. */
function beautyShop(): RelationshipDesign {
  const d = emptyDesign(NOW);
  d.business.description = 'An online beauty shop';
  d.segments = [
    segment('Young women', [], (s) => {
      s.expected.touch = 'medium';
      s.relationship.types = ['community', 'automated_service'];
      s.relationship.nature = 'transactional';
      s.relationship.touch = 'low';
      s.lifecycle.acquisition.tactics = ['influencer posts on Instagram and TikTok with a discount code for first orders'];
      s.lifecycle.retention.tactics = ['monthly new-shade drops'];
      s.lifecycle.growth.tactics = ['bundles'];
      s.cost = { level: 'low', currency: 'EUR', relationship: { value: 1, per: 'month' }, revenue: { value: 15, per: 'month' }, acquisition: null, notes: null };
    }),
    segment('Skin-care adults', ['young-women'], (s) => {
      s.relationship.types = ['personal_assistance'];
    }),
    newSegment('Men’s grooming', ['young-women', 'skin-care-adults']),
  ];
  return RelationshipDesign.parse(d);
}

describe('the canvas version', () => {
  const design = beautyShop();
  const md = designToMarkdown(design, currentFindings(design));

  it('comes before the full detail, one sticky note per designed segment', () => {
    const canvas = md.indexOf('## On the canvas');
    expect(canvas).toBeGreaterThan(0);
    expect(canvas).toBeLessThan(md.indexOf('## Young women'));
    expect(md).toContain('**Young women**\n- community + automated service, transactional\n- low touch (they expect medium)\n- Win: ');
    expect(md).toContain('- Keep: monthly new-shade drops\n- Grow: bundles\n- Cost: low, €1 of €15/month');
    expect(md).toContain('**Skin-care adults**\n- personal assistance');
    // A segment with nothing designed has no note yet.
    expect(md.slice(canvas, md.indexOf('## Young women'))).not.toContain('Men’s grooming');
  });

  it('has between one and six bullets per segment and clips none of the team words', () => {
    const bullets = canvasBullets(design.segments[0]!);
    expect(bullets.length).toBeGreaterThanOrEqual(3);
    expect(bullets.length).toBeLessThanOrEqual(6);
    expect(bullets).toContain('- Win: influencer posts on Instagram and TikTok with a discount code for first orders');
    expect(md).not.toContain('…');
  });

  it('shows today\'s relationship from the rationale as a short bullet', () => {
    const d = beautyShop();
    d.segments[1]!.rationale = 'Today: a shop assistant answers by phone; customers happy: mixed. They want advice before buying.';
    const bullets = canvasBullets(RelationshipDesign.parse(d).segments[1]!);
    expect(bullets).toEqual(['- personal assistance', '- Today: a shop assistant answers by phone (customers happy: mixed)']);
    expect(canvasBullets(design.segments[0]!).some((b) => b.startsWith('- Today'))).toBe(false);
  });

  it('is left out when no segment is designed', () => {
    const d = emptyDesign(NOW);
    d.segments = [newSegment('Readers', [])];
    expect(designToMarkdown(RelationshipDesign.parse(d))).not.toContain('On the canvas');
  });
});

describe('skipped steps in the export', () => {
  const design = beautyShop();
  const answered = {
    _: ['business', 'segments'],
    'young-women': ['expectations', 'relationship', 'lifecycle', 'cost', 'touchpoints', 'competitors'],
    'skin-care-adults': ['expectations', 'relationship', 'lifecycle', 'cost'],
  };
  const md = designToMarkdown(design, currentFindings(design), { answered });
  const part = (name: string, next: string | null) => md.slice(md.indexOf(`## ${name}`), next ? md.indexOf(`## ${next}`) : undefined);

  it('marks a skipped step as skipped instead of leaving it out', () => {
    const young = part('Young women', 'Skin-care adults');
    expect(young).toContain('### Touchpoints\n\n_Skipped._');
    expect(young).toContain('### Competitors\n\n_Skipped._');
    const skin = part('Skin-care adults', 'Men’s grooming');
    expect(skin).toContain('- **What they expect:** _skipped_');
    expect(skin).toContain('- **Cost:** _skipped_');
    expect(skin).toContain('### Lifecycle\n\n_Skipped._');
    // Not reached yet is not skipped.
    expect(skin).not.toContain('### Touchpoints');
  });

  it('does not call an answered step skipped, nor a segment not reached yet', () => {
    const young = part('Young women', 'Skin-care adults');
    expect(young).not.toContain('- **Cost:** _skipped_');
    expect(young).not.toContain('### Lifecycle\n\n_Skipped._');
    expect(part('Men’s grooming', 'Coach’s findings')).toContain('_Not designed yet._');
  });

  it('marks a skipped business line', () => {
    const d = beautyShop();
    d.business.description = null;
    expect(designToMarkdown(d, [], { answered })).toContain('**Business:** _skipped_');
  });
});
