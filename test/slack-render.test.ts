import { describe, expect, it } from 'vitest';
import { replyBlocks } from '../src/adapters/slack/render/blocks.ts';
import { MAX_BLOCKS, MAX_MESSAGE_CHARS, renderReplies } from '../src/adapters/slack/render/messages.ts';
import { SECTION_MAX, splitText, toMrkdwn, toPlain } from '../src/adapters/slack/render/mrkdwn.ts';
import { mention, type CardReply, type Reply } from '../src/core/reply.ts';

// Block Kit rendering: markup conversion and Slack's limits.

type B = { type: string; text?: { text: string }; elements?: { type: string; text?: unknown; value?: string; action_id?: string }[] };

const allSectionTexts = (blocks: unknown[]) => (blocks as B[]).filter((b) => b.type === 'section').map((b) => b.text!.text);

describe('mrkdwn', () => {
  it('turns **bold** into *bold*, keeps _italic_ and code, escapes &, < and >', () => {
    expect(toMrkdwn('**Freelancers** — _low_ touch, `export md` & <b>')).toBe('*Freelancers* — _low_ touch, `export md` &amp; &lt;b&gt;');
    expect(toMrkdwn('`**not bold**`')).toBe('`**not bold**`');
    expect(toMrkdwn('- one\n- two')).toBe('• one\n• two');
  });

  it('splits long text at line or word breaks within the limit', () => {
    const long = Array.from({ length: 400 }, (_, i) => `line ${i} with some words in it`).join('\n');
    const parts = splitText(long);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= SECTION_MAX)).toBe(true);
    expect(parts.join('\n')).toBe(long);
    const word = 'x'.repeat(7000);
    expect(splitText(word).map((p) => p.length)).toEqual([3000, 3000, 1000]);
  });
});

describe('blocks', () => {
  it('choices are buttons, 25 to an actions block, labels within 75 characters', () => {
    const options = Array.from({ length: 30 }, (_, i) => ({ label: `Option ${i} ${'long '.repeat(20)}`, value: `v${i}` }));
    const blocks = replyBlocks({ kind: 'choices', text: 'Pick', options }, 'r0') as B[];
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions.map((a) => a.elements!.length)).toEqual([25, 5]);
    const ids = actions.flatMap((a) => a.elements!.map((e) => e.action_id));
    expect(new Set(ids).size).toBe(30);
    for (const a of actions) for (const e of a.elements!) expect((e.text as { text: string }).text.length).toBeLessThanOrEqual(75);
  });

  it('a multi choice is a multi-select with a Done button that names its block', () => {
    const blocks = replyBlocks({ kind: 'choices', multi: true, text: 'Which?', options: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] }, 'r1') as (B & { block_id?: string })[];
    const actions = blocks.find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => e.type)).toEqual(['multi_static_select', 'button']);
    expect(actions.elements![1]!.value).toBe(actions.block_id);
  });

  it('a card is a header and one group per segment with its findings', () => {
    const card: CardReply = {
      kind: 'card',
      title: 'Your Customer Relationships block',
      sections: [
        { heading: 'Freelance designers', lines: ['self-service + community', 'cost low'], notes: [{ severity: 'info', text: 'a community needs seeding' }] },
        { heading: 'Small agencies', lines: ['dedicated account manager'], notes: [{ severity: 'warning', text: 'the account manager costs $300 of $400' }] },
      ],
      footer: '`edit`, `export md`',
    };
    const blocks = replyBlocks(card, 'r2') as B[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'divider', 'section', 'context', 'context']);
    expect(blocks[1]!.text!.text).toContain('*Freelance designers*');
    expect(JSON.stringify(blocks[5])).toContain('⚠️');
  });
});

describe('messages', () => {
  it('never more than 50 blocks or too much text in one message, order kept', () => {
    const replies: Reply[] = Array.from({ length: 120 }, (_, i) => ({ kind: 'text', text: `reply ${i}` }));
    const out = renderReplies(replies);
    expect(out.length).toBe(3);
    const texts = out.flatMap((m) => (m.kind === 'blocks' ? allSectionTexts(m.blocks) : []));
    expect(texts).toEqual(replies.map((r) => (r as { text: string }).text));
    for (const m of out) if (m.kind === 'blocks') expect(m.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  });

  it('a 50,000-character answer becomes several messages, none too long', () => {
    const out = renderReplies([{ kind: 'text', text: 'word '.repeat(10_000) }]);
    expect(out.length).toBeGreaterThan(1);
    for (const m of out) {
      if (m.kind !== 'blocks') continue;
      expect(JSON.stringify(m.blocks).length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS + 3100);
      expect(m.text.length).toBeLessThanOrEqual(3000);
      for (const t of allSectionTexts(m.blocks)) expect(t.length).toBeLessThanOrEqual(SECTION_MAX);
    }
  });

  it('a card with 40 segments is split across messages', () => {
    const sections = Array.from({ length: 40 }, (_, i) => ({ heading: `Segment ${i}`, lines: ['a'], notes: [{ severity: 'info' as const, text: 'n' }] }));
    const out = renderReplies([{ kind: 'card', title: 'Big', sections }]);
    expect(out.length).toBeGreaterThan(2);
    for (const m of out) if (m.kind === 'blocks') expect(m.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  });

  it('files stand alone between messages', () => {
    const out = renderReplies([
      { kind: 'text', text: 'here' },
      { kind: 'file', filename: 'd.json', mimeType: 'application/json', title: 'd', content: '{}', encoding: 'utf8' },
      { kind: 'text', text: 'after' },
    ]);
    expect(out.map((m) => m.kind)).toEqual(['blocks', 'file', 'blocks']);
  });
});

describe('people in reply text', () => {
  it('a Slack user becomes a real mention; anyone else shows by name', () => {
    const line = `by ${mention({ id: 'U012AB3CD' })} and ${mention({ id: 'aad-1', name: 'Maya <Chen>' })}`;
    expect(toMrkdwn(line)).toBe('by <@U012AB3CD> and Maya &lt;Chen&gt;');
    expect(toPlain(line)).toBe('by U012AB3CD and Maya <Chen>');
  });
});
