import { describe, expect, it } from 'vitest';
import type { Engine } from '../src/core/module.ts';
import { StoreUnavailableError } from '../src/core/ports.ts';
import { createDispatcher } from '../src/adapters/slack/dispatch.ts';
import type { SlackWeb } from '../src/adapters/slack/send.ts';
import type { TurnInbound } from '../src/adapters/slack/parse.ts';
import { silentLogger } from '../src/log.ts';
import { KeyvStore, MemoryOnce } from '../src/store/index.ts';

// A plain message in a design thread, with storage unreachable: whoever wrote is told
// nothing was saved, once, instead of silence.

function fakeWeb() {
  const posts: { channel: string; thread?: string; text: string }[] = [];
  const web = {
    post: async (channel: string, thread: string | undefined, msg: { text: string }) => {
      posts.push({ channel, thread, text: msg.text });
      return `${posts.length}.0`;
    },
    update: async () => undefined,
    remove: async () => undefined,
    upload: async () => undefined,
    publishHome: async () => undefined,
    memberOf: async () => new Set<string>(),
    assistant: { setStatus: async () => undefined },
  };
  return { web: web as unknown as SlackWeb, posts };
}

const threadMessage = (): TurnInbound => ({
  kind: 'turn',
  turn: { key: { platform: 'slack', workspace: 'T1', channel: 'C1', thread: '100.1' }, author: { id: 'U1' }, text: 'cafés and hotels', messageId: '100.2', receivedAt: new Date() },
  claimKey: 'slack:msg:T1:C1:100.2',
  when: 'if-session',
});

describe('faults: Slack thread messages while storage is down', () => {
  it('answers a plain thread message once with "nothing was saved" when the session check fails', async () => {
    const { web, posts } = fakeWeb();
    let handled = 0;
    const engine = {
      isActive: async () => {
        throw new StoreUnavailableError('Redis (kv) unavailable (get): not connected');
      },
      handle: async () => {
        handled++;
        return [];
      },
    } as unknown as Engine;
    const { dispatch } = createDispatcher({ engine, web, kv: new KeyvStore(), once: new MemoryOnce(), log: silentLogger, thinkingAfterMs: 10_000 });
    await dispatch(threadMessage());
    expect(handled).toBe(0);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.thread).toBe('100.1');
    expect(posts[0]!.text).toMatch(/nothing from that message was saved/i);
  });

  it('a message claimed and finished is not run again; one whose claim lapsed is taken over by the sweeper', async () => {
    const { web, posts } = fakeWeb();
    const kv = new KeyvStore();
    const once = new MemoryOnce();
    let handled = 0;
    const engine = { isActive: async () => true, handle: async () => (handled++, [{ kind: 'text', text: 'Got it.', tone: 'normal' }]) } as unknown as Engine;
    const { dispatch, sweep } = createDispatcher({ engine, web, kv, once, log: silentLogger, thinkingAfterMs: 10_000 });
    await dispatch(threadMessage());
    await dispatch(threadMessage());
    expect(handled).toBe(1);
    expect(await sweep()).toBe(0);
    // A replica that claimed a message and died: its in-flight copy and index entry are left, its claim lapses.
    const orphan = { ...threadMessage(), claimKey: 'slack:msg:T1:C1:100.3' };
    await kv.set(`slack:inflight:${orphan.claimKey}`, { inbound: orphan, assistant: false });
    await once.pending('slack').add(orphan.claimKey, 0);
    expect(await sweep()).toBe(1);
    expect(handled).toBe(2);
    expect(posts.map((p) => p.text)).toEqual(['Got it.', 'Got it.']);
    expect(await sweep()).toBe(0);
  });
});
