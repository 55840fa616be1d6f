import type { Metric } from '../../core/extraction.ts';
import { isoOf, slangCurrency, SLANG } from './currency.ts';
import { currencies, languageOf, numbers, percentages, type Language, type Recognised } from './recognise.ts';

// Numbers a team tracks: "churn went from 6% to 4.8%", "212 active owners (+19)", "MRR 14.2k",
// "churn 4.2% / nps 40 / 210 active users". The recognisers find the numbers; this module
// only decides what each one is: a latest value, the previous one, or a change, and its name.

/** The unit of a count metric is the thing counted, read from its name ("active owners" → owners). */
const COUNT = '#count';

/** Metric names people use, with the unit they imply; the name is what we store. */
const KNOWN: [RegExp, string, string | null][] = [
  [/\b(?:k[üu]ndigungen|cancel(?:l)?ations|cancelaciones|bajas|r[ée]siliations|cancelamentos)\b/i, 'cancellations', '%'],
  [/\b(?:churn(?:\s+rate)?|cancel(?:l)?ation\s+rate|taux\s+de\s+(?:churn|d[ée]sabonnement|r[ée]siliation)|attrition|abwanderung(?:srate)?|k[üu]ndigungsrate|tasa\s+de\s+(?:cancelaci[óo]n|abandono)|taxa\s+de\s+cancelamento)\b/i, 'churn', '%'],
  [/\bnps\b|net\s+promoter(?:\s+score)?/i, 'NPS', 'points'],
  [/\bcsat\b/i, 'CSAT', null],
  [/\brenewals?(?:\s+rate)?\b/i, 'renewals', '%'],
  [/\bretention(?:\s+rate)?\b/i, 'retention', '%'],
  [/\brepeat\s+(?:purchases?|orders?|buyers?|customers?)(?:\s+rate)?\b/i, 'repeat purchases', null],
  [/\b(?:daily|weekly|monthly)?\s*active\s+(?:users|customers|members|accounts|owners|subscribers)\b|\b[dwm]au\b|\b(?:usuarios|clientes|usuários|utilisateurs|clients|abonn[ée]s|aktive)\s+(?:activos|ativos|actifs|nutzer|kunden)\b|\baktive\s+(?:nutzer|kunden)\b/i, 'active users', COUNT],
  [/\bgmv\b/i, 'GMV', null],
  [/\bmrr\b/i, 'MRR', null],
  [/\barr\b/i, 'ARR', null],
  [/\brevenue\b/i, 'revenue', null],
  [/\bconversion(?:\s+rate)?\b/i, 'conversion', '%'],
  [/\bopen\s+rate\b/i, 'open rate', '%'],
  [/\bsign[- ]?ups?\b/i, 'signups', null],
  [/\bactivation(?:\s+rate)?\b/i, 'activation', '%'],
  [/\bengagement\b/i, 'engagement', null],
];

/** Words around a number that are not its name: verbs of change, fillers, articles. */
const FILLER = new Set(
  (
    'is are was were be been being at now went go goes from to of about around roughly approx approximately ~ currently ' +
    'down up rose fell grew dropped increased decreased climbed declined jumped improved moved stayed stays sits sitting stands stand ' +
    'hit reached crossed passed got get have has had runter rauf um we our us the a an this that these those it its total overall still only just almost nearly ' +
    'over under more less than by to: : vs versus then so which with new-ish month week year last since per ' +
    // es / fr / de / pt
    'el la los las del al de a en es son fue está estamos tenemos bajó subió pasó le les des du à est sont était avons passé ' +
    'der die das von auf ist sind war haben wir bei o os da do para pra em é são foi temos caiu subiu passou era antes vormonat'
  ).split(' '),
);

/** Ends a name read after the number ("212 active owners this month"). */
const AFTER_STOP = new Set(
  ('this last since in on per a an and or but the from to for at by with of over under now so this, that which who than vs ( total overall left' +
    ' este esta este mes semana ce cette mois dieser diesen monat woche este esta mês semana desde depuis seit').split(' '),
);

