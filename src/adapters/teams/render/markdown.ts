import { mentionsAsNames } from '../../../core/reply.ts';

// Neutral markdown (**bold**, _italic_, `code`, "- " bullets) → what Teams shows.
// Teams messages (textFormat markdown) read all of it. Adaptive Card TextBlocks read bold,
// italic and lists but not code spans, so those lose their backticks there.

/** Text for a TextBlock: code spans become plain text. */
export function toCardText(neutral: string): string {
  return mentionsAsNames(neutral).replace(/`([^`\n]*)`/g, '$1');
}

/** Text for a markdown message; the neutral subset is already Teams markdown. */
export function toMessageText(neutral: string): string {
  return mentionsAsNames(neutral);
}

/** Plain text with markup removed, for notification previews (activity.summary). */
export function toPlain(neutral: string): string {
  return mentionsAsNames(neutral)
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(^|\W)_(.+?)_(?=\W|$)/g, '$1$2')
    .replace(/`([^`\n]*)`/g, '$1');
}

/** Backslash escapes from the markdown export undone: cards have no escape syntax. */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*_[\]<>|~#+\-=.)])/g, '$1');
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Bytes a string takes inside a JSON body in UTF-8: what Teams' size limit counts. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** A code point's bytes inside a JSON string: escapes for quotes and controls, UTF-8 otherwise. */
function charBytes(cp: number): number {
  if (cp === 0x22 || cp === 0x5c || cp === 0x0a || cp === 0x0d || cp === 0x09 || cp === 0x08 || cp === 0x0c) return 2;
  if (cp < 0x20) return 6;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** Where the longest prefix of text that fits in maxBytes ends (a UTF-16 index, never inside a pair). */
function fitEnd(text: string, maxBytes: number): number {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    bytes += charBytes(cp);
    if (bytes > maxBytes) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return Math.max(i, Math.min(text.length, text.codePointAt(0)! > 0xffff ? 2 : 1));
}

/** Sentence ends in scripts written without spaces (Japanese, Chinese). */
const FULL_STOPS = /[。！？；]/g;

/**
 * Splits text into pieces of at most maxBytes of UTF-8 (as JSON), at a line break, a space
 * or a full stop when there is one in the second half; a 20 kB Japanese export is ~7,000
 * characters, so characters are the wrong measure.
 */
export function splitText(text: string, maxBytes: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (jsonBytes(rest) - 2 > maxBytes) {
    const end = fitEnd(rest, maxBytes);
    const window = rest.slice(0, end);
    let cut = window.lastIndexOf('\n');
    if (cut < end / 2) {
      const stops = [...window.matchAll(FULL_STOPS)];
      const afterStop = stops.length ? stops[stops.length - 1]!.index! + 1 : -1;
      cut = Math.max(window.lastIndexOf(' '), afterStop);
    }
    if (cut < end / 2) cut = end;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.trim() || out.length === 0) out.push(rest);
  return out;
}
