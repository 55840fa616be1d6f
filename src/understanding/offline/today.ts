import type { Happy, TodayReading } from '../../core/today.ts';
import { negatedAt } from './negation.ts';
import { languageOf, yesNo } from './recognise.ts';
import { clauses, clip, tidy } from './text.ts';

// The relationship an existing business has with a segment today ("today we phone them every
// quarter") and whether customers are happy with it ("they moan about the hold times").
// Asked as a clause of the expectations question, so it is read from the same answer.

const L = String.raw`(?<![\p{L}'])`;
const R = String.raw`(?![\p{L}])`;
const words = (list: string) => new RegExp(`${L}(?:${list})${R}`, 'giu');

const TODAY_CUE = words(
  String.raw`today|right\s+now|rn|currently|at\s+the\s+moment|atm|at\s+present|these\s+days|we(?:'ve|\s+have)\s+been(?=\s+(?:doing|running|using|sending|offering)\b)|nowadays|at\s+the\s+minute|so\s+far|as\s+(?:it\s+is|things\s+are)|we\s+already|hoy(?:\s+en\s+d[ií]a)?|actualmente|ahora\s+mismo|aujourd'hui|actuellement|en\s+ce\s+moment|heute|derzeit|zurzeit|momentan|hoje(?:\s+em\s+dia)?|atualmente`,
);

// Whether customers like it. "keep them happy" and "happy to help themselves" are not a verdict.
const POS = words(
  String.raw`(?<!(?:keep|keeps|keeping|make|makes|making)\s+(?:\w+\s+)?)(?:happy|satisfied|content|pleased|thrilled|glad|delighted)(?!\s+to\b)|lov(?:e|es)\s+(?:it|that|this|us|them)|like\s+(?:it|that|this|us)|fine\s+with|ok(?:ay)?\s+with|works?\s+(?:well|fine|great|ok)|best\s+part|keep\s+renewing|gostam?|les\s+gusta|rave\s+about|contentos|felices|satisfechos|contents|satisfaits|zufrieden|gl[üu]cklich|satisfeitos|felizes|contentes`,
);
const NEG = words(
  String.raw`unhappy|dissatisfied|frustrat\w*|annoy\w*|complain\w*|moan\w*|grumbl\w*|hate\s+(?:it|that|this)|angry|fed\s+up|sick\s+of|disappoint\w*|upset|churn\w*|leaving\s+us|se\s+quejan|quejas|insatisfechos|m[ée]contents|se\s+plaignent|unzufrieden|beschwer\w*|reclam\w*|insatisfeitos`,
);
const MIXED = words(
  String.raw`mixed|so-so|so\s+so|meh|hit\s+(?:and|or)\s+miss|depends|it\s+varies|love-hate|(?:kind\s+of|kinda|sort\s+of|sorta|somewhat|partly|half)\s+(?:happy|satisfied|ok|okay|fine)|some\s+(?:are|do|love|like)(?:\s+it)?,?\s+(?:some|others)|half\s+(?:of\s+them|are)`,
);
// A clause that is only the verdict, in reply to "are they happy with it?".
const SHORT_YES = /^(?:yes|yeah|yep|yup|mostly|pretty\s+much|totally|absolutely|sure|definitely|very\s+much)\b/i;
const SHORT_NO = /^(?:no|nope|nah|not\s+really|not\s+at\s+all|not\s+much|not\s+very|hardly)\b/i;
// A verdict without a time cue must say what it is about: "happy with it", "they complain".
const ABOUT_TODAY = words(String.raw`with\s+(?:it|that|this|us|the\s+(?:current|way|service|setup))|about\s+(?:it|that|us|the)|complain\w*|moan\w*|grumbl\w*|se\s+quejan|se\s+plaignent|beschwer\w*|reclam\w*`);

