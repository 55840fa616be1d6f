import type { Reply, TextReply } from '../../core/reply.ts';
import type { ConversationKey } from '../../core/turn.ts';
import { renderReplies, type OutgoingActivity } from './render/activities.ts';
import { toMessageText } from './render/markdown.ts';
import type { TeamsSender } from './send.ts';

// A coach answer shown as it is written, in a 1:1 chat (Teams streams nowhere else): an
// informative update first (its id is the stream's id), then `typing` activities carrying
// the text so far with a rising streamSequence, then the final message with the checked
// text, the AI label and the thumbs. A refused start means one normal message instead.

/** Teams takes about one update a second; deltas in between are batched. */
export const STREAM_EVERY_MS = 1000;
const WORKING_TEXT = 'Writing an answer to your question…';

type StreamInfo = { type: 'streaminfo'; streamType: 'informative' | 'streaming' | 'final'; streamSequence?: number; streamId?: string };

const update = (text: string, info: StreamInfo): OutgoingActivity => ({ type: 'typing', text, entities: [info] });

export async function deliverStreamed(sender: TeamsSender, key: ConversationKey, reply: TextReply, opts: { everyMs?: number } = {}): Promise<void> {
  const stream = reply.stream;
  const finalActivities = (text: string | null) => renderReplies([{ ...reply, stream: undefined, text: text ?? reply.text, ai: text !== null }]);
  if (!stream) return sender.post(key, finalActivities(reply.text));
  const everyMs = opts.everyMs ?? STREAM_EVERY_MS;
  let sequence = 1;
  const streamId = await sender.sendOne(key, update(WORKING_TEXT, { type: 'streaminfo', streamType: 'informative', streamSequence: sequence })).catch(() => undefined);
  let broken = !streamId;
  let written = '';
  let shownLength = 0;
  let lastAt = Date.now();

  const flush = async () => {
    if (broken || written.length === shownLength) return;
    const info: StreamInfo = { type: 'streaminfo', streamType: 'streaming', streamSequence: ++sequence, streamId };
    // Each update carries all the text so far; Teams refuses one that drops earlier text.
    await sender.sendOne(key, update(toMessageText(written), info)).then(
      () => void (shownLength = written.length),
      () => void (broken = true), // the rest of the answer waits for the final message
    );
    lastAt = Date.now();
  };

  for await (const delta of stream.deltas) {
    written += delta;
    if (Date.now() - lastAt >= everyMs) await flush();
  }
  const final = await stream.final;
  const [first, ...rest] = finalActivities(final);
  if (streamId && first) {
    const closing = { ...first, entities: [...(first.entities ?? []), { type: 'streaminfo', streamId, streamType: 'final' }] };
    const ended = await sender.sendOne(key, closing).then(
      () => true,
      () => false,
    );
    if (ended) {
      if (rest.length) await sender.post(key, rest);
      return;
    }
  }
  await sender.post(key, [first, ...rest].filter((a): a is OutgoingActivity => a !== undefined));
}

/** Replies in order; a streamed coach answer among them is shown as it is written. */
export async function postReplies(sender: TeamsSender, key: ConversationKey, replies: Reply[], opts: { everyMs?: number } = {}): Promise<void> {
  const at = replies.findIndex((r) => r.kind === 'text' && r.stream);
  if (at < 0) return sender.post(key, renderReplies(replies));
  await sender.post(key, renderReplies(replies.slice(0, at)));
  await deliverStreamed(sender, key, replies[at] as TextReply, opts);
  await postReplies(sender, key, replies.slice(at + 1), opts);
}
