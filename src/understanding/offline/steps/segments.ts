import type { ExtractionOf } from '../../../core/extraction.ts';
import { sentencesOf, splitOutside, type Piece } from '../lists.ts';
import { first } from '../match.ts';
import { REACH_CUES } from '../lexicon.ts';
import { ARTICLE, DESCRIBES, FILLER, HEDGE, LEAD_IN_HEAD, META, NOT_A_NAME, NOT_TARGET, ONE_SEGMENT } from '../segmentCues.ts';
import { clip, isVague, sentenceCase, tidy, uniqueBy } from '../text.ts';

// Segment names apart from their descriptions. The answer is read sentence by sentence:
// meta-talk and groups the team rules out are dropped, "two sides:" style heads are
// labels, and within a sentence, brackets, dashes and "who …" clauses describe the group
// before them: "small agencies of 5-20 people" is named "Small agencies", described
// "5-20 people", as the conversation example reads it back.

type Segment = ExtractionOf<'segments'>['segments'][number];

// Where a name ends and its description starts. "of" only before a size, so "heads of
// marketing" stays whole; a gerund only before its object ("couples buying their ring").
const NAME_END = new RegExp(
  [
    String.raw`\s*[(:]\s*`,
    String.raw`\s+(?=(?:who|whom|that|which|whose|where|with|through|via|w\/|aged|from|in|at|across|after|like|such\s+as|e\.?g\.?|esp\.?|especially|mostly|mainly|usually|focused|focusing|interested|seeking|looking|wanting|needing|doing|running|using|between|around|under|over|que|qui|quem|dont|welche|mit|con|avec|com|en|em|tipo|comme|wie|como|sobre\s+todo|surtout|vor\s+allem|meist)(?![\p{L}]))`,
    String.raw`\s+(?:of|de|von)\s+(?=(?:\d|about|around|up\s+to|between|under|over|less|more|fewer|moins|plus|m[áa]s|menos|one|two|three|four|five|ten|a\s+few|several)(?![\p{L}]))`,
    String.raw`\s+von\s+(?=\p{L})`,
    String.raw`\s+(?=\d)`,
    String.raw`\s+(?:too\s+|also\s+)?(?=but\s)`,
    String.raw`(?<!^(?:ppl|people|folks|those|anyone|someone|everyone|others|persons|guys)(?:\s+\w+)?)\s+(?=\p{L}{2,}ing\s+(?:a|an|the|their|his|her|our|your|its|for|to|from|in|at|on|with|through|by|up|out|over|about|into|one|two|some|staff|stuff|gear|things|it|them|this|w\/|\d)(?![\p{L}]))`,
  ].join('|'),
  'iu',
);

const GENERIC = /^(?:(?:the|those|all)\s+)?(?:ppl|people|folks|those|anyone|someone|everyone|others|persons|guys|ones|gente|personas|gens|personnes|leute|menschen|pessoas)\s+(?:who|that|which|whose|que|qui|die|quem)\b/i;

const CONJUNCTION = String.raw`(?:and\s+then|and|&|\+|plus|as\s+well\s+as|along\s+with|y|e|et|und|sowie)`;
// Strong separators (commas) versus a bare "and" that may sit inside a description.
const SEPARATOR = new RegExp(String.raw`\s*[,;]\s*(?:${CONJUNCTION}\s+)?|\s+${CONJUNCTION}\s+|(?<!\d)(?:\s+[&+]\s*|\s*[&+]\s+)(?=\p{L})`, 'iu');
// A singular subject and its verb: "the chef/owner does the buying" says who in the group acts.
const ROLE_CLAUSE = /^(?:the\s+|their\s+|one\s+)?[\p{L}\/-]+\s+(?:does|is|has|makes|handles|decides|pays|buys|signs|approves|books|orders)\s/iu;
const PLACE_CUT = /\s(?:in|at|across|from|near|around|en|em|in)\s/i;
const VERBISH_S = /^(?:is|has|does|was|wants|needs|uses|buys|pays|runs|loves|gets|makes|takes|comes|goes|works|lives|says|thinks|feels|sees|knows|sells|helps|tends|likes|asks)\b/i;

