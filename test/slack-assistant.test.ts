import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GREETING, SUGGESTED_PROMPTS, THINKING_STATUS } from '../src/adapters/slack/assistant.ts';
import { renderReplies } from '../src/adapters/slack/render/messages.ts';
import { DM_ROOT } from '../src/adapters/slack/thread-key.ts';
import type { CardReply } from '../src/core/reply.ts';
import { feedbackKey } from '../src/core/feedback.ts';
import { sessionKey } from '../src/core/session.ts';
import type { Summariser } from '../src/core/summariser.ts';
import { conversationId, type ConversationKey } from '../src/core/turn.ts';
import { silentLogger } from '../src/log.ts';
import { createFallbackSummariser } from '../src/understanding/fallback.ts';
import { createOfflineSummariser } from '../src/understanding/offline/index.ts';
import { createOpenAISummariser } from '../src/understanding/openai.ts';
import { loadPrompts } from '../src/understanding/prompts.ts';
import { slackManifest } from '../scripts/slack-manifest.ts';
import { completion } from './llm-support.ts';
import { startSlackStack } from './support/slack-stack.ts';
import { eventBody, message, postSigned, TEAM, waitFor } from './slack-support.ts';

// Slack's AI-app surface through the real route: the assistant thread opens with a greeting
// and suggested prompts, a design runs in it through the same engine, "is thinking…" shows
// while a slow LLM reads an answer, the thread takes the business as its title, and a thumbs
// press on a coach answer is stored. Slack's Web API and the LLM are faked at the network edge.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** An OpenAI-compatible server that answers each call only when the test lets it. */
async function heldLlm() {
  const waiting: (() => void)[] = [];
  let calls = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls++;
      waiting.push(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion({ description: 'A project-management app for creative work', twoSided: false }))));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(async () => {
    while (waiting.length) waiting.shift()!();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    get calls() {
      return calls;
    },
    get held() {
      return waiting.length;
    },
    release: () => {
      while (waiting.length) waiting.shift()!();
    },
  };
}

async function setup(summariser?: Summariser) {
  const { slack, stores, url, adapter } = await startSlackStack(closers, { name: 'slackai', thinkingAfterMs: 20, ...(summariser ? { summariser } : {}) });
  const send = async (body: string, form = false) => {
    const res = await postSigned(url, body, form ? { contentType: 'application/x-www-form-urlencoded' } : {});
    expect(res.status).toBe(200);
  };
  return { slack, stores, adapter, send, idle: () => adapter.idle() };
}

const D = 'D0PANEL';
const THREAD = '1700002000.000100';
const started = () =>
  eventBody({ type: 'assistant_thread_started', assistant_thread: { user_id: 'U0MAYA', context: { channel_id: 'C0GENERAL', team_id: TEAM }, channel_id: D, thread_ts: THREAD }, event_ts: THREAD });
const inThread = (ts: string, text: string) => eventBody(message({ channel: D, user: 'U0MAYA', ts, thread_ts: THREAD, text, channel_type: 'im' }));
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
const key: ConversationKey = { platform: 'slack', workspace: TEAM, channel: D, thread: THREAD };

