import type { CheckIn } from '../core/checkin.ts';
import type { Finding, RelationshipDesign } from '../core/design.ts';
import type { TeamStats } from './store.ts';

// One team's line in the cohort view, shared by the card and the CSV export.

export type Risk = 'silent' | 'at_risk' | 'watch' | 'healthy' | 'new';

export interface NumberNow {
  name: string;
  unit: string | null;
  value: number;
  before: number | null;
  trend: 'better' | 'worse' | 'flat' | 'new';
}

export interface TeamRow {
  channel: string;
  design: RelationshipDesign;
  stats: TeamStats;
  /** Newest first. */
  records: CheckIn[];
  numbers: NumberNow[];
  risk: Risk;
  /** Why, in a few words each. */
  reasons: string[];
  score: number;
  topFinding: Finding | null;
}

/** A number with its unit, the way the team wrote it. */
export const fmt = (n: number, unit: string | null) => (unit === '%' ? `${n}%` : unit ? `${n} ${unit}` : `${n}`);
