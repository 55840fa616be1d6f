import type { CostLevel, Period } from '../../../core/design.ts';
import type { AmountReading, ExtractionOf } from '../../../core/extraction.ts';
import { formatMoney } from '../../../core/render/money.ts';
import { exactAnswer } from '../enums.ts';
import { first, type Cue } from '../match.ts';
import { readMoney, type Money } from '../money.ts';
import { frequencyAfter, TRANSACTION, type Per } from '../periods.ts';
import type { Quantity } from '../quantities.ts';
import { clip, isVague, tidy } from '../text.ts';

// What the relationship costs per customer, what a customer pays and what winning one
// costs, each with the period the team gave. Which amount is which comes from its clause
// (who pays, what costs), not from word order; shared costs are divided by the customers
// they cover and per-use prices multiplied by how often customers use them, with the
// arithmetic kept so the team can check it.

type Cost = ExtractionOf<'cost'>;
type Role = 'relationship' | 'revenue' | 'acquisition';

const LEVEL_CUES: readonly Cue<CostLevel>[] = [
  ['low', String.raw`low(?:\s+cost)?|cheap|inexpensive|negligible|minimal|tiny|peanuts|(?:almost|next\s+to|practically|basically)\s+nothing|nothing(?:\s+really)?|not\s+(?:much|expensive|a\s+lot)|very\s+little|pennies|cents|free|barato|bon\s+marché|günstig`],
  ['medium', String.raw`medium(?:\s+cost)?|moderate|manageable|reasonable|mid(?:dle)?[- ]?(?:range|level)?`],
  ['high', String.raw`high(?:\s+cost)?|expensive|costly|a\s+lot|significant|heavy|pricey|steep|caro|cher|teuer`],
];

// Cues are matched in the words around one amount; the closest one decides.
const ACQUISITION =
  /(?:^|[^\p{L}])(?:to\s+(?:get|win|acquire|land|sign(?:\s+up)?|bring\s+in|find|convert|open)\s+(?:a|one|each|every|new|more|the|them|that|this|their)|acquisition|acquiring|CAC|cost\s+per\s+(?:lead|acquisition|sign-?up)|(?:per|every|each|for\s+each|for\s+every|a|one)\s+new|in\s+(?:ads|ad\s+spend|marketing|advertising|flyers)|on\s+(?:ads|marketing|advertising)|referral\s+(?:bonus|fee)|free\s+(?:sample|trial|week|box|kit)|para\s+(?:conseguir|captar|traer)|pra\s+trazer|en\s+(?:publicidad|anuncios)|em\s+an[uú]ncios?|de\s+pub(?:licité)?|pour\s+(?:acquérir|gagner|chaque\s+nouv)|in\s+Werbung|um\s+.*zu\s+gewinnen|para\s+conquistar|cada\s+(?:nuev|nov)\p{L}*|(?:per|each|a|every)\s+(?:sign-?ups?|leads?|installs?|downloads?|trials?|clicks?)|(?:pay|paying|spend|spending)\s+(?:google|facebook|meta|instagram|tiktok|linkedin)|ads?\s+(?:cost|spend|budget)|ad\s+spend|(?:marketing|advertising)\s+(?:costs?|budget|spend)|(?:f[üu]r\s+die\s+)?(?:gewinnung|neukundengewinnung)|captaci[oó]n|capta[çc][ãa]o)(?![\p{L}])/iu;
const PAYER =
  String.raw`(?:they|customers?|clients?|users?|members?|students?|owners?|couples?|those\s+who(?:\s+do)?|whoever|shops?|stores?|pubs?|venues?|each|every\s+\p{L}+|each\s+\p{L}+|regulars?|subscribers?|accounts?|famil(?:y|ies)|patients?|buyers?|brands?|companies|company|dealers?|people|ppl|guests?|parents?|agenc(?:y|ies)|teams?|the\s+\p{L}+|a\s+\p{L}+|average\s+\p{L}+)`;
