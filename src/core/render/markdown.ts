import type { Finding, RelationshipDesign, Segment, Tactics } from '../design.ts';
import { acquisitionAmount, costAmounts } from './cost.ts';
import {
  COST_LEVEL_LABELS,
  INTIMACY_LABELS,
  NATURE_LABELS,
  REACH_LABELS,
  RELATIONSHIP_TYPE_LABELS,
  SEVERITY_LABELS,
} from './labels.ts';
import { escapeBlock, escapeCell, escapeInline } from './markdown-escape.ts';
import { canvasBlock } from './markdown-canvas.ts';
import { type Answered, type SegmentStep, skippedSteps } from './skipped.ts';

// `export md`: the whole Customer Relationships block, readable on its own. Parts the
// team has not filled in are left out rather than shown empty; what the team wrote is shown
// whole, and every amount with the period the team gave.

/**
 * Findings come from the caller (fresh ones from the checks) so core depends on nothing above
 * it; without them, the findings stored in the design are listed.
 */
export function designToMarkdown(
  design: RelationshipDesign,
  findings: readonly Finding[] = design.findings,
  options: { answered?: Answered } = {},
): string {
  const answered = options.answered ?? {};
  const blocks: string[] = ['# Customer Relationships', ...businessBlock(design, answered)];
  if (design.segments.length === 0) blocks.push('_No customer segments yet._');
  // The sticky-note version first, the whole detail after it.
  blocks.push(...canvasBlock(design));
  for (const segment of design.segments) blocks.push(...segmentBlocks(segment, skippedSteps(segment, answered)));
  blocks.push(...findingsBlock(design, findings));
  blocks.push(`_Updated ${design.updatedAt.slice(0, 10)}._`);
  return `${blocks.join('\n\n')}\n`;
}

function businessBlock(design: RelationshipDesign, answered: Answered): string[] {
  const lines: string[] = [];
  const description = design.business.description?.trim();
  if (description) lines.push(`**Business:** ${escapeInline(description)}`);
  else if ((answered['_'] ?? []).includes('business')) lines.push(`**Business:** ${SKIPPED}`);
  if (design.business.twoSided) lines.push('**Two-sided market:** each side is its own segment.');
  return lines.length ? [lines.join('  \n')] : [];
}

const SKIPPED = '_skipped_';

/** A section the team skipped: its heading, marked, rather than nothing or an empty table. */
const skippedSection = (heading: string) => `### ${heading}\n\n_Skipped._`;

function segmentBlocks(segment: Segment, skipped: ReadonlySet<SegmentStep>): string[] {
  const blocks = [`## ${escapeInline(segment.name)}`];
  const description = segment.description?.trim();
  if (description) blocks.push(escapeBlock(description));
  const facts = factLines(segment, skipped);
  const parts = [
    facts.length ? facts.join('\n') : null,
    skipped.has('lifecycle') ? skippedSection('Lifecycle') : lifecycleSection(segment),
    skipped.has('touchpoints') ? skippedSection('Touchpoints') : touchpointsSection(segment),
    skipped.has('competitors') ? skippedSection('Competitors') : competitorsSection(segment),
    rationaleSection(segment),
  ].filter((b): b is string => b !== null);
  if (parts.length === 0 && !description) blocks.push('_Not designed yet._');
  return [...blocks, ...parts];
}

function bullet(label: string, value: string): string {
  return `- **${label}:** ${value}`;
}

