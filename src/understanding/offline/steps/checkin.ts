import type { ExtractionOf, Mood } from '../../../core/extraction.ts';
import type { ExtractionContext } from '../../../core/summariser.ts';
import { present, type Cue } from '../match.ts';
import { readMetrics } from '../metrics.ts';
import { isNegated } from '../negation.ts';
import { TACTIC_CUES } from '../tactics.ts';
import { clauses, clip, dropArticle, isVague, tidy, uniqueBy } from '../text.ts';

// A retention check-in: which tactics ran (resolved against the planned ones, so "both
// ran" means something), the numbers, what was learned, what is next, and the mood.

type CheckIn = ExtractionOf<'checkin'>;

const STOP = new Set('the a an our their my we us it its and or of to for with on in at by this that these those all both was were is are be been ran run did do done went out sent new program programme'.split(' '));
const RAN = /\b(?:ran|run|running|did|done|went\s+out|sent(?:\s+out)?|launched|held|hosted|shipped|published|happened|went\s+live|is\s+live|started|kept\s+up|delivered|completed|rolled\s+out|tried)\b/i;
const ALL = /\b(?:both|all(?:\s+of\s+them|\s+\w+)?|everything|each\s+of\s+them|every\s+one)\b/i;
const NONE = /\b(?:none|nothing|neither|no\s+tactics?)\b/i;
const LEARNED = /\b(?:learn(?:ed|t|ing)?|lessons?|found\s+(?:out\s+)?that|turns?\s+out|realis(?:ed|ing)|realiz(?:ed|ing)|insights?|discovered|noticed|saw\s+that|takeaway)\b\s*(?:that|is|was|:)?\s*/i;
const NEXT = /\b(?:next(?:\s+(?:week|month|time|step|up|sprint))?|we(?:'ll|\s+will)|going\s+to|plan(?:ning)?\s+to|planned|will\s+try|then\s+we|from\s+now\s+on|to\s*-?\s*do)\b\s*(?:is|are|:|we(?:'ll|\s+will)?)?\s*/i;

const MOODS: readonly Cue<Mood>[] = [
  ['off_track', String.raw`off[- ]track|not\s+on\s+track|behind(?:\s+plan)?|going\s+badly|bad\s+(?:week|month)|(?:got|getting)\s+worse|failing|struggling|disaster|terrible|churn\s+(?:is\s+)?(?:up|rose|rising|increased)|lost\s+(?:customers|clients|users)|off_track`],
  ['at_risk', String.raw`at[- ]risk|at_risk|worried|concern(?:ed|ing)?|slipping|flat|stalled|stuck|mixed|so[- ]so|meh|could\s+be\s+better|not\s+great|slow(?:er)?|uncertain|wobbly`],
  ['on_track', String.raw`on[- ]track|on_track|going\s+well|good|great|improv(?:ed|ing)|better|happy|pleased|solid|strong|growing|up\b|churn\s+(?:is\s+)?(?:down|fell|dropped)|down\s+to|👍|🎉|🚀`],
];

const significant = (s: string) =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2 && !STOP.has(w))
    .map((w) => w.replace(/(?:ies)$/, 'y').replace(/(?:es|s)$/, ''));

/** Does this clause name that planned tactic? "the emails" names "onboarding emails". */
export function names(clause: string, tactic: string): boolean {
  const said = significant(clause);
  const planned = significant(tactic);
  if (planned.length === 0 || said.length === 0) return false;
  const overlap = planned.filter((w) => said.includes(w)).length;
  return overlap >= Math.min(2, planned.length) || (overlap >= 1 && said.filter((w) => !planned.includes(w)).length <= 1);
}

function tacticName(clause: string): string | null {
  const s = dropArticle(tidy(clause.replace(RAN, ' ').replace(/\b(?:we|this\s+week|last\s+week|this\s+month|again|finally|also|as\s+planned)\b/gi, ' ').replace(/\s+/g, ' ')));
  const words = s.split(/\s+/).filter(Boolean);
  return words.length > 0 && words.length <= 6 && /\p{L}/u.test(s) ? s : null;
}

function tacticsRun(text: string, planned: readonly string[]): string[] {
  const out: string[] = [];
  const parts = clauses(text, /,\s*|\s+\bbut\b\s+|\s+\bwhile\b\s+|\s+\bhowever\b\s+/i);
  for (const part of parts) {
    if (LEARNED.test(part) || /^\s*next\b/i.test(part)) continue;
    const negated = isNegated(part);
    if (negated && !ALL.test(part)) continue;
    if (NONE.test(part)) continue;
    if (ALL.test(part) && RAN.test(part) && planned.length && !negated) {
      out.push(...planned);
      continue;
    }
    // "the loyalty program and the emails ran": each piece may name a planned tactic.
    const pieces = part.split(/\s+\band\b\s+|\s*&\s*/i);
    let matched = false;
    for (const piece of pieces) {
      for (const p of planned) if (names(piece, p)) {
        out.push(p);
        matched = true;
      }
    }
    if (matched) continue;
    const known = present(part, TACTIC_CUES).length > 0;
    if (RAN.test(part) || known) {
      for (const piece of pieces) {
        const name = tacticName(piece);
        if (name && !/\d/.test(name) && (RAN.test(part) || present(piece, TACTIC_CUES).length)) out.push(name);
      }
    }
  }
  return uniqueBy(out, (t) => significant(t).join(' ') || t.toLowerCase()).slice(0, 12);
}

function after(text: string, cue: RegExp): string | null {
  for (const c of clauses(text)) {
    const m = cue.exec(c);
    if (!m) continue;
    const rest = tidy(c.slice(m.index + m[0].length));
    if (rest && /\p{L}/u.test(rest)) return clip(rest, 280);
  }
  return null;
}

function moodOf(text: string): Mood | null {
  const found = present(text, MOODS);
  // The gravest reading wins: "good week but churn is up" is not on track.
  for (const m of ['off_track', 'at_risk', 'on_track'] as const) if (found.includes(m)) return m;
  return null;
}

export function readCheckIn(text: string, context: ExtractionContext): CheckIn {
  const empty: CheckIn = { tacticsRun: [], metrics: [], learned: null, next: null, mood: null };
  if (isVague(text)) return empty;
  const planned = (context.plannedTactics ?? []).filter((t) => typeof t === 'string' && t.trim()).slice(0, 40);
  return {
    tacticsRun: tacticsRun(text, planned),
    metrics: readMetrics(text),
    learned: after(text, LEARNED),
    next: after(text, NEXT),
    mood: moodOf(text),
  };
}
