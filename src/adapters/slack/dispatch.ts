import type { Engine } from '../../core/module.ts';
import { STORE_DOWN_TEXT, TURN_FAILED_TEXT } from '../../core/storage-words.ts';
import type { ChannelAddress, KeyValueStore, Messenger } from '../../core/ports.ts';
import { text, type Reply } from '../../core/reply.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { conversationId, type ConversationKey, type Turn } from '../../core/turn.ts';
import type { Logger } from '../../log.ts';
import { CLAIM_TTL_MS, createDedupe, type Claim } from './dedupe.ts';
import { createOutbox } from './outbox.ts';
import { isAssistantThread, recordSlackFeedback, startAssistantThread, THINKING_STATUS, titleThread } from './assistant.ts';
import { publishHome, type NextCheckIn } from './home.ts';
import type { CommandInbound, Inbound, TurnInbound } from './parse.ts';
import type { Block } from './render/blocks.ts';
import { renderReplies } from './render/messages.ts';
import { escapeSlack } from './render/mrkdwn.ts';
import { deliverOutgoing, THINKING, type SlackWeb } from './send.ts';
import { deliver } from './stream.ts';
import { slackKey, threadTsOf } from './thread-key.ts';
import { StoreUnavailableError, type OnceGuard } from '../../core/ports.ts';

// What happens after the ack: claim the message once, run the turn through the engine
// with a "thinking…" placeholder if it takes a while, and post the replies in the thread.

export interface DispatchDeps {
  engine: Engine;
  web: SlackWeb;
  /** Multi-workspace: runs a taken-over message as its workspace (the token is chosen per team). */
  asWorkspace?: (key: ConversationKey, fn: () => Promise<void>) => Promise<void>;
  kv: KeyValueStore;
  once: OnceGuard;
  log: Logger;
  /** Show "thinking…" when the engine has not answered within this time. */
  thinkingAfterMs: number;
  nextCheckIn?: NextCheckIn;
  /** How long a fresh thread message waits for its opening mention (default 2 s). */
  holdForRootMs?: number;
  /** Lifetime of the channel's "latest design thread" note; default LATEST_TTL_MS. */
  latestTtlMs?: number;
}

/** The design thread `/rapport <command>` acts on: the channel's latest one. */
export const latestThreadKey = (team: string, channel: string) => `slack:latest:${team}:${channel}`;
/** It lives as long as a session does by default (RAPPORT_SESSION_TTL_DAYS, 30). */
export const LATEST_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const STORE_DOWN = text(STORE_DOWN_TEXT, 'error');
const SORRY = text(TURN_FAILED_TEXT, 'error');