function factLines(segment: Segment, skipped: ReadonlySet<SegmentStep>): string[] {
  const { reach, expected, relationship, cost } = segment;
  const lines: string[] = [];
  if (skipped.has('expectations')) lines.push(bullet('What they expect', SKIPPED));
  if (skipped.has('relationship')) lines.push(bullet('Relationship', SKIPPED));
  if (skipped.has('cost')) lines.push(bullet('Cost', SKIPPED));
  if (reach) lines.push(bullet('Reach', REACH_LABELS[reach]));
  const touch = [
    expected.touch ? `expected ${expected.touch}` : null,
    relationship.touch ? `planned ${relationship.touch}` : null,
  ].filter((t): t is string => t !== null);
  if (touch.length) lines.push(bullet('Touch', touch.join(', ')));
  const norm = normText(segment);
  if (norm) lines.push(bullet('Industry norm', norm));
  if (relationship.types.length) {
    lines.push(bullet('Relationship', relationship.types.map((t) => RELATIONSHIP_TYPE_LABELS[t]).join(', ')));
  }
  if (relationship.nature) lines.push(bullet('Nature', NATURE_LABELS[relationship.nature]));
  const intimacy = [
    relationship.intimacy ? INTIMACY_LABELS[relationship.intimacy] : null,
    relationship.proactive ? 'we reach out first' : null,
    relationship.emotional ? 'personal gestures (thank-yous, milestones)' : null,
  ].filter((t): t is string => t !== null);
  if (intimacy.length) lines.push(bullet('Intimacy', intimacy.join('; ')));
  const costParts = [cost.level ? COST_LEVEL_LABELS[cost.level] : null, costAmounts(cost, 'long')].filter(
    (t): t is string => t !== null,
  );
  if (costParts.length) lines.push(bullet('Cost', costParts.join(' · ')));
  const winning = acquisitionAmount(cost, 'long');
  if (winning) lines.push(bullet('Winning a customer', winning));
  if (cost.notes?.trim()) lines.push(bullet('Cost notes', escapeInline(cost.notes)));
  return lines;
}

function normText(segment: Segment): string | null {
  const norm = segment.expected.industryNorm?.trim();
  const stance =
    segment.expected.breakNorm === true ? 'we break it' : segment.expected.breakNorm === false ? 'we follow it' : null;
  if (norm && stance) return `${escapeInline(norm)} (${stance})`;
  return norm ? escapeInline(norm) : stance;
}

const STAGES = [
  ['acquisition', 'Win'],
  ['retention', 'Keep'],
  ['growth', 'Grow'],
] as const;

function lifecycleSection(segment: Segment): string | null {
  const lines = STAGES.flatMap(([stage, label]) => stageLines(label, segment.lifecycle[stage]));
  return lines.length ? `### Lifecycle\n\n${lines.join('\n')}` : null;
}

function stageLines(label: string, stage: Tactics): string[] {
  const notes = stage.notes?.trim();
  if (stage.tactics.length === 0 && !notes) return [];
  const tactics = stage.tactics.length ? stage.tactics.map(escapeInline).join(', ') : '_no tactic yet_';
  return [bullet(label, tactics), ...(notes ? [`  - ${escapeInline(notes)}`] : [])];
}

function touchpointsSection(segment: Segment): string | null {
  if (segment.touchpoints.length === 0) return null;
  const rows = segment.touchpoints.map(
    (t, i) => `| ${i + 1} | ${escapeCell(t.step)} | ${escapeCell(t.thinkFeel)} | ${escapeCell(t.owner ?? '')} |`,
  );
  return ['### Touchpoints', ['| # | Step | Think and feel | Owner |', '| --- | --- | --- | --- |', ...rows].join('\n')].join(
    '\n\n',
  );
}

function competitorsSection(segment: Segment): string | null {
  const c = segment.competitors;
  if (!c) return null;
  const lines = [
    c.relationship.trim() ? bullet('What they offer', escapeInline(c.relationship)) : null,
    c.advantage?.trim() ? bullet('Where we do better', escapeInline(c.advantage)) : null,
  ].filter((l): l is string => l !== null);
  return lines.length ? `### Competitors\n\n${lines.join('\n')}` : null;
}

function rationaleSection(segment: Segment): string | null {
  const rationale = segment.rationale?.trim();
  return rationale ? `### Why this relationship\n\n${escapeBlock(rationale)}` : null;
}

function findingsBlock(design: RelationshipDesign, findings: readonly Finding[]): string[] {
  if (findings.length === 0) return [];
  const names = new Map(design.segments.map((s) => [s.id, s.name]));
  const lines = findings.map((f) => {
    const about = f.segmentId === null ? 'Whole business' : names.get(f.segmentId) ?? f.segmentId;
    return `- **${SEVERITY_LABELS[f.severity]} · ${escapeInline(about)}:** ${escapeInline(f.message)}`;
  });
  return ['## Coach’s findings', lines.join('\n')];
}
