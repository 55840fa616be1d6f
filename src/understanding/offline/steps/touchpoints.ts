import type { ExtractionOf } from '../../../core/extraction.ts';
import { CARRY_ON, EMOTION, FEEL_CUE, NAME_SUBJECT, NO_JOURNEY, OWNER, ROLE_SUBJECT, SEQUENCE, STEP_MARKER, WITH_NAME } from '../journeyCues.ts';
import { sentencesOf, splitOutside } from '../lists.ts';
import { clip, dropArticle, hasWords, isVague, tidy } from '../text.ts';

// The journey as ordered steps, each with how the customer should think and feel and who
// handles it. Explicit structure (numbers, "Step 2 -", arrows, "Step: feeling." sentences)
// makes each part one step; prose is cut at commas and "then", and pieces that only say
// how the customer feels ("no stress", "we want them to feel safe") join the step before.

type Touchpoint = ExtractionOf<'touchpoints'>['touchpoints'][number];

interface Draft {
  step: string;
  feel: string[];
  owner: string | null;
}

// Quoted thoughts ('cute, is it safe?') are masked so their commas and marks split nothing.
const QUOTED = /(^|[\s(:\-])(['"])(.+?)\2(?=[\s,.;:!?)\-]|$)/g;
const MASK = /\u0001(\d+)\u0002/g;

function mask(text: string): { text: string; quotes: string[] } {
  const quotes: string[] = [];
  const masked = text.replace(QUOTED, (_m, pre: string, q: string, inner: string) => {
    quotes.push(`${q}${inner}${q}`);
    return `${pre}\u0001${quotes.length - 1}\u0002`;
  });
  return { text: masked, quotes };
}

const LEAD = /^(?:(?:first(?:ly)?(?=,|\s+(?:they|you|the\s+customer|we)\b)|then|and\s+then|and|finally|next|after\s+that|so|they|you|the\s+customer|customers?|clients?|users?|ils|elles|sie|eles|elas|y|et|und|e|puis|dann|luego|depois)[\s,]+)+/i;

function ownerOf(d: Draft): void {
  const o = OWNER.exec(d.step) ?? WITH_NAME.exec(d.step);
  if (o) {
    d.owner = tidy(o.slice(1).find(Boolean) ?? '');
    d.step = tidy(`${d.step.slice(0, o.index)} ${d.step.slice(o.index + o[0].length)}`);
    return;
  }
  const role = ROLE_SUBJECT.exec(d.step) ?? NAME_SUBJECT.exec(d.step);
  if (role) d.owner = tidy(role[1]!);
}

/** One step's text with its feeling set apart: brackets, " - ", ":", "should feel", ", relief". */
function draft(piece: string, structured: boolean): Draft {
  let step = piece;
  const feel: string[] = [];
  let owner: string | null = null;
  const paren = /\(([^()]*)\)/.exec(step);
  if (paren) {
    const inner = tidy(paren[1]!);
    // "(Dan)", "(owner: Maya)": who, not how they feel.
    if (/^(?:owner|by|via|who)\b/i.test(inner) || (/^\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?$/u.test(inner) && !EMOTION.test(inner))) {
      owner = tidy(inner.replace(/^(?:owner|by|via|who)\s*:?\s*/i, ''));
    } else if (inner) feel.push(inner);
    step = `${step.slice(0, paren.index)} ${step.slice(paren.index + paren[0].length)}`;
  }
  // "a pilot on one ward where they're still sceptical": the clause says how they feel.
  const where = /\s+(?:where|when|while)\s+(?:they'?re|they\s+are|they\s+feel|you'?re|you\s+feel)\s+(?:still\s+|a\s+bit\s+|quite\s+|very\s+|usually\s+|often\s+)?/i.exec(step);
  if (where && EMOTION.test(step.slice(where.index + where[0].length))) {
    feel.push(tidy(step.slice(where.index).replace(/^\s*(?:where|when|while)\s+/i, '')));
    step = step.slice(0, where.index);
  }
  const cut = /\s+-\s+|\s*:\s+/.exec(step);
  const cue = FEEL_CUE.exec(step);
  if (cut && cut.index > 0 && (!cue || cut.index <= cue.index)) {
    feel.unshift(tidy(step.slice(cut.index + cut[0].length)));
    step = step.slice(0, cut.index);
  } else if (cue && cue.index > 0) {
    feel.unshift(tidy(step.slice(cue.index)));
    step = step.slice(0, cue.index).replace(/\s+(?:and|e|y|et|und|so)\s*$/i, '');
  } else if (structured) {
    // "get paid, relief!!": a comma tail that is a feeling.
    const parts = splitOutside(step, /\s*,\s*/);
    const at = parts.findIndex((p, i) => i > 0 && (EMOTION.test(p.text.trim()) || FEEL_CUE.test(p.text)));
    if (at > 0) {
      feel.unshift(tidy(parts.slice(at).map((p) => p.text).join(', ')));
      step = parts.slice(0, at).map((p) => p.text).join(', ');
    }
  }
  const d: Draft = { step: tidy(tidy(step).replace(LEAD, '')), feel: feel.filter(Boolean), owner };
  if (!owner) ownerOf(d);
  d.step = tidy(dropArticle(d.step));
  return d;
}

/** Is this prose piece only about how they feel, or a remark on the step before? */
function joinsPrevious(piece: string): boolean {
  const p = piece.trim();
  if (CARRY_ON.test(p) || EMOTION.test(p)) return true;
  const cue = FEEL_CUE.exec(p);
  if (!cue) return false;
  if (cue.index === 0) return true;
  // "we call back same day so they feel looked after": what the team does for that feeling.
  return /^(?:we|we'll|on|nous|wir|nosotros|n[óo]s)\s/i.test(p);
}

function prose(sentence: string, out: Draft[]): void {
  const split = splitOutside(sentence, SEQUENCE).filter((p) => p.text.trim());
  let first = true;
  let colonFeel = false; // the step before ended "report: relieved"
  for (const { text: raw, sep } of split) {
    const piece = raw.trim();
    const last = out[out.length - 1];
    // "…: relieved, finally fewer empty shifts": after a step's colon, a comma goes on with the feeling.
    if (last && colonFeel && !/\b(?:then|after|next|afterwards|puis|ensuite|dann|danach|luego|despu[ée]s|depois)\b/i.test(sep)) {
      last.feel.push(tidy(piece));
      continue;
    }
    colonFeel = /\S\s*:\s+\S/.test(piece);
    if (last && (first ? EMOTION.test(piece) || /^(?:should|must)\s/i.test(piece) : joinsPrevious(piece))) {
      const cue = FEEL_CUE.exec(piece);
      const feel = cue && /^(?:we|on|nous|wir|nosotros|n[óo]s)\s/i.test(piece) && !CARRY_ON.test(piece) ? piece.slice(cue.index) : piece;
      if (CARRY_ON.test(piece) && !FEEL_CUE.test(piece)) continue; // a remark, not a feeling
      last.feel.push(tidy(feel));
    } else out.push(draft(piece, false));
    first = false;
  }
}

// "Website visit: they should feel it is simple." — a short head, then how it feels.
const STEP_FEELING = /^([^:]{1,50}?)\s*:\s*(.+)$/s;

function structuredParts(text: string): string[] | null {
  const marks = [...text.matchAll(STEP_MARKER)];
  if (marks.length >= 2) {
    const parts: string[] = [];
    const head = text.slice(0, marks[0]!.index).trim();
    if (head && !/:\s*$/.test(head) && hasWords(head)) parts.push(head);
    marks.forEach((m, i) => parts.push(text.slice(m.index + m[0].length, marks[i + 1]?.index ?? text.length)));
    return parts;
  }
  if (/→|\s>\s/.test(text)) return text.split(/\s*(?:→|\s>\s)\s*/);
  return null;
}

export function readTouchpoints(answer: string): ExtractionOf<'touchpoints'> {
  const text = answer.slice(0, 2000);
  if (isVague(text) || !hasWords(text)) return { touchpoints: [] };
  const { text: masked, quotes } = mask(text.replace(/^(?:(?:hmm+|um+|ok(?:ay)?|so|well|right)[\s,]*)+:\s*/i, ''));
  const sentences = sentencesOf(masked);
  const parts = structuredParts(masked);
  if (!parts && (NO_JOURNEY.test(masked) || (sentences.length === 1 && /\?\s*$/.test(masked)))) return { touchpoints: [] };
  const drafts: Draft[] = [];
  if (parts) {
    for (const part of parts) {
      const p = part.trim().replace(/[.;]\s*$/, '');
      if (!p) continue;
      const last = drafts[drafts.length - 1];
      if (last && EMOTION.test(p) && p.split(/[\s,]+/).length <= 4 && !/→/.test(part)) last.feel.push(tidy(p));
      else drafts.push(draft(p, true));
    }
  } else {
    for (const sentence of sentences) {
      const sf = STEP_FEELING.exec(sentence);
      if (sf && sf[1]!.trim().split(/\s+/).length <= 5 && !/^(?:hmm+|ok(?:ay)?|so|well)$/i.test(sf[1]!.trim())) {
        drafts.push({ ...draft(sf[1]!, true), feel: [tidy(sf[2]!)] });
      } else prose(sentence, drafts);
    }
  }
  const unmask = (s: string) => s.replace(MASK, (_m, i: string) => quotes[Number(i)] ?? '');
  const touchpoints: Touchpoint[] = drafts
    .map((d) => ({ ...d, step: tidy(unmask(d.step)) }))
    .filter((d) => d.step && /\p{L}/u.test(d.step) && !isVague(d.step))
    .slice(0, 20)
    .map((d) => ({
      step: clip(d.step, 120),
      thinkFeel: clip(unmask(d.feel.filter(Boolean).join('; ')), 200),
      owner: d.owner ? clip(unmask(d.owner), 80) : null,
    }));
  return { touchpoints };
}
