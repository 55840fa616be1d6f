import type { CardReply } from '../../../core/reply.ts';
import { clip, splitText, toMrkdwn, toPlain } from './mrkdwn.ts';

// A compact card (the cohort view): one section per item, its "Label: value" lines as
// side-by-side fields. Block Kit: at most 10 fields of 2000 characters per section, so a
// team takes one block and some 45 teams fit one message.

type Block = Record<string, unknown>;

const FIELDS_MAX = 10;
const CONTEXT_MAX = 10;
const FIELD_MAX = 2000;
const HEADER_MAX = 150;

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

/** "Label: value" → a bold label over its value; a line without a label stays as it is. */
export function fieldText(line: string): string {
  const m = /^([^:]{1,40}):\s+([\s\S]+)$/.exec(line);
  return clip(toMrkdwn(m ? `**${m[1]}**\n${m[2]}` : line), FIELD_MAX);
}

export function compactBlocks(r: CardReply): Block[] {
  const out: Block[] = [{ type: 'header', text: { type: 'plain_text', text: clip(toPlain(r.title), HEADER_MAX), emoji: true } }];
  for (const s of r.sections) {
    const fields = s.lines.map(fieldText);
    const [first, ...rest] = chunk(fields, FIELDS_MAX);
    out.push({ type: 'section', text: mrkdwn(clip(toMrkdwn(`**${s.heading}**`), 3000)), ...(first?.length ? { fields: first.map(mrkdwn) } : {}) });
    for (const more of rest) out.push({ type: 'section', fields: more.map(mrkdwn) });
    // A context block holds at most 10 elements: more notes go in further blocks, none dropped.
    for (const notes of chunk(s.notes, CONTEXT_MAX)) out.push({ type: 'context', elements: notes.map((n) => mrkdwn(clip(toMrkdwn(n.text), FIELD_MAX))) });
  }
  if (r.footer) out.push({ type: 'context', elements: splitText(toMrkdwn(r.footer)).map(mrkdwn) });
  return out;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
