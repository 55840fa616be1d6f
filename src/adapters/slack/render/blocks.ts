import type { CardReply, ChoicesReply, ConfirmReply, Reply, TextReply } from '../../../core/reply.ts';
import { ACTION_PREFIX } from '../parse.ts';
import { compactBlocks } from './compact.ts';
import { clip, splitText, toFallback, toMrkdwn, toPlain } from './mrkdwn.ts';

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

/** How a reply is drawn: feedback thumbs only where Slack's AI-app surface is in use. */
export interface RenderOptions {
  feedback?: boolean;
}

/** Thumbs up/down under what the coach wrote; the action id names what is rated. */
export function feedbackBlock(code: string, blockId: string): Block {
  const thumb = (emoji: string, value: string, label: string) => ({ text: { type: 'plain_text', text: emoji, emoji: true }, value, accessibility_label: label });
  return {
    type: 'context_actions',
    block_id: `${ACTION_PREFIX}fb:${blockId}`.slice(0, 255),
    elements: [
      {
        type: 'feedback_buttons',
        action_id: `${ACTION_PREFIX}feedback:${code}`.slice(0, 255),
        positive_button: thumb('👍', 'good', 'Useful'),
        negative_button: thumb('👎', 'bad', 'Not useful'),
      },
    ],
  };
}

function textBlocks(r: TextReply, id: string, opts: RenderOptions): Block[] {
  const out = sections(`${TONE_MARK[r.tone ?? 'normal']}${r.text}`);
  if (opts.feedback && r.rate) out.push(feedbackBlock(r.rate, id));
  return out;
}

/** The question id rides in the block id, which Slack sends back with every press. */
const questionTag = (question: string | undefined) => (question ? `:q=${question}` : '');

function buttons(options: { label: string; value: string; style?: 'primary' | 'danger' }[], id: string, question?: string): Block[] {
  const elements = options.map((o, i) => ({
    type: 'button',
    action_id: `${ACTION_PREFIX}pick:${id}:${i}`,
    text: plain(o.label, LIMIT.buttonText),
    value: o.value.slice(0, LIMIT.buttonValue),
    ...(o.style ? { style: o.style } : {}),
  }));
  return chunk(elements, LIMIT.actionsElements).map((els, i) => ({ type: 'actions', block_id: `${ACTION_PREFIX}${id}:${i}${questionTag(question)}`, elements: els }));
}

function choicesBlocks(r: ChoicesReply, id: string): Block[] {
  const fitsSelect = r.options.length <= LIMIT.options && r.options.every((o) => o.value.length <= LIMIT.optionValue);
  if (!r.multi || !fitsSelect) return [...sections(r.text), ...buttons(r.options, id, r.question)];
  // Several may be picked: Slack keeps the selection in the message state, and the
  // "Done" button sends it (its value names the block to read).
  const blockId = `${ACTION_PREFIX}multi:${id}${questionTag(r.question)}`;
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
      r.question,
    ),
  ];
}

const NOTE_MARK = { warning: '⚠️', info: 'ℹ️' } as const;

/** A card: its title, then one block group per section (a segment) with its findings. */
function cardBlocks(r: CardReply, id: string, opts: RenderOptions): Block[] {
  if (r.compact) return compactBlocks(r);
  const out: Block[] = [{ type: 'header', text: plain(r.title, LIMIT.header) }];
  r.sections.forEach((s, i) => {
    if (i > 0) out.push({ type: 'divider' });
    out.push(...sections([`**${s.heading}**`, ...s.lines].join('\n')));
    const noteText = (n: CardReply['sections'][number]['notes'][number]) => splitText(toMrkdwn(`${NOTE_MARK[n.severity] ?? ''} ${n.text}`)).map(mrkdwn);
    if (opts.feedback) {
      // Each finding on its own line with its thumbs, so a rating names one finding.
      s.notes.forEach((n, j) => {
        for (const els of chunk(noteText(n), LIMIT.contextElements)) out.push({ type: 'context', elements: els });
        if (n.code) out.push(feedbackBlock(n.code, `${id}:${i}:${j}`));
      });
      return;
    }
    const notes = s.notes.flatMap(noteText);
    for (const els of chunk(notes, LIMIT.contextElements)) out.push({ type: 'context', elements: els });
  });
  if (r.footer) out.push({ type: 'context', elements: splitText(toMrkdwn(r.footer)).map(mrkdwn) });
  return out;
}

/** Blocks for every reply but files (those are uploaded). id keeps action ids unique. */
export function replyBlocks(r: Exclude<Reply, { kind: 'file' }>, id: string, opts: RenderOptions = {}): Block[] {
  switch (r.kind) {
    case 'text':
      return textBlocks(r, id, opts);
    case 'choices':
      return choicesBlocks(r, id);
    case 'confirm':
      return confirmBlocks(r, id);
    case 'card':
      return cardBlocks(r, id, opts);
  }
}

/** The words a notification or screen reader shows for the reply, escaped like the blocks. */
export function fallbackText(r: Exclude<Reply, { kind: 'file' }>): string {
  return toFallback(r.kind === 'card' ? r.title : r.text);
}
