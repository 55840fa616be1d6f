import type { Finding, RelationshipDesign, Segment, Severity } from '../core/design.ts';
import type { CheckCode } from './codes.ts';

export interface Check {
  code: CheckCode;
  run(design: RelationshipDesign): Finding[];
}

export interface SegmentVerdict {
  severity: Severity;
  message: string;
}

/** A check that looks at one segment at a time; null means nothing to say. */
export function segmentCheck(
  code: CheckCode,
  judge: (segment: Segment, design: RelationshipDesign) => SegmentVerdict | null,
): Check {
  return {
    code,
    run(design) {
      const findings: Finding[] = [];
      for (const segment of design.segments) {
        const verdict = judge(segment, design);
        if (verdict) findings.push({ segmentId: segment.id, code, ...verdict });
      }
      return findings;
    },
  };
}

/** A check about the business as a whole (segmentId null). */
export function businessCheck(
  code: CheckCode,
  judge: (design: RelationshipDesign) => SegmentVerdict | null,
): Check {
  return {
    code,
    run(design) {
      const verdict = judge(design);
      return verdict ? [{ segmentId: null, code, ...verdict }] : [];
    },
  };
}
