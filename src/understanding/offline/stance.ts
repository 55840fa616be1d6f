// Follow or break the industry norm, read from what the team says about it, with negation
// and comparison: "we do NOT want to break it" follows, "we'll be the same as ebay" follows,
// "we want to be the opposite" breaks, "we won't fight it" follows. Five languages.

const BREAK_WORDS = [
  String.raw`break(?:s|ing)?|breaker|broke|the\s+opposite|opposite|unlike|different(?:ly)?|disrupt\w*|change\s+(?:that|it|this|the\s+\w+)|changing\s+(?:that|it|this)|replac(?:e|es|ing)|go(?:ing)?\s+against|fight(?:ing)?\s+(?:it|that|this)|nothing\s+like|buck(?:ing)?\s+the\s+trend|pretend\s+otherwise|do\s+it\s+otherwise|won't\s+follow|to\s+(?:not|never)\s+do\s+(?:that|this|the\s+same)|we\s+(?:won'?t|will\s+not|don'?t|do\s+not)(?=\s*(?:[,.;!]|$|\s-))|we\s+(?:won'?t|will\s+not)\s+(?:fake|pretend|copy|do)\s+(?:it|that|this)|instead|(?:are|is)\s+the\s+problem|(?:we\s+)?(?:do|doing|run|handle)\s+(?:it|that|this)\s+(?:all\s+)?(?:remotely|online|by\s+video|over\s+video|via\s+video)`,
  String.raw`romper(?:lo)?|rompemos|cambiar(?:lo)?|lo\s+contrario|al\s+rev[eé]s|diferente|casser|changer|l'inverse|le\s+contraire|diff[ée]rent|brechen|[äa]ndern|gegenteil|anders|quebrar|mudar|o\s+contr[áa]rio`,
  String.raw`on\s+fait\s+(?:ça|cela)\s+(?:en\s+visio|à\s+distance|autrement|en\s+ligne)|lo\s+hacemos\s+(?:en\s+remoto|online|por\s+v[íi]deo)|machen\s+wir\s+(?:per\s+video|online|remote)`,
].join('|');

const FOLLOW_WORDS = [
  String.raw`follow(?:s|ing)?|same\s+as|(?:we(?:'ll|'re|\s+will|\s+do)?|do|be|doing)\s+(?:exactly\s+|pretty\s+much\s+|basically\s+)?the\s+same|(?:and\s+)?so\s+(?:are|do|will)\s+we|we(?:'ll|\s+will)?\s+too|like\s+(?:every|all|most)\s+(?:the\s+)?other|keep(?:ing)?\s+(?:it|that|to\s+(?:it|that|the\s+norm))|stick(?:ing)?\s+(?:to|with)\s+(?:it|that|the\s+norm)|we\s+do\s+(?:(?:it|that|this)(?!\s+(?:remotely|online|by\s+video|over\s+video|via\s+video|differently))|exactly\s+what|what)|(?:want\s+to|to|will|'ll)\s+do\s+(?:that|this|the\s+same)(?!\s+(?:remotely|online|differently))|fine\s+(?:by|with)\s+us|keep\s+doing\s+(?:it|that|this)|continue\s+(?:doing\s+)?(?:it|that|this)|doing\s+(?:that|it|this|the\s+same)(?!\s+(?:differently|remotely|online|by\s+video))|happy\s+(?:with|to\s+do)\s+(?:that|it)|as\s+usual|no\s+reason\s+to\s+change|like\s+the\s+(?:big\s+)?\w+\s+do`,
  String.raw`lo\s+mismo|igual(?:\s+que)?|seguimos|seguir|pareil|comme\s+(?:tout\s+le\s+monde|les\s+autres)|genauso|machen\s+wir\s+auch|wir\s+auch|fazer\s+igual|mesma\s+coisa|seguimos|(?:lo\s+)?(?:vamos\s+a\s+)?mantener(?:lo)?|mantenemos|on\s+(?:le\s+)?garde|beibehalten|behalten\s+wir|manter|mantemos|(?:lo\s+)?(?:vamos\s+a\s+)?hac(?:er|emos)(?:lo)?|lo\s+hacemos|(?:le|la|les)\s+faire|on\s+(?:le\s+)?fait(?!\s+(?:ça|cela)\s+(?:en\s+visio|à\s+distance|autrement|en\s+ligne))|das\s+machen\s+wir|fazer\s+isso|fazemos\s+isso`,
].join('|');

const BREAK = new RegExp(`(?<![\\p{L}])(?:${BREAK_WORDS})(?![\\p{L}])`, 'giu');
const FOLLOW = new RegExp(`(?<![\\p{L}])(?:${FOLLOW_WORDS})(?![\\p{L}])`, 'giu');
// Negators between the clause start and the cue.
const NEGATOR =
  /(?<![\p{L}])(?:not|never|no|nothing\s+to|won't|wont|don't|dont|doesn't|isn't|aren't|can't|cannot|wouldn't|shouldn't|[a-z]+n't|nada\s+de|no\s+queremos|nunca|jam[aá]is|ne|pas|nicht|kein\w*|n[ãa]o|sin)(?![\p{L}])/iu;
const CLAUSE_START = /[.;:!?\n()–—]|,\s|\b(?:but|pero|mais|aber|mas)\b/gi;

export interface StanceHit {
  breaks: boolean;
  start: number;
}

function negatedBefore(text: string, at: number): boolean {
  let from = 0;
  for (const m of text.slice(0, at).matchAll(CLAUSE_START)) from = m.index + m[0].length;
  return NEGATOR.test(text.slice(from, at));
}

/** Every stance cue, each turned by a negator in its own clause. */
export function stanceHits(text: string): StanceHit[] {
  const out: StanceHit[] = [];
  const taken: [number, number][] = [];
  for (const [re, breaks] of [[FOLLOW, false], [BREAK, true]] as const) {
    for (const m of text.matchAll(re)) {
      const end = m.index + m[0].length;
      if (taken.some(([s, e]) => s < end && m.index < e)) continue;
      taken.push([m.index, end]);
      out.push({ breaks: negatedBefore(text, m.index) ? !breaks : breaks, start: m.index });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** True: the team breaks the norm; false: it follows it; null: not said. The last word wins. */
export function normStance(text: string): boolean | null {
  const list = stanceHits(text);
  return list.length ? list[list.length - 1]!.breaks : null;
}
