import { afterEach, describe, expect, it } from 'vitest';
import { emptyDesign, newSegment, type RelationshipDesign } from '../src/core/design.ts';
import { Session, sessionKey, type Cursor } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import type { Reply } from '../src/core/reply.ts';
import { parseEditTarget, segmentNamed } from '../src/dialogs/design/flow.ts';
import { makeEngine, said, terminalKey, turn } from './support/engine.ts';

// `edit <what> for <segment>`: the step by whole words, the segment by name; and the
// "Which segment's …?" question answered by typing.

function designWith(...names: string[]): RelationshipDesign {
  const design = emptyDesign(new Date('2026-11-28T10:00:00Z'));
  for (const name of names) design.segments.push(newSegment(name, design.segments.map((s) => s.id)));
  return design as RelationshipDesign;
}

const done: Cursor = { step: 'done', segmentId: null, followedUp: false };

describe('parseEditTarget', () => {
  const design = designWith('Freelance designers', 'Local business owners', 'Small agencies');
  const id = (name: string) => design.segments.find((s) => s.name === name)!.id;

  it('a step word inside a segment name is not the step: journey for local business owners', () => {
    expect(parseEditTarget('journey for local business owners', design, done)).toEqual({ kind: 'step', step: 'touchpoints', segmentId: id('Local business owners') });
    expect(parseEditTarget('local business owners journey', design, done)).toEqual({ kind: 'step', step: 'touchpoints', segmentId: id('Local business owners') });
    expect(parseEditTarget('cost for Local Business Owners', design, done)).toEqual({ kind: 'step', step: 'cost', segmentId: id('Local business owners') });
  });

  it('the business step still opens when it is what was asked for', () => {
    expect(parseEditTarget('business', design, done)).toEqual({ kind: 'step', step: 'business', segmentId: null });
    expect(parseEditTarget('what we sell', design, done)).toEqual({ kind: 'step', step: 'business', segmentId: null });
  });

  it('steps match whole words only, singular or plural', () => {
    expect(parseEditTarget('costs for small agencies', design, done)).toEqual({ kind: 'step', step: 'cost', segmentId: id('Small agencies') });
    expect(parseEditTarget('segment', design, done)).toEqual({ kind: 'step', step: 'segments', segmentId: null });
    // "touchy" is not "touch", "costume" is not "cost".
    expect(parseEditTarget('touchy costume', design, done)).toEqual({ kind: 'unknown' });
  });

  it('the segment by number, by its whole name, or by words only one name has', () => {
    expect(parseEditTarget('cost for 2', design, done)).toEqual({ kind: 'step', step: 'cost', segmentId: id('Local business owners') });
    expect(parseEditTarget('relationship for agencies', design, done)).toEqual({ kind: 'step', step: 'relationship', segmentId: id('Small agencies') });
    expect(parseEditTarget('freelance designers relationship', design, done)).toEqual({ kind: 'step', step: 'relationship', segmentId: id('Freelance designers') });
  });

  it('a name that fits no segment, or no segment at all, asks which one', () => {
    expect(parseEditTarget('cost for enterprise studios', design, done)).toEqual({ kind: 'which-segment', step: 'cost', unknown: 'enterprise studios' });
    expect(parseEditTarget('cost', design, done)).toEqual({ kind: 'which-segment', step: 'cost' });
    // Inside a segment's questions, that segment is meant.
    const inSegment: Cursor = { step: 'lifecycle', segmentId: id('Small agencies'), followedUp: false };
    expect(parseEditTarget('cost', design, inSegment)).toEqual({ kind: 'step', step: 'cost', segmentId: id('Small agencies') });
  });

  it('segmentNamed refuses what several names share', () => {
    const two = designWith('Small agencies', 'Large agencies');
    expect(segmentNamed('agencies', two)).toBeNull();
    expect(segmentNamed('large agency', two)?.name).toBe('Large agencies');
    expect(segmentNamed('3', two)).toBeNull();
  });
});

