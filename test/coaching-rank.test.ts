import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/core/design.ts';
import { emptyDesign, newSegment } from '../src/core/design.ts';
import { summaryCard } from '../src/core/render/summary.ts';
import { rankFindings, topFindings } from '../src/coaching/rank.ts';

const f = (code: string, severity: Finding['severity'], segmentId: string | null = 'a'): Finding => ({ code, severity, segmentId, message: code });

describe('ranking findings by impact', () => {
  it('puts money warnings first, then other warnings, then notes', () => {
    const ranked = rankFindings([f('community_not_seeded', 'info'), f('no_retention', 'warning'), f('cost_exceeds_revenue', 'warning'), f('acquisition_payback', 'info')]);
    expect(ranked.map((x) => x.code)).toEqual(['cost_exceeds_revenue', 'no_retention', 'acquisition_payback', 'community_not_seeded']);
  });

  it('the summary card leads with the top three, each shown once', () => {
    const design = emptyDesign(new Date('2026-11-28T00:00:00Z'));
    design.segments.push(newSegment('Dealers', []));
    const dealers = design.segments[0]!.id;
    const findings = [f('community_not_seeded', 'info', dealers), f('no_retention', 'warning', dealers), f('cost_exceeds_revenue', 'warning', dealers), f('touch_below_expectation', 'warning', dealers)];
    const card = summaryCard(design, findings, { lead: topFindings(findings) });
    expect(card.sections[0]!.heading).toMatch(/3 things that matter most/);
    expect(card.sections[0]!.notes.map((n) => n.text)).toEqual(['Dealers: cost_exceeds_revenue', 'Dealers: no_retention', 'Dealers: touch_below_expectation']);
    const rest = card.sections.find((s) => s.heading === 'Dealers')!;
    expect(rest.notes.map((n) => n.text)).toEqual(['community_not_seeded']);
  });
});