const TIME_UNIT = /^(?:days?|weeks?|wks?|months?|mos?|years?|yrs?|hours?|hrs?|minutes?|mins?|seconds?|secs?|am|pm|h|st|nd|rd|th|o'?clock|d[ií]as?|semanas?|mes(?:es)?|años?|jours?|semaines?|mois|ans?|années?|tage?n?|wochen?|monate?n?|jahre?n?|stunden?|dias?|meses|anos?|horas?)$/i;
const MONTH = /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/i;
const MONEY_CUE = /[€$£¥]|\b(?:eur|usd|gbp|chf|euros?|dollars?|pounds?|quid|bucks|reais|libras?|k€)\b/i;

/** "from X to Y", "X → Y", "de X a Y", "von X auf Y": the second is the latest value. */
const PAIR_JOIN = /^\s*[€$£]?\s*(?:%|percent|pts|points?|punkte|puntos|pontos|k)?\s*(?:→|to|till|until|->|now|,?\s*now(?:\s+at)?|then|a|al|à|au|auf|zu|para|pra|até|hasta)\s*[€$£]?\s*$/i;
/** "42 (was 38)", "42, up from 38": the second is the earlier value. */
const PAIR_BACK = /^\s*[€$£]?\s*(?:%|pts|points?|k)?\s*(?:(?:(?:this|last)\s+(?:week|month|quarter|year)|ce\s+mois(?:-ci)?|cette\s+(?:semaine|ann[ée]e)|este\s+(?:mes|m[êe]s|a[ñn]o)|esta\s+semana|diese[nr]?\s+(?:monat|woche|jahr))\s*)?[^\p{L}\d]*(?:was|were|prev(?:ious(?:ly)?)?|before|prior|from|vs\.?|versus|compared\s+(?:to|with)|(?:up|down)\s+from|last\s+(?:time|month|week|quarter)(?:\s+it\s+was)?|antes|avant|vorher|vormonat|era|eram|contre|contra|frente\s+a|gegen[üu]ber|comparado\s+con)\s*:?\s*[€$£]?\s*$/iu;
/** "up 19", "down 0.5", "(+19)": a change, not a level. */
const DELTA_WORD = /(?:^|[^\p{L}])(up|down|rose|fell|grew|dropped|increased|decreased|climbed|declined|jumped|gained|improved|minus|plus|subió|bajó|aumentó|baiss[ée]|augment[ée]|gestiegen|gesunken|gefallen|caiu|subiu|aumentou|runter|rauf|hoch|gesunken|gestiegen)(?:\s+(?:by|of|de|um|en|por|em))?\s*$/iu;
const FALLING = /down|fell|dropped|decreased|declined|minus|bajó|baiss|gesunken|gefallen|runter|caiu|-|−/i;
/** "from" in the answer's languages: "caiu de 6% pra 4,8%" is a pair, not a change of 6. */
const OUT_OF = /^\s*(?:of(?:\s+the)?|out\s+of(?:\s+the)?|\/|de(?:\s+los|\s+las)?|sur|von|dos|das)\s*$/i;
/** "same as last year": the figure did not move. */
const SAME_AS_BEFORE = /^\s*(?:(?:the\s+)?same\s+as|like|as)\s+(?:last|the\s+previous|before|(?:the\s+)?(?:month|week|year|quarter)\s+before)\b/i;
// "repeat orders down a bit, 71% from 75%": the trend words sit between a name and its figures.
const TREND_BREAK = /\s+(?:(?:went|is|are|was|were)\s+)?(?:down|up)\s+(?:a\s+(?:bit|little|lot|touch|tad)|slightly|somewhat)\s*[,:]\s*(?=\d)/gi;
const FROM_WORD = /\b(?:from|de|del|desde|von|da|do)\s*$/i;
/** A reason clause's numbers are not results: "slipped bc 2 walkers quit". */
const REASON = /\b(?:because|bc|b\/c|cos|cuz|due\s+to|porque|parce\s+que|weil)\b/i;
const ACRONYM = /^(?:nps|mrr|arr|csat|mau|dau|wau|gmv|aov|ltv|cac|arpu)$/i;
/** A do-verb before the number: "Dan did all 30 visits" counts work, not results. */
const ACTIVITY = /\b(?:did|done|ran|run|sent|held|hosted|made|completed|delivered|called|visited|wrote|published|posted|shipped|organi[sz]ed|went\s+(?:out\s+)?to|reached\s+out\s+to|caught|saved)\b/i;
const LOST = /\b(lost|churned|cancell?ed|refunded|perdimos|perdu|verloren|perdemos)\s*$/i;

interface Num {
  start: number;
  end: number;
  value: number;
  pct: boolean;
  currency: string | null;
  /** +1 / -1 when the number is a change ("+19", "down 0.5"), 0 for a level. */
  delta: number;
}

interface Segment {
  start: number;
  end: number;
}

interface Reading {
  seg: Segment;
  start: number;
  end: number;
  value: Num | null;
  previous: Num | null;
  change: Num | null;
}

/** Check-in answers are short: a few metric words say the language when function words do not. */
const LOCAL: [Exclude<Language, 'en'>, RegExp][] = [
  ['es', /\b(?:usuarios|clientes\s+activos|activos|bajó|subió|pasó|tenemos|ingresos|del|hicimos|enviamos)\b/i],
  ['pt', /\b(?:usuários|ativos|caiu|subiu|passou|temos|receita|fizemos|enviamos|aprendemos|mil|pra|tá)\b/i],
  ['fr', /\b(?:utilisateurs|actifs|passé|baissé|augmenté|avons|chiffre)\b/i],
  ['de', /\b(?:nutzer|kunden|aktive|von|auf|gesunken|gestiegen|umsatz|haben|runter|punkte|maßnahmen)\b/i],
];

function languageFor(text: string): Language {
  const lang = languageOf(text);
  if (lang !== 'en') return lang;
  for (const [l, re] of LOCAL) if (re.test(text)) return l;
  return 'en';
}

/** Same-length rewrites the recognisers read better: "1.2m" → "1.2M", "0.6pp" → "0.6  ". */
function masked(text: string): string {
  return text
    // No number anyone writes is this long, and the models slow on such runs.
    .replace(/[\d.,]{33,}/g, (run) => '_'.repeat(run.length))
    .replace(/(\d)m(?![\p{L}])/gu, '$1M')
    .replace(/(\d\s?)(pp|pts)(?![\p{L}])/giu, (_m, d: string, u: string) => d + ' '.repeat(u.length));
}

const DIGITS = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|dozen|million)\b/i;
const LOCAL_NOTATION = /\d\.\d{3}(?!\d)|\d\s*(?:mil|mille|millones?|milh(?:ão|ões)|millions?|mio|mrd|tsd)\b/i;
const PERCENT_AFTER = /^\s?(?:%|percent|per\s?cent|por\s?ciento|pour\s?cent|prozent|por\s?cento)/i;
const PERCENT = /%|percent|por\s*ciento|pour\s*cent|prozent|por\s*cento/i;

