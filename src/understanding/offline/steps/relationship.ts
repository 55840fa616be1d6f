import type { Intimacy, Nature, RelationshipType, Touch } from '../../../core/design.ts';
import type { ExtractionOf } from '../../../core/extraction.ts';
import { exactAnswer } from '../enums.ts';
import { first, hits, present } from '../match.ts';
import {
  AUTOMATED_TYPES,
  EMOTIONAL_CUES,
  INTIMACY_CUES,
  NATURE_CUES,
  PERSONAL_TYPES,
  PROACTIVE_CUES,
  REACH_CUES,
  RELATIONSHIP_CUES,
  TOUCH_CUES,
  TYPE_TOUCH,
} from '../lexicon.ts';

// The relationship the team plans: types plus nature, touch, intimacy, reach and the
// proactive / emotional flags. Unstated dimensions are inferred from the types only
// where domain.md makes the link plain (subscription is long-term, a dedicated person is
// high touch).

type Relationship = ExtractionOf<'relationship'>;

const RANK: Record<Touch, number> = { low: 0, medium: 1, high: 2 };
const REACTIVE = /\b(?:wait\s+for\s+them|only\s+when\s+they\s+ask|when\s+they\s+ask|not\s+proactive(?:ly)?|reactive(?:ly)?)\b/i;

export function natureFrom(text: string, types: readonly RelationshipType[]): Nature | null {
  const said = present(text, NATURE_CUES);
  if (said.includes('hybrid') || (said.includes('transactional') && said.includes('long_term'))) return 'hybrid';
  if (said[0]) return said[0];
  return types.includes('subscription') ? 'long_term' : null;
}

function touchFromTypes(types: readonly RelationshipType[]): Touch | null {
  if (types.length === 0) return null;
  return types.map((t) => TYPE_TOUCH[t]).reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
}

function intimacyFromTypes(types: readonly RelationshipType[]): Intimacy | null {
  const personal = types.some((t) => PERSONAL_TYPES.includes(t));
  const automated = types.some((t) => AUTOMATED_TYPES.includes(t));
  if (personal && automated) return 'hybrid';
  if (personal) return 'personal';
  if (automated) return 'automated';
  return null;
}

export function readRelationship(text: string): Relationship {
  const exact = exactAnswer(text);
  if (exact) {
    const types = exact.types;
    return {
      types,
      nature: exact.nature ?? (types.includes('subscription') ? 'long_term' : null),
      touch: exact.level ?? touchFromTypes(types),
      intimacy: exact.intimacy ?? intimacyFromTypes(types),
      reach: exact.reach,
      proactive: types.includes('proactive_monitoring') ? true : null,
      emotional: null,
    };
  }
  const types = present(text, RELATIONSHIP_CUES);
  const proactiveSaid = hits(text, PROACTIVE_CUES).some((h) => !h.negated);
  const proactive = types.includes('proactive_monitoring') || proactiveSaid ? true : REACTIVE.test(text) ? false : null;
  return {
    types,
    nature: natureFrom(text, types),
    touch: first(text, TOUCH_CUES) ?? touchFromTypes(types),
    intimacy: first(text, INTIMACY_CUES) ?? intimacyFromTypes(types),
    reach: first(text, REACH_CUES),
    proactive,
    emotional: first(text, EMOTIONAL_CUES),
  };
}
