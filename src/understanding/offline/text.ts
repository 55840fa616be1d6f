// Shared text plumbing: every reader starts from the same capped, normalised string, so
// hostile input (50 kB, odd Unicode) costs the same small amount of work everywhere.

/** Only this much of an answer is read; answers longer than this are not design answers. */
export const MAX_CHARS = 4000;

export function normalise(answer: string): string {
  return (typeof answer === 'string' ? answer : '')
    .slice(0, MAX_CHARS)
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/(\d)\s*[\u2013\u2014]\s*(\d)/g, '$1-$2')
    .replace(/[\u2013\u2014]/g, ' - ')
    // A run starts only where the previous character is not its own: "====…" is one scan, not one a character.
    .replace(/\u2192|\u27a1\ufe0f?|\u21d2|(?<!=)=+>|(?<!-)-+>/g, ' → ')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\r?\n */g, '\n')
    .trim();
}

export const hasWords = (text: string) => /\p{L}{2,}/u.test(text);

/** Trims separators, filler conjunctions and end punctuation around a fragment. */
export function tidy(fragment: string): string {
  let s = fragment.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 4; i++) {
    const before = s;
    s = s
      .replace(/^[\s,;:.\-–—•*·→>)\]]+|[\s,;:\-–—•*·→>(\[]+$/g, '')
      .replace(/^(?:and|or|also|plus|then|as well as|along with|with|&)\s+/i, '')
      .replace(/\s+(?:and|or|&|etc\.?|and so on)$/i, '')
      .replace(/[.!?]+$/g, '')
      .trim();
    if (s === before) break;
  }
  return s;
}

const ARTICLE = /^(?:a|an|the|some|our|their|its|my)\s+/i;
export const dropArticle = (s: string) => s.replace(ARTICLE, '');

export function sentenceCase(s: string): string {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

/** Caps a free-text field so one rambling answer cannot flood the design. */
export function clip(s: string, max = 280): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trim()}…`;
}

/** Sentences and clauses separated by strong punctuation or new lines. */
export function clauses(text: string, extra: RegExp | null = null): string[] {
  let parts = text.split(/(?<=[.!?])\s+|[;\n]+/);
  if (extra) parts = parts.flatMap((p) => p.split(extra));
  return parts.map((p) => p.trim()).filter(Boolean);
}

export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(?:\s|$)/s.exec(text);
  return (m?.[1] ?? text).split('\n')[0]!.trim();
}

export function uniqueBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** "not sure yet", "hmm", "idk": an answer that says nothing. */
export const VAGUE =
  /^(?:(?:hmm+|um+|uh+|well|so|ok(?:ay)?|erm+)[\s,.]*)*(?:i'?m\s+|we'?re\s+)?(?:not\s+(?:sure|certain)|no\s+idea|dunno|don'?t\s+know|i\s+don'?t\s+know|unsure|idk|tbd|to\s+be\s+decided|still\s+thinking|thinking|good\s+question|maybe|n\/a|skip|pass|none|nothing|no|nope|\?+)?(?:\s+(?:yet|really|about\s+that))?[\s.!?]*$/i;
export const isVague = (s: string) => VAGUE.test(s.trim());
