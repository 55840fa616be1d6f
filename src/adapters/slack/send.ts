import { setTimeout as sleep } from 'node:timers/promises';
import { webApi } from '@slack/bolt';
import type { FileReply } from '../../core/reply.ts';
import type { ConversationKey } from '../../core/turn.ts';
import type { Logger } from '../../log.ts';
import type { Outgoing } from './render/messages.ts';
import type { Block } from './render/blocks.ts';
import { threadTsOf } from './thread-key.ts';

// Slack's Web API, the few calls Rapport makes. The client never retries by itself: a
// timed-out chat.postMessage may still have posted, so blind retries could post twice.
// Only a 429 is retried here, after its Retry-After, because Slack did nothing with it.

export const DEFAULT_API_URL = 'https://slack.com/api/';
const MAX_RATE_LIMIT_RETRIES = 5;
const MAX_WAIT_SECONDS = 60;

export interface BlockMessage {
  text: string;
  blocks: Block[];
}

export interface SlackWeb {
  post(channel: string, threadTs: string | undefined, msg: BlockMessage, opts?: { broadcast?: boolean }): Promise<string>;
  update(channel: string, ts: string, msg: BlockMessage): Promise<void>;
  remove(channel: string, ts: string): Promise<void>;
  upload(channel: string, threadTs: string | undefined, file: FileReply): Promise<void>;
  publishHome(user: string, blocks: Block[]): Promise<void>;
  /** Conversation ids the user is a member of, as far as the bot can see. */
  memberOf(user: string): Promise<Set<string>>;
  /** Text streaming (chat.startStream → appendStream → stopStream); start returns the message ts. */
  stream?: {
    start(channel: string, threadTs: string, markdown: string): Promise<string>;
    append(channel: string, ts: string, markdown: string): Promise<void>;
    /** blocks: added under the streamed text (the rating buttons). */
    stop(channel: string, ts: string, blocks?: Block[]): Promise<void>;
  };
  /** Slack's AI-app surface (assistant threads): only called in threads that exist there. */
  assistant: {
    setStatus(channel: string, threadTs: string, status: string): Promise<void>;
    setPrompts(channel: string, threadTs: string, prompts: { title: string; message: string }[]): Promise<void>;
    setTitle(channel: string, threadTs: string, title: string): Promise<void>;
  };
}

export function apiUrl(base: string | undefined): string {
  const url = base ?? DEFAULT_API_URL;
  return url.endsWith('/') ? url : `${url}/`;
}

type Coded = { code?: string; retryAfter?: number };

/** Runs a Web API call, waiting out each 429 for as long as Slack asks. */
export async function withRateLimit<T>(call: () => Promise<T>, log: Logger, what: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const e = err as Coded;
      if (e?.code !== webApi.ErrorCode.RateLimitedError || attempt >= MAX_RATE_LIMIT_RETRIES) throw err;
      const wait = Math.min(Math.max(e.retryAfter ?? 1, 0), MAX_WAIT_SECONDS);
      log.warn('slack rate limited; waiting', { call: what, seconds: wait });
      await sleep(wait * 1000);
    }
  }
}

