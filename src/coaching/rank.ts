import type { Finding } from '../core/design.ts';

// Which findings matter most for a design: money first (a relationship the segment cannot
// pay for sinks the model), then keeping customers, then fit, then detail.

const IMPACT: Record<string, number> = {
  cost_exceeds_revenue: 100,
  acquisition_payback: 90,
  cross_subsidy: 88,
  high_touch_low_margin: 85,
  dedicated_everywhere: 75,
  side_without_plan: 72,
  no_retention: 70,
  transactional_but_repeat: 65,
  touch_below_expectation: 60,
  touch_above_expectation: 58,
  existing_unhappy_kept: 57,
  two_sided_one_segment: 55,
  hybrid_suggested: 52,
  community_not_seeded: 50,
  co_creation_no_channel: 45,
  cost_share_unknown: 42,
  norm_break_unexplained: 40,
  norm_break_untested: 38,
  no_relationship_type: 30,
  canvas_implications: 10,
};

const score = (f: Finding) => (f.severity === 'warning' ? 1000 : 0) + (IMPACT[f.code] ?? 20);

/** Findings from most to least impact; ties keep their given order. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => score(b.finding) - score(a.finding) || a.index - b.index)
    .map(({ finding }) => finding);
}

/** The few findings a summary should lead with. */
export const topFindings = (findings: readonly Finding[], n = 3) => rankFindings(findings).slice(0, n);
