import { describe, expect, it } from 'vitest';
import { renderReplies } from '../src/adapters/teams/render/activities.ts';
import { MAX_BUTTONS } from '../src/adapters/teams/render/cards.ts';
import { markdownElements, MAX_ACTIVITY_BYTES } from '../src/adapters/teams/render/files.ts';
import { mention, type Reply } from '../src/core/reply.ts';
import { jsonBytes, splitText, toCardText, toMessageText } from '../src/adapters/teams/render/markdown.ts';

type Card = { version: string; body: Record<string, unknown>[]; actions?: Record<string, unknown>[] };
const cardOf = (a: { attachments?: { content: unknown }[] }) => a.attachments![0]!.content as Card;

describe('Teams rendering', () => {
  it('joins consecutive texts into one markdown message; error tone is marked', () => {
    const out = renderReplies([
      { kind: 'text', text: 'Noted: **designers**.' },
      { kind: 'text', text: 'That did not work.', tone: 'error' },
    ]);
    expect(out).toEqual([{ type: 'message', textFormat: 'markdown', text: 'Noted: **designers**.\n\n⚠️ That did not work.' }]);
  });

  it('many options become a single-select choice set instead of buttons', () => {
    const options = Array.from({ length: MAX_BUTTONS + 2 }, (_, i) => ({ label: `Option ${i}`, value: `o${i}` }));
    const card = cardOf(renderReplies([{ kind: 'choices', text: 'Pick one', options }])[0]!);
    expect(card.body[1]).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: false });
    expect(card.actions).toHaveLength(1);
  });

  it('confirm is a card with a destructive confirm button and a cancel button', () => {
    const reply: Reply = { kind: 'confirm', text: 'Delete everything stored for this conversation?', confirm: { label: 'Yes, delete it all', value: 'forget confirm' }, cancel: { label: 'Keep it', value: 'forget cancel' } };
    const card = cardOf(renderReplies([reply])[0]!);
    expect(card.actions).toEqual([
      { type: 'Action.Submit', title: 'Yes, delete it all', style: 'destructive', data: { rapport: 'choice', value: 'forget confirm', label: 'Yes, delete it all', q: 'Delete everything stored for this conversation?' } },
      { type: 'Action.Submit', title: 'Keep it', data: { rapport: 'choice', value: 'forget cancel', label: 'Keep it', q: 'Delete everything stored for this conversation?' } },
    ]);
  });

  it('a summary card keeps headings, lines, notes and footer; code spans lose their backticks', () => {
    const reply: Reply = {
      kind: 'card',
      title: 'Customer Relationships',
      sections: [{ heading: 'Freelance designers', lines: ['Touch: `low`'], notes: [{ severity: 'warning', text: 'No retention tactic yet.' }] }],
      footer: 'Type `export md` for the whole block.',
    };
    const out = renderReplies([reply])[0]!;
    const card = cardOf(out);
    expect(card.version).toBe('1.5');
    expect(card.body.map((b) => b.text)).toEqual(['Customer Relationships', 'Freelance designers', 'Touch: low', '⚠️ No retention tactic yet.', 'Type export md for the whole block.']);
    expect(card.body[3]).toMatchObject({ color: 'Warning' });
    expect(out.summary).toBe('Customer Relationships');
  });

  it('export json is a code block message; long content is split into parts under the size limit', () => {
    const small = renderReplies([{ kind: 'file', filename: 'd.json', mimeType: 'application/json', title: 'Design', content: '{"a":1}', encoding: 'utf8' }]);
    expect(small).toHaveLength(1);
    expect(small[0]!.text).toBe('**Design** · d.json\n\n```json\n{"a":1}\n```');
    const big = JSON.stringify({ items: Array.from({ length: 3000 }, (_, i) => ({ i, name: `segment ${i}` })) }, null, 2);
    const parts = renderReplies([{ kind: 'file', filename: 'd.json', mimeType: 'application/json', title: 'Design', content: big, encoding: 'utf8' }]);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThan(MAX_ACTIVITY_BYTES + 500);
    const joined = parts.map((p) => /```json\n([\s\S]*)\n```$/.exec(p.text!)![1]).join('\n');
    expect(JSON.parse(joined)).toEqual(JSON.parse(big));
  });

  it('export md becomes a card: headings, paragraphs, and tables as Table elements', () => {
    const md = '# Customer Relationships\n\n**Business:** A PM app  \nper seat\n\n## Freelance designers\n\n### Touchpoints\n| # | Step | Think and feel | Owner |\n| --- | --- | --- | --- |\n| 1 | visits the site | curious \\| hopeful |  |\n\n_Updated 2026-11-24._\n';
    const els = markdownElements(md);
    expect(els[0]).toMatchObject({ type: 'TextBlock', text: 'Customer Relationships', size: 'Large', weight: 'Bolder' });
    expect(els[1]).toMatchObject({ type: 'TextBlock', text: '**Business:** A PM app\nper seat' });
    const table = els.find((e) => e.type === 'Table') as { rows: { cells: { items: { text: string }[] }[] }[] };
    expect(table.rows).toHaveLength(2);
    expect(table.rows[1]!.cells.map((c) => c.items[0]!.text)).toEqual(['1', 'visits the site', 'curious | hopeful', '']);
    const out = renderReplies([{ kind: 'file', filename: 'customer-relationships.md', mimeType: 'text/markdown', title: 'Customer Relationships', content: md, encoding: 'utf8' }]);
    expect(out).toHaveLength(1);
    expect(cardOf(out[0]!).body.at(-1)).toMatchObject({ text: 'customer-relationships.md' });
  });

  it('a PNG chart becomes an image card', () => {
    const out = renderReplies([{ kind: 'file', filename: 'trend.png', mimeType: 'image/png', title: 'Trend: churn', content: 'iVBORw0KGgo=', encoding: 'base64' }]);
    expect(cardOf(out[0]!).body[1]).toEqual({ type: 'Image', url: 'data:image/png;base64,iVBORw0KGgo=', altText: 'Trend: churn' });
  });
});

describe('splitting by UTF-8 bytes', () => {
  it('keeps every part within the byte budget, never halves an emoji, and loses nothing', () => {
    const text = '🙂 顧客 "quoted" \\ '.repeat(400);
    const parts = splitText(text, 1000);
    expect(parts.length).toBeGreaterThan(5);
    for (const p of parts) {
      expect(jsonBytes(p) - 2).toBeLessThanOrEqual(1000);
      expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
    expect(parts.join(' ').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
  });

  it('a short text stays one part', () => {
    expect(splitText('短い文。', 1000)).toEqual(['短い文。']);
  });
});

describe('people in reply text', () => {
  it('show by name, or by id when no name is known', () => {
    const line = `by ${mention({ id: 'aad-1', name: 'Maya Chen' })} and ${mention({ id: 'aad-2' })}`;
    expect(toMessageText(line)).toBe('by Maya Chen and aad-2');
    expect(toCardText(line)).toBe('by Maya Chen and aad-2');
  });
});
