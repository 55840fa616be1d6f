import type { Finding, RelationshipDesign, Segment } from '../design.ts';
import type { CardNote, CardReply, CardSection } from '../reply.ts';
import { acquisitionAmount, costAmounts } from './cost.ts';
import { COST_LEVEL_LABELS, LIFECYCLE_LABELS, NATURE_LABELS, TOUCH_LABELS, relationshipTypesLabel } from './labels.ts';

// The one-screen view of the design; the detail lives in `export md`.

export const SUMMARY_TITLE = 'Customer Relationships';

export const SUMMARY_FOOTER =
  'Change anything with `edit`, get the full canvas with `export md`, ' +
  'or schedule a retention check-in: `checkin every monday at 09:30`.';

/**
 * The card for a design. Findings come from the caller (fresh ones from the checks) so core
 * depends on nothing above it; without them, the findings stored in the design are shown.
 */
export function summaryCard(
  design: RelationshipDesign,
  findings: readonly Finding[] = design.findings,
  options: { lead?: readonly Finding[] } = {},
): CardReply {
  const sections: CardSection[] = [];
  // The findings that matter most open the card; each is shown once, there and not again below.
  const lead = (options.lead ?? []).filter((f) => findings.includes(f));
  if (lead.length) {
    const name = (id: string | null) => design.segments.find((s) => s.id === id)?.name;
    sections.push({
      heading: lead.length === 1 ? 'What matters most' : `The ${lead.length} things that matter most`,
      lines: [],
      notes: lead.map((f) => ({ severity: f.severity, code: f.code, text: name(f.segmentId) ? `${name(f.segmentId)}: ${f.message}` : f.message })),
    });
    findings = findings.filter((f) => !lead.includes(f));
  }
  const business = businessSection(design, findingsFor(findings, null));
  if (business) sections.push(business);
  if (design.segments.length === 0) {
    sections.push({ heading: 'Segments', lines: ['None yet: name your customer segments to begin.'], notes: [] });
  }
  for (const segment of design.segments) {
    sections.push({
      heading: segment.name,
      lines: [segmentLine(segment)],
      notes: findingsFor(findings, segment.id).map(toNote),
    });
  }
  return { kind: 'card', title: SUMMARY_TITLE, sections, footer: SUMMARY_FOOTER };
}

function findingsFor(findings: readonly Finding[], segmentId: string | null): Finding[] {
  return findings.filter((f) => f.segmentId === segmentId);
}

function businessSection(design: RelationshipDesign, findings: Finding[]): CardSection | null {
  const { description, twoSided } = design.business;
  const line = [description?.trim() || null, twoSided ? 'two-sided: each side is its own segment' : null]
    .filter((p): p is string => p !== null)
    .join(' · ');
  if (!line && findings.length === 0) return null;
  return { heading: 'Business', lines: line ? [line] : [], notes: findings.map(toNote) };
}

function toNote(finding: Finding): CardNote {
  return { severity: finding.severity, text: finding.message, code: finding.code };
}

/** "self-service + community · low touch · long-term · cost low ($0 of $12/month) · win: … · keep: … · grow: …" */
export function segmentLine(segment: Segment): string {
  const { relationship, expected, lifecycle } = segment;
  const parts: (string | null)[] = [
    relationship.types.length ? relationshipTypesLabel(relationship.types) : null,
    touchPart(relationship.touch, expected.touch),
    relationship.nature ? NATURE_LABELS[relationship.nature] : null,
    segment.reach === 'indirect' ? 'through intermediaries' : null,
    costPart(segment),
    ...(['acquisition', 'retention', 'growth'] as const).map((stage) =>
      lifecycle[stage].tactics.length ? `${LIFECYCLE_LABELS[stage]}: ${lifecycle[stage].tactics.join(', ')}` : null,
    ),
  ];
  const line = parts.filter((p): p is string => p !== null).join(' · ');
  return line || 'not designed yet';
}

function touchPart(planned: Segment['relationship']['touch'], expected: Segment['expected']['touch']): string | null {
  if (planned && expected && planned !== expected) return `${TOUCH_LABELS[planned]} (they expect ${expected})`;
  if (planned) return TOUCH_LABELS[planned];
  if (expected) return `they expect ${TOUCH_LABELS[expected]}`;
  return null;
}

function costPart(segment: Segment): string | null {
  const level = segment.cost.level ? COST_LEVEL_LABELS[segment.cost.level] : null;
  const amounts = costAmounts(segment.cost, 'short');
  const winning = acquisitionAmount(segment.cost, 'short');
  const win = winning ? `${winning} to win a customer` : null;
  let cost: string | null = null;
  if (level && amounts) cost = `cost ${level} (${amounts})`;
  else if (level) cost = `cost ${level}`;
  else if (amounts) cost = segment.cost.relationship !== null ? `cost ${amounts}` : amounts;
  return cost && win ? `${cost}, ${win}` : cost ?? win;
}