export function createSlackWeb(opts: { token: string; apiUrl?: string; log: Logger }): SlackWeb {
  const { log } = opts;
  const client = new webApi.WebClient(opts.token, {
    slackApiUrl: apiUrl(opts.apiUrl),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 30_000,
    logLevel: webApi.LogLevel.ERROR,
  });
  const call = <T>(what: string, fn: () => Promise<T>) => withRateLimit(fn, log, what);

  return {
    async post(channel, threadTs, msg, o = {}) {
      const res = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel,
          text: msg.text,
          blocks: msg.blocks as never,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          ...(threadTs && o.broadcast ? { reply_broadcast: true } : {}),
          unfurl_links: false,
          unfurl_media: false,
        } as webApi.ChatPostMessageArguments),
      );
      if (!res.ts) throw new Error('chat.postMessage returned no ts');
      return res.ts;
    },
    async update(channel, ts, msg) {
      await call('chat.update', () => client.chat.update({ channel, ts, text: msg.text, blocks: msg.blocks as never }));
    },
    async remove(channel, ts) {
      await call('chat.delete', () => client.chat.delete({ channel, ts }));
    },
    async upload(channel, threadTs, file) {
      const content = file.encoding === 'base64' ? Buffer.from(file.content, 'base64') : Buffer.from(file.content, 'utf8');
      await call('files.uploadV2', () =>
        client.filesUploadV2({
          channel_id: channel,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          file: content,
          filename: file.filename,
          title: file.title,
          ...(file.alt ? { alt_text: file.alt.slice(0, 1000) } : {}),
        } as never),
      );
    },
    stream: {
      async start(channel, threadTs, markdown) {
        const res = await call('chat.startStream', () => client.chat.startStream({ channel, thread_ts: threadTs, markdown_text: markdown }));
        if (!res.ts) throw new Error('chat.startStream returned no ts');
        return res.ts;
      },
      async append(channel, ts, markdown) {
        await call('chat.appendStream', () => client.chat.appendStream({ channel, ts, markdown_text: markdown }));
      },
      async stop(channel, ts, blocks) {
        await call('chat.stopStream', () => client.chat.stopStream({ channel, ts, ...(blocks?.length ? { blocks: blocks as never } : {}) }));
      },
    },
    async publishHome(user, blocks) {
      await call('views.publish', () => client.views.publish({ user_id: user, view: { type: 'home', blocks: blocks as never } }));
    },
    assistant: {
      async setStatus(channel, threadTs, status) {
        await call('assistant.threads.setStatus', () => client.assistant.threads.setStatus({ channel_id: channel, thread_ts: threadTs, status }));
      },
      async setPrompts(channel, threadTs, prompts) {
        await call('assistant.threads.setSuggestedPrompts', () =>
          client.assistant.threads.setSuggestedPrompts({ channel_id: channel, thread_ts: threadTs, prompts: prompts as never }),
        );
      },
      async setTitle(channel, threadTs, title) {
        await call('assistant.threads.setTitle', () => client.assistant.threads.setTitle({ channel_id: channel, thread_ts: threadTs, title }));
      },
    },
    async memberOf(user) {
      const ids = new Set<string>();
      let cursor: string | undefined;
      // A few pages are plenty for a Home tab; stop rather than page forever.
      for (let page = 0; page < 10; page++) {
        const res = await call('users.conversations', () =>
          client.users.conversations({ user, types: 'public_channel,private_channel,mpim,im', exclude_archived: true, limit: 200, ...(cursor ? { cursor } : {}) }),
        );
        for (const c of res.channels ?? []) if (c.id) ids.add(c.id);
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
      return ids;
    },
  };
}

export const THINKING: BlockMessage = { text: 'thinking…', blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: '_thinking…_' }] }] };

export async function deliverOutgoing(
  web: SlackWeb,
  key: ConversationKey,
  outgoing: Outgoing[],
  opts: { thinkingTs?: string; broadcastFirst?: boolean } = {},
): Promise<void> {
  const threadTs = threadTsOf(key);
  let placeholder = opts.thinkingTs;
  let first = true;
  for (const out of outgoing) {
    if (out.kind === 'file') {
      // Keep the thread in order: the placeholder must not sit above a file it preceded.
      if (placeholder) await web.remove(key.channel, placeholder);
      placeholder = undefined;
      await web.upload(key.channel, threadTs, out.file);
    } else if (placeholder) {
      await web.update(key.channel, placeholder, out);
      placeholder = undefined;
    } else {
      await web.post(key.channel, threadTs, out, { broadcast: first && opts.broadcastFirst });
    }
    first = false;
  }
  if (placeholder) await web.remove(key.channel, placeholder);
}
