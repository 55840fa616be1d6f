import type { ExtractionOf } from '../../../core/extraction.ts';
import { splitInline } from '../lists.ts';
import { clip, dropArticle, isVague, tidy } from '../text.ts';

// The journey as ordered steps, each with how the customer should think and feel and who
// handles it: "visits the website → demo call (should feel understood), handled by sales".

type Touchpoint = ExtractionOf<'touchpoints'>['touchpoints'][number];

const MARKED = /(?:^|\n)\s*(?:\(?\d{1,2}[).:]|[-*•·▪])\s+/;
const SEQUENCE = /\s*(?:→|>|\bthen\b|\bafter\s+that\b|\bafterwards\b|\bnext\b|\bfinally\b|\band\s+then\b|\bfollowed\s+by\b)\s*/i;
const FEEL =
  /(?:\(\s*)?(?:\b(?:they\s+|customers?\s+|clients?\s+|users?\s+|we\s+want\s+them\s+to\s+)?(?:should|must|will|need\s+to|to|so\s+they|so\s+that\s+they|want\s+them\s+to)\s+(?:feel|think|see|know|trust|believe)\b|\bfeel(?:s|ing)?\b|\bthinking\b|\bthink(?:s)?\b|\bwhere\s+they\s+feel\b)[^()]*\)?/i;
const OWNER =
  /(?:\(\s*)?\b(?:handled|run|done|owned|led|managed|covered|answered|taken\s+care\s+of)\s+by\s+([^(),;]+)\)?|\((?:owner|by|via)\s*:?\s*([^()]+)\)|\b(?:owner|owned)\s*:\s*([^(),;]+)|\bby\s+(?:our|the)\s+([^(),;]+?(?:team|staff|founders?|founder|manager|lead|rep|reps|sales|support|ceo|cto|designers?|engineers?|bot|chatbot|app|website|system|crm))\b|\bvia\s+(?:the\s+|our\s+|a\s+|an\s+)?((?:chat)?bot|chatbot|crm|app|website|email|portal)\b/i;

/** Splits on commas and "and", but leaves a feel/think phrase whole ("feel safe and heard"). */
function splitSteps(part: string): string[] {
  const cue = /\(|\b(?:should|must|so\s+they|feel|feeling|think|thinking)\b/i.exec(part);
  const at = cue ? cue.index : part.length;
  const pieces = splitInline(part.slice(0, at));
  if (at < part.length) {
    const tail = part.slice(at);
    const close = tail.startsWith('(') ? tail.indexOf(')') + 1 : tail.search(/,/);
    const feel = close > 0 ? tail.slice(0, close) : tail;
    pieces[pieces.length - 1] = `${pieces[pieces.length - 1] ?? ''} ${feel}`;
    if (close > 0) pieces.push(...splitSteps(tail.slice(close)));
  }
  return pieces;
}

function stepsOf(text: string): string[] {
  const lines = MARKED.test(text) ? text.split(/(?:^|\n)\s*(?:\(?\d{1,2}[).:]|[-*•·▪])\s+/) : text.split(/\n+/);
  const parts = lines.flatMap((l) => l.split(/\s*;\s*/)).flatMap((l) => l.split(SEQUENCE));
  // Commas split steps too, unless the fragment only says how they feel or who handles it.
  const out: string[] = [];
  for (const p of parts.flatMap(splitSteps)) {
    const t = p.trim();
    if (!t) continue;
    const onlyDetail = /^(?:\(|so\s+they|they\s+(?:should|will|must)|should|feel|feeling|thinking|handled|run\s+by|done\s+by|owned|owner|by\s+(?:our|the)|via\s)/i.test(t);
    if (onlyDetail && out.length) out[out.length - 1] += `, ${t}`;
    else out.push(t);
  }
  return out;
}

function touchpoint(fragment: string): Touchpoint | null {
  let rest = fragment;
  let owner: string | null = null;
  const o = OWNER.exec(rest);
  if (o) {
    owner = tidy(o.slice(1).find(Boolean) ?? '');
    rest = `${rest.slice(0, o.index)} ${rest.slice(o.index + o[0].length)}`;
  }
  let thinkFeel = '';
  const f = FEEL.exec(rest);
  if (f) {
    thinkFeel = tidy(f[0].replace(/^\(\s*/, '').replace(/\)\s*$/, ''));
    rest = `${rest.slice(0, f.index)} ${rest.slice(f.index + f[0].length)}`;
  }
  const paren = /\(([^()]+)\)/.exec(rest);
  if (paren && !thinkFeel) {
    thinkFeel = tidy(paren[1]!);
    rest = rest.replace(paren[0], ' ');
  }
  const step = tidy(dropArticle(tidy(rest.replace(/^(?:first(?:ly)?,?\s+(?=they|the\s+customer|customers?|clients?|we)|)(?:they|the\s+customer|customers?|clients?|then|finally|next|and|we)\s+/i, ''))));
  if (!step || !/\p{L}/u.test(step) || isVague(step)) return null;
  return { step: clip(step, 120), thinkFeel: clip(thinkFeel, 200), owner: owner ? clip(owner, 80) : null };
}

export function readTouchpoints(text: string): ExtractionOf<'touchpoints'> {
  if (isVague(text)) return { touchpoints: [] };
  const touchpoints = stepsOf(text)
    .slice(0, 20)
    .map(touchpoint)
    .filter((t): t is Touchpoint => t !== null);
  return { touchpoints };
}