describe('Slack assistant threads', () => {
  it('a new thread gets the greeting and the three suggested prompts', async () => {
    const { slack, send, idle } = await setup();
    await send(started());
    await idle();
    expect(slack.of('chat.postMessage')[0]?.args).toMatchObject({ channel: D, thread_ts: THREAD, text: GREETING });
    const prompts = slack.of('assistant.threads.setSuggestedPrompts')[0]!.args;
    expect(prompts).toMatchObject({ channel_id: D, thread_ts: THREAD });
    expect(json(prompts.prompts).map((p: { title: string }) => p.title)).toEqual(['Design our customer relationships', 'Run a retention check-in', 'Export our canvas']);
  });

  it('a design runs in the thread, "is thinking…" shows while the LLM reads, and the business names the thread', async () => {
    const llm = await heldLlm();
    const openai = createOpenAISummariser({ apiKey: 'k', baseURL: llm.url, model: 'm', timeoutMs: 10_000, deadlineMs: 10_000, log: silentLogger, prompts: loadPrompts() });
    const { slack, stores, send, idle } = await setup(createFallbackSummariser(openai, createOfflineSummariser(), silentLogger));
    await send(started());
    await idle();
    await send(inThread('1700002001.000100', SUGGESTED_PROMPTS[0]!.message));
    await idle();
    expect(slack.of('chat.postMessage').length).toBeGreaterThanOrEqual(2);

    await send(inThread('1700002002.000100', 'A project-management app for creative work, priced per seat.'));
    // The LLM is holding its answer: Slack shows the status, and no placeholder message.
    await waitFor(() => llm.held > 0 && slack.of('assistant.threads.setStatus').length > 0);
    expect(slack.of('assistant.threads.setStatus')[0]!.args).toMatchObject({ channel_id: D, thread_ts: THREAD, status: THINKING_STATUS });
    llm.release();
    await idle();
    const posts = slack.of('chat.postMessage');
    expect(posts.every((p) => p.args.channel === D && p.args.thread_ts === THREAD)).toBe(true);
    expect(posts.some((p) => String(p.args.text).includes('thinking'))).toBe(false);
    expect(posts.some((p) => String(p.args.text).includes('customer segments'))).toBe(true);
    // The thread is its own design, not the DM's.
    expect(await stores.kv.get(sessionKey(conversationId(key)))).toBeDefined();
    expect(await stores.kv.get(sessionKey(conversationId({ ...key, thread: DM_ROOT })))).toBeUndefined();
    await waitFor(() => slack.of('assistant.threads.setTitle').length > 0);
    expect(slack.of('assistant.threads.setTitle')[0]!.args).toMatchObject({ channel_id: D, thread_ts: THREAD });
    expect(String(slack.of('assistant.threads.setTitle')[0]!.args.title)).toMatch(/project-management app/i);
  });

  it('a coach answer carries thumbs; a press is stored under its code, once', async () => {
    const { slack, stores, send, idle } = await setup();
    await send(started());
    await send(inThread('1700002101.000100', SUGGESTED_PROMPTS[0]!.message));
    await send(inThread('1700002102.000100', 'A project-management app for creative work, priced per seat.'));
    await send(inThread('1700002103.000100', 'should we focus on one group first?'));
    await idle();
    const rated = slack.of('chat.postMessage').find((p) => JSON.stringify(p.args.blocks).includes('feedback_buttons'));
    expect(rated).toBeDefined();
    const block = (rated!.args.blocks as { type: string; elements?: { type: string; action_id: string }[] }[]).find((b) => b.type === 'context_actions')!;
    const action = block.elements![0]!;
    expect(action.action_id).toBe('rapport:feedback:coach');
    const press = (ts: string) =>
      `payload=${encodeURIComponent(
        JSON.stringify({
          type: 'block_actions',
          team: { id: TEAM },
          user: { id: 'U0MAYA', name: 'maya' },
          container: { type: 'message', message_ts: rated!.args.ts, channel_id: D, thread_ts: THREAD },
          channel: { id: D },
          message: { ts: rated!.args.ts, thread_ts: THREAD, blocks: rated!.args.blocks },
          actions: [{ type: 'feedback_buttons', action_id: action.action_id, block_id: 'x', value: 'good', action_ts: ts }],
        }),
      )}`;
    await send(press('1700002104.000001'), true);
    await send(press('1700002104.000001'), true); // Slack's retry of the same press
    await idle();
    expect(await stores.kv.get(feedbackKey('coach'))).toEqual({ good: 1, bad: 0 });
  });

  it('the DM outside the panel works as before: no thumbs, no status', async () => {
    const { slack, send, idle } = await setup();
    await send(eventBody(message({ channel: 'D0PLAIN', user: 'U0LEO', ts: '1700002200.000100', text: "let's work on our customer relationships", channel_type: 'im' })));
    await idle();
    expect(slack.of('chat.postMessage').length).toBeGreaterThan(0);
    expect(slack.calls.some((c) => c.method.startsWith('assistant.'))).toBe(false);
    expect(JSON.stringify(slack.calls)).not.toContain('feedback_buttons');
  });
});

describe('thumbs on findings', () => {
  const card: CardReply = {
    kind: 'card',
    title: 'Your Customer Relationships block',
    sections: [{ heading: 'Small agencies', lines: ['dedicated person'], notes: [{ severity: 'warning', text: 'the account manager costs $300 of $400', code: 'thin_margin' }] }],
  };
  const actionIds = (feedback: boolean) =>
    renderReplies([card], undefined, { feedback })
      .flatMap((o) => (o.kind === 'blocks' ? o.blocks : []))
      .filter((b) => b.type === 'context_actions')
      .flatMap((b) => (b.elements as { action_id: string }[]).map((e) => e.action_id));
  it('each finding gets its own thumbs, named by its code, in the assistant panel only', () => {
    expect(actionIds(true)).toEqual(['rapport:feedback:thin_margin']);
    expect(actionIds(false)).toEqual([]);
  });
});

describe('manifest variant', () => {
  it('--assistant adds the side panel, its prompts, the scope and the event; the plain manifest has none', () => {
    const plain = slackManifest({ assistant: false });
    const ai = slackManifest({ assistant: true });
    expect(plain.features.assistant_view).toBeUndefined();
    expect(plain.oauth_config.scopes.bot).not.toContain('assistant:write');
    expect(ai.features.assistant_view).toMatchObject({ suggested_prompts: SUGGESTED_PROMPTS });
    expect(ai.oauth_config.scopes.bot).toContain('assistant:write');
    expect(ai.settings.event_subscriptions.bot_events).toContain('assistant_thread_started');
    expect(ai.settings.event_subscriptions.bot_events).toContain('message.im');
    // Everything the plain app asks for stays.
    for (const s of plain.oauth_config.scopes.bot) expect(ai.oauth_config.scopes.bot).toContain(s);
  });
});