export function createDispatcher(deps: DispatchDeps) {
  const { engine, web, kv, log } = deps;
  const dedupe = createDedupe(deps.once, kv);
  /** Where a "thinking…" placeholder is noted, so a replica taking the message over replaces it. */
  const thinkingKey = (claimKey: string) => `slack:thinking:${claimKey}`;
  const outbox = createOutbox();
  /** Everything said in one conversation goes out through its queue, in order. */
  const send = (key: ConversationKey, replies: Reply[], opts?: Parameters<typeof deliver>[3]) =>
    outbox.run(conversationId(key), () => deliver(web, key, replies, opts));

  async function runTurn(turn: Turn, opts: { broadcastFirst?: boolean; replyIn?: string; pressed?: TurnInbound['pressed']; assistant?: boolean; claimKey?: string; takeover?: boolean } = {}): Promise<void> {
    // A DM thread belongs to the DM's conversation; its replies still go into the thread.
    const postKey = opts.replyIn ? { ...turn.key, thread: opts.replyIn } : turn.key;
    const threadTs = threadTsOf(postKey);
    const queue = conversationId(turn.key);
    const claimKey = opts.claimKey;
    // A placeholder left by a replica that died mid-turn is replaced by this reply.
    const orphan = claimKey ? await kv.get<string>(thinkingKey(claimKey)).catch(() => undefined) : undefined;
    let thinking: Promise<string | undefined> | undefined = orphan ? Promise.resolve(orphan) : undefined;
    const showThinking = () => {
      // In Slack's assistant panel the thread shows "is thinking…" itself; no placeholder.
      if (opts.assistant && threadTs) {
        web.assistant.setStatus(turn.key.channel, threadTs, THINKING_STATUS).catch((err: unknown) => log.warn('could not set the assistant status', { err }));
        return;
      }
      thinking ??= outbox
        .run(queue, () => web.post(turn.key.channel, threadTs, THINKING))
        .then((ts) => {
          if (claimKey) void kv.set(thinkingKey(claimKey), ts, CLAIM_TTL_MS).catch(() => undefined);
          return ts;
        })
        .catch((err: unknown) => {
          log.warn('could not post the thinking message', { err });
          return undefined;
        });
    };
    const timer = setTimeout(showThinking, deps.thinkingAfterMs);
    let replies: Reply[];
    try {
      // Slack streams text only into threads of a DM (the assistant panel is one).
      const streams = Boolean(threadTs) && turn.key.channel.startsWith('D');
      // A dead replica's message (taken over, or its "thinking…" left behind): if it was stored, the engine says so.
      const takenOver = opts.takeover || orphan !== undefined;
      replies = await engine.handle({ ...turn, ...(streams ? { streams } : {}), ...(takenOver ? { takenOver } : {}) });
    } catch (err) {
      log.error('engine failed on a slack turn', { conversation: conversationId(turn.key), err });
      replies = [SORRY];
    } finally {
      clearTimeout(timer);
    }
    // Queued now, in the order the engine answered, before anything else is awaited.
    await outbox.run(queue, async () => {
      if (opts.pressed) {
        // A refused press is said on the pressed card itself; a taken one retires its buttons.
        const refused = replies.find((r) => r.kind === 'text' && r.refused);
        await retireButtons(opts.pressed, turn.author.id, refused?.kind === 'text' ? refused.text : undefined);
        if (refused) replies = replies.filter((r) => r !== refused);
      }
      const thinkingTs = thinking ? await thinking : undefined;
      await deliver(web, postKey, replies, { thinkingTs, broadcastFirst: opts.broadcastFirst, feedback: opts.assistant });
    });
    if (opts.assistant) await titleThread({ web, kv, log }, turn.key);
  }

  /** A thread reply that beat its opening mention here waits briefly for that session. */
  async function hasSession(inbound: TurnInbound): Promise<boolean> {
    if (await engine.isActive(inbound.turn.key)) return true;
    if (!inbound.fresh) return false;
    const until = Date.now() + (deps.holdForRootMs ?? 2000);
    while (Date.now() < until) {
      await sleep(200);
      if (await engine.isActive(inbound.turn.key)) return true;
    }
    return false;
  }

  /** Swaps the clicked message's buttons for a line saying who chose what. */
  async function retireButtons(pressed: NonNullable<TurnInbound['pressed']>, user: string, refused?: string): Promise<void> {
    const kept = pressed.blocks.filter((b) => (b as Block).type !== 'actions') as Block[];
    const note = refused ? `ℹ️ ${escapeSlack(refused)}` : `✓ <@${user}> chose *${escapeSlack(pressed.label)}*`;
    kept.push({ type: 'context', elements: [{ type: 'mrkdwn', text: note }] });
    try {
      await web.update(pressed.channel, pressed.ts, { text: refused ? escapeSlack(refused) : `${escapeSlack(pressed.label)} chosen`, blocks: kept });
    } catch (err) {
      log.warn('could not update the clicked message', { err });
    }
  }

  async function onTurn(inbound: TurnInbound): Promise<void> {
    let { turn } = inbound;
    // A thread of Slack's assistant panel is a design of its own, not the DM's.
    const assistant = inbound.replyIn !== undefined && (await isAssistantThread(kv, turn.key.workspace, turn.key.channel, inbound.replyIn));
    if (assistant) {
      turn = { ...turn, key: { ...turn.key, thread: inbound.replyIn! } };
      inbound = { ...inbound, turn, replyIn: undefined };
    }
    let claim: Claim | null;
    try {
      if (inbound.when === 'if-session' && !(await hasSession(inbound))) return;
      claim = await dedupe.start(inbound.claimKey, { inbound, assistant });
    } catch (err) {
      // Acked already, so Slack will not retry: whoever wrote hears why there is no answer,
      // thread messages too (without storage there is no telling whether the thread is ours).
      if (!(err instanceof StoreUnavailableError)) throw err;
      log.error('store unavailable for a slack turn', { conversation: conversationId(turn.key), err });
      await send(inbound.replyIn ? { ...turn.key, thread: inbound.replyIn } : turn.key, [STORE_DOWN]);
      return;
    }
    if (!claim) {
      log.debug('slack message already handled', { claim: inbound.claimKey });
      return;
    }
    await runClaimed(inbound, assistant, claim);
  }

  /** Runs a claimed message and marks it done, even when posting failed (no endless retakes). */
  async function runClaimed(inbound: TurnInbound, assistant: boolean, claim: Claim, takeover = false): Promise<void> {
    try {
      await runInbound(inbound, assistant, takeover);
    } finally {
      await claim.done().catch((err: unknown) => log.warn('could not mark a slack message done', { claim: inbound.claimKey, err }));
    }
  }

  /** Takes over messages whose claim lapsed (the replica holding them died after the ack); reads the index, not the keyspace. */
  function sweep(): Promise<number> {
    return dedupe.sweep(async ({ claimKey, record, claim }) => {
      const inbound = { ...record.inbound, turn: { ...record.inbound.turn, receivedAt: new Date(record.inbound.turn.receivedAt) } };
      log.info('taking over a slack message whose replica stopped', { claim: claimKey });
      const run = () => runClaimed(inbound, record.assistant, claim, true);
      await (deps.asWorkspace ? deps.asWorkspace(inbound.turn.key, run) : run());
    });
  }

  async function runInbound(inbound: TurnInbound, assistant: boolean, takeover: boolean): Promise<void> {
    const { turn } = inbound;
    const claimKey = inbound.claimKey;
    if (inbound.pressed) {
      // The card is retired once the engine has said whether the press was taken.
      await runTurn(turn, { replyIn: inbound.replyIn, pressed: inbound.pressed, assistant, claimKey, takeover });
      return;
    } else if (threadTsOf(turn.key) && !turn.key.channel.startsWith('D')) {
      // Only a convenience for `/rapport summary`: failing to note it must not cost the turn.
      await kv.set(latestThreadKey(turn.key.workspace, turn.key.channel), turn.key.thread, deps.latestTtlMs ?? LATEST_TTL_MS).catch((err: unknown) => {
        log.warn('could not note the latest design thread', { err });
      });
    }
    await runTurn(turn, { replyIn: inbound.replyIn, assistant, claimKey, takeover });
  }

  async function startRoot(cmd: CommandInbound, intro: string): Promise<string> {
    const ts = await web.post(cmd.channel, undefined, {
      text: intro,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: intro } }],
    });
    await kv.set(latestThreadKey(cmd.team, cmd.channel), ts, deps.latestTtlMs ?? LATEST_TTL_MS);
    return ts;
  }

  async function onCommand(cmd: CommandInbound): Promise<void> {
    if (!(await dedupe.first(`slack:cmd:${cmd.triggerId}`))) return;
    const intro = `*Customer Relationships design*, started by <@${cmd.user}>. Answer in this thread; anyone here can.`;
    const author = cmd.userName ? { id: cmd.user, name: cmd.userName } : { id: cmd.user };
    const turnIn = (thread: string, said: string): Turn => ({
      key: slackKey(cmd.team, cmd.channel, thread, cmd.enterprise),
      author,
      text: said,
      messageId: `cmd:${cmd.triggerId}`,
      receivedAt: new Date(),
    });
    try {
      if (cmd.text === '' || /^(start|new)$/i.test(cmd.text)) {
        const ts = await startRoot(cmd, intro);
        await runTurn(turnIn(ts, ''));
        return;
      }
      // A command acts on the channel's current design; with none yet, one is started.
      const latest = await kv.get<string>(latestThreadKey(cmd.team, cmd.channel));
      const thread = latest ?? (await startRoot(cmd, intro));
      await runTurn(turnIn(thread, cmd.text), { broadcastFirst: latest !== undefined });
    } catch (err) {
      log.warn('slash command failed', { err });
      await tellUser(cmd, (err as { data?: { error?: string } })?.data?.error);
    }
  }

  /** An ephemeral word through the command's response_url, e.g. when the bot is not invited. */
  async function tellUser(cmd: CommandInbound, error: string | undefined): Promise<void> {
    if (!cmd.responseUrl) return;
    const said =
      error === 'not_in_channel' || error === 'channel_not_found'
        ? 'I am not in this channel yet. Invite me with `/invite @Rapport`, then try again.'
        : 'Something went wrong on my side. Please try again.';
    try {
      await fetch(cmd.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', text: said }),
      });
    } catch (err) {
      log.warn('could not answer the slash command', { err });
    }
  }

  async function dispatch(inbound: Inbound): Promise<void> {
    switch (inbound.kind) {
      case 'turn':
        return onTurn(inbound);
      case 'command':
        return onCommand(inbound);
      case 'home':
        return publishHome({ web, kv, team: inbound.team, user: inbound.user, nextCheckIn: deps.nextCheckIn, log });
      case 'assistant-started':
        return startAssistantThread({ web, kv, log }, inbound);
      case 'feedback':
        if (await dedupe.first(inbound.claimKey)) await recordSlackFeedback({ kv, log }, inbound);
        return;
      default:
        return;
    }
  }

  const messenger: Messenger = {
    async startThread(channel: ChannelAddress, replies: Reply[]) {
      const outgoing = renderReplies(replies);
      const head = outgoing[0]?.kind === 'blocks' ? outgoing.shift() : undefined;
      const rootMsg = head?.kind === 'blocks' ? head : { text: 'Rapport', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Rapport*' } }] };
      const ts = await web.post(channel.channel, undefined, rootMsg);
      const key = slackKey(channel.workspace, channel.channel, ts, channel.enterprise);
      await deliverOutgoing(web, key, outgoing);
      return key;
    },
    async post(key, replies) {
      await send(key, replies);
    },
  };

  return { dispatch, messenger, sweep, indexUnlisted: () => dedupe.indexUnlisted() };
}
