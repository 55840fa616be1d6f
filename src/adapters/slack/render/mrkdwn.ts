import { mentionsAsNames, replaceMentions } from '../../../core/reply.ts';

// Neutral markdown (**bold**, _italic_, `code`, "- " bullets) → Slack mrkdwn, and the
// splitting that keeps every text object inside Slack's limits.

/** Slack's documented cap on a section's text. */
export const SECTION_MAX = 3000;

/** Slack reads &, < and > as control characters in mrkdwn; escape them. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Slack user ids become real mentions, which Slack shows as the person's current name.
const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;

function convertProse(part: string): string {
  return replaceMentions(escapeSlack(part), (id, name) => (SLACK_USER.test(id) ? `<@${id}>` : (name ?? id)))
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/^(\s*)- /gm, '$1• ');
}

export function toMrkdwn(neutral: string): string {
  // Code spans keep their text as is (only escaped), so ** inside code is not bold.
  return neutral
    .split(/(`[^`\n]*`)/g)
    .map((part, i) => (i % 2 === 1 ? escapeSlack(part) : convertProse(part)))
    .join('');
}

/**
 * Splits text into pieces of at most max characters, at a paragraph, line or word
 * break when there is one, and never inside an escape like &amp;.
 */
export function splitText(text: string, max = SECTION_MAX): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'));
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut < max / 2) cut = max;
    const amp = window.lastIndexOf('&', cut);
    if (amp > cut - 6 && amp >= 0 && !window.slice(amp, cut).includes(';')) cut = amp || cut;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.trim() || out.length === 0) out.push(rest);
  return out;
}

/** Plain text limited to max characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A message's fallback `text` (notifications, screen readers): Slack reads it as mrkdwn, so
 * it is escaped exactly like the blocks; only the bot's own mention tokens become mentions.
 */
export function toFallback(neutral: string): string {
  const plain = neutral.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`\n]*)`/g, '$1');
  return replaceMentions(escapeSlack(plain), (id, name) => (SLACK_USER.test(id) ? `<@${id}>` : (name ?? id)));
}

/** clip for escaped text: never ends inside an escape (&amp;) or a mention (<@U…>). */
export function clipEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  const open = cut.lastIndexOf('<');
  if (open >= 0 && !cut.slice(open).includes('>')) cut = cut.slice(0, open);
  return `${cut}…`;
}

/** Neutral markdown → plain text, for plain_text fields. */
export function toPlain(neutral: string): string {
  return mentionsAsNames(neutral).replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`\n]*)`/g, '$1');
}
