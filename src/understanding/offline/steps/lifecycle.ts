import type { ExtractionOf } from '../../../core/extraction.ts';
import { splitList } from '../lists.ts';
import { hits, present, type Hit } from '../match.ts';
import { CLAUSE_STAGE_CUES, FILLER, HEDGE, NONE_FOR_STAGE } from '../stages.ts';
import { STAGE_CUES, TACTIC_CUES, type Stage } from '../tactics.ts';
import { clip, dropArticle, isVague, tidy, uniqueBy } from '../text.ts';

// The answer is cut into clauses and each clause gets its stage from what it does ("we get
// them via", "keep them with", "upsell"), then from the tactics it names. A clause that only
// hedges ("not sure yet", "they don't come back") gives no tactic: it goes to notes, so the
// missing stage stays missing.

type Lifecycle = ExtractionOf<'lifecycle'>;

// Sentences, "1)"-style markers, and "..." cut first; commas cut clauses inside a sentence.
const SENTENCE = /[;\n!?]+|\.{2,}|…|(?<=[.])\s+|(?<=\S)\.(?=\s|$)|\s(?=\d\)\s)/;
const CLAUSE = /,\s+|\s+[-–]\s+(?=\S)/;
const LEAD_VERB = /^(?:we(?:'ll|\s+will)?\s+)?(?:use|run|do|have|offer|rely\s+on|plan|try|with|through|thru|via|by|using|thanks\s+to|mostly|mainly|is|are|=|por|pelo|pela|par|über|durch|con|com|avec|mit)\s+/i;
const TAIL = /\s+(?:(?:is|are|as)\s+(?:the|our|an?)?\s*(?:main|big|usual)?|is|are|as|the|our|do|=|:|-)\s*$/i;
const TENTATIVE = /^(?:maybe|perhaps|might|possibly)\b/i;

const ALL_CUES = [...CLAUSE_STAGE_CUES, ...STAGE_CUES];

function cleanTactic(item: string): string {
  let s = tidy(item.replace(/^[\s:=\-–()]+|[\s:=\-–(]+$/g, ''));
  for (let i = 0; i < 3; i++) s = dropArticle(s.replace(LEAD_VERB, '').replace(TAIL, '')).trim();
  return tidy(s.replace(/^(?:hmm+|um+|well|so|also|and|plus)[,\s]+/i, ''));
}

function items(chunk: string): string[] {
  if (!chunk.trim() || FILLER.test(chunk.trim())) return [];
  return splitList(chunk, { leadIn: false })
    .map(cleanTactic)
    .filter((s) => s && !FILLER.test(s) && !isVague(s) && /\p{L}{2,}/u.test(s))
    .map((s) => clip(s, 80));
}

interface Clause {
  text: string;
  cue: Hit<Stage> | null;
  /** The words left when the cue is taken out. */
  rest: string;
  /** The cue opens the clause ("keep them with …"), so later clauses carry on its list. */
  leads: boolean;
}

/** Outermost cue hits, longest first where they overlap. */
function cuesIn(text: string): Hit<Stage>[] {
  const all = hits(text, ALL_CUES);
  const kept: Hit<Stage>[] = [];
  for (const h of [...all].sort((a, b) => b.end - b.start - (a.end - a.start))) {
    if (!kept.some((k) => k.start < h.end && h.start < k.end)) kept.push(h);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function clausesOf(sentence: string): Clause[] {
  const out: Clause[] = [];
  for (const part of sentence.split(CLAUSE)) {
    const cues = cuesIn(part);
    // Two stages in one clause ("halten sie mit X und verkaufen Y dazu"): cut before the second.
    const cuts = [0];
    cues.forEach((c, i) => {
      if (i === 0 || c.value === cues[i - 1]!.value || c.start === 0) return;
      // Keep a negator with its cue: "y no vuelven".
      const neg = /(?:\b(?:no|not|don't|never|nicht|não|ne|pas)\s+)$/iu.exec(part.slice(0, c.start));
      cuts.push(neg ? c.start - neg[0].length : c.start);
    });
    cuts.push(part.length);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const piece = part.slice(cuts[i], cuts[i + 1]).replace(/\s+(?:and|und|y|et|e)\s*$/i, '');
      if (!piece.trim()) continue;
      const cue = cuesIn(piece)[0] ?? null;
      const before = cue ? piece.slice(0, cue.start).trim() : '';
      // "pour les garder : …", "they come back for …": words before the cue that name no tactic go.
      const rest = cue ? `${before && FILLER.test(before) ? '' : piece.slice(0, cue.start)} ${piece.slice(cue.end)}` : piece;
      out.push({ text: piece, cue, rest, leads: !!cue && (!before || FILLER.test(before)) });
    }
  }
  return out;
}

export function readLifecycle(text: string): Lifecycle {
  const out: Lifecycle = { acquisition: [], retention: [], growth: [], notes: null };
  const notes: string[] = [];
  const tentative = new Set<string>();
  const hedged = new Set<Stage>();
  let carry: Stage | null = null; // "keep:" or "to win:" alone: the next clause lists the tactics.
  let last: Stage | null = null; // a hedge with no stage of its own ("we don't have one yet") is about this one
  const add = (stage: Stage, found: string[]) => {
    for (const f of found) if (TENTATIVE.test(f) || /\bmaybe\b/i.test(f)) tentative.add(f);
    out[stage].push(...found.map((f) => tidy(f.replace(TENTATIVE, ''))).filter(Boolean));
    last = stage;
  };
  for (const sentence of text.split(SENTENCE).map((s) => s?.trim()).filter(Boolean)) {
    const list = clausesOf(sentence);
    let listStage: Stage | null = null; // a leading cue's list runs on through later commas
    list.forEach((c, i) => {
      const body = tidy(c.text);
      const stage = c.cue?.value ?? carry ?? listStage ?? last;
      if (NONE_FOR_STAGE.test(body) || HEDGE.test(body) || (c.cue?.negated && !tidy(c.rest).match(/\p{L}{3,}/u))) {
        notes.push(body);
        if (stage) hedged.add(stage);
        carry = null;
        listStage = null;
        return;
      }
      if (c.cue) last = c.cue.value;
      if (c.cue?.negated) {
        notes.push(body);
        hedged.add(c.cue.value);
        return;
      }
      const found = items(c.rest);
      if (c.cue) {
        if (found.length) add(c.cue.value, found);
        carry = found.length ? null : c.cue.value;
        listStage = c.leads ? c.cue.value : null;
        return;
      }
      if (found.length === 0) return;
      if (/^\W*(?:we\s+)?(?:don'?t|do\s+not|never|no)\b/i.test(body)) {
        notes.push(body); // "we don't do any marketing": said, but no tactic
        return;
      }
      // A clause without a cue: carried from a label, continuing a list, or the next clause's
      // trailing cue ("instagram, tiktok to get them in"), or the tactic's usual stage.
      const next = list[i + 1];
      const nextTrailing = next?.cue && !next.leads ? next.cue.value : null;
      const own = carry ?? listStage ?? nextTrailing;
      carry = null;
      if (own) {
        add(own, found);
        return;
      }
      for (const item of found) {
        const guess = present(item, TACTIC_CUES)[0];
        if (guess) add(guess, [item]);
        else notes.push(item);
      }
    });
    listStage = null;
  }
  for (const k of ['acquisition', 'retention', 'growth'] as const) {
    // "maybe a newsletter? we don't have one yet": an idea, not a tactic.
    if (hedged.has(k)) out[k] = out[k].filter((t) => ![...tentative].some((x) => x.replace(TENTATIVE, '').trim() === t));
    out[k] = uniqueBy(out[k], (t) => t.toLowerCase());
  }
  if (notes.length) out.notes = clip(notes.join('; '));
  return out;
}