const REVENUE = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:${PAYER}\s+(?:\p{L}+\s+){0,2}?(?:pay|pays|paying|paid|spend|spends|order|orders|buy|buys|bring\s+in|brings\s+in)|pays?\s+us|(?:our\s+)?(?:cut|share|commission|take\s+rate)\s+(?:is\s+)?(?:about\s+|~)?(?:\d[\d.,]*\s?%\s+)?(?:on|of|from)\s+(?:a|an|each|every|the)|(?:box|plan|subscription|membership|package|bundle|abo|caja|bo[iî]te|caixa|licen[cs]e)\s+(?:costs?|kostet|cuesta|co[uû]te|custa)(?!\s+(?:us|me|uns|nous|nos)(?![\p{L}]))|(?:price|pricing|priced|retainer|subscription|plan|fee|fees|revenue|ARPU|ACV|ARR|MRR|purchase|forfait|abonnement|mensalidade|mensualidad|cuota|Beitrag|Abo|ticket|basket|order\s+value|LTV|lifetime\s+value|turnover|sales|charges?|charging|income|we\s+(?:charge|bill|get|make|earn|sell|invoice)|brings?\s+in|worth|(?:out\s+)?of\s+the|pagan?|cobramos|ingresos|paient|payent|facturons|revenus?|chiffre|zahlen|zahlt|Umsatz|Einnahmen|pagam|receita|faturamos))(?![\p{L}])`,
  'iu',
);
const COST =
  /(?:^|[^\p{L}])(?:costs?|costing|we\s+(?:\p{L}+\s+)?(?:spend|pay)|spend\s+on|salary|salaries|wages?|support|insurance|time|hosting|servers?|software|tools?|overhead|expenses?|to\s+(?:serve|support|keep|run|look\s+after)|serving|servicing|aftercare|after-sales|after\s+sales|repairs?|delivery|deliveries|onboarding|account\s+manager|advisors?|reps?|teachers?|producers?|staff|employees?|CSM|AM|cuesta|cuestan|gastamos|coûte|coûtent|dépensons|kostet|kosten|ausgeben|custa|custam)(?![\p{L}])/iu;
const REVENUE_ALL = new RegExp(REVENUE.source, 'giu');
const COST_ALL = new RegExp(COST.source, 'giu');
/** "a walk is €18", "boxes are 45 quid": the price of one unit of what is sold. */
const UNIT_PRICE = /(?:^|[^\p{L}])(?:(?:a|an|one|each|the|per)\s+)?(\p{L}+)\s+(?:is|are|costs?(?:\s+us)?|=|go\s+for|sells?\s+for)\s+(?:about|around|roughly|~|maybe|like)?\s*$|(?:^|[^\p{L}])(?:avg|average|typical|cada|each|every|chaque|jede[rs]?)\s+(\p{L}+)\s*(?:is|=|:|de|of|à|at|@|c'est|kostet)?\s*(?:about|around|roughly|~|maybe|like)?\s*$/iu;
const unitPriced = (head: string) => {
  const m = UNIT_PRICE.exec(head);
  return m ? (m[1] ?? m[2] ?? null) : null;
};
/** "so ~€45 per dealer": the team restating a figure it just gave. */
const RESTATES = /(?:^|[^\p{L}])(?:so|i\.?e\.?|that'?s|which\s+is|which\s+makes|=|≈|means|works\s+out\s+(?:at|to)|call\s+it|roughly|basically)\s*(?:about|around|roughly|~|maybe|like|approx\.?)?\s*$/iu;
/** What a shared cost covers: "looks after 80 dealers", "handles 25 companies". */
const POOL =
  /(?:look(?:s|ing)?\s+after|handles?|handling|covers?|covering|manages?|managing|serves?|serving|takes?\s+care\s+of|supports?|deals?\s+with|works?\s+with|does|visits?|sees|(?:is\s+)?(?:shared|split|spread)\s+(?:across|between|among|over)|across|has|have|for|runs?|atiende|gestiona|lleva|s'occupe\s+de|gère|suit|accompagne|betreut|cuida\s+de|atende|acompanha)\s+(?:all\s+)?(?:about|roughly|around|maybe|some|~|up\s+to|like|approx\.?|over|nearly|almost|ca\.?|circa|etwa|rund|unas?|unos|cerca\s+de|environ|à\s+peu\s+près|uns|umas|aproximadamente)?\s*(?:all\s+)?~?\s*$/iu;
/** What a spend wins: "each event brings around 40 new customers". */
const WINS = /(?:brings?(?:\s+in)?|gets?|wins?|converts?|signs?|lands?|generates?|conseguimos|ganamos|captamos|gagnons|trazemos|gewinnen)(?:\s+us)?\s+(?:about|roughly|around|maybe|some|~|up\s+to|like|approx\.?|over|nearly|almost|como|unos?|unas?|environ|uns|umas|etwa)?\s*$/iu;
const SPREAD = /(?:across|from|over|among|between)\s+(?:all\s+)?(?:about|roughly|around|maybe|some|~|nearly|almost|our)?\s*$/iu;
const TOTAL = /(?<![\p{L}])(?:all\s+together|altogether|in\s+total|total|overall|combined|for\s+all|en\s+total|au\s+total|insgesamt|no\s+total)(?![\p{L}])/iu;
const CUSTOMERS = /^(?:customers?|clients?|users?|accounts?|members?|subscribers?|regulars?|dealers?|shops?|stores?|pubs?|schools?|companies|teams?|brands?|venues?|restaurants?|salons?|patients?|students?|families|couples?|clientes?|clientas?|tiendas?|escuelas?|kunden|händler|adhérents?|alunos?)$/i;
const STAFF = /^(?:ppl|people|persons?|staff|reps?|agents?|advisors?|advisers?|managers?|ams?|csms?|consultants?|coaches?|teachers?|employees?|fte|ftes|heads?|techs?|technicians?|drivers?|nurses?|instructors?|engineers?|designers?|developers?|devs?|cleaners?|carers?|tutors?|trainers?|stylists?|mechanics?|gardeners?)$/i;
const RATIO = /(?:^|[^\p{L}])(?:1|one|a|each|every)\s+([\p{L}]+)\s+(?:per|for\s+every|for\s+each|to|for)\s+(?:~|about|around|roughly|every)?\s*$/iu;
const TIME_NOUN = /^(?:months?|years?|weeks?|days?|hours?|times?|mins?|minutes?)$/i;
const HOURS = /^(?:hours?|hrs?|h|class|classes|sessions?|lessons?|visits?|calls?|meetings?|appointments?|shifts?|horas?|heures?|stunden?|clases|cours)$/i;
/** "we keep 20%": our share of what the customer pays for each use. */
const SHARE_BEFORE = /(?:^|[^\p{L}])(?:we\s+(?:keep|take|get|make)|(?:a\s+gente\s+)?fica(?:mos)?\s+com|nos\s+quedamos(?:\s+con)?|on\s+(?:garde|prend)|wir\s+(?:behalten|nehmen)|(?:we\s+)?charge\s+(?:\p{L}+\s+)?|our\s+(?:cut|share|take|commission|fee)\s+(?:is\s+)?|commission\s+(?:of\s+|is\s+)?|take\s+rate\s+(?:of\s+|is\s+)?)(?:about|around|~)?\s*$/iu;
const SHARE_AFTER = /^\s*(?:commission|cut|take\s+rate|of\s+(?:it|that|each|every|the\s+(?:price|booking|sale)))/i;
const NO_IDEA = /\b(?:no\s+idea|not\s+sure|dunno|don'?t\s+know|haven'?t\s+(?:done|worked|figured|calculated)|no\s+clue|tbd|ni\s+idea|aucune\s+idée|keine\s+ahnung|não\s+sei)\b/i;
const ABSURD = 1e8;
const LEAD = /^(?:sign-?ups?|leads?|installs?|downloads?|trials?|clicks?|visitors?|enquir(?:y|ies)|inquir(?:y|ies))$/i;
// Bounded runs: with `\d[\d.,]*` every digit of a long run started a scan to its end (4,000 digits: 0.3 s).
const CORRECTED = /(?:[€$£]\s?\d[\d.,]{0,24}\s?k?|\d[\d.,]{0,24}\s?k?\s?(?:€|\$|£|eur|euros?|dollars?|pounds?|quid|bucks)?)\s{0,8}[,;-]?\s{0,8}(?:(?:no|nah|oops|err?)\s{0,8}[,.]?\s{0,8})?(?:sorry|wait|i\s+mean|correction|make\s+that|or\s+rather|scratch\s+that)\s*[,:-]?\s*(?=(?:[€$£]|r\$)?\s?\d)/giu;
const SPENDS_TIME = /(?<![\p{L}])spends?\s+(?:~|about|around|roughly|maybe|up\s+to)?\s*[\d.,]*\s*(?:hours?|hrs?|h|time|mins?|minutes?|days?)(?![\p{L}])/iu;
/** The answer says the sale happens once: amounts with no period of their own are one-off. */
const ONCE_ANSWER = /(?<![\p{L}])(?:one[- ]off|one[- ]time|once|single\s+purchase|one\s+(?:deal|purchase|sale)|never\s+see\s+them\s+again|that'?s\s+it|una\s+vez|une\s+(?:seule\s+)?fois|forfait\s+unique|einmal(?:ig)?|uma\s+vez|(?:paiement|pago|pagamento)\s+[úu]nique?o?|einmalzahlung|single\s+payment|one\s+payment|paid\s+once)(?![\p{L}])/iu;
/** "in GBP obvs", "all in pounds": the currency said once for bare numbers. */
const CURRENCY_SAID = /(?<![\p{L}])(?:in|all\s+in|en|em)\s+(GBP|EUR|USD|CHF|CAD|AUD|pounds?|quid|euros?|dollars?|libras?|dólares|reais)(?![\p{L}])/iu;
const CURRENCY_WORDS: Record<string, string> = { pound: 'GBP', pounds: 'GBP', quid: 'GBP', euro: 'EUR', euros: 'EUR', dollar: 'USD', dollars: 'USD', libra: 'GBP', libras: 'GBP', 'dólares': 'USD', reais: 'BRL' };
const OF_REVENUE = /^\s*(?:of\s+(?:the\s+|our\s+|their\s+)?(?:revenue|price|sales|turnover|what\s+they\s+(?:pay|spend)|(?:their|the)\s+(?:spend|fee|bill)|it|that))(?![\p{L}])/iu;
/** Work done once per customer: with no period said, its cost is one-off. */
const ONCE_WORK = /\b(?:to\s+onboard|onboarding|to\s+set\s+(?:them\s+)?up|setup|set-up|installation|to\s+install|welcome\s+(?:pack|box|kit))\b/i;
/** A lifetime value is paid over the whole relationship, not per month. */
const LIFETIME = /\b(?:LTV|CLV|lifetime(?:\s+value)?)\b/i;

const PER_WORDS: Record<Per, string> = { hour: 'an hour', day: 'a day', week: 'a week', month: 'a month', quarter: 'a quarter', year: 'a year', one_off: 'once' };

interface Item {
  m: Money;
  role: Role | null;
  /** The role came from the words around the amount, not from a guess. */
  local: boolean;
  restates: boolean;
  sentence: { start: number; end: number };
  clauseStart: number;
  clauseEnd: number;
}

interface Reading {
  value: number;
  per: Period;
  working: string | null;
  doubt: string | null;
  /** 3: the team's own per-customer restatement; 2: per customer, said or worked out; 1: as said; -1: unusable. */
  rank: number;
}

const round = (n: number) => Math.round(n * 100) / 100;
const stem = (w: string) => w.toLowerCase().replace(/(?:ches|shes|sses|xes|ies)$/, (s) => (s === 'ies' ? 'y' : s.slice(0, -2))).replace(/s$/, '');
const plural = (w: string) => (/s$/i.test(w) ? w : /[^aeiou]y$/i.test(w) ? `${w.slice(0, -1)}ies` : /(?:ch|sh|x)$/i.test(w) ? `${w}es` : `${w}s`);
const money = (v: number, currency: string | null) => formatMoney(round(v), currency);
const num = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : String(round(v)));

/** Sentence spans; "incl." and "approx." do not end a sentence. */
function sentences(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (const m of text.matchAll(/[.!?]+(?=\s)|[;\n]+/g)) {
    const before = text.slice(Math.max(0, m.index - 8), m.index);
    if (m[0] === '.' && /(?:^|[^\p{L}])(?:incl|approx|ca|e\.g|i\.e|etc|vs|avg|p\.[ma])$/iu.test(before)) continue;
    out.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  out.push({ start, end: text.length });
  return out.filter((s) => s.end > s.start);
}

const CLAUSE_BREAK = /,|:|\s-\s|(?:^|[^\p{L}])(?:but|while|whereas|although|after\s+that|then|and(?=\s+(?:they|we|it|each|every|the|our|their|clients?|customers?|users?|members?|regulars?)\b)|y|et|und|e|mais|aber|pero|mas)(?![\p{L}])/giu;

function clauseAround(text: string, s: { start: number; end: number }, start: number, end: number): [number, number] {
  let from = s.start;
  let to = s.end;
  const body = text.slice(s.start, s.end);
  for (const m of body.matchAll(CLAUSE_BREAK)) {
    const at = s.start + m.index;
    if (at + m[0].length <= start) from = at + m[0].length;
    else if (at >= end && at < to) to = at;
  }
  return [from, to];
}

function lastCue(head: string): Role | null {
  let best: { role: Role; at: number; from: number } | null = null;
  for (const [g, role] of [
    [REVENUE_ALL, 'revenue'],
    [COST_ALL, 'relationship'],
  ] as const) {
    for (const m of head.matchAll(g)) {
      const at = m.index + m[0].length;
      // Nearest end wins; on a tie the longer cue ("after-sales" over "sales").
      if (!best || at > best.at || (at === best.at && m.index < best.from)) best = { role, at, from: m.index };
    }
  }
  return best?.role ?? null;
}

function firstCue(tail: string): Role | null {
  const r = REVENUE.exec(tail);
  const c = COST.exec(tail);
  if (r && c) return r.index <= c.index ? 'revenue' : 'relationship';
  return r ? 'revenue' : c ? 'relationship' : null;
}

function roleOf(text: string, it: Item, prevEnd: number, nextStart: number): { role: Role | null; local: boolean } {
  const { m } = it;
  const head = text.slice(Math.max(it.clauseStart, prevEnd), m.start);
  const tail = text.slice(m.valueEnd, Math.max(m.valueEnd, Math.min(it.clauseEnd, nextStart)));
  if (ACQUISITION.test(head + ' ' + tail)) return { role: 'acquisition', local: true };
  if (/^[^.;]{0,60}?(?:brings?|gets?|wins?|converts?|generates?)(?:\s+(?:us|in))?\s+(?:about|around|roughly|maybe|~)?\s*\d[\d,.]*\s+new\s/iu.test(text.slice(m.valueEnd, it.sentence.end))) {
    return { role: 'acquisition', local: true };
  }
  const near = lastCue(head) ?? firstCue(tail.split(/(?<![\p{L}])(?:and|y|et|und|e)(?![\p{L}])/u)[0]!);
  // "the agent spends ~25 hours on each": spending time is a cost, not a payment.
  if (near === 'revenue' && SPENDS_TIME.test(head)) return { role: 'relationship', local: true };
  if (near) return { role: near, local: true };
  if (m.per !== 'hour' && UNIT_PRICE.test(head)) return { role: 'revenue', local: true };
  // An hourly rate is somebody's time; "it's €59/mo" and "€4.99" are prices.
  if (m.per === 'hour') return { role: 'relationship', local: false };
  // "€18 each, which we send to win the salon": what the rest of the sentence does with it.
  if (ACQUISITION.test(head + text.slice(m.valueEnd, Math.min(it.sentence.end, nextStart)))) return { role: 'acquisition', local: false };
  if (/(?:it'?s|it\s+is|that'?s)\s*(?:about|around|~|only|just)?\s*$/i.test(head) || /[.,]9[059]$/.test(text.slice(m.start, m.valueEnd))) return { role: 'revenue', local: false };
  const before = text.slice(it.sentence.start, m.start);
  // Later clauses of the sentence do not say what an earlier amount is.
  return { role: lastCue(before), local: false };
}

/** A count of the customers a shared cost covers, right after it in the same sentence. */
function poolFor(text: string, it: Item, counts: Quantity[], verbs: RegExp): { q: Quantity; noun: string } | null {
  for (const q of counts) {
    if (q.start < it.m.valueEnd || q.start > it.sentence.end || !q.noun || HOURS.test(q.noun) || TIME_NOUN.test(q.noun) || q.value < 2) continue;
    if (!verbs.test(text.slice(it.m.valueEnd, q.start).slice(-40))) continue;
    const noun = q.noun === 'new' ? `new ${/^\s*new\s+([\p{L}'-]+)/iu.exec(text.slice(q.end))?.[1] ?? ''}`.trim() : q.noun;
    if ((verbs === SPREAD || /(?<![\p{L}])for\s*\S*\s*$/u.test(text.slice(it.m.valueEnd, q.start))) && !CUSTOMERS.test(q.noun)) continue;
    if (verbs === WINS && q.noun !== 'new' && !LEAD.test(q.noun) && !/^\s*\p{L}+\s+(?:nuev|nouv|nov|neu)/iu.test(text.slice(q.end, q.end + 30))) continue;
    return { q, noun };
  }
  return null;
}

/** How many of `unit` a customer takes per period: "~10 walks a month", "buy 2-3 a year". */
function frequencyOf(text: string, unit: string | null, counts: Quantity[], items: Item[]): { count: Quantity; per: Per; noun: string } | null {
  for (const raw of counts) {
    // "8 por mês": a period word read as the noun counts nothing.
    const q = raw.noun && /^(?:a|an|per|por|par|pro|al|im|ao|each|every|cada)$/i.test(raw.noun) ? { ...raw, noun: null } : raw;
    const matches = unit ? q.noun !== null && (stem(q.noun) === stem(unit) || /^(?:times|x)$/i.test(q.noun)) : hoursNoun(text, q) !== null;
    const bought = !q.noun && unit !== null && /(?:buy|buys|book|books|order|orders|come|comes|visit|visits|use|uses|get|gets|take|takes|pede|pedem|pide|piden|compra|compran|compram|commande(?:nt)?|ach[èe]te(?:nt)?|bestell(?:t|en)|kauf(?:t|en))\s+(?:about|around|roughly|maybe|~|umas?|unos?|unas?|environ|etwa|ca\.?)?\s*$/i.test(text.slice(Math.max(0, q.start - 20), q.start));
    if (!matches && !bought) continue;
    const per = frequencyAfter(text, q.end) ?? carriedBy(text, q, items);
    if (per) return { count: q, per, noun: (unit ? q.noun : hoursNoun(text, q)) ?? (unit ? plural(unit) : '') };
  }
  // "ppl order about twice a month": the models read no number in "twice".
  const often = unit ? /(?<![\p{L}])(once|twice)\s+(?:a|an|per|every)\s+(week|month|year)(?![\p{L}])/iu.exec(text) : null;
  if (often) {
    const n = often[1]!.toLowerCase() === 'twice' ? 2 : 1;
    const count: Quantity = { value: n, start: often.index, end: often.index + often[1]!.length, currency: null, percent: false, range: null, noun: null };
    return { count, per: often[2]!.toLowerCase() as Per, noun: plural(unit!) };
  }
  return null;
}

/** "30 hrs", "4 one-hour lessons": the noun of a count of hours or sessions. */
function hoursNoun(text: string, q: Quantity): string | null {
  if (!q.noun) return null;
  if (HOURS.test(q.noun)) return q.noun;
  const next = /^\s*[\p{L}'-]+\s+([\p{L}]+)/u.exec(text.slice(q.end, q.end + 40))?.[1];
  return /hour/i.test(q.noun) && next && HOURS.test(next) ? next : null;
}

/** Hours said with no period ("30 hrs all told", "an hour of a CSM"): hours per customer. */
function hoursOnce(text: string, counts: Quantity[], m: Money): { value: number; noun: string } | null {
  let best: { value: number; noun: string; d: number } | null = null;
  for (const q of counts) {
    const noun = hoursNoun(text, q);
    if (noun && (!best || Math.abs(q.start - m.start) < best.d)) best = { value: q.value, noun, d: Math.abs(q.start - m.start) };
  }
  if (best) return best;
  for (const one of text.matchAll(/(?<![\p{L}])(?:an|one)\s+(hour|session|lesson|class|call)(?![\p{L}])/giu)) {
    // Not the rate's own "an hour".
    if (one.index < m.start || one.index >= m.end) return { value: 1, noun: one[1]!.toLowerCase() };
  }
  return null;
}

/** "~20 coffees a month at £3.20": the price is per coffee. */
function countedBefore(text: string, it: Item, counts: Quantity[]): string | null {
  for (const q of counts) {
    if (q.end > it.m.start || q.start < it.clauseStart || !q.noun) continue;
    if (/^\s*[\p{L}'-]+\s+(?:a|an|per|each|every|\/)\s*\p{L}+\s+(?:at|@)\s*(?:about|around|roughly|~)?\s*$/iu.test(text.slice(q.end, it.m.start))) return q.noun;
  }
  return null;
}

/** "€140 a month for 4 classes": the count takes the period of the amount it belongs to. */
function carriedBy(text: string, q: Quantity, items: Item[]): Per | null {
  for (const it of items) {
    if (it.m.end > q.start || !it.m.per || it.m.per === 'hour') continue;
    if (/^\s*(?:for|covering|incl\.?|including|with|per)\s+(?:about|~|up\s+to)?\s*$/i.test(text.slice(it.m.end, q.start))) return it.m.per;
  }
  return null;
}

function toStored(value: number, per: Per, currency: string | null, working: string | null): { value: number; per: Period; working: string | null } {
  const said = `${money(value, currency)} ${PER_WORDS[per]}`;
  if (per === 'week') return { value: round((value * 52) / 12), per: 'month', working: working ? `${working} × 52 ÷ 12` : `${said} × 52 ÷ 12` };
  if (per === 'day') return { value: round(value * 30), per: 'month', working: working ? `${working} × 30` : `${said} × 30` };
  if (per === 'quarter') return { value: round(value * 4), per: 'year', working: working ? `${working} × 4` : `${said} × 4` };
  return { value: round(value), per: per as Period, working };
}

function evaluate(text: string, it: Item, items: Item[], counts: Quantity[], shares: Quantity[], shared: Per | null, currency: string | null, all: Quantity[] = counts): Reading | null {
  const { m } = it;
  if (!(m.value >= 0) || m.value > ABSURD) return null;
  const cur = m.currency ?? currency;
  let value = m.value;
  let per: Per | null = m.per;
  const steps: string[] = [];
  let doubt: string | null = null;
  let rank = it.restates ? 3 : 1;
  // "2 ppl at €4k/month each": a team, so the cost is times its size.
  const team =
    it.role === 'relationship' && m.value > 0 && /^[^.;,]{0,20}?(?<![\p{L}])each(?![\p{L}])/iu.test(text.slice(m.valueEnd, m.valueEnd + 30))
      ? counts.find((q) => q.end <= m.start && q.value >= 2 && q.noun !== null && (STAFF.test(q.noun) || STAFF.test(/^\s*[\p{L}]+\s+([\p{L}]+)/u.exec(text.slice(q.end, m.start))?.[1] ?? '')) && /^\s*(?:at|on|earning|costing|paid)\s*(?:about|around|roughly|~)?\s*$/iu.test(text.slice(q.end, m.start).replace(/^\s*[\p{L}]+(?:\s+[\p{L}]+(?=\s+(?:at|on|earning|costing|paid)(?![\p{L}])))?/u, '')))
      : undefined;
  const said = () => `${team ? `${num(team.value)} × ` : ''}${money(m.value, cur)}${m.per && m.per !== 'hour' ? ` ${PER_WORDS[m.per]}` : ''}`;
  if (team) value *= team.value;
  let leadNoun: string | null = null;
  const customerUnit = m.unit !== null && !TRANSACTION.test(m.unit) && !HOURS.test(m.unit) && !frequencyOf(text, m.unit, counts, items);
  if (customerUnit) rank = Math.max(rank, 2);

  // "3 stunden à 50 €", "6 hours at £25": hours before a rate make the rate hourly.
  const hoursAt = !m.per ? counts.find((q) => q.end <= m.start && hoursNoun(text, q) && /^\s*\p{L}*\s*(?:à|a|at|@|zu|je|x|×)\s*(?:about|around|~|ca\.?)?\s*$/iu.test(text.slice(q.end, m.start).replace(/^\s*[\p{L}]+/u, ''))) : undefined;
  if (hoursAt && steps.length === 0) {
    value = m.value * hoursAt.value;
    steps.push(`${num(hoursAt.value)} ${hoursNoun(text, hoursAt)} × ${money(m.value, cur)}`);
  } else if (m.per === 'hour') {
    const f = frequencyOf(text, null, counts, items);
    const once = f ? null : hoursOnce(text, counts, m);
    if (!f && !once) return { value: 0, per: 'month', working: null, doubt: `${money(m.value, cur)} an hour, but not how many hours a customer takes`, rank: -1 };
    value = m.value * (f ? f.count.value : once!.value);
    per = f ? f.per : null;
    steps.push(`${money(m.value, cur)} an hour × ${f ? `${num(f.count.value)} ${f.noun} ${PER_WORDS[f.per]}` : `${num(once!.value)} ${once!.noun}`}`);
  } else if ((it.role === 'relationship' || it.role === 'acquisition') && !customerUnit && m.value > 0) {
    const pool = poolFor(text, it, counts, it.role === 'acquisition' ? WINS : POOL);
    if (pool) {
      value /= pool.q.value;
      const unitSaid = m.unit ? ` per ${m.unit}` : '';
      steps.push(`${said()}${unitSaid} ÷ ${num(pool.q.value)} ${pool.noun}`);
      if (it.role === 'acquisition') per = 'one_off';
      if (LEAD.test(pool.noun)) leadNoun = pool.noun;
      rank = 2;
    }
  } else if (it.role === 'revenue' && !customerUnit && m.value > 0) {
    // "$1.2m ARR across ~300 customers": the total shared out.
    const pool = poolFor(text, it, counts, SPREAD);
    if (pool) {
      value /= pool.q.value;
      steps.push(`${said()} ÷ ${num(pool.q.value)} ${pool.noun}`);
      rank = 2;
    }
  }
  if (it.role === 'relationship' && steps.length === 0 && !customerUnit && m.value > 0) {
    // "1 CSM per ~50 clients, a CSM costs €5k a month": one person's cost over their clients.
    const ratio = counts.find((q) => q.noun && CUSTOMERS.test(q.noun) && q.value >= 2 && RATIO.test(text.slice(Math.max(0, q.start - 40), q.start)));
    const who = ratio ? RATIO.exec(text.slice(Math.max(0, ratio.start - 40), ratio.start))![1]! : null;
    if (ratio && who && new RegExp(`(?<![\\p{L}])${who.replace(/[^\p{L}]/gu, '')}(?![\\p{L}])`, 'iu').test(text.slice(it.clauseStart, m.start))) {
      value /= ratio.value;
      steps.push(`${said()} ÷ ${num(ratio.value)} ${ratio.noun}`);
      rank = 2;
    }
  }
  if (it.role === 'relationship' && steps.length === 0 && !customerUnit && m.value > 0 && TOTAL.test(text.slice(m.valueEnd, it.clauseEnd))) {
    // "support costs $240k a year all together", with the customers counted elsewhere.
    const pool = counts.find((q) => q.noun && CUSTOMERS.test(q.noun) && q.value >= 2);
    if (pool) {
      value /= pool.value;
      steps.push(`${said()} ÷ ${num(pool.value)} ${pool.noun}`);
      rank = 2;
    }
  }
  // A per-use price: the unit named ("per walk"), the subject ("a walk is €18") or the
  // thing counted just before ("~20 coffees a month at £3.20").
  const counted = m.unit || it.role === 'acquisition' ? null : countedBefore(text, it, counts);
  // "a $50 order": the thing sold, named right after its price.
  const sold = /^\s*([\p{L}]+)/u.exec(text.slice(m.end, m.end + 20))?.[1] ?? null;
  const unit = m.unit ?? counted ?? (it.role !== 'acquisition' ? (unitPriced(text.slice(it.clauseStart, m.start)) ?? (sold && TRANSACTION.test(sold) ? sold : null)) : null);
  if (steps.length === 0 && unit && (!m.per || (counted && m.end === m.valueEnd))) {
    const share = it.role === 'revenue' ? shares[0] : undefined;
    const f = frequencyOf(text, unit, counts, items);
    // "~10 ppl per class": a per-class cost is shared by the people in it.
    const group = it.role === 'relationship' ? counts.find((q) => q.noun && STAFF.test(q.noun) && new RegExp(`^\\s*\\p{L}+\\s+(?:per|in\\s+(?:a|each|every)|a)\\s+${stem(unit)}`, 'iu').test(text.slice(q.end, q.end + 30))) : undefined;
    let how = money(m.value, cur);
    if (share) {
      value = (value * share.value) / 100;
      how += ` × ${num(share.value)}%`;
    }
    if (group && group.value >= 2) {
      value /= group.value;
      how += ` ÷ ${num(group.value)} ${group.noun}`;
    }
    if (f) {
      value *= f.count.value;
      per = f.per;
      const count = f.count.range ? `${num(f.count.range[0])}-${num(f.count.range[1])}` : num(f.count.value);
      steps.push(`${how} × ${count} ${f.noun.trim() || unit} ${PER_WORDS[f.per]}`.replace(/\s+/g, ' '));
      if (f.count.range) steps[0] += ` (${num(f.count.value)} on average)`;
      rank = 2;
    } else if (share || group) steps.push(how);
    else if (TRANSACTION.test(unit)) per = 'one_off';
  }
  // "$40 per signup, half of them never book": a customer costs the signups it takes.
  const subject = unitPriced(text.slice(it.clauseStart, m.start));
  if (!leadNoun && m.unit && LEAD.test(m.unit)) leadNoun = m.unit;
  if (!leadNoun && subject && LEAD.test(subject)) leadNoun = subject;
  if (it.role === 'acquisition' && leadNoun) {
    const conv = conversionOf(text, all);
    if (conv) {
      value /= conv;
      steps.push(`${steps.pop() ?? `${money(m.value, cur)} per ${leadNoun}`} ÷ ${num(round(conv * 100))}% who become customers`);
      per = 'one_off';
      rank = 2;
    }
  }
  if (m.range && steps.length === 0) steps.push(`${money(m.range[0], cur)}-${money(m.range[1], cur)}, ${num(m.value)} on average`);
  if (team && steps.length === 0) steps.push(said());
  if (!per) {
    if (it.role === 'acquisition' || LIFETIME.test(text.slice(it.clauseStart, m.start)) || ONCE_WORK.test(text.slice(it.sentence.start, it.sentence.end))) per = 'one_off';
    else if (shared) per = shared;
    else if (ONCE_ANSWER.test(text)) per = 'one_off';
    else {
      per = 'month';
      if (m.value > 0) doubt = 'no period given; read as a month';
    }
  }
  const stored = toStored(value, per, cur, steps.length ? steps.join('; ') : null);
  if (stored.value > ABSURD) return null;
  return { ...stored, doubt, rank };
}

const NEVER_CONVERT = /^\s*(?:of\s+(?:them|those|these)\s+)?(?:never|don'?t|do\s+not|won'?t|doesn'?t)\s+(?:book|buy|convert|pay|order|sign|subscribe|come\s+back|stick)/i;
const CONVERT = /^\s*%?\s*(?:of\s+(?:them|those|these)\s+)?(?:convert|book|buy|pay|becomes?|turns?\s+into|go\s+on|subscribe|stick)/i;
const ONE_IN = /^\s*(?:in|out\s+of)\s*$/i;

/** The share of leads that become customers: "half of them never book" is 50%. */
function conversionOf(text: string, all: Quantity[]): number | null {
  // "1 in 5 becomes a customer"
  for (let i = 0; i + 1 < all.length; i++) {
    const [a, b] = [all[i]!, all[i + 1]!];
    if (!a.percent && !b.percent && b.value > a.value && a.value > 0 && ONE_IN.test(text.slice(a.end, b.start)) && CONVERT.test(text.slice(b.end, b.end + 40))) return a.value / b.value;
  }
  for (const q of all) {
    const after = text.slice(q.end, q.end + 40);
    const share = q.percent ? q.value / 100 : q.value > 0 && q.value < 1 ? q.value : null;
    if (share === null || share <= 0 || share >= 1) continue;
    if (NEVER_CONVERT.test(after)) return 1 - share;
    if (CONVERT.test(after)) return share;
  }
  return null;
}

const PAYS_NOTHING = /(?<![\p{L}])(?:(?:they|customers|users|members|nurses|drivers|parents|students|the\s+\p{L}+)\s+(?:don'?t|do\s+not|never)\s+pay(?:\s+(?:anything|a\s+thing|a\s+penny|a\s+cent|us))?|pay\s+nothing|(?:it'?s\s+)?free\s+for\s+them|no\s+pagan\s+nada|ne\s+paient\s+rien|zahlen\s+nichts|n[ãa]o\s+pagam\s+nada)(?![\p{L}])/iu;

function ratioLevel(cost: AmountReading | null, revenue: AmountReading | null): CostLevel | null {
  if (!cost) return null;
  if (cost.value === 0) return 'low';
  if (!revenue || revenue.value <= 0) return null;
  const monthly = (a: AmountReading) => (a.per === 'year' ? a.value / 12 : a.value);
  if ((cost.per === 'one_off') !== (revenue.per === 'one_off')) return null;
  const r = monthly(cost) / monthly(revenue);
  return r < 0.15 ? 'low' : r < 0.4 ? 'medium' : 'high';
}

const EMPTY = (): Cost => ({ level: null, currency: null, relationship: null, revenue: null, acquisition: null, notes: null, doubt: null });

export function readCost(text: string): Cost {
  const exact = exactAnswer(text);
  if (exact?.level) return { ...EMPTY(), level: exact.level };
  if (isVague(text) && !/\b(?:nothing|none|zero|nil)\b/i.test(text)) return EMPTY();
  // "keg is €95, no sorry €85": the corrected amount is gone.
  text = text.replace(CORRECTED, '');
  const { money: found, others } = readMoney(text);
  const counts = others.filter((q) => !q.percent);
  const shares = others.filter((q) => q.percent && q.value > 0 && q.value <= 100 && (SHARE_BEFORE.test(text.slice(Math.max(0, q.start - 30), q.start)) || SHARE_AFTER.test(text.slice(q.end, q.end + 30))));
  const spans = sentences(text);
  const items: Item[] = found.slice(0, 12).map((m) => {
    const sentence = spans.find((s) => m.start >= s.start && m.start < s.end) ?? { start: 0, end: text.length };
    const [clauseStart, clauseEnd] = clauseAround(text, sentence, m.start, m.end);
    return { m, role: null, local: false, restates: false, sentence, clauseStart, clauseEnd };
  });
  items.forEach((it, i) => {
    const prev = items[i - 1];
    const prevEnd = prev && prev.sentence === it.sentence ? prev.m.end : 0;
    const nextStart = items[i + 1]?.m.start ?? text.length;
    const r = roleOf(text, it, prevEnd, nextStart);
    it.role = r.role;
    it.local = r.local;
    // "…, so ~€45 per dealer per month": the same figure per customer.
    if (prev && !r.local && RESTATES.test(text.slice(it.clauseStart, it.m.start)) && prev.sentence === it.sentence) {
      it.role = prev.role;
      it.restates = true;
    }
    // Zero said with no cue of its own ("almost nothing") is what the relationship costs.
    if (it.m.zero && !r.local) it.role = 'relationship';
  });

  // "per sale" with no frequency said is a one-off price, and other amounts may follow it.
  const stated = (it: Item): Per | null =>
    it.m.per ?? (it.m.unit && TRANSACTION.test(it.m.unit) && !frequencyOf(text, it.m.unit, counts, items) ? 'one_off' : null);
  const periods = [...new Set(items.filter((i) => !i.m.zero).map(stated).filter((p): p is Per => p !== null && p !== 'hour'))];
  const shared = periods.length === 1 ? periods[0]! : null;
  const codes = [...new Set(items.map((i) => i.m.currency).filter((c): c is string => c !== null))];
  const said = codes.length ? null : CURRENCY_SAID.exec(text)?.[1];
  const currency = codes[0] ?? (said ? (CURRENCY_WORDS[said.toLowerCase()] ?? said.toUpperCase()) : null);
  const doubts: string[] = [];
  if (codes.length > 1) doubts.push(`two currencies (${codes.join(' and ')})`);

  const chosen: Record<Role, Reading | null> = { relationship: null, revenue: null, acquisition: null };
  // The team's per-customer figure first, then a worked-out one; a figure over nothing, a
  // recurring one over a one-off (a setup fee beside a monthly price).
  const better = (a: Reading, b: Reading | null, role: Role) =>
    !b || a.rank > b.rank || (a.rank === b.rank && ((b.value === 0 && a.value > 0) || (role === 'revenue' && b.per === 'one_off' && a.per !== 'one_off' && a.value > 0)));
  const open: Item[] = [];
  for (const it of items) {
    if (!it.role) {
      open.push(it);
      continue;
    }
    const r = evaluate(text, it, items, counts, shares, shared, currency, others);
    if (r && better(r, chosen[it.role], it.role)) chosen[it.role] = r;
  }
  // Amounts with no cue fill what is missing; guessing both ways is worth a question.
  const filled: Role[] = [];
  for (const it of open) {
    const role: Role | null = chosen.relationship === null ? 'relationship' : chosen.revenue === null ? 'revenue' : null;
    if (!role) break;
    it.role = role;
    const r = evaluate(text, it, items, counts, shares, shared, currency, others);
    if (r) {
      chosen[role] = r;
      filled.push(role);
    }
  }
  const labelled = items.some((it) => it.local && it.role !== null && !open.includes(it));
  if (filled.length && !labelled) {
    const what = filled.map((r) => `${money(open.find((o) => o.role === r)!.m.value, currency)} as ${r === 'revenue' ? 'what a customer pays' : 'the cost per customer'}`);
    doubts.push(`guessed ${what.join(' and ')}`);
  }
  for (const role of ['relationship', 'revenue', 'acquisition'] as const) {
    const r = chosen[role];
    if (!r) continue;
    if (r.doubt && !doubts.includes(r.doubt)) doubts.push(r.doubt);
    if (r.rank < 0) chosen[role] = null;
  }
  // "they don't pay anything": this side pays nothing.
  if (!chosen.revenue && PAYS_NOTHING.test(text)) chosen.revenue = { value: 0, per: 'month', working: null, doubt: null, rank: 1 };
  // "maybe 5% of revenue": the cost is that share of what the customer pays.
  if (!chosen.relationship && chosen.revenue && chosen.revenue.value > 0) {
    const part = others.find((q) => q.percent && !shares.includes(q) && q.value <= 100 && OF_REVENUE.test(text.slice(q.end, q.end + 30)));
    if (part) {
      const rev = chosen.revenue;
      chosen.relationship = {
        value: round((rev.value * part.value) / 100),
        per: rev.per,
        working: `${num(part.value)}% of ${money(rev.value, currency)} ${PER_WORDS[rev.per]}`,
        doubt: null,
        rank: 1,
      };
    }
  }
  const out = (r: Reading | null): AmountReading | null => (r ? { value: r.value, per: r.per, working: r.working } : null);
  const relationship = out(chosen.relationship);
  const revenue = out(chosen.revenue);
  const acquisition = out(chosen.acquisition);
  const level = first(text.replace(/\b(?:high|low)[- ]touch\b|\bfree\s+(?:trial|plan|tier|version)\b/gi, ' '), LEVEL_CUES) ?? ratioLevel(relationship, revenue);
  const any = relationship || revenue || acquisition;
  return {
    level,
    currency: any ? currency : null,
    relationship,
    revenue,
    acquisition,
    notes: notesOf(text, found, others),
    doubt: doubts.length ? clip(doubts.join('; '), 200) : null,
  };
}

/** Clauses with no number and no cost level: what else the team said about cost. */
function notesOf(text: string, found: Money[], others: Quantity[]): string | null {
  if (NO_IDEA.test(text)) return null;
  const spans = [...found, ...others];
  const parts: string[] = [];
  let at = 0;
  for (const piece of text.split(/((?<=[.!?])\s+|[;\n]+|,\s*)/)) {
    const start = at;
    at += piece.length;
    // A comma inside brackets leaves half a bracket behind.
    const clause = tidy((piece.match(/\(/g) ?? []).length === (piece.match(/\)/g) ?? []).length ? piece : piece.replace(/[()]/g, ''));
    if (!clause || spans.some((s) => s.start < at && s.end > start)) continue;
    if (first(clause, LEVEL_CUES) || clause.split(/\s+/).length < 3 || isVague(clause)) continue;
    parts.push(clause);
  }
  return parts.length ? clip(parts.join('; ')) : null;
}