const CLAUSE =
  /,\s*|\s+[-–]\s+|\s+\bbut\b\s+|\s+(?:and|y|et|und|e)\s+(?=(?:they|they're|customers|clients|people|ppl|most|some|a\s+maioria|la\s+mayor[ií]a|la\s+plupart|die\s+meisten|everyone|nobody|honestly|tbh|est[aá]n|son|ils|elles|sie|sind|eles|elas|est[ãa]o)(?![\p{L}]))/iu;
// The team repeating the question ("are they happy?") is neither an answer nor a description.
const ECHO = /^\s*(?:are|is|do|does)\s+(?:they|customers|clients|people|ppl|it)\b.*\?\s*$/i;

interface Verdict {
  happy: Happy;
}

function hits(text: string, re: RegExp): { start: number; end: number }[] {
  return [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** The verdict a clause gives, or null when it gives none. */
function verdictOf(clause: string): Verdict | null {
  const c = clause.trim();
  if (ECHO.test(c)) return null;
  const words = c.replace(/[^\p{L}\s'-]/gu, ' ').trim().split(/\s+/).filter(Boolean);
  if (hits(c, MIXED).length) return { happy: 'mixed' };
  let pos = 0;
  let neg = 0;
  // "not happy" is unhappy; "no complaints" is happy.
  for (const h of hits(c, POS)) {
    if (negatedAt(c, h.start, h.end, 2)) neg++;
    else pos++;
  }
  for (const h of hits(c, NEG)) {
    if (negatedAt(c, h.start, h.end, 2)) pos++;
    else neg++;
  }
  if (pos && neg) return { happy: 'mixed' };
  if (pos) return { happy: 'yes' };
  if (neg) return { happy: 'no' };
  if (words.length > 0 && words.length <= 4) {
    if (SHORT_NO.test(c)) return { happy: 'no' };
    if (SHORT_YES.test(c)) return { happy: 'yes' };
  }
  if (words.length > 0 && words.length <= 3) {
    const said = yesNo(c, languageOf(c));
    if (said !== null) return { happy: said ? 'yes' : 'no' };
  }
  return null;
}

/** Several verdicts: agreeing ones stand, disagreeing ones are mixed. */
function combine(verdicts: readonly Verdict[]): Happy | null {
  const kinds = new Set(verdicts.map((v) => v.happy));
  if (kinds.size === 0) return null;
  if (kinds.size > 1 || kinds.has('mixed')) return 'mixed';
  return [...kinds][0]!;
}

/** What the team has today with this segment, and whether customers are happy with it. */
export function readToday(text: string): TodayReading {
  const sentences = clauses(text);
  const at = sentences.findIndex((s) => new RegExp(TODAY_CUE.source, 'iu').test(s));
  if (at < 0) {
    // No time cue: only a verdict plainly about the current relationship counts.
    const about = sentences.flatMap((s) => s.split(CLAUSE)).filter((c) => new RegExp(ABOUT_TODAY.source, 'iu').test(c));
    return { what: null, happy: combine(about.map(verdictOf).filter((v): v is Verdict => v !== null)) };
  }
  const cueSentence = sentences[at]!;
  const cue = new RegExp(TODAY_CUE.source, 'iu').exec(cueSentence)!;
  // "today we phone them" and "we phone them today": the cue's own clause, without the cue.
  const before = cueSentence.slice(0, cue.index).split(CLAUSE).pop() ?? '';
  const after = cueSentence.slice(cue.index + cue[0].length).replace(/^\s*[:?]/, ' ');
  const keepsWe = /we\s+already/i.test(cue[0]) ? 'we already ' : '';
  const verdicts: Verdict[] = [];
  const what: string[] = [];
  for (const c of `${before} ${after}`.split(CLAUSE)) {
    const v = verdictOf(c);
    if (v) verdicts.push(v);
    else if (tidy(c) && !ECHO.test(c)) what.push(tidy(c));
  }
  // A separate sentence right after ("Are they happy? Not really.") answers the second half.
  for (const s of sentences.slice(at + 1)) {
    for (const c of s.split(CLAUSE)) {
      const v = verdictOf(c);
      if (v) verdicts.push(v);
      else if (what.length === 0 && tidy(c) && !ECHO.test(c)) what.push(tidy(c));
    }
  }
  const said = what.join(', ').replace(/^(?:it'?s|it\s+is|is)\s+/i, '');
  return { what: said ? clip(keepsWe + said, 200) : null, happy: combine(verdicts) };
}
