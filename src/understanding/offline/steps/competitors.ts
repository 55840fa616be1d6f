import type { ExtractionOf } from '../../../core/extraction.ts';
import { clip, dropArticle, hasWords, isVague, tidy } from '../text.ts';

// "competitors give email support only; we can do a personal first sale then automated
// support": what they offer, then where this team does better. The team's side usually
// starts a sentence of its own ("we vet every dealer", "nosotros: …", "Unser Vorteil: …").

const ADVANTAGE =
  /(?:[;.]|,|\bbut\b|\bwhile\b|\bwhereas\b)?\s*\b(?:we\s+(?:can|could|will|'ll|would|do|offer|give|plan\s+to|want\s+to)|we'll|we're\s+(?:going|better)|our\s+(?:edge|advantage|angle|difference)\s+(?:is|:)|where\s+we\s+(?:win|beat|do\s+better)|we\s+beat\s+them|unlike\s+them|better\s+(?:by|with|through)|instead,?\s+we)\b\s*/i;
const THEIRS =
  /^(?:(?:most|the|our|main|big|other)\s+)*(?:competitors?|competition|rivals?|incumbents?|others|alternatives?|they|the\s+big\s+players)(?:\s+(?:mostly|usually|typically|just|only|all))?\s+(?:give|offer|provide|have|do|use|rely\s+on|are|is|sell)\s+(?:them\s+)?/i;

/** A sentence in the team's own voice, in the five languages. */
const OURS =
  /^(?:(?:and|but|while|whereas|instead|so|y|pero|mais|et|aber|und|mas|e)\s+)?(?:we|we're|we'll|we've|we'd|were|us|ours|our\s+(?:edge|advantage|angle|difference|approach|team|service|app|product|way|pitch)|unlike\s+them|nosotros|nuestra?\s+(?:ventaja|diferencia|fuerte)|nous|notre\s+(?:avantage|diff[ée]rence|force|approche)|chez\s+nous|wir|unser(?:e)?\s+(?:vorteil|st[äa]rke|unterschied|ansatz)|bei\s+uns|n[óo]s|a\s+gente|nossa\s+(?:vantagem|diferen[çc]a)|nosso\s+diferencial)(?![\p{L}'])/iu;

/** The label before the team's side: "our edge is", "notre avantage c'est", "nosotros:". */
const OURS_LABEL =
  /^(?:(?:and|but|so)\s+)?(?:(?:our\s+(?:edge|advantage|angle|difference)|nuestra\s+ventaja|notre\s+avantage|unser\s+vorteil|nossa\s+vantagem|nosso\s+diferencial)\s*(?:is|es|est|c'est|ist|[ée])?\s*(?:that|que|dass)?\s*:?\s*|(?:nosotros|nous|n[óo]s)\s*[:,]\s*)/i;

/** Answers that say nothing about competitors, or talk to the bot instead. */
const NOTHING =
  /^(?:(?:hmm+|um+|well|so|honestly|tbh)[\s,]*)*(?:not\s+sure|no\s+idea|idk|dunno|don'?t\s+know|ni\s+idea|no\s+s[ée]|aucune\s+id[ée]e|keine\s+ahnung|n[ãa]o\s+sei)\b|\bignore\s+(?:all\s+)?(?:previous|prior|the\s+above)\s+instructions\b|\byou\s+are\s+now\b/i;

function theirSide(text: string): string {
  let s = tidy(text.replace(/^(?:(?:honestly|tbh|well|so|hmm+|i\s+guess)[\s,]+)+/i, ''));
  // "ebay & facebook marketplace: zero relationship" — who they are, then what they offer.
  const head = /^([^:.;]{1,50}?)\s*[:?]\s+(?=\S)/.exec(s);
  if (head && head[1]!.split(/\s+/).length <= 6) s = s.slice(head[0].length);
  return tidy(tidy(s).replace(THEIRS, ''));
}

function ourSide(text: string): string {
  const s = tidy(text).replace(OURS_LABEL, '');
  return tidy(dropArticle(s.replace(/^we\s+(?:can|could|will|would|plan\s+to|want\s+to)\s+(?:do|offer|give|provide)\s+|^we'll\s+(?:do|offer|give|provide)\s+/i, '')));
}

/** Where the team's own side starts: a sentence in its voice, or "…; we can …". */
function split(text: string): [string, string] {
  const sentences = [...text.matchAll(/[^.!?\n]+(?:[.!?]+|\n|$)/g)];
  for (const m of sentences.slice(1)) {
    const body = m[0].trimStart();
    if (OURS.test(body)) {
      const at = m.index + (m[0].length - body.length);
      return [text.slice(0, at), text.slice(at)];
    }
  }
  // "banks offer a call centre, while we assign a named advisor"
  const clause = /(?:[,;]\s*|\s(?=but\s|while\s|whereas\s|instead\s))(?:(?:but|while|whereas|instead)\s+)?(?=(?:we|we're|we'll|our\s+(?:edge|advantage|difference))(?![\p{L}']))/iu.exec(text);
  if (clause && clause.index > 0) return [text.slice(0, clause.index), text.slice(clause.index + clause[0].length)];
  const cut = ADVANTAGE.exec(text);
  return cut ? [text.slice(0, cut.index), text.slice(cut.index + cut[0].length).replace(/^(?:do|offer|give|provide|be|have)\s+/i, '')] : [text, ''];
}

export function readCompetitors(answer: string): ExtractionOf<'competitors'> {
  const text = answer.slice(0, 1500);
  if (!hasWords(text) || isVague(text) || NOTHING.test(text)) return { relationship: null, advantage: null };
  const [theirs, ours] = split(text);
  const relationship = theirSide(theirs);
  const advantage = ourSide(ours);
  return {
    relationship: relationship && hasWords(relationship) ? clip(relationship, 200) : null,
    advantage: advantage && hasWords(advantage) ? clip(advantage, 200) : null,
  };
}
