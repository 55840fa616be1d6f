import { createRequire } from 'node:module';

// Microsoft's Recognizers-Text, loaded once per culture: building a model costs ~150 ms,
// parsing with a built one well under a millisecond for numbers (currency is the slow one).

export type Language = 'en' | 'es' | 'fr' | 'de' | 'pt';

const CULTURES: Record<Language, string> = { en: 'en-us', es: 'es-es', fr: 'fr-fr', de: 'de-de', pt: 'pt-br' };

/** Function words common in each language and rare in the others (and in English). */
const MARKERS: Record<Exclude<Language, 'en'>, RegExp> = {
  es: /\b(?:que|los|las|por|para|una|nuestr[oa]s?|clientes?|somos|mes|año|pagan?|cuesta|también|pero|muy|con)\b/gi,
  fr: /\b(?:les|des|une|pour|nous|sont|mois|année|paient|coûte|avec|mais|très|clients?|notre|nos)\b/gi,
  de: /\b(?:und|die|der|das|wir|nicht|für|mit|sind|kunden|monat|jahr|zahlen|kostet|aber|sehr|unsere?)\b/gi,
  pt: /\b(?:não|são|uma|para|nós|nossos?|clientes?|mês|ano|pagam|custa|mas|muito|com|também)\b/gi,
};

/** The answer's language, by counting marker words; English unless another clearly leads. */
export function languageOf(text: string): Language {
  const englishish = (text.match(/\b(?:the|and|we|they|our|a|is|are|to|of|per|month|year|pay|costs?)\b/gi) ?? []).length;
  let best: Language = 'en';
  let bestScore = 1;
  for (const [lang, re] of Object.entries(MARKERS) as [Exclude<Language, 'en'>, RegExp][]) {
    const score = (text.match(re) ?? []).length;
    if (score > bestScore && score > englishish) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}

export interface Recognised {
  start: number;
  /** Exclusive, unlike the library's inclusive end. */
  end: number;
  text: string;
  value: number;
  /** Currency only: ISO 4217 code when the library knows one. */
  iso?: string;
  /** Currency only: the library's unit name ("Euro", "Pound", "Dollar"). */
  unit?: string;
}

interface Model {
  parse(query: string): { start: number; end: number; text: string; resolution?: Record<string, unknown> }[];
}

type Kind = 'number' | 'percentage' | 'currency' | 'boolean';
const models = new Map<string, Model>();

function model(kind: Kind, lang: Language): Model {
  const key = `${kind}:${lang}`;
  let m = models.get(key);
  if (!m) {
    const culture = CULTURES[lang];
    // Required on first use: importing these CommonJS bundles as ESM costs ~0.2 s at start-up.
    const require = createRequire(import.meta.url);
    const { NumberRecognizer } = require('@microsoft/recognizers-text-number') as typeof import('@microsoft/recognizers-text-number');
    const { NumberWithUnitRecognizer } = require('@microsoft/recognizers-text-number-with-unit') as typeof import('@microsoft/recognizers-text-number-with-unit');
    const { ChoiceRecognizer } = require('@microsoft/recognizers-text-choice') as typeof import('@microsoft/recognizers-text-choice');
    m =
      kind === 'number'
        ? new NumberRecognizer(culture).getNumberModel()
        : kind === 'percentage'
          ? new NumberRecognizer(culture).getPercentageModel()
          : kind === 'currency'
            ? new NumberWithUnitRecognizer(culture).getCurrencyModel()
            : new ChoiceRecognizer(culture).getBooleanModel();
    models.set(key, m as Model);
  }
  return m as Model;
}

function resolved(kind: Kind, lang: Language, text: string): Recognised[] {
  const out: Recognised[] = [];
  let found: ReturnType<Model['parse']>;
  try {
    found = model(kind, lang).parse(text);
  } catch {
    return out; // A library failure on odd input reads as "no number here", never a crash.
  }
  for (const r of found) {
    const res = r.resolution ?? {};
    const raw = String(res.value ?? '').replace('%', '');
    const value = Number(raw);
    if (!raw || !Number.isFinite(value)) continue;
    out.push({
      start: r.start,
      end: r.end + 1,
      text: r.text,
      value,
      ...(typeof res.isoCurrency === 'string' && res.isoCurrency ? { iso: res.isoCurrency } : {}),
      ...(typeof res.unit === 'string' ? { unit: res.unit } : {}),
    });
  }
  return out;
}

export const numbers = (text: string, lang: Language = 'en') => resolved('number', lang, text);
export const percentages = (text: string, lang: Language = 'en') => resolved('percentage', lang, text);
export const currencies = (text: string, lang: Language = 'en') => resolved('currency', lang, text);

/** yes / no, in the answer's language; null when neither is said. */
const YES_NO_CHARS = 240;

export function yesNo(text: string, lang: Language = 'en'): boolean | null {
  try {
    // The boolean model slows sharply on long runs of yes/no words ("no no no …" took 25 s
    // at 4 kB); a yes or no answers within its first few words.
    const r = model('boolean', lang).parse(text.slice(0, YES_NO_CHARS))[0];
    const v = r?.resolution?.value;
    return typeof v === 'boolean' ? v : null;
  } catch {
    return null;
  }
}

/** Builds every model up front, so the first answer does not pay for it (start-up, benches). */
export function warmUp(langs: readonly Language[] = ['en']): void {
  // Building a model is not enough: a pattern is built on its first parse, and V8 compiles
  // it to machine code on later ones, apart for text of Latin-1 characters only and for other
  // text ("€"); without both, the first plain-ASCII French answer paid ~1 s.
  for (const lang of langs) for (const kind of ['number', 'percentage', 'currency', 'boolean'] as const) for (const text of WARM_TEXTS) model(kind, lang).parse(text);
}

const WIDE = 'yes, 1,200 users pay €12.50 a month, 4.5% churn';
const WARM_TEXTS = [WIDE, 'yes, 1,200 users pay 12.50 EUR a month, 4.5% churn', WIDE];