/** Dashes that open a description become brackets: "dealers - small shops, not techy - and then brands". */
function bracketDashes(sentence: string): { text: string; remark: string } {
  const parts = splitOutside(sentence, /\s+-\s+/);
  if (parts.length === 1) return { text: sentence, remark: '' };
  let text = parts[0]!.text;
  let remark = '';
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!.text;
    if (new RegExp(`^${CONJUNCTION}\\s`, 'i').test(p)) text += `, ${p}`;
    else if (/^(?:though|tho|but|although|however|mais|pero|aber|mas|well|so|which\s+is|(?:two|three|\d)\s+(?:sides|segments|groups))\b/i.test(p)) {
      remark = parts.slice(i).map((x) => x.text).join(' - ');
      break;
    } else {
      // The next dash closes the description when what follows starts a new item.
      const next = parts[i + 1]?.text ?? '';
      text += ` (${p})`;
      if (next && new RegExp(`^${CONJUNCTION}\\s`, 'i').test(next)) {
        text += `, ${next}`;
        i++;
      }
    }
  }
  return { text, remark };
}

function nameOf(raw: string): { name: string; description: string } | null {
  let s = tidy(raw.replace(HEDGE, ''));
  s = tidy(s.replace(/\s+(?:too|also|as\s+well|aussi|tambi[ée]n|auch|tamb[ée]m)$/i, '').replace(/\?+$/, ''));
  const kind = /^(.+?)\s+(?:are|is)\s+(?:kind\s+of\s+|sort\s+of\s+|also\s+|like\s+)?(?:a|an|our)\s+(?:second|third|fourth|other|another|separate|extra|new)?\s*(?:group|segment|side)\b/i.exec(s);
  if (kind) s = kind[1]!;
  if (!s || (NOT_A_NAME.test(s) && !/^\p{Lu}{2,}\b/u.test(s)) || NOT_TARGET.test(s) || META.test(s) || FILLER.test(s)) return null;
  // "people who order cases online": a bare "people" says nothing, so its clause stays in the name.
  const cut = GENERIC.test(s) ? null : NAME_END.exec(s);
  let name = tidy((cut && cut.index > 0 ? s.slice(0, cut.index) : s).replace(/\s+(?:too|also|as\s+well)$/i, ''));
  let description = cut && cut.index > 0 ? s.slice(cut.index + cut[0].length) : '';
  name = tidy(name.replace(ARTICLE, ''));
  // "tenants use the app", "readers read for free": a plural and its verb say what the group does.
  name = name.replace(/^((?:\p{L}+\s+)?\p{L}{2,}s)\s+(?:have|use|pay|see|read|book|buy|get)(?:\s.*)?$/iu, '$1');
  // "the big ones": points back at a group, names none.
  if (/^(?:\p{L}+\s+)?ones$/iu.test(name)) return null;
  if (!name || !/\p{L}/u.test(name) || isVague(name)) return null;
  // A name is a few words; the rest reads as its description.
  const words = name.split(/\s+/);
  if (words.length > 6) {
    name = words.slice(0, 4).join(' ');
    description = `${words.slice(4).join(' ')} ${description}`;
  }
  description = tidy(description.replace(/\s*\(\s*/g, ', ').replace(/\s*\)\s*/g, ' '));
  return { name, description };
}

interface Item {
  head: string;
  /** Pieces after it that describe it ("…, who pay", "…, mostly women"). */
  extra: string[];
  /** Joined to the item before by a bare "and", not a comma. */
  joined?: boolean;
}

