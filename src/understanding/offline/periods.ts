// How often an amount is paid, from the words beside it, in the five languages read:
// "$12/month", "€300 per agency per month", "al mes", "par mois", "pro Monat", "por mês",
// "once", "upfront", "per sale". The unit of a per-use price ("per walk") is kept too.

export type Per = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year' | 'one_off';

const UNITS: readonly (readonly [RegExp, Per])[] = [
  [/^(?:months?|mo|mos|mth|mths|mnth|monthly|p\.?m\.?|mes(?:es)?|mensual(?:es|mente)?|mois|mensuel(?:le)?s?|monat(?:e|lich)?|m[eê]s|mensal(?:mente)?|mrr)(?![\p{L}])/iu, 'month'],
  [/^(?:years?|yr|yrs|annum|yearly|annual(?:ly)?|p\.?a\.?|a[nñ]o|a[nñ]os|anual(?:es|mente)?|an|ans|année|annuel(?:le)?|jahr|jährlich|ano|arr|acv)(?![\p{L}])/iu, 'year'],
  [/^(?:weeks?|wk|wks|weekly|semanas?|semanal(?:es)?|semaines?|hebdo(?:madaire)?|woche|wöchentlich)(?![\p{L}])/iu, 'week'],
  [/^(?:days?|daily|d[ií]as?|diario|jours?|tag|täglich)(?![\p{L}])/iu, 'day'],
  [/^(?:quarters?|quarterly|trimestres?|trimestral|quartal)(?![\p{L}])/iu, 'quarter'],
  [/^(?:hours?|hr|hrs|h|hourly|horas?|heures?|h|stunden?|stündlich)(?![\p{L}])/iu, 'hour'],
];

/** Words between an amount and its period: "/", "per", "a", "al", "par", "pro", "im", "por", "ao"… */
const JOIN = /^\s*(?:\/|de\s+l'|(?:per|a\s+la|an|a|each|every|in|the|al|el|la|por\s+la|por|cada|par|le|chaque|pro|im|je|jede[nrs]?|ao|à|de\s+la|em|x)(?![\p{L}]))?\s*/iu;
const ADVERB = /^\s*(?:MRR|ARR|ACV|monthly|yearly|annually|weekly|daily|quarterly|hourly|mensual(?:mente)?|anual(?:mente)?|mensuel(?:lement)?|annuel(?:lement)?|monatlich|jährlich|wöchentlich|mensal(?:mente)?)(?![\p{L}])/iu;
/** "per location", "each seat", "per walk": a per-unit qualifier that may come before the period. */
const QUALIFIER = /^\s*(?:\/\s*|(?:per|each|for\s+each|for\s+every|a|an|every|por|par|pro|je|cada|chaque)\s+)(?!(?:month|year|week|day|hour)\b)([\p{L}][\p{L}'-]*)(?:\s+(?:pays?|spends?|buys?|orders?))?/iu;
/** "£900 of beer a month": a few words of what the money buys, before the period. */
const OF_WHAT = /^\s*of\s+(?:\p{L}+\s+){0,1}?\p{L}+(?=\s+(?:a|an|per|each|every)\s)/iu;

/** Payments made once. */
export const ONE_OFF =
  /^\s*(?:once|one[- ]?off|one[- ]?time|upfront|up[- ]front|(?:as\s+a\s+)?(?:set-?up|setup|joining|signup|sign-?up)\s+fee|in\s+one\s+go|for\s+life|lifetime|una\s+vez|pago\s+único|une\s+(?:seule\s+)?fois|einmal(?:ig)?|uma\s+vez|pagamento\s+único)(?![\p{L}])/iu;
/** A price per transaction: one-off unless the answer says how often it happens. */
export const TRANSACTION = /^(?:sale|purchase|order|project|job|booking|event|wedding|deal|transaction|ring|piece|item|stay|night|trip|treatment|ride|course|ticket|sofa|couple|house|move)s?$/i;

export interface PeriodMark {
  per: Per | null;
  /** The noun of a "per X" qualifier ("walk", "dealer", "location"). */
  unit: string | null;
  /** Index just after the period words read. */
  end: number;
}

/** The period after an amount ending at `end`, skipping one "per agency" qualifier. */
export function periodAfter(text: string, end: number): PeriodMark {
  let at = end;
  let unit: string | null = null;
  for (let hop = 0; hop < 3; hop++) {
    const rest = text.slice(at, at + 40);
    const once = ONE_OFF.exec(rest);
    if (once) return { per: 'one_off', unit, end: at + once[0].length };
    const adverb = ADVERB.exec(rest);
    if (adverb) return { per: unitOf(adverb[0].trim()), unit, end: at + adverb[0].length };
    const lead = JOIN.exec(rest)![0];
    if (lead.trim()) {
      const word = rest.slice(lead.length);
      for (const [re, per] of UNITS) {
        const m = re.exec(word);
        if (m) return { per, unit, end: at + lead.length + m[0].length };
      }
    }
    const of = OF_WHAT.exec(rest);
    if (of) {
      at += of[0].length;
      continue;
    }
    const q = QUALIFIER.exec(rest);
    if (!q || unit) return { per: null, unit, end: at };
    unit = q[1]!.toLowerCase();
    at += q[0].length;
  }
  return { per: null, unit, end: at };
}

function unitOf(word: string): Per {
  for (const [re, per] of UNITS) if (re.test(word)) return per;
  return 'month';
}

/** "monthly fee of €30", "per year we spend 2k": a period said just before an amount. */
export function periodBefore(text: string, start: number): Per | null {
  const head = text.slice(Math.max(0, start - 40), start);
  const m = /(?:^|[^\p{L}])(monthly|per\s+month|a\s+month|each\s+month|every\s+month|yearly|annual(?:ly)?|per\s+year|a\s+year|every\s+year|weekly|per\s+week|quarterly|one[- ]?off|one[- ]?time|upfront|set-?up\s+fee|unique|único|única|einmalig|mensalidade|mensualidad|MRR|ARR|ACV)(?![\p{L}])[^.;,\d]{0,24}$/iu.exec(head);
  if (!m) return null;
  const w = m[1]!.toLowerCase();
  return /month|mensal|mensual|mrr/.test(w) ? 'month' : /year|annual|arr|acv/.test(w) ? 'year' : /week/.test(w) ? 'week' : /quarter/.test(w) ? 'quarter' : 'one_off';
}

/** "10 walks a month", "2-3 a year": how often a counted thing happens, right after the count. */
export function frequencyAfter(text: string, end: number): Per | null {
  // "40 shifts/month" as well as "10 walks a month".
  const m = /^\s*(?:[\p{L}'-]+(?:\s+|(?=\/))){0,2}?(?:a|an|per|each|every|\/|al|por|par|pro|im|ao)\s*([\p{L}]+)/iu.exec(text.slice(end, end + 40));
  if (!m) return null;
  for (const [re, per] of UNITS) if (re.test(m[1]!) && per !== 'hour') return per;
  return null;
}
