import type { ExtractionOf } from '../../../core/extraction.ts';
import { clip, dropArticle, hasWords, isVague, tidy } from '../text.ts';

// "competitors give email support only; we can do a personal first sale then automated
// support": what they offer, then where this team does better.

const ADVANTAGE =
  /(?:[;.]|,|\bbut\b|\bwhile\b|\bwhereas\b)?\s*\b(?:we\s+(?:can|could|will|'ll|would|do|offer|give|plan\s+to|want\s+to)|we'll|we're\s+(?:going|better)|our\s+(?:edge|advantage|angle|difference)\s+(?:is|:)|where\s+we\s+(?:win|beat|do\s+better)|we\s+beat\s+them|unlike\s+them|better\s+(?:by|with|through)|instead,?\s+we)\b\s*/i;
const THEIRS =
  /^(?:(?:most|the|our|main|big|other)\s+)*(?:competitors?|competition|rivals?|incumbents?|others|alternatives?|they|the\s+big\s+players)(?:\s+(?:mostly|usually|typically|just|only|all))?\s+(?:give|offer|provide|have|do|use|rely\s+on|are|is|sell)\s+(?:them\s+)?/i;

export function readCompetitors(text: string): ExtractionOf<'competitors'> {
  if (!hasWords(text) || isVague(text)) return { relationship: null, advantage: null };
  const cut = ADVANTAGE.exec(text);
  const theirs = cut ? text.slice(0, cut.index) : text;
  const ours = cut ? text.slice(cut.index + cut[0].length) : '';
  const relationship = tidy(tidy(theirs).replace(THEIRS, ''));
  const advantage = dropArticle(tidy(ours).replace(/^(?:do|offer|give|provide|be|have)\s+/i, ''));
  return {
    relationship: relationship && hasWords(relationship) ? clip(relationship, 200) : null,
    advantage: advantage && hasWords(advantage) ? clip(advantage, 200) : null,
  };
}
