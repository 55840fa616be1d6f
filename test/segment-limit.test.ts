import { afterEach, describe, expect, it } from 'vitest';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import { MAX_SEGMENTS } from '../src/dialogs/design/limits.ts';
import { makeEngine, said, terminalKey, turn } from './support/engine.ts';
import { startSlackStack } from './support/slack-stack.ts';
import { eventBody, mention, message, postSigned, pressBody, TEAM } from './slack-support.ts';

// No silent limits: twelve segments named at once are not cut to eight without a word; the
// bot says how many it keeps and the team picks which, through Slack's real route.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const TWELVE = [
  'Freelance designers', 'Small agencies', 'Studios', 'Universities', 'Schools', 'Museums',
  'Publishers', 'Game developers', 'Architects', 'Photographers', 'Print shops', 'Film crews',
];

type Block = { type: string; block_id?: string; elements?: { type: string; action_id?: string; options?: { value: string; text: unknown }[] }[] };

describe('more segments than a design keeps', () => {
  it('twelve segments in Slack: the bot says it keeps eight and the team picks which', async () => {
    const { slack, stores, url, adapter } = await startSlackStack(closers, { name: 'seglimit' });
    const C = 'C0LIMIT';
    const root = '1700001000.000100';
    let n = 0;
    const say = async (text: string) => {
      const ts = `1700001001.${String(++n).padStart(6, '0')}`;
      await postSigned(url, eventBody(n === 0 ? mention({ channel: C, user: 'U0MAYA', ts: root, text }) : message({ channel: C, user: 'U0MAYA', ts, thread_ts: root, text })));
      await adapter.idle();
    };
    await postSigned(url, eventBody(mention({ channel: C, user: 'U0MAYA', ts: root, text: "let's work on our customer relationships" })));
    await adapter.idle();
    await say('A project-management app for creative work, priced per seat.');
    await say(`${TWELVE.length} segments: ${TWELVE.join(', ')}`);

    const key = { platform: 'slack' as const, workspace: TEAM, channel: C, thread: root };
    const stored = async () => Session.parse(await stores.kv.get(sessionKey(conversationId(key))));
    // Nothing kept yet: the team has not said which.
    expect((await stored()).design.segments).toHaveLength(0);

    const ask = slack.messages().find((m) => JSON.stringify(m.blocks).includes('multi_static_select'))!;
    expect(JSON.stringify(ask.blocks)).toContain(`You named ${TWELVE.length} segments. A design keeps up to ${MAX_SEGMENTS}`);
    const block = (ask.blocks as Block[]).find((b) => b.elements?.some((e) => e.type === 'multi_static_select'))!;
    const select = block.elements!.find((e) => e.type === 'multi_static_select')!;
    expect(select.options!.map((o) => o.value)).toEqual(TWELVE);

    const picked = select.options!.filter((o) => ['Freelance designers', 'Small agencies', 'Universities', 'Film crews'].includes(o.value));
    const state = { values: { [block.block_id!]: { [select.action_id!]: { type: 'multi_static_select', selected_options: picked } } } };
    await postSigned(url, pressBody({ channel: C, user: 'U0LEO', message: { ts: ask.ts, thread_ts: ask.thread_ts, blocks: ask.blocks }, value: block.block_id!, state }), {
      contentType: 'application/x-www-form-urlencoded',
    });
    await adapter.idle();
    expect((await stored()).design.segments.map((s) => s.name)).toEqual(['Freelance designers', 'Small agencies', 'Universities', 'Film crews']);
  });

  it('eight are taken as they are, and picking too many again asks again', async () => {
    const { engine, stores } = await makeEngine('memory');
    closers.push(() => stores.close());
    const k = terminalKey();
    await engine.handle(turn(k, 'start'));
    await engine.handle(turn(k, 'A project-management app for creative work, priced per seat.'));
    const again = said(await engine.handle(turn(k, TWELVE.join(', '))));
    expect(again).toContain('A design keeps up to 8');
    expect(said(await engine.handle(turn(k, TWELVE.slice(0, 9).join(', '))))).toContain('You named 9 segments');
    await engine.handle(turn(k, TWELVE.slice(0, 8).join(', ')));
    const s = Session.parse(await stores.kv.get(sessionKey(conversationId(k))));
    expect(s.design.segments.map((x) => x.name)).toEqual(TWELVE.slice(0, 8));
  });
});