/** Items of one sentence, each with the description pieces that follow it. */
function itemsOf(sentence: string): Item[] {
  const pieces: Piece[] = splitOutside(sentence, SEPARATOR);
  const items: Item[] = [];
  let describing = false; // the last item's name has ended ("who …", "in …")
  let placeCut = false;
  for (const [index, { text: raw, sep }] of pieces.entries()) {
    const p = raw.trim();
    const isLast = index === pieces.length - 1;
    if (!p) continue;
    const weak = !!sep && !sep.includes(',') && !sep.includes(';');
    const last = items[items.length - 1];
    const firstWord = p.split(/\s+/)[0] ?? '';
    if (last && (DESCRIBES.test(p) || ROLE_CLAUSE.test(p) || (weak && placeCut && p.split(/\s+/).length <= 3 && /^\p{Lu}/u.test(p)))) {
      last.extra.push(p);
      describing = !p.endsWith(')');
      continue;
    }
    // "… + wedding planners who book": a plural with its own clause is a new group.
    const ownCut = NAME_END.exec(p);
    const newGroup = !!ownCut && ownCut.index > 0 && /^\s+$/.test(ownCut[0]) && /\p{L}{3,}s$/iu.test(p.slice(0, ownCut.index));
    if (last && weak && describing && !ARTICLE.test(p) && ((!/s$/i.test(firstWord) && !newGroup) || VERBISH_S.test(p))) {
      // "expats who just moved and need survival spanish": still the same clause.
      if (last.extra.length) last.extra[last.extra.length - 1] += ` ${sep.trim()} ${p}`;
      else last.head += ` ${sep.trim()} ${p}`;
      describing = !p.endsWith(')');
      continue;
    }
    // "struggling w/ maths & physics": one more word of the description, not a group.
    if (last && describing && /^[&+]$/.test(sep.trim()) && /^[\p{L}-]+(?:\s*\([^()]*\))?$/u.test(p)) {
      if (last.extra.length) last.extra[last.extra.length - 1] += ` ${sep.trim()} ${p}`;
      else last.head += ` ${sep.trim()} ${p}`;
      continue;
    }
    // "… and the tutors, uni students doing it for cash": the last piece says who "the tutors" are.
    if (last && !weak && isLast && !last.extra.length && /^(?:the|les|los|las|die|os|as)\s/i.test(last.head) && !ARTICLE.test(p) && ownCut && ownCut.index > 0 && /^\s+$/.test(ownCut[0]) && /\p{L}{2,}ing\s/iu.test(p.slice(ownCut.index))) {
      last.extra.push(p);
      continue;
    }
    if (last && sep.trim() === '&' && !last.extra.length && !/\s/.test(last.head) && /^\p{L}+(?:\s|$)/u.test(p)) {
      // "pubs & bars" is one group; "two sides: hosts & guests" is split again by its count.
      last.head += ` & ${p}`;
    } else items.push({ head: p, extra: [], joined: weak });
    const current = items[items.length - 1]!.head;
    const withoutBrackets = current.replace(/\([^()]*\)/g, ' ');
    const cut = NAME_END.exec(withoutBrackets);
    describing = !!cut && cut.index > 0 && !cut[0].includes('(') && !current.endsWith(')');
    placeCut = describing && PLACE_CUT.test(` ${withoutBrackets.slice(cut!.index, cut!.index + cut![0].length + 4)} `);
  }
  return items;
}

/** "not now", "sind aber keine Zielgruppe": a ruling that names no group, so it is about the one before. */
function rulingOnly(head: string): boolean {
  const m = NOT_TARGET.exec(head);
  if (!m || /^(?:maybe|perhaps|possibly|vielleicht|peut-[êe]tre|quiz[áa]s|talvez)/i.test(m[0])) return false;
  return /^(?:(?:but|though|tho|aber|sind|are|is|they're|they\s+are|it's|pero|mais|mas|so|tbh|honestly|and|y|et|und|e|no|nope|son|sont|s[ãa]o)[\s,]*)*$/i.test(head.slice(0, m.index));
}

/** A clause ruling a group out: returns the group it names ("tourists"), if any. */
function ruledOut(clause: string): string | null {
  const s = clause
    .replace(/^(?:though|tho|but|although|however|also|and|so|honestly|tbh|sometimes|we\s+(?:also\s+)?(?:get|have|see)|there\s+are|tambi[ée]n\s+vienen|les|los|las|die|the|some|a\s+few)[\s,]+/gi, '')
    .replace(/^(?:though|tho|but|also|honestly|tbh|sometimes|some|a\s+few|the)[\s,]+/gi, '');
  const m = /^([\p{L}-]+)(?:\s+([\p{L}-]+))?/u.exec(s);
  const second = m?.[2];
  const phrase = second && !/^(?:are|is|were|was|ask|asked|use|uses|come|comes|do|did|sponsor|rent|book|buy|leihen|nutzen|sind|kommen|son|sont|vienen|viennent|v[êe]m|s[ãa]o|too|also|often|sometimes)$/i.test(second) ? `${m![1]} ${second}` : m?.[1];
  return phrase && phrase.length > 3 && !NOT_A_NAME.test(phrase) ? phrase.toLowerCase().replace(/s\b/g, '') : null;
}

