import { afterEach, describe, expect, it } from 'vitest';
import { Session, sessionKey } from '../src/core/session.ts';
import { conversationId } from '../src/core/turn.ts';
import { makeEngine, said, terminalKey, turn } from './support/engine.ts';

// One message that answers two questions: the later one is taken from it and not asked.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function setup() {
  const made = await makeEngine('memory');
  closers.push(() => made.stores.close());
  const key = terminalKey();
  const send = (text: string) => made.engine.handle(turn(key, text));
  const session = async () => Session.parse(await made.stores.kv.get(sessionKey(conversationId(key))));
  for (const line of ['hi', 'a project-management app for creative work', 'freelance designers']) await send(line);
  return { send, session };
}

describe('an answer that also covers the next question', () => {
  it('takes the relationship from the expectations answer and asks about win, keep, grow next', async () => {
    const { send, session } = await setup();
    const replies = await send('low touch, same as every SaaS tool. so we will do docs and tutorials plus a forum where users help each other');
    const text = said(replies);
    expect(text).toMatch(/From the same message, the relationship/);
    expect(text).toMatch(/win/i);
    const s = await session();
    expect(s.design.segments[0]!.expected.touch).toBe('low');
    expect(s.design.segments[0]!.relationship.types).toEqual(expect.arrayContaining(['self_service', 'community']));
    expect(s.cursor.step).toBe('lifecycle');
  });

  it('asks the next question as usual when the answer only covers its own', async () => {
    const { send, session } = await setup();
    const replies = await send('low touch, they just want to sign up and go');
    expect(said(replies)).not.toMatch(/From the same message/);
    expect((await session()).cursor.step).toBe('relationship');
  });

  it('never overwrites a step already answered', async () => {
    const { send, session } = await setup();
    await send('low touch');
    await send('a dedicated account manager');
    await send('back');
    await send('back');
    await send('low touch, and we will do docs and a forum');
    const s = await session();
    expect(s.design.segments[0]!.relationship.types).toEqual(['dedicated_personal_assistance']);
  });
});
