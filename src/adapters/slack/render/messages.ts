import { randomBytes } from 'node:crypto';
import type { FileReply, Reply } from '../../../core/reply.ts';
import { fallbackText, replyBlocks, type Block, type RenderOptions } from './blocks.ts';
import { clipEscaped } from './mrkdwn.ts';

// Replies → the messages to send, in order. Consecutive replies share a message while it
// stays inside Slack's limits: 50 blocks, and a total text budget well below the point
// where Slack answers msg_blocks_too_long (seen near 13,000 characters).

export const MAX_BLOCKS = 50;
export const MAX_MESSAGE_CHARS = 11_000;
const FALLBACK_MAX = 3000;

export type Outgoing = { kind: 'blocks'; text: string; blocks: Block[] } | { kind: 'file'; file: FileReply };

const blockChars = (b: Block) => JSON.stringify(b).length;

/** A prefix no other message shares, so block and action ids never repeat across messages. */
const freshPrefix = () => `${randomBytes(4).toString('hex')}r`;

export function renderReplies(replies: Reply[], idPrefix = freshPrefix(), opts: RenderOptions = {}): Outgoing[] {
  const out: Outgoing[] = [];
  let blocks: Block[] = [];
  let chars = 0;
  let fallback: string[] = [];
  const flush = () => {
    if (blocks.length) out.push({ kind: 'blocks', text: clipEscaped(fallback.join('\n'), FALLBACK_MAX) || ' ', blocks });
    blocks = [];
    chars = 0;
    fallback = [];
  };
  replies.forEach((reply, i) => {
    if (reply.kind === 'file') {
      flush();
      out.push({ kind: 'file', file: reply });
      return;
    }
    const group = replyBlocks(reply, `${idPrefix}${i}`, opts);
    const groupChars = group.reduce((n, b) => n + blockChars(b), 0);
    // Start a fresh message rather than split a reply that would fit in one.
    if (blocks.length && (blocks.length + group.length > MAX_BLOCKS || chars + groupChars > MAX_MESSAGE_CHARS)) flush();
    fallback.push(fallbackText(reply));
    for (const block of group) {
      const size = blockChars(block);
      if (blocks.length >= MAX_BLOCKS || (blocks.length && chars + size > MAX_MESSAGE_CHARS)) {
        flush();
        fallback.push(`${fallbackText(reply)} (continued)`);
      }
      blocks.push(block);
      chars += size;
    }
  });
  flush();
  return out;
}
