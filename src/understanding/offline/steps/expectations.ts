import type { Touch } from '../../../core/design.ts';
import type { ExtractionOf } from '../../../core/extraction.ts';
import { exactAnswer } from '../enums.ts';
import { first, present } from '../match.ts';
import { EXPECT_TOUCH_CUES, LEVEL_WORDS, RELATIONSHIP_CUES, TOUCH_CUES, TYPE_TOUCH } from '../lexicon.ts';
import { normStance } from '../stance.ts';
import { readToday } from '../today.ts';
import { clauses, clip, tidy } from '../text.ts';

// What contact a segment expects, the industry norm and whether the team follows it.

const NORM =
  /\b(?:norm|usual(?:ly)?|typical(?:ly)?|standard|(?:same|like)\s+(?:as\s+)?(?:every|most|all|other|any)\b|everyone\s+else|(?:in\s+)?(?:the|our|this)\s+industry|industry[- ]wide|most\s+\w+(?:\s+\w+)?\s+(?:do|offer|have|give|expect|get)|conventional(?:ly)?|traditional(?:ly)?|in\s+this\s+(?:space|market|sector))/i;
const BREAK =
  /\b(?:break(?:ing)?|unlike|different(?:ly)?\s+(?:from|than)|instead\s+of\s+the\s+usual|disrupt\w*|buck(?:ing)?\s+the\s+trend|against\s+the\s+norm|not\s+like\s+(?:the\s+)?(?:others|competitors|everyone)|won't\s+follow|do\s+it\s+differently|change\s+that|rather\s+than\s+the\s+usual|go\s+against)\b/i;
const WHY = /\b(?:because|since|as\s+they|so\s+that|the\s+reason|given\s+that|they(?:'re|\s+are)?\s+(?:just\s+|only\s+|mostly\s+|really\s+)?(?:want|need|expect|prefer|hate|like|love|value|don't|do not|busy|price[- ]sensitive)|(?:agencies|customers|clients|users|people|they)\s+(?:just\s+)?(?:want|need|expect|prefer))\b/i;
const LEVEL_WORD = /^(?:quite\s+|fairly\s+|very\s+|pretty\s+|rather\s+)?(high|medium|low)\b/i;

// A clause about what the team will do, not what the segment expects.
const TEAM = /^\W*(?:so\s+|and\s+|but\s+|honestly\s+)*(?:we|we'll|we're|we'd|we've|our|us|nosotros|on\s|nous|wir|a\s+gente|n[oó]s)(?![\p{L}'])/iu;

function theirClauses(text: string): string[] {
  const out: string[] = [];
  for (const sentence of clauses(text)) {
    for (const p of clauses(sentence, /,\s*|\s+[-–]\s+|\s+\bbut\b\s+|\s+\bwhile\b\s+/i)) {
      if (TEAM.test(p)) break;
      out.push(p);
    }
  }
  return out;
}

/** A clause that is only a level ("medium?", "high.", "alto contacto"). */
function levelAlone(parts: readonly string[]): Touch | null {
  for (const p of parts) {
    // "so medium-ish i guess": hedges round a level leave it a level.
    const bare = p.replace(/^(?:so|and|well|i'd\s+say|probably|maybe|prob)\s+|[-\s]ish\b|\s+(?:i\s+guess|i\s+think|i'd\s+say|probably|maybe|tbh)\s*$/gi, ' ');
    const words = bare.replace(/[^\p{L}\s]/gu, ' ').trim().split(/\s+/);
    if (words.length > 3) continue;
    const lvl = first(p, LEVEL_WORDS);
    if (lvl) return lvl;
  }
  return null;
}

export function touchFrom(text: string, norm: string | null = null): Touch | null {
  const exact = exactAnswer(text);
  if (exact?.level) return exact.level;
  const lead = LEVEL_WORD.exec(text.trim());
  if (lead) return lead[1]!.toLowerCase() as Touch;
  const parts = clauses(text, /,\s*|\s+[-–]\s+|\s+\bbut\b\s+|\s+\bwhile\b\s+/i);
  // What the segment is used to, from the clauses that are not the team's plan: once a
  // sentence turns to "we won't, …", the rest of it is the plan too.
  const theirs = theirClauses(text).join('. ');
  const said = first(theirs, TOUCH_CUES);
  if (said) return said;
  const alone = levelAlone(parts);
  if (alone) return alone;
  // Only the team's own clauses ("we've been doing on-site visits"): what they do is what is expected.
  const expected = first(theirs, EXPECT_TOUCH_CUES) ?? first(text, TOUCH_CUES) ?? (theirs.trim() ? null : first(text, EXPECT_TOUCH_CUES));
  if (expected) return expected;
  // "they want an account manager" implies what they expect.
  const types = present(norm ? theirs.replace(norm, ' ') : theirs, RELATIONSHIP_CUES);
  if (types.length === 0) return null;
  const rank = { low: 0, medium: 1, high: 2 } as const;
  return types.map((t) => TYPE_TOUCH[t]).reduce((a, b) => (rank[b] > rank[a] ? b : a));
}

function normText(clause: string, touch: Touch | null): string {
  const same = /^(?:it'?s\s+|that'?s\s+)?(?:the\s+)?(?:same\s+as|just\s+like|like)\s+(.+)$/i.exec(clause);
  if (same) return touch ? `${touch} touch, as with ${same[1]}` : `as with ${same[1]}`;
  return clause.replace(/^(?:the\s+)?(?:industry\s+)?norm\s+(?:is|here is)\s+/i, '');
}

export function readExpectations(text: string): ExtractionOf<'expectations'> {
  const parts = clauses(text, /,\s*|\s+\bbut\b\s+|\s+\bwhile\b\s+/i);
  const normClause = parts.find((c) => NORM.test(c)) ?? null;
  // What the norm says is not what this segment expects, unless nothing else is said.
  const breakClause = parts.find((c) => BREAK.test(c)) ?? null;
  const touch = touchFrom(text, normClause) ?? (normClause && !breakClause ? touchFrom(normClause) : null);
  const industryNorm = normClause ? clip(tidy(normText(tidy(normClause), touch)), 200) : null;
  const breakNorm = normStance(text);
  const today = readToday(text);
  const why = parts
    .filter((c) => WHY.test(c) && c !== normClause)
    .map((c) => tidy(/\b(?:because|since|given\s+that)\b/i.test(c) ? c.slice(c.search(/\b(?:because|since|given\s+that)\b/i)) : c));
  return {
    touch,
    industryNorm: industryNorm || (breakClause ? clip(tidy(breakClause), 200) : null),
    breakNorm,
    rationale: why.length ? clip(why.join('; '), 280) : null,
    today: today.what,
    happy: today.happy,
  };
}
