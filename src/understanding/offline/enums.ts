import { CostLevel, Intimacy, Nature, Reach, RELATIONSHIP_TYPES, Touch, type RelationshipType } from '../../core/design.ts';

// Buttons send enum ids verbatim ("high", "self_service, community", "long_term"):
// such an answer is read exactly, before any lexicon guessing.

export interface ExactAnswer {
  types: RelationshipType[];
  level: 'high' | 'medium' | 'low' | null;
  nature: Nature | null;
  intimacy: Intimacy | null;
  reach: Reach | null;
}

const ID = /^[a-z_]+$/;

/** The enum ids of an answer made only of ids, or null when it has other words. */
export function exactAnswer(text: string): ExactAnswer | null {
  const tokens = text.trim().toLowerCase().split(/\s*(?:,|;|\+|&|\band\b|\s)\s*/).filter(Boolean);
  if (tokens.length === 0 || tokens.length > 12 || !tokens.every((t) => ID.test(t))) return null;
  const out: ExactAnswer = { types: [], level: null, nature: null, intimacy: null, reach: null };
  for (const t of tokens) {
    if ((RELATIONSHIP_TYPES as readonly string[]).includes(t)) {
      if (!out.types.includes(t as RelationshipType)) out.types.push(t as RelationshipType);
    } else if (Touch.safeParse(t).success || CostLevel.safeParse(t).success) out.level = t as ExactAnswer['level'];
    else if (Nature.safeParse(t).success) out.nature = t as Nature;
    else if (Intimacy.safeParse(t).success) out.intimacy = t as Intimacy;
    else if (Reach.safeParse(t).success) out.reach = t as Reach;
    else return null;
  }
  return out;
}
