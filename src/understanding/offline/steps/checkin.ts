import type { ExtractionOf, Mood } from '../../../core/extraction.ts';
import type { ExtractionContext } from '../../../core/summariser.ts';
import { present, type Cue } from '../match.ts';
import { readMetrics } from '../metrics.ts';
import { isNegated } from '../negation.ts';
import { plannedNamed, tacticWords } from '../planned.ts';
import { languageOf, yesNo } from '../recognise.ts';
import { TACTIC_CUES } from '../tactics.ts';
import { clauses, clip, dropArticle, isVague, tidy, uniqueBy } from '../text.ts';

// A retention check-in: which tactics ran and which did not (resolved against the planned
// ones, so "both ran" and "QBR no" mean something), the numbers, what was learned, what is
// next, and the mood.

type CheckIn = ExtractionOf<'checkin'>;
type Status = 'run' | 'notRun' | 'unsaid';

const RAN = /(?<![\p{L}])(?:ran|run|running|did|done|went\s+out|sent(?:\s+out)?|launched|held|hosted|shipped|published|happened|went\s+live|(?:is|are)\s+live|live\s+now|started|kept\s+up|delivered|completed|rolled\s+out|tried|working|works|worked|doing|went\s+well|in\s+place|as\s+(?:usual|always)|hicimos|enviamos|mandamos|lanzamos|hecho|funcionando|fait|envoy[ée]s?|lanc[ée]s?|tourn[ée]s?|gemacht|gesendet|gestartet|verschickt|liefen|lief|läuft|fizemos|lançamos|mandamos|feito|rodou|rodaram|funcionou)(?![\p{L}])|✅|✔|👍/iu;
const NOT_RAN = /(?<![\p{L}])(?:slipped|slip|postponed|forg[eo]t|forgotten|stopped|quit|halted|discontinued|none|nothing|not\s+(?:set\s+up|launched|shipped|live)|delayed|pushed(?:\s+back)?|paused|on\s+hold|stalled|missed|skipped|dropped|cancell?ed|scrapped|shelved|fell\s+through|never\s+happened|didn'?t\s+(?:happen|run|go|start|get|do|make)|did\s+not|not\s+(?:yet|done|started|run|sent)|no\s+time|haven'?t|hasn'?t|still\s+(?:pending|waiting|to\s+do)|blocked|behind|pospuesto|retrasado|olvidamos|no\s+(?:lo\s+|la\s+|los\s+|las\s+|se\s+)?\p{L}+(?:amos|imos|emos)|ninguna?|nada|report[ée]s?|pas|oubli[ée]s?|aucune?|rien|verschoben|vergessen|nicht|keine[ns]?|nichts|adiado|atrasado|atrasou|esquecemos|não|nenhuma?|ficou\s+(?:pro|para\s+o)|(?:pushed|moved)\s+to|(?:to|till|until)\s+next\s+(?:week|month)|au\s+mois\s+prochain|el\s+mes\s+que\s+viene|pro\s+m[êe]s\s+que\s+vem|n[äa]chsten\s+monat)(?![\p{L}])|❌|✗/iu;
const FUTURE = /\b(?:will|going\s+to|gonna|plan(?:ning)?\s+to|want\s+to|next\s+(?:week|month|time|step)|hope\s+to|should|would\s+like)\b/i;
const ALL = /(?<![\p{L}])(?:both|all(?!\s+(?:\d|good|fine|well|ok))|everything|each\s+(?:of\s+them|one)|every\s+(?:one|single\s+one)|todos|todas|ambos|tous|toutes|les\s+deux|alle|beide|tudo)(?![\p{L}])/iu;
const NONE = /(?<![\p{L}])(?:none|nothing|neither|(?:run|do|did|done|send|sent|launch|ship)\s+anything|no\s+tactics?|ninguno|ninguna|nada|aucun|rien|keine[ns]?|nichts|nenhum|nenhuma)(?![\p{L}])/iu;
/** What is left of an "all of them ran" clause once the quantifier and the verbs are gone. */
const ALL_FILLER = /(?<![\p{L}])(?:of|them|it|tactics?|things?|planned|as|we|the|our|ran|run|did|done|went|out|live|are|is|were|was|now|yes|happened|worked|fine|ok|okay|great|good|again|this|last|week|month|time|one|single|de|la|las|los|les|ellos|eux|sie|eles|actions?|acciones|a[çc][õo]es|ma[ßs]nahmen|ont|hemos|han|haben|wurden|foram|fizemos|hicimos|ran)(?![\p{L}])/giu;
const YES_NO_WORD = /(?:^|[^\p{L}])(?:yes|yep|yeah|yup|no|nope|nah|sí|si|oui|non|ja|nein|sim|não)(?:[^\p{L}]|$)/iu;
/** A reason or an observation: what a team learned, even unlabelled ("bc Ana left", "(holidays)"). */
const EXPLAIN =
  /\b(?:because|bc|b\/c|cos|cuz|since\s+(?:we|they|the|our|i|it)|due\s+to|thanks\s+to|that'?s\s+(?:prob(?:ably)?\s+|likely\s+|maybe\s+)?why|we\s+think|i\s+think|i\s+guess|seems?\s+(?:to|like)|looks\s+like|turns?\s+out|(?:is|are|was|were|be|been|'s|'re)\s+working|working\s+well|heavy\s+lifting|nobody|no\s+one|quiet|meh|short[- ]staffed|too\s+busy|busy\s+with|heads\s+down|late|left|quit|no\s+time|ran\s+out|only\s+(?:about\s+)?(?:half|some|a\s+few)|forgot|saved|caught|we\s+were|porque|a\s+tope|estuvimos|funcionando|parce\s+que|pas\s+eu\s+le\s+temps|on\s+avait|weil|wir\s+hatten|krank\p{L}*|lost\s+(?:\p{L}+\s+){1,3}to|fell\s+through|too\s+early\s+to\s+tell|(?:were|was|got)\s+(?:sick|ill)|patchy|only\s+\d[\d.,]*\s*%?|so\s+we(?:'ll|\s+will|'re\s+going\s+to))\b|\((?=[^()]{0,80}?\p{L}{3})[^()\d]{3,80}\)/iu; // bounded: a run of '(' must not backtrack
/** A reason or an opinion: its verbs say why, not what ran ("since we started calling detractors"). */
const REASONING = /\b(?:because|bc|b\/c|cos|cuz|since|due\s+to|thanks\s+to|that'?s\s+\w*\s*why|we\s+think|i\s+think|i\s+guess|porque|parce\s+que|weil)\b/i;
/** A state, not a run: "community is quiet tho". */
const STATE = /\b(?:is|are|was|were|seems?|feels?|looks?)\b/i;
const SOLD = /(?<![\p{L}])(?:sales|sold|ventes?|vendus?|vendues?|ventas|vendid[oa]s|vendas|verkauf\p{L}*|verkäufe)(?![\p{L}])/iu;
const PARTIAL = /\bran\s+out\b|\b(?:only\s+)?(?:about\s+)?half\b|\bpartly\b|\bpartially\b/i;
const EXCEPT = /\s*\b(?:except(?:\s+for)?|apart\s+from|other\s+than|besides|but\s+not|save\s+for|excepto|sauf|außer|exceto)\b\s*/i;

const LEARNED = /\b(?:learn(?:ed|t|ing)?|lessons?|found\s+(?:out\s+)?that|turns?\s+out|realis(?:ed|ing)|realiz(?:ed|ing)|insights?|discovered|noticed|saw\s+that|takeaway|aprendimos|appris|gelernt|aprendemos)\b\s*(?:that|is|was|:)?\s*/i;
const NEXT = /\b(?:next(?:\s+(?:week|month|time|step|up|sprint))?|we(?:'ll|\s+will)|going\s+to|plan(?:ning)?\s+to|planned|will\s+try|then\s+we|from\s+now\s+on|to\s*-?\s*do)\b\s*(?:is|are|:|we(?:'ll|\s+will)?)?\s*/i;
/** "fine", "all good": an answer that reports no lesson. */
const FILLER_ONLY = /^(?:(?:it'?s|all|pretty|quite|very|so|was|were|all\s+in\s+all)\s+)*(?:fine|good|ok(?:ay)?|great|nothing(?:\s+(?:new|much|really))?|not\s+much|same\s+as\s+(?:before|usual|last\s+time)|nada|rien|nichts|tudo\s+bem|bien|gut)[\s.!]*$/i;

const MOODS: readonly Cue<Mood>[] = [
  ['off_track', String.raw`off[- ]track|not\s+on\s+track|behind(?:\s+plan)?|going\s+badly|bad\s+(?:week|month)|(?:got|getting)\s+worse|failing|struggling|disaster|terrible|churn\s+(?:is\s+)?(?:up|rose|rising|increased)|lost\s+(?:customers|clients|users)|off_track`],
  ['at_risk', String.raw`at[- ]risk|at_risk|worried|concern(?:ed|ing)?|slipping|flat|stalled|stuck|mixed|so[- ]so|meh|could\s+be\s+better|not\s+great|slow(?:er)?|uncertain|wobbly`],
  ['on_track', String.raw`on[- ]track|on_track|going\s+well|good|great|improv(?:ed|ing)|better|happy|pleased|solid|strong|growing|up\b|churn\s+(?:is\s+)?(?:down|fell|dropped)|down\s+to|👍|🎉|🚀`],
];

/** Clauses, then the pieces of a list: "emails yes, QBR no" is two pieces. */
function pieces(text: string): string[] {
  // What follows "lesson:" is what was learned; its "but not the reports" names no tactic.
  const told = clauses(text).map((c) => {
    const m = LEARNED.exec(c);
    return m && m.index > 0 && m[0].includes(':') ? c.slice(0, m.index) : c;
  });
  return clauses(told.join('\n'), /,(?!\d)\s*|\s+\/\s+|\s+\b(?:but|while|however|whereas|though|although|pero|mais|aber|mas)\b\s+/i).flatMap((c) =>
    c.split(/\s+\b(?:and|y|et|und|e)\b\s+|\s*&\s*|\s*\+\s+|(?<=[✅❌✔✗👍👎])\s*/iu).map((p) => p.trim()).filter(Boolean),
  );
}

function statusOf(piece: string, lang: ReturnType<typeof languageOf>): Status {
  if (NOT_RAN.test(piece)) return 'notRun';
  if (YES_NO_WORD.test(piece)) {
    const yn = yesNo(piece, lang) ?? (lang === 'en' ? null : yesNo(piece));
    if (yn === false) return 'notRun';
    if (yn === true) return 'run';
  }
  if (isNegated(piece)) return 'notRun';
  if (RAN.test(piece)) return 'run';
  return 'unsaid';
}

/** A tactic the plan does not name, from its clause: "Dan did all 30 visits" → "visits". */
function tacticName(piece: string): string | null {
  let s = piece.replace(/\([^)]*\)?/g, ' ');
  // "we ran X", "Dan did all 30 visits": the object follows the verb.
  const verb = /\b(?:ran|run|did|sent(?:\s+out)?|launched|held|hosted|shipped|published|started|delivered|completed|rolled\s+out|tried|kept\s+up|skipped|dropped|missed|postponed|cancell?ed|paused)\b/i.exec(s);
  if (verb && /\p{L}{3,}/u.test(s.slice(verb.index + verb[0].length))) s = s.slice(verb.index + verb[0].length);
  s = s
    .replace(RAN, ' ')
    .replace(NOT_RAN, ' ')
    .replace(/\b(?:we|i|they|this\s+week|last\s+week|this\s+month|again|finally|also|as\s+planned|thing|stuff|all|every|the\s+whole|yes|yep|no|nope|not|is|are|was|were|got|has|have|been|so\s+far|on\s+time|\d+(?:[.,]\d+)?)\b/gi, ' ')
    .replace(/\s+/g, ' ');
  s = dropArticle(tidy(s)).replace(/(\p{L})-(?=\p{L})/gu, '$1 ');
  if (/^(?:it|that|this|them)$/i.test(s)) return null;
  const words = s.split(/\s+/).filter(Boolean);
  return words.length > 0 && words.length <= 6 && /\p{L}{2,}/u.test(s) && tacticWords(s).length > 0 ? s : null;
}

/** "all of them" names every planned tactic only when nothing else is said beside the quantifier. */
const ALL_G = new RegExp(ALL.source, 'gi');
const saysAll = (piece: string) =>
  ALL.test(piece) && !/\d/.test(piece) && !tidy(piece.replace(ALL_G, ' ').replace(new RegExp(RAN.source, 'gi'), ' ').replace(ALL_FILLER, ' ')).match(/\p{L}{3,}/u);

function readTactics(text: string, planned: readonly string[]): { run: string[]; notRun: string[] } {
  const run: string[] = [];
  const notRun: string[] = [];
  const lang = languageOf(text);
  // A check-in names a handful of tactics; past 60 pieces it is not a list, and each piece may cost a recogniser call.
  for (const whole of pieces(text).slice(0, 60)) {
    if (LEARNED.test(whole) || /^\s*next\b/i.test(whole)) continue;
    // "all of them except the QBR": the rest of the plan ran, the named one did not.
    const [main = '', ...exceptions] = whole.split(EXCEPT);
    if (PARTIAL.test(main)) continue;
    const status = statusOf(main, lang);
    if (status === 'unsaid' && FUTURE.test(main)) continue;
    const bucket = status === 'notRun' ? notRun : run;
    if (planned.length && NONE.test(main) && !plannedNamed(main, planned).length) {
      (status === 'run' && !isNegated(main) && !/\b(?:none|neither|nothing|nada|rien|nichts)\b/i.test(main) ? run : notRun).push(...planned);
      continue;
    }
    if (planned.length && saysAll(main)) {
      const skipped = exceptions.flatMap((e) => plannedNamed(e, planned));
      bucket.push(...planned.filter((p) => !skipped.includes(p)));
      (bucket === run ? notRun : run).push(...skipped);
      continue;
    }
    if (NONE.test(main) && !planned.length) continue;
    // "ventes de voiles : 7": selling the planned offer says the offer ran.
    if (planned.length && SOLD.test(main) && /[1-9]/.test(main) && status !== 'notRun') {
      const sold = plannedNamed(main.replace(/\d[\d.,]*/g, ' '), planned);
      if (sold.length) {
        run.push(...sold);
        continue;
      }
    }
    // "nps 32 → 41" reports a number; it does not name the NPS survey.
    const named = plannedNamed(main.replace(/[\p{L}-]+\s*:?\s*[+-]?\d[\d.,]*/gu, ' '), planned);
    if (named.length) {
      // "community is quiet tho" describes a tactic; it does not say it ran.
      if (status === 'unsaid' && STATE.test(main)) continue;
      bucket.push(...named);
      continue;
    }
    // With a plan, "did not run" means a planned tactic; an unplanned name there is noise.
    if (planned.length && status === 'notRun') continue;
    if (LEARNED.test(main) || REASONING.test(main)) continue;
    // "we were all at the trade show" is where the team was, not a tactic run.
    if (status === 'unsaid' && STATE.test(main)) continue;
    // A tactic the plan does not name counts when the clause says it ran or did not.
    const known = present(main, TACTIC_CUES).length > 0;
    const explicit = RAN.test(main) || NOT_RAN.test(main) || YES_NO_WORD.test(main);
    if (!explicit && !known) continue;
    if (/\d/.test(main) && status === 'unsaid') continue;
    const name = tacticName(main);
    if (name) bucket.push(name);
  }
  const key = (t: string) => tacticWords(t).join(' ') || t.toLowerCase();
  const notRunKeys = new Set(notRun.map(key));
  // Said both ways ("the emails went out, the emails slipped"): the later, more specific word is "not run".
  return {
    run: uniqueBy(run, key).filter((t) => !notRunKeys.has(key(t))).slice(0, 12),
    notRun: uniqueBy(notRun, key).slice(0, 12),
  };
}

function after(text: string, cue: RegExp): string | null {
  for (const c of clauses(text)) {
    const m = cue.exec(c);
    if (!m) continue;
    const rest = tidy(c.slice(m.index + m[0].length));
    if (rest && /\p{L}/u.test(rest) && !FILLER_ONLY.test(rest)) return clip(rest, 280);
  }
  return null;
}

function moodOf(text: string): Mood | null {
  const found = present(text, MOODS);
  // The gravest reading wins: "good week but churn is up" is not on track.
  for (const m of ['off_track', 'at_risk', 'on_track'] as const) if (found.includes(m)) return m;
  return null;
}

/** A bare "fine" or "all good" reports nothing learned. */
export const saysNothing = (text: string) => isVague(text) || FILLER_ONLY.test(text.trim());

/** What was learned: after "we learned", else the first clause giving a reason or an observation. */
function learnedOf(text: string): string | null {
  const said = after(text, LEARNED);
  if (said) return said;
  for (const c of clauses(text)) {
    if (FUTURE.test(c) && !EXPLAIN.test(c.replace(FUTURE, ' '))) continue;
    if (EXPLAIN.test(c)) return clip(tidy(c), 280);
  }
  return null;
}

export function readCheckIn(text: string, context: ExtractionContext): CheckIn {
  const empty: CheckIn = { tacticsRun: [], tacticsNotRun: [], metrics: [], learned: null, next: null, mood: null };
  const planned = (context.plannedTactics ?? []).filter((t) => typeof t === 'string' && t.trim()).slice(0, 40);
  if (isVague(text)) {
    // "none" / "nothing" to "which ran?" is an answer: none of the plan ran.
    return /^(?:none|nothing|nope|no)\b/i.test(text.trim()) ? { ...empty, tacticsNotRun: [...planned] } : empty;
  }
  const tactics = readTactics(text, planned);
  return {
    tacticsRun: tactics.run,
    tacticsNotRun: tactics.notRun,
    metrics: readMetrics(text),
    learned: learnedOf(text),
    next: after(text, NEXT),
    mood: moodOf(text),
  };
}
