import type { CardReply, ChoicesReply, ConfirmReply, Reply, TextReply } from '../../../core/reply.ts';
import { ACTION_PREFIX } from '../parse.ts';
import { clip, splitText, toMrkdwn, toPlain } from './mrkdwn.ts';

// One neutral reply → Block Kit blocks. Limits from Slack's Block Kit reference: section
// text 3000, header 150, button text 75 and value 2000, 25 elements per actions block,
// 10 elements per context block, select option value 150 and at most 100 options.

export type Block = Record<string, unknown>;

const LIMIT = {
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  contextElements: 10,
  optionText: 75,
  optionValue: 150,
  options: 100,
};

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string, max: number) => ({ type: 'plain_text', text: clip(toPlain(text), max), emoji: true });

export function sections(neutral: string): Block[] {
  return splitText(toMrkdwn(neutral)).map((t) => ({ type: 'section', text: mrkdwn(t || ' ') }));
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const TONE_MARK: Record<NonNullable<TextReply['tone']>, string> = { normal: '', notice: 'ℹ️ ', error: '⚠️ ' };

function textBlocks(r: TextReply): Block[] {
  return sections(`${TONE_MARK[r.tone ?? 'normal']}${r.text}`);
}

function buttons(options: { label: string; value: string; style?: 'primary' | 'danger' }[], id: string): Block[] {
  const elements = options.map((o, i) => ({
    type: 'button',
    action_id: `${ACTION_PREFIX}pick:${id}:${i}`,
    text: plain(o.label, LIMIT.buttonText),
    value: o.value.slice(0, LIMIT.buttonValue),
    ...(o.style ? { style: o.style } : {}),
  }));
  return chunk(elements, LIMIT.actionsElements).map((els, i) => ({ type: 'actions', block_id: `${ACTION_PREFIX}${id}:${i}`, elements: els }));
}

function choicesBlocks(r: ChoicesReply, id: string): Block[] {
  const fitsSelect = r.options.length <= LIMIT.options && r.options.every((o) => o.value.length <= LIMIT.optionValue);
  if (!r.multi || !fitsSelect) return [...sections(r.text), ...buttons(r.options, id)];
  // Several may be picked: Slack keeps the selection in the message state, and the
  // "Done" button sends it (its value names the block to read).
  const blockId = `${ACTION_PREFIX}multi:${id}`;
  return [
    ...sections(r.text),
    {
      type: 'actions',
      block_id: blockId,
      elements: [
        {
          type: 'multi_static_select',
          action_id: `${ACTION_PREFIX}select:${id}`,
          placeholder: plain('Pick one or more', LIMIT.optionText),
          options: r.options.map((o) => ({ text: plain(o.label, LIMIT.optionText), value: o.value })),
        },
        { type: 'button', action_id: `${ACTION_PREFIX}done:${id}`, text: plain('Done', LIMIT.buttonText), value: blockId, style: 'primary' },
      ],
    },
  ];
}

function confirmBlocks(r: ConfirmReply, id: string): Block[] {
  return [
    ...sections(r.text),
    ...buttons(
      [
        { ...r.confirm, style: 'danger' },
        { ...r.cancel },
      ],
      id,
    ),
  ];
}

const NOTE_MARK = { warning: '⚠️', info: 'ℹ️' } as const;

/** A card: its title, then one block group per section (a segment) with its findings. */
function cardBlocks(r: CardReply): Block[] {
  const out: Block[] = [{ type: 'header', text: plain(r.title, LIMIT.header) }];
  r.sections.forEach((s, i) => {
    if (i > 0) out.push({ type: 'divider' });
    out.push(...sections([`**${s.heading}**`, ...s.lines].join('\n')));
    const notes = s.notes.flatMap((n) => splitText(toMrkdwn(`${NOTE_MARK[n.severity] ?? ''} ${n.text}`)).map(mrkdwn));
    for (const els of chunk(notes, LIMIT.contextElements)) out.push({ type: 'context', elements: els });
  });
  if (r.footer) out.push({ type: 'context', elements: splitText(toMrkdwn(r.footer)).map(mrkdwn) });
  return out;
}

/** Blocks for every reply but files (those are uploaded). id keeps action ids unique. */
export function replyBlocks(r: Exclude<Reply, { kind: 'file' }>, id: string): Block[] {
  switch (r.kind) {
    case 'text':
      return textBlocks(r);
    case 'choices':
      return choicesBlocks(r, id);
    case 'confirm':
      return confirmBlocks(r, id);
    case 'card':
      return cardBlocks(r);
  }
}

/** Plain words a notification or screen reader shows for the reply. */
export function fallbackText(r: Exclude<Reply, { kind: 'file' }>): string {
  switch (r.kind) {
    case 'card':
      return r.title;
    default:
      return toPlain(r.text);
  }
}
