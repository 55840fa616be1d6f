import type { Finding, RelationshipDesign } from '../core/design.ts';
import type { Check } from './check.ts';
import { CHECK_CODES, type CheckCode } from './codes.ts';
import { coCreationNoChannel, communityNotSeeded } from './community.ts';
import { acquisitionPayback, costExceedsRevenue, costShareUnknown, highTouchLowMargin } from './margin.ts';
import { canvasImplications } from './canvas.ts';
import { hybridSuggested } from './hybrid.ts';
import { normBreakUnexplained } from './norm.ts';
import { normBreakUntested } from './test-first.ts';
import { existingUnhappyKept } from './today.ts';
import { crossSubsidy, sideWithoutPlan } from './two-sided.ts';
import { noRetention, transactionalButRepeat } from './retention.ts';
import { dedicatedEverywhere } from './scale.ts';
import { noRelationshipType, twoSidedOneSegment } from './structure.ts';
import { touchAboveExpectation, touchBelowExpectation } from './touch-gap.ts';

export { CHECK_CODES, type CheckCode } from './codes.ts';
export type { Check } from './check.ts';

/** Every check, in the order their findings are listed within one severity and segment. */
export const CHECKS: readonly Check[] = [
  twoSidedOneSegment,
  dedicatedEverywhere,
  sideWithoutPlan,
  costExceedsRevenue,
  crossSubsidy,
  highTouchLowMargin,
  acquisitionPayback,
  costShareUnknown,
  touchBelowExpectation,
  touchAboveExpectation,
  existingUnhappyKept,
  noRelationshipType,
  noRetention,
  transactionalButRepeat,
  communityNotSeeded,
  coCreationNoChannel,
  normBreakUnexplained,
  normBreakUntested,
  hybridSuggested,
  canvasImplications,
];

const KNOWN_CODES: ReadonlySet<string> = new Set(CHECK_CODES);

export function isCheckCode(code: string): code is CheckCode {
  return KNOWN_CODES.has(code);
}

/** All findings for the design: warnings first, then business-wide, then segment order, then check order. */
export function runChecks(design: RelationshipDesign): Finding[] {
  return sortFindings(design, CHECKS.flatMap((check) => check.run(design)));
}

/**
 * Fresh findings from the checks, plus any stored finding from elsewhere (a code the
 * checks do not own), so a renderer never shows stale rule results.
 */
export function currentFindings(design: RelationshipDesign): Finding[] {
  const ids = new Set(design.segments.map((s) => s.id));
  // Drop foreign findings about a segment that has since been removed.
  const foreign = design.findings.filter((f) => !isCheckCode(f.code) && (f.segmentId === null || ids.has(f.segmentId)));
  return sortFindings(design, [...CHECKS.flatMap((check) => check.run(design)), ...foreign]);
}

export function sortFindings(design: RelationshipDesign, findings: readonly Finding[]): Finding[] {
  const segmentRank = new Map(design.segments.map((s, i) => [s.id, i + 1]));
  const checkRank = new Map(CHECKS.map((c, i) => [c.code as string, i]));
  const rank = (f: Finding) => [
    f.severity === 'warning' ? 0 : 1,
    f.segmentId === null ? 0 : segmentRank.get(f.segmentId) ?? Number.MAX_SAFE_INTEGER,
    checkRank.get(f.code) ?? CHECKS.length,
  ];
  return findings
    .map((finding, index) => ({ finding, key: [...rank(finding), index] }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ finding }) => finding);
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Findings about one segment, or about the business when segmentId is null. */
export function findingsFor(findings: readonly Finding[], segmentId: string | null): Finding[] {
  return findings.filter((f) => f.segmentId === segmentId);
}
