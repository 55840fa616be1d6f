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

/** Splits text into pieces of at most max characters, at a line or word break when there is one. */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf('\n');
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut < max / 2) cut = max;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.trim() || out.length === 0) out.push(rest);
  return out;
}
