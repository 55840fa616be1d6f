import { tidy } from './text.ts';

// Turns "1) a, 2) b", bullets, lines, "a, b and c", "a; b", "a & b" into items. Explicit
// structure (numbers, bullets, lines) wins: inside such an item commas are kept.

const HEDGE = String.raw`(?:(?:well|so|ok(?:ay)?|hmm+|um+|i think|i'd say|we think|probably|mainly|mostly|basically)[,\s]+)*`;
const NOUN = String.raw`(?:customer\s+)?(?:segments?|customers?|clients?|users?|groups?|audiences?|markets?|tactics?|steps?)`;
const SUBJECT = String.raw`(?:(?:our|the|main|key|target)\s+)*${NOUN}\s*(?:are|is|would be|include|:)\s*`;
const VERB = String.raw`(?:we|i)\s+(?:have|serve|target|sell to|see|work with|focus on)\s+`;
const COUNT = String.raw`(?:(?:two|three|four|five|six|\d)\s+(?:main\s+)?(?:segments?|groups?|kinds?|types?)\s*:?\s*(?:of\s+)?)`;
const LEAD_IN = new RegExp(String.raw`^${HEDGE}(?:${SUBJECT})?(?:${VERB})?${COUNT}?(?:[:\-]\s*)?`, 'i');

const MARKER = /(?:^|\n)\s*[-*•·▪]\s+|(?:^|\s)\(?\d{1,2}[).:]\s+|(?:^|\s)\(?[a-h]\)\s+/g;
// Sticky: tried at one position at a time, so the scan stays linear.
const SEPARATOR = /\s*(?:[,;&+/]|\bas well as\b|\balong with\b|\bplus\b|\band also\b|\band\b)\s*/iy;

export function stripLeadIn(text: string): string {
  const s = text.trim();
  const m = LEAD_IN.exec(s);
  const rest = m && m[0].trim() ? s.slice(m[0].length) : s;
  return rest.trim() ? rest : s;
}

function markedItems(text: string): string[] | null {
  const hits = [...text.matchAll(MARKER)];
  if (hits.length < 2) return null;
  const items: string[] = [];
  const head = text.slice(0, hits[0]!.index).trim();
  if (head && !/[:]\s*$/.test(head) && head.split(/\s+/).length <= 6 && !/\b(?:are|is|have)\s*$/i.test(head)) items.push(head);
  hits.forEach((h, i) => {
    const end = i + 1 < hits.length ? hits[i + 1]!.index : text.length;
    items.push(text.slice(h.index + h[0].length, end));
  });
  return items;
}

/** Splits an answer into list items; `inline` also splits on commas and "and". */
export function splitList(text: string, opts: { inline?: boolean; leadIn?: boolean } = {}): string[] {
  const { inline = true, leadIn = true } = opts;
  const body = leadIn ? stripLeadIn(text) : text;
  const marked = markedItems(body);
  let items: string[];
  if (marked) items = marked;
  else if (body.includes('\n')) items = body.split(/\n+/);
  else items = [body];
  if (!marked) {
    items = items.flatMap((i) => i.split(/\s*;\s*/));
    if (inline) items = items.flatMap((i) => splitInline(i));
  }
  return items.map((i) => tidy(i.replace(/,\s*$/, ''))).filter((i) => /[\p{L}\p{N}]/u.test(i));
}

/** Splits on commas, '&', '+', 'and', but not inside parentheses or numbers. */
export function splitInline(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    if (depth > 0 || (i > 0 && /\w/.test(text[i - 1]!) && /\w/.test(c))) continue;
    SEPARATOR.lastIndex = i;
    const m = SEPARATOR.exec(text);
    if (!m) continue;
    const prev = text[i - 1] ?? '';
    const sep = m[0].trim();
    // Keep "5-20", "1/2", "1,200" and "20+" whole.
    if ((sep === '/' || sep === '+') && /\d/.test(prev)) continue;
    if (sep === ',' && /\d/.test(prev) && /^\d{3}\b/.test(text.slice(i + 1))) continue;
    out.push(text.slice(start, i));
    start = i + m[0].length;
    i = start - 1;
  }
  out.push(text.slice(start));
  return out;
}

export interface Piece {
  text: string;
  /** The separator before this piece ('' for the first). */
  sep: string;
}

/** Splits on a sticky separator pattern outside parentheses and quotes, keeping each separator. */
export function splitOutside(text: string, separator: RegExp): Piece[] {
  const re = separator.sticky ? separator : new RegExp(separator.source, `${separator.flags}y`);
  const out: Piece[] = [];
  let depth = 0;
  let start = 0;
  let sep = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    if (depth > 0 || (i > 0 && /\w/.test(text[i - 1]!) && /\w/.test(c))) continue;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m || !m[0]) continue;
    out.push({ text: text.slice(start, i), sep });
    sep = m[0];
    start = i + m[0].length;
    i = start - 1;
  }
  out.push({ text: text.slice(start), sep });
  return out;
}

// A full stop after these is not the end of a sentence.
const SENTENCE_END = /(?<!\b(?:esp|e\.g|i\.e|etc|approx|incl|vs|ca|bzw|z\.B|p\.ex|ex|min|max|no|nr|dr|mr|mrs|ms|st))(?:[.!?]+|…)(?=\s|$)\s*|\n+\s*/iy;

/** Sentences, split outside parentheses so "(leaks, a plug that stopped…)" stays whole. */
export function sentencesOf(text: string): string[] {
  return splitOutside(text, SENTENCE_END)
    .map((p) => p.text.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}
