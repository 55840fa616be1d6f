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
const REACTIVE = /\b(?:wait\s+for\s+them|only\s+when\s+they\s+ask|when\s+they\s+ask|not\s+proactive(?:ly)?|reactive(?:ly)?|no\s+follow[- ]?ups?|(?:don'?t|do\s+not|never)\s+(?:really\s+)?(?:reach\s+out|chase)|(?:they|customers|clients)\s+come\s+to\s+us)\b/i;
// "we wanted a community but nobody posted, so we killed it": tried and gone is not offered.
const GONE = /\b(?:killed|dropped|scrapped|dead|died|didn'?t\s+work|nobody\s+(?:posted|used|came)|tried\s+it|gave\s+up|shut\s+(?:it\s+)?down|got\s+rid\s+of)\b/i;
const SENTENCE = /[^.!?\n]+/g;

/** Types said and still offered: a type named only in a sentence that says it died is left out. */
function offeredTypes(text: string): RelationshipType[] {
  const kept: RelationshipType[] = [];
  for (const m of text.matchAll(SENTENCE)) {
    const sentence = m[0];
    const found = present(sentence, RELATIONSHIP_CUES);
    if (!GONE.test(sentence)) { for (const t of found) if (!kept.includes(t)) kept.push(t); continue; }
    // Keep what the sentence says replaced it ("now it's a shared slack channel").
    const now = /\b(?:now|instead|these\s+days|today)\b/i.exec(sentence);
    if (now) for (const t of present(sentence.slice(now.index), RELATIONSHIP_CUES)) if (!kept.includes(t)) kept.push(t);
  }
  return kept;
}

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

/** "all automated … a human if you type 'agent'": automated said, a person named too, is hybrid. */
function intimacyOf(said: Intimacy | null, types: readonly RelationshipType[]): Intimacy | null {
  const fromTypes = intimacyFromTypes(types);
  if (said === 'automated' && types.some((t) => PERSONAL_TYPES.includes(t))) return 'hybrid';
  return said ?? fromTypes;
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
  const types = offeredTypes(text);
  const proactiveSaid = hits(text, PROACTIVE_CUES).some((h) => !h.negated);
  const proactive = types.includes('proactive_monitoring') || proactiveSaid ? true : REACTIVE.test(text) ? false : null;
  return {
    types,
    nature: natureFrom(text, types),
    touch: first(text, TOUCH_CUES) ?? touchFromTypes(types),
    intimacy: intimacyOf(first(text, INTIMACY_CUES), types),
    reach: first(text, REACH_CUES),
    proactive,
    emotional: first(text, EMOTIONAL_CUES),
  };
}