const RULES_OUT = /^(?:not|except|excluding|bar)\s/i;
// "everyone 😅 no seriously: new parents": what came before the correction is withdrawn.
const CORRECTION = /^.*\b(?:no\s+seriously|(?:jk|joking|kidding)(?:\s+aside)?|no\s+wait|scratch\s+that|but\s+seriously)\b[\s,:;.!-]*/i;

function readSentence(sentence: string, out: Segment[], excluded: string[]): void {
  // "we sell through resellers to IT departments": the reach said before the first group.
  const lead = HEDGE.exec(sentence)?.[0] ?? '';
  const leadReach = lead ? first(lead, REACH_CUES) : null;
  let s = sentence.slice(lead.length).trim().replace(CORRECTION, '');
  if (!s || FILLER.test(s)) return;
  let count = 1;
  const start = out.length;
  // "Segment A: indie studios", "two sides: A and B", "venues: hotels, barns"
  const colon = /^([^:()]{1,40}):\s*(.+)$/s.exec(s);
  if (colon) {
    const head = tidy(colon[1]!.replace(HEDGE, ''));
    if (LEAD_IN_HEAD.test(head) || NOT_A_NAME.test(head)) {
      s = colon[2]!;
      count = COUNTS.findIndex((c) => c.test(head)) + 2;
    }
    else if (head.split(/\s+/).length <= 4 && !/,/.test(head)) s = `${head} (${colon[2]})`;
  }
  const { text, remark } = bracketDashes(s);
  if (remark && NOT_TARGET.test(remark)) {
    const who = ruledOut(remark);
    if (who) excluded.push(who);
  }
  const items = itemsOf(text);
  const ruled = (i: Item) => RULES_OUT.test(i.head) || NOT_TARGET.test(i.head) || META.test(i.head) || i.extra.some((x) => NOT_TARGET.test(x));
  let reasons = false;
  items.forEach((item, i) => {
    const next = items[i + 1];
    // "the councils no, too much red tape": after a ruling come its reasons, not groups.
    if (reasons) return;
    // "care homes later, not now": a ruling with no group of its own rules out the one before.
    // "hobbyists buy once and complain, drop them": the ruling covers the whole "and" chain.
    const chainRuled = next?.joined && items[i + 2] && !items[i + 2]!.joined && rulingOnly(items[i + 2]!.head);
    if (ruled(item) || (next && rulingOnly(next.head)) || chainRuled) {
      if (ruled(item)) reasons = true;
      if (items.length === 1) {
        const who = ruledOut(item.head);
        if (who && NOT_TARGET.test(text)) excluded.push(who);
      }
      return;
    }
    addItem(item, out, i === 0 ? leadReach : null);
  });
  // "two sides: hosts & guests": the count says the "&" joins two groups.
  if (out.length - start < count) {
    const split = out.splice(start).flatMap((seg) =>
      seg.name.includes(' & ') ? seg.name.split(' & ').map((name, i, all) => ({ ...seg, name: sentenceCase(name), description: i === all.length - 1 ? seg.description : null })) : [seg],
    );
    out.push(...split);
  }
}

const COUNTS = [/\b(?:two|2|dos|deux|zwei|duas|both)\b/i, /\b(?:three|3|tres|trois|drei|tr[êe]s)\b/i, /\b(?:four|4|cuatro|quatre|vier|quatro)\b/i];

function addItem(item: Item, out: Segment[], reach: Segment['reach'] = null): void {
  const read = nameOf(item.head);
  if (!read) return;
  const description = [read.description, ...item.extra.map((x) => tidy(x.replace(/\s*\(\s*/g, ', ').replace(/\s*\)\s*/g, ' ')))]
    .filter(Boolean)
    .join(', ');
  out.push({
    name: clip(sentenceCase(read.name), 60),
    description: description ? clip(description, 200) : null,
    reach: first([item.head, ...item.extra].join(' '), REACH_CUES) ?? reach,
  });
}

