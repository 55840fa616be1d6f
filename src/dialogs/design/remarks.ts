import type { Finding } from '../../core/design.ts';
import type { TurnContext } from '../../core/module.ts';
import { text, type Reply } from '../../core/reply.ts';
import type { StepId } from '../../core/session.ts';
import { findingsFor } from '../../coaching/index.ts';
import { rankFindings } from '../../coaching/rank.ts';

// A coach speaks up while the team talks, not only at the end: after a step, the findings
// about this segment that the answers so far can support, each raised once.

/** The step after which a finding's facts are all in; findings not listed wait for the summary. */
const READY_AFTER: Record<string, StepId> = {
  touch_below_expectation: 'relationship',
  touch_above_expectation: 'relationship',
  no_relationship_type: 'relationship',
  norm_break_unexplained: 'relationship',
  existing_unhappy_kept: 'relationship',
  no_retention: 'lifecycle',
  transactional_but_repeat: 'lifecycle',
  community_not_seeded: 'lifecycle',
  co_creation_no_channel: 'lifecycle',
  cost_exceeds_revenue: 'cost',
  high_touch_low_margin: 'cost',
  cost_share_unknown: 'cost',
  acquisition_payback: 'cost',
  hybrid_suggested: 'cost',
  cross_subsidy: 'cost',
  norm_break_untested: 'lifecycle',
};

/** Findings that one segment's answers can complete about another (the free side of a market). */
const ACROSS_SEGMENTS = new Set(['cross_subsidy']);

const ORDER: StepId[] = ['expectations', 'relationship', 'lifecycle', 'cost', 'touchpoints', 'competitors'];
const MAX_REMARKS = 2;
const MAX_CHARS = 600;

const key = (f: Finding) => `${f.segmentId}:${f.code}`;
const icon = (f: Finding) => (f.severity === 'warning' ? '⚠' : 'ℹ');

/** One short message with the new remarks on this segment after this step, or nothing. */
export function remarksAfter(ctx: TurnContext, step: StepId, segmentId: string | null): Reply[] {
  if (!segmentId || !ORDER.includes(step)) return [];
  const reached = ORDER.indexOf(step);
  const told = new Set(ctx.session.told);
  const findings = ctx.session.design.findings;
  const about = [...findingsFor(findings, segmentId), ...findings.filter((f) => f.segmentId !== segmentId && ACROSS_SEGMENTS.has(f.code))];
  const ready = about.filter((f) => {
    const after = READY_AFTER[f.code];
    return after !== undefined && ORDER.indexOf(after) <= reached && !told.has(key(f));
  });
  if (ready.length === 0) return [];
  // Money first, then the rest by impact; a remark that does not fit whole waits for the summary.
  const picked: Finding[] = [];
  let length = 0;
  for (const f of rankFindings(ready)) {
    const size = f.message.length + 3;
    if (picked.length >= MAX_REMARKS || (picked.length > 0 && length + size > MAX_CHARS)) break;
    picked.push(f);
    length += size;
  }
  ctx.session.told = [...ctx.session.told, ...picked.map(key)].slice(-200);
  const body = picked.map((f) => `${icon(f)} ${f.message}`).join('\n');
  const clipped = body.length > MAX_CHARS ? `${body.slice(0, MAX_CHARS - 1).trimEnd()}…` : body;
  return [text(clipped, 'notice')];
}
