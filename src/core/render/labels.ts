import type {
  CostLevel,
  Intimacy,
  Nature,
  Reach,
  RelationshipType,
  Severity,
  Touch,
} from '../design.ts';

// Human words for the contract's enum ids, shared by every renderer and message.

export const RELATIONSHIP_TYPE_LABELS: Record<RelationshipType, string> = {
  personal_assistance: 'personal assistance',
  dedicated_personal_assistance: 'dedicated personal assistance',
  self_service: 'self-service',
  automated_service: 'automated service',
  community: 'community',
  co_creation: 'co-creation',
  subscription: 'subscription',
  exclusive_access: 'exclusive access',
  proactive_monitoring: 'proactive monitoring',
};

export const TOUCH_LABELS: Record<Touch, string> = {
  high: 'high touch',
  medium: 'medium touch',
  low: 'low touch',
};

export const NATURE_LABELS: Record<Nature, string> = {
  transactional: 'transactional',
  long_term: 'long-term',
  hybrid: 'part one-off, part long-term',
};

export const INTIMACY_LABELS: Record<Intimacy, string> = {
  automated: 'automated',
  personal: 'personal',
  hybrid: 'automated, with a person when it matters',
};

export const REACH_LABELS: Record<Reach, string> = {
  direct: 'direct',
  indirect: 'indirect (through intermediaries)',
};

export const COST_LEVEL_LABELS: Record<CostLevel, string> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  warning: 'Warning',
  info: 'Note',
};

export const LIFECYCLE_LABELS = {
  acquisition: 'win',
  retention: 'keep',
  growth: 'grow',
} as const;

export function relationshipTypeLabel(type: RelationshipType): string {
  return RELATIONSHIP_TYPE_LABELS[type];
}

/** "self-service + community" */
export function relationshipTypesLabel(types: readonly RelationshipType[]): string {
  return types.map(relationshipTypeLabel).join(' + ');
}