/** "…basically pet owners, one segment tbh" or "so one segment: mid-size companies". */
function narrowed(sentences: string[]): string[] | null {
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    const m = ONE_SEGMENT.exec(s);
    if (!m) continue;
    const after = s.slice(m.index + m[0].length);
    const colon = /^\s*:\s*(.+)$/s.exec(after);
    if (colon) return [colon[1]!];
    const basically = /\b(?:basically|so|i\.?e\.?|just|really|eigentlich|en\s+fait|b[áa]sicamente|na\s+verdade)\s+([^,.;]+)/i.exec(s.slice(0, m.index));
    if (basically && !ONE_SEGMENT.test(basically[1]!)) return [basically[1]!];
    return sentences.filter((_, j) => j !== i);
  }
  return null;
}

const UMBRELLA = /\b(?:obviously|of\s+course|duh|naturally|basically|in\s+general|broadly|claro|obvio|bien\s+s[ûu]r|[ée]videmment|nat[üu]rlich|klar|[óo]bvio)\b/i;

// Sentences that carry on describing the group before them: "like weekend runners …".
const CARRIES_ON = /^(?:like|e\.?g|such\s+as|mostly|mainly|usually|esp|especially|including|typically|they're|they\s+are|they)\b/i;

// A segment answer longer than this is not a list of segments; reading less keeps it fast.
const MAX_SEGMENT_CHARS = 1500;
const LEAD_IN = /^\s*\d{1,2}\s+(?:customer\s+)?segments?\s*:\s*/i;

export function readSegments(answer: string): ExtractionOf<'segments'> {
  // "12 segments: a, b, …": the count names no segment.
  // "hosts = ppl with a driveway", "B2B -> HR teams": a name and what it means, as with ":".
  // "hosts: …; drivers: …": each labelled group starts a sentence of its own.
  const text = answer
    .slice(0, MAX_SEGMENT_CHARS)
    .replace(LEAD_IN, '')
    .replace(/\s+(?:=+|→)\s+/g, ': ')
    .replace(/[;,]\s+(?=[^:;,.()]{1,40}:\s)/g, '\n');
  if (isVague(text)) return { segments: [] };
  // List markers and "Segment A:" labels start a new sentence.
  const marked = text
    .replace(/(?:^|\s)\(?(?:\d{1,2}|[a-h])\)\s+|(?:^|\s)\d{1,2}[.:]\s+(?=\p{L})/gu, '\n')
    .replace(/(?:^|\s)(?:segment|group|side|seg)\s*(?:[a-e1-9]|one|two|three)\s*:\s*/gi, '\n')
    .replace(/(?:^|\n)\s*[-*•·▪]\s+/g, '\n');
  let sentences = sentencesOf(marked).filter((s) => !FILLER.test(s));
  sentences = (narrowed(sentences) ?? sentences).filter((s) => !FILLER.test(s.replace(HEDGE, '')));
  const found: Segment[] = [];
  const excluded: string[] = [];
  const bySentence: { sentence: string; added: Segment[] }[] = [];
  for (const sentence of sentences) {
    if (found.length && CARRIES_ON.test(sentence) && !NOT_TARGET.test(sentence)) {
      const last = found[found.length - 1]!;
      last.description = clip(last.description ? `${last.description}; ${sentence}` : sentence, 200);
      continue;
    }
    const before = found.length;
    const ruledBefore = excluded.length;
    readSentence(sentence, found, excluded);
    bySentence.push({ sentence, added: found.slice(before) });
    // "hotels too? no, they're suppliers, leave them out": a ruling on the last group named.
    if (found.length === before && excluded.length === ruledBefore && found.length && NOT_TARGET.test(sentence) && /^(?:no|nope|nah|actually|they|they're|theyre|them|those|these|leave|drop|cut)\b/i.test(sentence.replace(HEDGE, ''))) found.pop();
  }
  // "vineyards obviously. small family estates and the big cooperatives": a heading, then its groups.
  bySentence.forEach(({ sentence, added }, i) => {
    const next = bySentence[i + 1];
    if (added.length === 1 && !added[0]!.description && UMBRELLA.test(sentence) && sentence.split(/\s+/).length <= 4 && next && next.added.length >= 2) {
      found.splice(found.indexOf(added[0]!), 1);
    }
  });
  const singular = (x: string) => x.toLowerCase().replace(/s\b/g, '');
  const kept = found.filter((s) => !excluded.some((x) => singular(s.name) === x || singular(s.name).endsWith(` ${x}`)));
  return { segments: uniqueBy(kept, (s) => s.name.toLowerCase()).slice(0, 40) };
}
