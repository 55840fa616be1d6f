import { afterEach, describe, expect, it } from 'vitest';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import type { Summariser } from '../src/core/summariser.ts';
import { createOfflineSummariser } from '../src/understanding/offline/index.ts';
import { makeEngine, said, terminalKey, turn, TWO_SEGMENT_SCRIPT } from './support/engine.ts';

// Regressions found in review: segment edits vs progress, stale confirmation buttons,
// and what a restart keeps.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function setup(summariser?: Summariser) {
  const made = await makeEngine('memory', summariser ? { summariser } : {});
  closers.push(() => made.stores.close());
  const key = terminalKey();
  const send = (text: string, extra = {}) => made.engine.handle(turn(key, text, extra));
  const session = async () => Session.parse(await made.stores.kv.get(sessionKey(conversationId(key))));
  return { ...made, key, send, session };
}

async function run(send: (t: string) => Promise<unknown>, lines: string[]) {
  for (const line of lines) await send(line);
}

describe('review: edit segments and progress', () => {
  it('a segment removed and later added again is asked about from the start', async () => {
    const { send, session } = await setup();
    await run(send, TWO_SEGMENT_SCRIPT);
    expect((await session()).cursor.step).toBe('done');
    await send('edit segments');
    await send('small agencies');
    expect((await session()).design.segments.map((s) => s.id)).toEqual(['small-agencies']);
    await send('edit segments');
    const back = await send('small agencies, freelance designers');
    const s = await session();
    expect(s.design.segments.map((x) => x.id)).toEqual(['small-agencies', 'freelance-designers']);
    // The re-added segment is blank, so its questions come again.
    expect(s.cursor).toMatchObject({ step: 'expectations', segmentId: 'freelance-designers' });
    expect(said(back)).toMatch(/Freelance designers/);
    // And undo brings the whole earlier state back, progress included.
    await send('undo');
    expect((await session()).progress['freelance-designers']).toBeUndefined();
    await send('undo');
    const restored = await session();
    expect(restored.design.segments.map((x) => x.id)).toEqual(['freelance-designers', 'small-agencies']);
    expect(restored.progress['freelance-designers']?.length).toBeGreaterThan(0);
  });

  it('the same segment named twice is kept once', async () => {
    const offline = createOfflineSummariser();
    const summariser: Summariser = {
      ...offline,
      extract: async (req) =>
        req.step === 'segments'
          ? ({ data: { segments: [{ name: 'Students', description: null, reach: null }, { name: 'students', description: null, reach: null }, { name: 'Parents', description: null, reach: null }] } } as never)
          : offline.extract(req),
    };
    const { send, session } = await setup(summariser);
    await run(send, TWO_SEGMENT_SCRIPT.slice(0, 2));
    await send('students, parents');
    await send('edit segments');
    await send('students, students, parents');
    const ids = (await session()).design.segments.map((s) => s.id);
    expect(ids).toEqual([...new Set(ids)]);
  });

  it('edit cost with no segments yet says so instead of an empty choice', async () => {
    const { send } = await setup();
    await send('hi');
    const replies = await send('edit cost');
    expect(replies.some((r) => r.kind === 'choices' && r.options.length === 0)).toBe(false);
    expect(said(replies)).toMatch(/no customer segments yet/i);
  });
});

describe('review: confirmations', () => {
  it('a stale "Yes, start over" button does not confirm a pending forget', async () => {
    const { send, session } = await setup();
    await run(send, TWO_SEGMENT_SCRIPT.slice(0, 3));
    await send('restart');
    await send('forget');
    const replies = await send('restart confirm');
    expect(said(replies)).not.toMatch(/deleted/i);
    const s = await session();
    expect(s.design.segments).toHaveLength(2);
    // The forget question is still open; its own button still works.
    expect(said(await send('forget confirm'))).toMatch(/deleted/i);
  });

  it('a confirm or cancel button pressed when nothing is pending is not taken as an answer', async () => {
    const { send, session } = await setup();
    await run(send, TWO_SEGMENT_SCRIPT.slice(0, 2));
    await send('restart');
    await send('restart cancel');
    const before = await session();
    const replies = await send('restart cancel');
    expect(said(replies)).toMatch(/nothing was changed/i);
    const after = await session();
    expect(after.design).toEqual(before.design);
    expect(after.history).toHaveLength(before.history.length);
  });

  it('restart keeps the handled message ids, so a late redelivery changes nothing', async () => {
    const { send, session } = await setup();
    await run(send, TWO_SEGMENT_SCRIPT.slice(0, 2));
    await send('freelancers, agencies', { messageId: 'late-1' });
    await send('restart');
    await send('restart confirm');
    expect(await send('freelancers, agencies', { messageId: 'late-1' })).toEqual([]);
    expect((await session()).design.segments).toHaveLength(0);
  });
});