/**
 * Runs a recogniser only on the sentences that can hold what it finds: its cost grows with
 * the text, and most of a check-in answer is words.
 */
function onSentences(input: string, cue: RegExp, read: (s: string) => Recognised[]): Recognised[] {
  const starts: number[] = [];
  const sentences: string[] = [];
  let at = 0;
  for (const m of [...input.matchAll(/[.!?](?=\s)|\n/g), { index: input.length, 0: '' }]) {
    const end = (m.index ?? input.length) + 1;
    const sentence = input.slice(at, end);
    if (cue.test(sentence)) {
      starts.push(at);
      sentences.push(sentence);
    }
    at = end;
  }
  return inOneCall(sentences, read).flatMap((found, i) => found.map((r) => ({ ...r, start: r.start + starts[i]!, end: r.end + starts[i]! })));
}

/** Several short windows read in one recogniser call (each call has a fixed cost); results per window. */
function inOneCall(windows: readonly string[], read: (s: string) => Recognised[]): Recognised[][] {
  const out = windows.map((): Recognised[] => []);
  if (!windows.length) return out;
  const starts: number[] = [];
  let joined = '';
  for (const w of windows) {
    if (joined) joined += ' ;\n';
    starts.push(joined.length);
    joined += w;
  }
  for (const r of read(joined)) {
    let i = starts.length - 1;
    while (i >= 0 && starts[i]! > r.start) i--;
    if (i >= 0 && r.end <= starts[i]! + windows[i]!.length) out[i]!.push({ ...r, start: r.start - starts[i]!, end: r.end - starts[i]! });
  }
  return out;
}

