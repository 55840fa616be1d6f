import { currencyAfter, currencyBefore, isoOf } from './currency.ts';
import { currencies, numbers, percentages, type Language, type Recognised } from './recognise.ts';

// Numbers in an answer as the recognisers read them, with what sits right beside each one:
// a currency, a percent sign, a range ("2-3"), and the noun it counts ("80 dealers").

export interface Quantity {
  value: number;
  /** Span of the number with its currency mark, [start, end). */
  start: number;
  end: number;
  currency: string | null;
  percent: boolean;
  /** "2-3": both ends; value is their middle. */
  range: [number, number] | null;
  /** The word right after: "dealers" in "80 dealers", "walks" in "~10 walks a month". */
  noun: string | null;
}

/** The German number model misreads "1.200" as 1.2, so those answers use the Spanish one. */
const NUMBER_MODEL: Record<Language, Language> = { en: 'en', es: 'es', fr: 'fr', de: 'es', pt: 'pt' };

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/** No number anyone writes is this long; the models slow on such runs, so they are blanked (same length). */
const ABSURD_RUN = /[\d.,]{33,}/g;

function readNumbers(text: string, lang: Language): Recognised[] {
  text = text.replace(ABSURD_RUN, (run) => '_'.repeat(run.length));
  const main = numbers(text, NUMBER_MODEL[lang]);
  // Some forms slip through a model ("12,50 €" outside English, "$1.2m" in English): the
  // English model reads the leftover digits alone, and a k/m suffix scales them.
  const extra: Recognised[] = [];
  for (const d of text.matchAll(/\d[\d.,]*\d|\d/g)) {
    const span = { start: d.index, end: d.index + d[0].length };
    if (main.some((m) => overlaps(m, span))) continue;
    const r = numbers(d[0], 'en')[0];
    if (!r || r.start !== 0 || r.end !== d[0].length) continue;
    const suffix = SCALE.exec(text.slice(span.end, span.end + 9));
    const scale = suffix ? SCALES[suffix[1]!.toLowerCase()] ?? 1 : 1;
    extra.push({ ...r, start: span.start, end: span.end + (suffix ? suffix[0].length : 0), value: r.value * scale });
  }
  return extra.length ? [...main, ...extra].sort((a, b) => a.start - b.start) : main;
}

const SCALE = /^\s?(k|m|mn|mm|mio|million|millions|bn|mil)(?![\p{L}])/iu;
const SCALES: Record<string, number> = { k: 1e3, m: 1e6, mn: 1e6, mm: 1e6, mio: 1e6, million: 1e6, millions: 1e6, bn: 1e9, mil: 1e3 };

const PERCENT_WORD = /%|percent|per ?cent|por ?ciento|pour ?cent|prozent|por ?cento/i;
const RANGE_JOIN = /^\s*(?:-|to|or|a|à|bis|ou|o|y|et|und|e)\s*$/i;
/** Slang multipliers the models leave out. */
const GRAND = /^\s?grand\b/i;
const NOUN = /^\s*([\p{L}][\p{L}'-]*)/u;
const NOT_NOUN = /^(?:ish|a|an|the|per|each|every|in|of|on|at|to|and|or|is|are|was|for|with|from|by|so|but|which|that|this|it|we|they|you|i|x|k|m)$/i;

/** Nouns counted in cost answers that are never currencies: no need to ask the slow model. */
const COMMON_NOUN =
  /^(?:k|m|h|hrs?|hours?|days?|weeks?|months?|years?|times?|x|ppl|people|persons?|staff|customers?|clients?|users?|accounts?|members?|subscribers?|regulars?|dealers?|shops?|stores?|pubs?|schools?|companies|teams?|brands?|venues?|restaurants?|salons?|patients?|students?|families|couples?|seats?|orders?|deals?|sales|visits?|walks?|classes|class|sessions?|lessons?|calls?|meetings?|boxes|box|new|more|or|of|per|clientes?|clientas?|tiendas?|escuelas?|kunden|händler|heures?|horas?|stunden|mois|meses|jahre?)$/i;

/** Money is likely somewhere: only then is the slow currency model asked (about unknown words). */
function modelCurrency(text: string, q: Quantity, lang: Language): string | null {
  const window = text.slice(Math.max(0, q.start - 4), Math.min(text.length, q.end + 16));
  const hit = currencies(window, lang)[0];
  return hit ? isoOf(hit) : null;
}

export function quantities(text: string, lang: Language): Quantity[] {
  const found = readNumbers(text, lang).slice(0, 24);
  const pcts = PERCENT_WORD.test(text) ? percentages(text, lang) : [];
  const out: Quantity[] = [];
  for (const r of found) {
    const { start } = r;
    let { value, end } = r;
    const grand = GRAND.exec(text.slice(end, end + 7));
    if (grand && !/[kKmM]$/.test(r.text)) {
      value *= 1000;
      end += grand[0].length;
    }
    const pct = pcts.find((p) => overlaps(p, r));
    const prev = out[out.length - 1];
    // "2-3 a year", "10 to 15 walks": one quantity, the middle of both.
    const join = prev ? text.slice(prev.end, start) : '';
    const between = /^\s*and\s*$/i.test(join) && /(?<![\p{L}])(?:between|from)\s*$/iu.test(text.slice(Math.max(0, (prev?.start ?? 0) - 12), prev?.start ?? 0));
    if (prev && !pct && !prev.percent && (RANGE_JOIN.test(join) || between) && value > prev.value) {
      const low = prev.value;
      const cur = currencyAfter(text, end);
      prev.value = (low + value) / 2;
      prev.range = [low, value];
      prev.end = cur ? cur.end : end;
      prev.currency ??= cur?.code ?? null;
      prev.noun = nounAt(text, prev.end);
      continue;
    }
    if (pct) {
      out.push({ value: pct.value, start: Math.min(start, pct.start), end: Math.max(end, pct.end), currency: null, percent: true, range: null, noun: null });
      continue;
    }
    const before = currencyBefore(text, start);
    const after = before ? null : currencyAfter(text, end);
    const q: Quantity = {
      value,
      start: before ? before.start : start,
      end: after ? after.end : end,
      currency: before?.code ?? after?.code ?? null,
      percent: false,
      range: null,
      noun: null,
    };
    q.noun = q.currency ? null : nounAt(text, q.end);
    out.push(q);
  }
  // British slang amounts no model reads: "a tenner", "a fiver".
  for (const m of text.matchAll(/(?<![\p{L}])(?:a\s+)?(tenner|fiver)(?![\p{L}])/giu)) {
    out.push({ value: m[1]!.toLowerCase() === 'tenner' ? 10 : 5, start: m.index, end: m.index + m[0].length, currency: 'GBP', percent: false, range: null, noun: null });
  }
  out.sort((a, b) => a.start - b.start);
  // An unknown word after a number in an answer with no known currency may be one ("20 pesos").
  if (!out.some((q) => q.currency)) {
    let asked = 0;
    for (const q of out) {
      if (q.percent || !q.noun || asked >= 2 || COMMON_NOUN.test(q.noun)) continue;
      asked++;
      const code = modelCurrency(text, q, lang);
      if (code) {
        q.currency = code;
        q.noun = null;
      }
    }
  }
  return out;
}

function nounAt(text: string, end: number): string | null {
  const m = NOUN.exec(text.slice(end, end + 30));
  if (!m || NOT_NOUN.test(m[1]!)) return null;
  return m[1]!.toLowerCase();
}