// Through the engine, as engine-design.test.ts does: the design is stored, then edited.
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function withDesign(names: string[]) {
  const made = await makeEngine('memory');
  closers.push(() => made.stores.close());
  const key = terminalKey();
  const store = sessionKey(conversationId(key));
  const design = designWith(...names);
  design.business = { description: 'A bookkeeping app for small firms', twoSided: false };
  const progress: Record<string, string[]> = { _: ['business', 'segments'] };
  for (const s of design.segments) progress[s.id] = ['expectations', 'relationship', 'lifecycle', 'cost', 'touchpoints', 'competitors'];
  const now = new Date().toISOString();
  const session: Session = Session.parse({
    v: 1,
    design,
    cursor: done,
    pending: null,
    progress,
    history: [],
    seen: [],
    usage: { calls: 0, promptTokens: 0, completionTokens: 0 },
    told: [],
    createdAt: now,
    finishedAt: now,
  });
  await made.stores.kv.set(store, session);
  const send = (text: string, extra = {}) => made.engine.handle(turn(key, text, extra));
  const stored = async () => Session.parse(await made.stores.kv.get(store));
  return { send, stored, design };
}

const choicesOf = (replies: Reply[]) => replies.find((r) => r.kind === 'choices');

describe('edit through the engine', () => {
  it('edit journey for local business owners opens that segment’s journey, not the business question', async () => {
    const { send, stored, design } = await withDesign(['Freelance designers', 'Local business owners']);
    const replies = await send('edit journey for local business owners');
    expect(said(replies)).not.toMatch(/what does your business sell/i);
    expect((await stored()).cursor).toMatchObject({ step: 'touchpoints', segmentId: design.segments[1]!.id });
  });

  it('at "Which segment’s cost?" a typed number opens that segment’s cost', async () => {
    const { send, stored, design } = await withDesign(['Freelance designers', 'Local business owners']);
    const question = choicesOf(await send('edit cost'));
    expect(question).toMatchObject({ kind: 'choices', text: expect.stringMatching(/Which segment's cost\?/) });
    const replies = await send('2');
    expect(said(replies)).toMatch(/cost/i);
    expect((await stored()).cursor).toEqual({ step: 'cost', segmentId: design.segments[1]!.id, followedUp: false });
  });

  it('a typed name works too, in any case', async () => {
    const { send, stored, design } = await withDesign(['Freelance designers', 'Local business owners']);
    await send('edit cost');
    await send('freelance designers');
    expect((await stored()).cursor).toEqual({ step: 'cost', segmentId: design.segments[0]!.id, followedUp: false });
  });

  it('an answer that names no segment is asked again, and nothing else changes', async () => {
    const { send, stored } = await withDesign(['Freelance designers', 'Local business owners']);
    await send('edit cost');
    const before = await stored();
    const replies = await send('7');
    expect(said(replies)).toMatch(/couldn't tell which segment/i);
    expect(choicesOf(replies)).toMatchObject({ text: expect.stringMatching(/Which segment's cost\?/) });
    const after = await stored();
    expect(after.design).toEqual(before.design);
    expect(after.cursor.pick).toEqual({ step: 'cost' });
    // Still waiting: the next typed name is taken.
    await send('local business owners');
    expect((await stored()).cursor).toMatchObject({ step: 'cost', segmentId: after.design.segments[1]!.id });
  });

  it('a name that fits no segment says so and asks which one', async () => {
    const { send } = await withDesign(['Freelance designers', 'Local business owners']);
    const replies = await send('edit cost for enterprise studios');
    expect(said(replies)).toMatch(/no segment called “enterprise studios”/);
    expect(choicesOf(replies)).toBeDefined();
  });

  it('the button still works, and “cancel” leaves the pick without an edit', async () => {
    const { send, stored, design } = await withDesign(['Freelance designers', 'Local business owners']);
    const question = choicesOf(await send('edit cost'));
    const value = question?.kind === 'choices' ? question.options[1]!.value : '';
    await send(question?.kind === 'choices' ? question.options[1]!.label : '', { choice: { value } });
    expect((await stored()).cursor).toMatchObject({ step: 'cost', segmentId: design.segments[1]!.id });
    await send('edit relationship');
    // Inside Local business owners' cost now, so plain `edit relationship` means that segment.
    expect((await stored()).cursor).toMatchObject({ step: 'relationship', segmentId: design.segments[1]!.id });
    await send('back');
    await send('summary');
    const s = await stored();
    expect(s.cursor.pick).toBeUndefined();
  });

  it('cancel at the pick', async () => {
    const { send, stored } = await withDesign(['Freelance designers', 'Local business owners']);
    await send('edit cost');
    const replies = await send('cancel');
    expect(said(replies)).toMatch(/nothing to edit/i);
    expect((await stored()).cursor).toEqual(done);
  });
});