function numbersOf(text: string, lang: Language): Num[] {
  const input = masked(text);
  const hasPercent = PERCENT.test(input);
  const out: Num[] = [];
  let found = onSentences(input, DIGITS, (s) => numbers(s));
  // Only where English may misread the answer's own notation: "1.200", "18 mil".
  if (lang !== 'en' && LOCAL_NOTATION.test(input)) {
    // "18 mil", "1.200": the answer's own language reads these; English reads "4,2", which the
    // library's es/fr/pt models drop. The local model reads only the windows around them.
    const spots = found
      .map((f) => ({ f, word: /^\s*\p{L}+/u.exec(input.slice(f.end, f.end + 16))?.[0] ?? '' }))
      .filter(({ f, word }) => LOCAL_NOTATION.test(input.slice(f.start, f.end + word.length)));
    const local = inOneCall(
      spots.map(({ f, word }) => input.slice(f.start, f.end + word.length)),
      (s) => numbers(s, lang),
    ).flatMap((rs, i) => rs.map((r) => ({ ...r, start: r.start + spots[i]!.f.start, end: r.end + spots[i]!.f.start })));
    const overlaps = (a: Recognised, b: Recognised) => a.start < b.end && b.start < a.end;
    // The local reading wins unless English read a longer span ("4.2%" that pt splits in two).
    const wins = local.filter((l) => !found.some((f) => overlaps(f, l) && f.end - f.start > l.end - l.start));
    found = [...found.filter((f) => !wins.some((l) => overlaps(f, l))), ...wins].sort((a, b) => a.start - b.start);
  }
  // The percentage model on just "4.5 %" beside each number, all in one call.
  const signs = hasPercent ? found.map((n) => PERCENT_AFTER.exec(input.slice(n.end, n.end + 14))) : [];
  const pctWindows = found.map((n, i) => (signs[i] ? input.slice(n.start, n.end + signs[i]![0].length) : ''));
  const pctFound = hasPercent ? inOneCall(pctWindows, (s) => percentages(s)) : [];
  for (const [index, n] of found.entries()) {
    let value = n.value;
    const raw = text.slice(n.start, n.end);
    // "1.200 usuarios": the dot groups thousands outside English; the language's model knows.
    if (lang !== 'en' && /^\d{1,3}(?:\.\d{3})+$/.test(raw) && value < 1000) value = numbers(raw, 'es')[0]?.value ?? value;
    if (!Number.isFinite(value)) continue;
    const before = text.slice(Math.max(0, n.start - 12), n.start);
    const after = text.slice(n.end, n.end + 14);
    // Times, dates, durations, ordinals and ranges' other halves are not readings.
    if (/\d[:h]$/.test(before) || /^[:h]\d/.test(after) || /^(?:st|nd|rd|th)\b/i.test(after)) continue;
    // "d30", "Q2", "30/30", "4/5": part of a name or a ratio, not a reading.
    if (/\p{L}$/u.test(before) || raw.includes('/') || /\/$/.test(before) || /^\/\d/.test(after)) continue;
    const nextWord = /^\s*([\p{L}']+)/u.exec(after)?.[1] ?? '';
    const prevWord = /([\p{L}]+)\s*$/u.exec(before)?.[1] ?? '';
    const pct = !!pctWindows[index] && (pctFound[index]?.length ?? 0) > 0;
    if (!pct && (TIME_UNIT.test(nextWord) || MONTH.test(nextWord) || MONTH.test(prevWord))) continue;
    let delta = 0;
    if (/(?:^|[\s(\[])\+\s*[€$£]?\s*$/.test(before) || (value > 0 && /(?:^|[\s(\[])[-−]\s*[€$£]?\s*$/.test(before))) delta = /[-−]\s*[€$£]?\s*$/.test(before) ? -1 : 1;
    else if (value < 0 && /^[-−]/.test(raw)) delta = -1;
    else {
      const w = DELTA_WORD.exec(before);
      if (w && !/\bto\s*$/i.test(before)) delta = FALLING.test(w[1]!) ? -1 : 1;
    }
    out.push({ start: n.start, end: n.end, value: Math.abs(value), pct, currency: null, delta });
  }
  return out;
}

/** A currency sign or word touching a number: "€8.4k", "6.200 €", "R$ 18 mil", "4000 eur". */
const SIGN_BEFORE = /(?:[€$£¥]|\b(?:eur|usd|gbp|chf|r\$|us\$))\s?$/i;
const SIGN_AFTER = /^\s?(?:k|m|mil)?\s?(?:[€$£¥]|(?:eur|usd|gbp|chf|euros?|dollars?|pounds?|reais|libras?)\b)/i;

/**
 * Currencies only where a sign touches a number, on that short window: the currency model
 * costs about a millisecond per call, so an answer without money never pays for it.
 */
const MONEY_WINDOWS = 6;

function markMoney(text: string, nums: Num[]): void {
  if (!MONEY_CUE.test(text)) return;
  const windows: string[] = [];
  const owners: Num[] = [];
  for (const n of nums) {
    const head = text.slice(Math.max(0, n.start - 4), n.start);
    const tail = text.slice(n.end, n.end + 12);
    const before = SIGN_BEFORE.exec(head);
    const after = before ? null : SIGN_AFTER.exec(tail);
    if (!before && !after) {
      const slang = SLANG.exec(tail);
      if (slang) n.currency = slangCurrency(slang[0].trim());
      continue;
    }
    const window = before ? text.slice(n.start - before[0].length, n.end) : text.slice(n.start, n.end + after![0].length);
    windows.push(masked(window));
    owners.push(n);
  }
  // A few windows a call: the currency model slows with the square of the amounts in one
  // call (60 amounts: 0.3 s), and check-ins name a handful.
  const read: Recognised[][] = [];
  for (let i = 0; i < windows.length; i += MONEY_WINDOWS) read.push(...inOneCall(windows.slice(i, i + MONEY_WINDOWS), (s) => currencies(s)));
  read.forEach((found, i) => {
    const c = found[0];
    if (c) owners[i]!.currency = /^r\$/i.test(c.text) ? 'BRL' : isoOf(c);
  });
}

const SEPARATOR = /[.!?](?=\s|$)|[;\n|]|\s*\p{Extended_Pictographic}[\p{Extended_Pictographic}\u200d\ufe0f]*\s*|\s\/\s|,(?!\d)|\s(?:and|but|while|plus|whereas|also|y|et|und|e|pero|mais|aber|mas)\s|\s&\s/giu;

function segmentsOf(text: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const m of text.matchAll(SEPARATOR)) {
    if (m.index > at) out.push({ start: at, end: m.index });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ start: at, end: text.length });
  return out;
}

/** Groups a segment's numbers into readings: value, previous value, change. */
function readingsOf(text: string, seg: Segment, nums: Num[]): Reading[] {
  const out: Reading[] = [];
  const between = (a: Num, b: Num) => text.slice(a.end, b.start);
  for (let i = 0; i < nums.length; i++) {
    const n = nums[i]!;
    const next = nums[i + 1];
    if (n.delta) {
      // "down 0.5 points to 3.9%": the change goes with the value that follows.
      if (next && !next.delta && PAIR_JOIN.test(between(n, next)) && FROM_WORD.test(text.slice(seg.start, n.start))) {
        out.push({ seg, start: n.start, end: next.end, value: next, previous: n, change: null });
        i++;
        continue;
      }
      if (next && !next.delta && PAIR_JOIN.test(between(n, next))) {
        out.push({ seg, start: n.start, end: next.end, value: next, previous: null, change: n });
        i++;
        continue;
      }
      const last = out[out.length - 1];
      if (last && !last.change && last.value) {
        last.change = n;
        last.end = n.end;
      } else out.push({ seg, start: n.start, end: n.end, value: null, previous: null, change: n });
      continue;
    }
    if (next && !next.delta && OUT_OF.test(between(n, next))) {
      out.push({ seg, start: n.start, end: n.end, value: n, previous: null, change: null });
      i++;
      continue;
    }
    if (next && !next.delta && PAIR_JOIN.test(between(n, next))) {
      let from = n;
      let to = next;
      i++;
      // "5% → 4.2% → 3.8%": the latest two.
      while (nums[i + 1] && !nums[i + 1]!.delta && PAIR_JOIN.test(between(to, nums[i + 1]!))) {
        from = to;
        to = nums[++i]!;
      }
      out.push({ seg, start: n.start, end: to.end, value: to, previous: from, change: null });
    } else if (next && !next.delta && PAIR_BACK.test(between(n, next).replace(/^\s*[%k]?\s*[\p{L}][\p{L}\s'-]{0,40}?(?=\s*[(,])/u, ''))) {
      out.push({ seg, start: n.start, end: next.end, value: n, previous: next, change: null });
      i++;
    } else out.push({ seg, start: n.start, end: n.end, value: n, previous: null, change: null });
  }
  return out;
}

const words = (s: string) => s.match(/[\p{L}][\p{L}\p{N}'-]*|[^\s\p{L}]+/gu) ?? [];
const isWord = (w: string) => /^[\p{L}][\p{L}\p{N}'-]*$/u.test(w);
/** "we saved 3": a past-tense verb before the number is not its name. */
const isVerbish = (w: string) => /^\p{L}{3,}ed$/u.test(w) && !/(?:need|feed|seed|speed)$/i.test(w);

/** The name as the team wrote it ("repeat purchase rate", "MAU"), acronyms in capitals. */
const written = (s: string) => {
  const t = s.trim().replace(/\s+/g, ' ');
  return ACRONYM.test(t) ? t.toUpperCase() : t.toLowerCase();
};

function knownIn(s: string): { name: string; unit: string | null; at: number } | null {
  let best: { name: string; unit: string | null; at: number } | null = null;
  for (const [re, , unit] of KNOWN) {
    const m = re.exec(s);
    if (m && (!best || m.index > best.at)) best = { name: written(m[0]), unit, at: m.index };
  }
  return best;
}

/** Up to three words right after the number: "active owners", "pubs", "usuarios activos". */
function nounAfter(tail: string): string | null {
  const t = tail.replace(/^\s*(?:%|percent|per\s*cent|pts|points?|k)?\s*/i, '');
  const out: string[] = [];
  for (const w of words(t)) {
    if (isVerbish(w)) break;
    if (!isWord(w) || AFTER_STOP.has(w.toLowerCase()) || FILLER.has(w.toLowerCase()) && out.length > 0) break;
    if (FILLER.has(w.toLowerCase())) break;
    out.push(w);
    if (out.length === 3) break;
  }
  return out.length ? out.join(' ') : null;
}

/** Up to three content words right before the number: "MRR", "weekly orders", "subs". */
function nounBefore(head: string): string | null {
  const ws = words(head.replace(/\b(?:r|us|au|ca|c)\$/gi, ' '));
  let i = ws.length - 1;
  while (i >= 0 && (!isWord(ws[i]!) || FILLER.has(ws[i]!.toLowerCase())) && !/[()]/.test(ws[i]!)) i--;
  const out: string[] = [];
  for (; i >= 0 && out.length < 3; i--) {
    const w = ws[i]!;
    if (!isWord(w) || FILLER.has(w.toLowerCase()) || isVerbish(w)) break;
    out.unshift(w);
  }
  return out.length ? out.join(' ') : null;
}

/** The counted thing: "active owners" → "owners", "usuarios activos" → "usuarios". */
function countUnit(phrase: string, _lang: Language): string {
  if (ACRONYM.test(phrase.trim())) return 'users';
  const ws = phrase.toLowerCase().split(' ');
  // Romance languages put the adjective after the noun: "usuarios activos", "clients actifs".
  const adjectiveLast = ws.length > 1 && /^(?:activ|ativ|actif|nouv|nuev|nov|pagant|payant|fiel|fid[eè]l)/i.test(ws[ws.length - 1]!);
  return (adjectiveLast ? ws[0] : ws[ws.length - 1])!;
}

interface Named {
  name: string;
  unit: string | null;
  /** The name came from the words after the number: a count of things. */
  counted: boolean;
  known: boolean;
}

function nameOf(text: string, r: Reading, main: Num, lang: Language, pct: boolean, currency: string | null): Named | null {
  const head = text.slice(r.seg.start, r.start);
  const firstTail = text.slice(main.end, r.seg.end);
  const tail = text.slice(r.end, r.seg.end);
  const after = currency ? null : nounAfter(firstTail.replace(/^\s*\(.*?\)/, ''));
  const headKnown = knownIn(head);
  const tailKnown = (() => {
    const k = knownIn(tail.slice(0, 30)) ?? knownIn(firstTail.slice(0, 30));
    return k && k.at < 14 ? k : null;
  })();
  // "MRR 14.2k", "churn … 4.8%": a known name before wins unless far back with a noun right after.
  if (headKnown && !(after && !knownIn(after) && !pct && !currency && head.length - headKnown.at > 30)) {
    // "d30 retention", "repeat purchase rate": the whole phrase the known word sits in.
    const phrase = nounBefore(head);
    const name = phrase && knownIn(phrase) ? written(phrase) : headKnown.name;
    return { name, unit: headKnown.unit === COUNT ? countUnit(name, lang) : headKnown.unit, counted: false, known: true };
  }
  if (tailKnown) return { name: tailKnown.name, unit: tailKnown.unit === COUNT ? countUnit(tailKnown.name, lang) : tailKnown.unit, counted: !!after, known: true };
  if (after && !/^(?:k|m|bn)$/i.test(after)) {
    const lost = LOST.exec(head) ?? new RegExp(`^\\s*${after.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(lost|churned|cancell?ed|left)\\b`, 'i').exec(firstTail.replace(/^\s*(?:%|k)?/, ''));
    return { name: lost ? `${written(after)} ${lost[1]!.toLowerCase()}` : written(after), unit: null, counted: true, known: false };
  }
  const before = nounBefore(head);
  return before ? { name: written(before), unit: knownIn(before)?.unit ?? null, counted: false, known: false } : null;
}

function metricOf(text: string, r: Reading, lang: Language): Metric | null {
  const main = r.value ?? r.change!;
  const head = text.slice(r.seg.start, r.start);
  // A reason clause's numbers are not results: "slipped bc 2 walkers quit".
  if (REASON.test(head)) return null;
  const pct = !!(r.value?.pct || r.previous?.pct || r.change?.pct);
  const points =
    /^\s*(?:%\s*)?(?:pts|pp|points?|punkte|puntos|pontos)\b/i.test(text.slice((r.change ?? main).end, r.seg.end)) ||
    /^\s{2}/.test(text.slice((r.change ?? main).end, r.seg.end));
  const currency = r.value?.currency ?? r.previous?.currency ?? r.change?.currency ?? null;
  const named = nameOf(text, r, main, lang, pct, currency);
  if (!named) return null;
  // A count of work done ("Dan did all 30 visits") is a tactic, not a result.
  if (!(named.known && !named.counted) && ACTIVITY.test(head) && !pct && !currency) return null;
  if (!r.value && !named.known && !pct && !points) return null;

  let unit = named.unit;
  if (unit === '%' && !pct && !named.counted) unit = null;
  if (pct) unit = '%';
  else if (currency) unit = currency;
  else if (points) unit = unit === '%' ? '%' : 'points';
  else if (named.counted && (!unit || unit === '%')) unit = countUnit(nounAfter(text.slice(main.end, r.seg.end)) ?? named.name, lang);
  const change = r.change ? r.change.delta * r.change.value : null;
  return {
    name: named.name,
    value: r.value ? r.value.value : change!,
    unit,
    previous: r.previous ? r.previous.value : null,
    change,
  };
}

/** "3 churned", "95 of them booked": a bare count named by the verb after it. */
const VERB_AFTER = /^\s*(?:of\s+(?:them|those)\s+)?(\p{L}{3,}(?:ed|lt|st))\b/iu;
const TOTAL_AFTER = /^\s*(?:total|in\s+total|overall|on\s+the\s+books|now|left|en\s+total|au\s+total|insgesamt)\b/i;
const FLAT = /^\s*(?:(?:roughly|pretty|basically|still)\s+)?(?:flat|unchanged|steady|stable|same|no\s+change|sin\s+cambios|stable|gleich|igual)\s*$/i;

export function readMetrics(text: string): Metric[] {
  if (!/\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|dozen|hundred|thousand)\b/i.test(text)) return [];
  text = text.replace(TREND_BREAK, ' ');
  const lang = languageFor(text);
  // Twelve metrics are kept at most; past 60 numbers the answer is no report, and each
  // money window costs a recogniser call.
  const nums = numbersOf(text, lang).slice(0, 60);
  if (!nums.length) return [];
  const segments = segmentsOf(text);
  markMoney(text, nums);
  const out: Metric[] = [];
  let pendingChange: number | null = null;
  for (const seg of segments) {
    const inside = nums.filter((n) => n.start >= seg.start && n.end <= seg.end);
    const last = out[out.length - 1];
    if (!inside.length) {
      // "churn 3%, flat": no change.
      if (last && last.change === null && FLAT.test(text.slice(seg.start, seg.end))) last.change = 0;
      if (last && last.previous === null && last.change === null && SAME_AS_BEFORE.test(text.slice(seg.start, seg.end))) {
        last.previous = last.value;
        last.change = 0;
      }
      continue;
    }
    for (const r of readingsOf(text, seg, inside)) {
      const prev = out[out.length - 1];
      const m = metricOf(text, r, lang);
      if (m) {
        out.push(m);
        pendingChange = null;
        continue;
      }
      const head = text.slice(seg.start, r.start);
      const tail = text.slice(r.end, seg.end);
      if (REASON.test(head)) continue;
      if (!r.value && r.change) {
        // "net +11, 289 total": the change goes with the total that follows; else with the metric before.
        const change = r.change.delta * r.change.value;
        if (/\bnet\b/i.test(head)) pendingChange = change;
        else if (prev && prev.change === null) prev.change = change;
        continue;
      }
      if (!r.value) continue;
      if (prev && !r.previous && prev.previous === null && /\b(?:was|were|from|vs\.?|era|antes|avant|vorher)\s*[€$£]?\s*$/i.test(head)) {
        prev.previous = r.value.value;
        continue;
      }
      // "lost 2 pubs, 31 on the books now": the same things counted again.
      const counted = prev?.unit && !['%', 'points'].includes(prev.unit) && !/^[A-Z]{3}$/.test(prev.unit) ? prev.unit : null;
      if (counted && TOTAL_AFTER.test(tail)) {
        out.push({ name: counted, value: r.value.value, unit: counted, previous: r.previous?.value ?? null, change: pendingChange });
        pendingChange = null;
        continue;
      }
      const verb = VERB_AFTER.exec(tail);
      if (verb && !ACTIVITY.test(head)) {
        out.push({ name: verb[1]!.toLowerCase(), value: r.value.value, unit: counted, previous: null, change: null });
      }
    }
    if (out.length >= 12) break;
  }
  // One reading per metric: the last one said wins, keeping what an earlier one added.
  const byName = new Map<string, Metric>();
  for (const m of out) {
    const key = m.name.toLowerCase();
    const prev = byName.get(key);
    byName.delete(key);
    byName.set(key, prev ? { ...m, previous: m.previous ?? prev.previous, change: m.change ?? prev.change } : m);
  }
  return [...byName.values()].slice(0, 12);
}
