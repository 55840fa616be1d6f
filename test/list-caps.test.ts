import { describe, expect, it } from 'vitest';
import { confirmationFor } from '../src/dialogs/design/confirm.ts';
import type { Cursor } from '../src/core/session.ts';
import type { ChoicesReply, CardReply } from '../src/core/reply.ts';
import { homeBlocks } from '../src/adapters/slack/home.ts';
import { compactBlocks } from '../src/adapters/slack/render/compact.ts';
import { compactElements } from '../src/adapters/teams/render/compact.ts';
import { question, type OpenCheckIn } from '../src/checkins/dialog.ts';

// Counts read right ("1 segment"), and where a list is cut to fit a platform the cut is said, never silent.

const cursor = { step: 'segments' } as unknown as Cursor;

describe('counted words', () => {
  it('says "1 segment" for a single doubtful segment', () => {
    const asked = confirmationFor('segments', { segments: [{ name: 'people who buy every week', description: '' }] }, cursor);
    expect(asked?.question.kind).toBe('choices');
    expect((asked!.question as ChoicesReply).text).toMatch(/^I read 1 segment: \*people who buy every week\*\./);
  });

  it('keeps the plural for several', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => ({ name: `group ${n}`, description: '' }));
    const asked = confirmationFor('segments', { segments: names }, cursor);
    expect((asked!.question as ChoicesReply).text).toMatch(/^I read 6 segments: /);
  });
});

const design = (i: number) => ({
  channel: `C${i}`,
  thread: `${i}.0`,
  title: `Business ${i}`,
  segments: ['Regulars'],
  updatedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
  next: null,
});
const blockText = (blocks: unknown[]) => JSON.stringify(blocks);

describe('the Slack Home tab', () => {
  it('says how many designs it leaves out', () => {
    const blocks = homeBlocks(Array.from({ length: 29 }, (_, i) => design(i)));
    const text = blockText(blocks);
    expect(text).toContain('Business 24');
    expect(text).not.toContain('Business 25');
    expect(text).toContain('…and 4 older designs not shown here');
    expect(blocks.length).toBeLessThanOrEqual(100);
  });

  it('adds nothing when all fit', () => {
    const text = blockText(homeBlocks(Array.from({ length: 25 }, (_, i) => design(i))));
    expect(text).toContain('Business 24');
    expect(text).not.toContain('not shown here');
  });

  it('uses the singular for one left out', () => {
    expect(blockText(homeBlocks(Array.from({ length: 26 }, (_, i) => design(i))))).toContain('…and 1 older design not shown');
  });
});

const cohort = (notes: number): CardReply => ({
  kind: 'card',
  compact: true,
  title: 'Your teams',
  sections: [{ heading: 'Team A', lines: ['Mood: on track'], notes: Array.from({ length: notes }, (_, i) => ({ severity: 'info' as const, text: `note ${i + 1}` })) }],
});

describe('compact cards keep every note', () => {
  it('Slack: notes beyond ten go in a second context block', () => {
    const blocks = compactBlocks(cohort(14));
    const contexts = blocks.filter((b) => b.type === 'context') as { elements: { text: string }[] }[];
    expect(contexts.map((c) => c.elements.length)).toEqual([10, 4]);
    expect(contexts.flatMap((c) => c.elements.map((e) => e.text))).toEqual(Array.from({ length: 14 }, (_, i) => `note ${i + 1}`));
  });

  it('Teams: every note is shown', () => {
    const text = JSON.stringify(compactElements(cohort(14)));
    for (let i = 1; i <= 14; i++) expect(text).toContain(`note ${i}"`);
  });
});

const openWith = (tactics: number): OpenCheckIn => ({
  v: 1,
  teamId: 't1',
  team: { platform: 'terminal', conversation: 'x' } as unknown as OpenCheckIn['team'],
  stage: 'tactics',
  scheduled: false,
  startedAt: new Date(0).toISOString(),
  planned: Array.from({ length: tactics }, (_, i) => ({ segmentId: 's1', segmentName: 'Regulars', tactic: `tactic ${i + 1}` })),
  business: null,
  previousMetrics: [],
  draft: { tacticsRun: [], tacticsNotRun: [], metrics: [], learned: null, next: null, mood: null },
  authors: [],
  via: 'offline',
});

describe('check-in tactic buttons', () => {
  it('says which tactics have no button', () => {
    const [asked] = question(openWith(13)) as ChoicesReply[];
    expect(asked!.options.map((o) => o.label)).toEqual([...Array.from({ length: 9 }, (_, i) => `tactic ${i + 1}`), 'None of them']);
    expect(asked!.text).toContain('tactic 13');
    expect(asked!.text).toContain('Only the first 9 have buttons: to include the other 4, type which ran instead.');
  });

  it('says nothing extra when all have buttons', () => {
    const [asked] = question(openWith(9)) as ChoicesReply[];
    expect(asked!.options).toHaveLength(10);
    expect(asked!.text).not.toContain('have buttons');
  });
});
