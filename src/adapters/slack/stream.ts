import type { Reply, TextReply } from '../../core/reply.ts';
import type { ConversationKey } from '../../core/turn.ts';
import { renderReplies } from './render/messages.ts';
import { deliverOutgoing, type SlackWeb } from './send.ts';
import { threadTsOf } from './thread-key.ts';

// A coach answer shown as it is written: chat.startStream with the first text, appendStream
// with the rest, stopStream at the end. The checked final text replaces the streamed one
// when they differ (tags stripped, words capped) and the offline answer replaces it when
// the model failed. No thread, no streaming methods, or a refused start: one normal message.

/** Characters gathered before the next Slack call; fewer calls, no rate limit. */
const FLUSH_CHARS = 60;

/** Model text must not ping anyone: break Slack's <!here>, <@U…>, <#C…> and <!subteam^…> forms. */
export const noPings = (text: string) => text.replace(/<([!@#])/g, '<\u200b$1');

export async function deliverStreamed(web: SlackWeb, key: ConversationKey, reply: TextReply, opts: { feedback?: boolean } = {}): Promise<void> {
  const stream = reply.stream;
  const rendered = (text: string | null) =>
    renderReplies([{ ...reply, stream: undefined, text: text ?? reply.text, ai: text !== null }], undefined, { feedback: opts.feedback });
  const threadTs = threadTsOf(key);
  if (!stream) return deliverOutgoing(web, key, rendered(reply.text));
  const api = web.stream;
  let ts: string | undefined;
  let broken = !api || !threadTs;
  let shown = '';
  let pending = '';
  let inFlight: Promise<void> | null = null;

  const flush = (last: boolean): Promise<void> => {
    // A trailing "<" waits for the next delta, so a ping cannot be split across two calls.
    const cut = last || !pending.endsWith('<') ? pending.length : pending.length - 1;
    const piece = pending.slice(0, cut);
    if (!piece || broken || !api || !threadTs) return Promise.resolve();
    pending = pending.slice(cut);
    const sent = ts ? api.append(key.channel, ts, noPings(piece)) : api.start(key.channel, threadTs, noPings(piece)).then((at) => void (ts = at));
    return sent.then(
      () => void (shown += piece),
      () => void (broken = true), // not_allowed, unknown_method, a channel: finish as one message
    );
  };

  for await (const delta of stream.deltas) {
    pending += delta;
    // Deltas keep arriving while a call is out; they go in the next one.
    if (!inFlight && pending.length >= FLUSH_CHARS) inFlight = flush(false).finally(() => (inFlight = null));
  }
  await inFlight;
  await flush(true);
  const final = await stream.final;
  if (!ts) return deliverOutgoing(web, key, rendered(final));
  const [first] = rendered(final);
  const message = first && first.kind !== 'file' ? first : null;
  const same = !broken && final !== null && final === shown.trim();
  // The rating buttons (assistant panel) go under the streamed text.
  const extras = same && message ? message.blocks.filter((b) => b.type === 'context_actions') : [];
  await api!.stop(key.channel, ts, extras).catch(() => undefined);
  // Otherwise the checked text (or the offline answer) replaces what was streamed.
  if (!same && message) await web.update(key.channel, ts, message);
}

/**
 * Posts replies into a conversation in order. When a "thinking…" message is showing, the
 * first message replaces it in place; if there is nothing to show in its place, it goes.
 */
export async function deliver(
  web: SlackWeb,
  key: ConversationKey,
  replies: Reply[],
  opts: { thinkingTs?: string; broadcastFirst?: boolean; feedback?: boolean } = {},
): Promise<void> {
  const at = replies.findIndex((r) => r.kind === 'text' && r.stream);
  if (at < 0) return deliverOutgoing(web, key, renderReplies(replies, undefined, { feedback: opts.feedback }), opts);
  // A streamed coach answer: what comes before it, the answer as it is written, then the rest.
  const before = replies.slice(0, at);
  if (before.length) await deliverOutgoing(web, key, renderReplies(before, undefined, { feedback: opts.feedback }), opts);
  else if (opts.thinkingTs) await web.remove(key.channel, opts.thinkingTs);
  await deliverStreamed(web, key, replies[at] as TextReply, { feedback: opts.feedback });
  const after = replies.slice(at + 1);
  if (after.length) await deliver(web, key, after, { feedback: opts.feedback });
}
