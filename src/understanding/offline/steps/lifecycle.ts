import type { ExtractionOf } from '../../../core/extraction.ts';
import { splitList } from '../lists.ts';
import { hits, present } from '../match.ts';
import { STAGE_CUES, TACTIC_CUES, type Stage } from '../tactics.ts';
import { clip, dropArticle, isVague, tidy, uniqueBy } from '../text.ts';

// "referral program and content to win; onboarding emails and the forum to keep; a premium
// tier to grow": cue words decide the stage of a chunk; known tactics decide the rest.

type Lifecycle = ExtractionOf<'lifecycle'>;

const CHUNK_BREAK = /[;\n]+|(?<=[.!?])\s+/;
// After a trailing cue ("... to win,") a new chunk starts.
const AFTER_CUE = new RegExp(String.raw`(\b(?:to|for)\s+(?:win|acquire|attract|get|keep|retain|grow|expand|upsell)(?:\s+(?:them|customers|users|clients|new\s+\w+|more\s+\w+))?|\bfor\s+(?:acquisition|retention|growth))\s*(?:,|\band\b|\bthen\b|\bwhile\b)\s*`, 'gi');
const LEAD_VERB = /^(?:we(?:'ll|\s+will)?\s+)?(?:use|run|do|have|offer|rely\s+on|plan|try|with|through|via|by|using|thanks\s+to)\s+/i;
const FILLER_ONLY = /^(?:them|it|that|this|customers|users|clients|we|us|and|then|also|with|by|through|via|using)$/i;

function cleanTactic(item: string): string {
  let s = tidy(item);
  for (let i = 0; i < 3; i++) s = dropArticle(s.replace(LEAD_VERB, '')).trim();
  return tidy(s);
}

function items(chunk: string): string[] {
  return splitList(chunk, { leadIn: false })
    .map(cleanTactic)
    .filter((s) => s && !FILLER_ONLY.test(s) && !isVague(s) && /\p{L}/u.test(s))
    .map((s) => clip(s, 80));
}

/** Splits a chunk on its cue; returns the stage and the text that names tactics. */
function staged(chunk: string): { stage: Stage; rest: string } | null {
  const cue = hits(chunk, STAGE_CUES).filter((h) => !h.negated);
  if (cue.length === 0) return null;
  const len = chunk.length;
  const trailing = [...cue].reverse().find((h) => tidy(chunk.slice(h.end)).length === 0);
  const leading = cue.find((h) => tidy(chunk.slice(0, h.start)).replace(/^(?:and|then|also|we)$/i, '').length === 0);
  const pick = trailing ?? leading ?? cue[0]!;
  const rest = `${chunk.slice(0, pick.start)} ${chunk.slice(pick.end, len)}`;
  return { stage: pick.value, rest };
}

export function readLifecycle(text: string): Lifecycle {
  const out: Lifecycle = { acquisition: [], retention: [], growth: [], notes: null };
  const chunks = text.replace(AFTER_CUE, '$1\n').split(CHUNK_BREAK).map((c) => c.trim()).filter(Boolean);
  const leftovers: string[] = [];
  let carry: Stage | null = null;
  for (const chunk of chunks) {
    const s = staged(chunk);
    if (s) {
      const found = items(s.rest);
      if (found.length) out[s.stage].push(...found);
      else carry = s.stage; // "To win:" on its own line: the next chunk lists the tactics.
      if (found.length) carry = null;
      continue;
    }
    for (const item of items(chunk)) {
      const stage = carry ?? present(item, TACTIC_CUES)[0];
      if (stage) out[stage].push(item);
      else leftovers.push(item);
    }
    carry = null;
  }
  for (const k of ['acquisition', 'retention', 'growth'] as const) out[k] = uniqueBy(out[k], (t) => t.toLowerCase());
  if (leftovers.length) out.notes = clip(leftovers.join('; '));
  return out;
}
