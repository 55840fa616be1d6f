import type { IncomingHttpHeaders } from 'node:http';
import type { Turn } from '../../core/turn.ts';
import { scopeOf } from './scope.ts';
import { DM_ROOT, messageClaimKey, slackKey } from './thread-key.ts';

// Slack's three payload families (Events API JSON, slash-command forms, interaction
// payloads) → one small union the adapter acts on. Nothing here talks to the network or
// the store, so every filtering rule is a plain function of the payload.

export interface TurnInbound {
  kind: 'turn';
  turn: Turn;
  /** Claimed once (SET NX) so retries and app_mention+message twins give one reply. */
  claimKey: string;
  /** A plain thread message only counts when that thread already has a session. */
  when: 'always' | 'if-session';
  /** Set for a button press: the message whose buttons are retired after the click. */
  pressed?: { channel: string; ts: string; label: string; blocks: unknown[] };
  /** A DM thread: the DM's one conversation, but the replies go into this thread. */
  replyIn?: string;
  /** A thread message sent just after its root: the opening mention may still be on its way. */
  fresh?: boolean;
}

export interface CommandInbound {
  kind: 'command';
  team: string;
  enterprise?: string;
  channel: string;
  user: string;
  userName?: string;
  /** What followed `/rapport`, trimmed; empty means "start a new design thread". */
  text: string;
  triggerId: string;
  responseUrl?: string;
}

export type Inbound =
  | { kind: 'challenge'; challenge: string }
  | TurnInbound
  | CommandInbound
  | { kind: 'home'; team: string; user: string }
  | AssistantStarted
  | FeedbackInbound
  | { kind: 'ignore'; reason: string }
  | { kind: 'invalid'; reason: string };

/** Someone opened Rapport in Slack's AI side panel: a new assistant thread in their DM. */
export interface AssistantStarted {
  kind: 'assistant-started';
  team: string;
  channel: string;
  threadTs: string;
  user: string;
}

/** A thumbs up or down on a finding or a coach answer (Slack's feedback buttons). */
export interface FeedbackInbound {
  kind: 'feedback';
  team: string;
  channel: string;
  user: string;
  /** The finding code, or "coach" for a coach answer. */
  code: string;
  rating: 'good' | 'bad';
  claimKey: string;
}

export const COMMAND = '/rapport';
export const ACTION_PREFIX = 'rapport:';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Decodes an HTTP body by content type; null when it cannot be read. */
export function decodeBody(headers: IncomingHttpHeaders, body: Buffer): Obj | null {
  const type = String(headers['content-type'] ?? '').toLowerCase();
  const raw = body.toString('utf8');
  try {
    if (type.includes('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(raw));
      // Interactions arrive as a form with one field holding the JSON payload.
      if (typeof form.payload === 'string') {
        const payload: unknown = JSON.parse(form.payload);
        return isObj(payload) ? payload : null;
      }
      return form;
    }
    const parsed: unknown = JSON.parse(raw);
    return isObj(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** Slack escapes these three in message text; the engine wants what the person typed. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function stripMention(text: string, botUserId: string | undefined): string {
  const own = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g') : /^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(own, ' ').replace(/\s+/g, ' ').trim();
}

// Subtypes that are still a person talking; every other subtype (edits, deletes, joins,
// bot_message, channel topic…) is ignored.
const PERSON_SUBTYPES = new Set(['thread_broadcast', 'file_share']);

export function classify(body: Obj, nowMs = Date.now()): Inbound {
  if (body.type === 'url_verification') {
    const challenge = str(body.challenge);
    return challenge ? { kind: 'challenge', challenge } : { kind: 'invalid', reason: 'url_verification without challenge' };
  }
  if (body.type === 'event_callback') return classifyEvent(body, nowMs);
  if (body.type === 'block_actions') return classifyAction(body, nowMs);
  if (typeof body.type === 'string' && /^(view_submission|view_closed|shortcut|message_action|block_suggestion|app_rate_limited)$/.test(body.type)) {
    return { kind: 'ignore', reason: `interaction ${body.type}` };
  }
  if (typeof body.command === 'string') return classifyCommand(body);
  // A type Slack added later: 200 and ignore it, or Slack retries it for nothing.
  if (typeof body.type === 'string') return { kind: 'ignore', reason: `unknown payload type ${body.type}` };
  return { kind: 'invalid', reason: 'payload without a type' };
}

function classifyEvent(body: Obj, nowMs: number): Inbound {
  const event = body.event;
  if (!isObj(event)) return { kind: 'invalid', reason: 'event_callback without event' };
  const { team, enterprise } = scopeOf(body);
  if (!team) return { kind: 'invalid', reason: 'event without team' };
  const auth = Array.isArray(body.authorizations) && isObj(body.authorizations[0]) ? body.authorizations[0] : undefined;
  const botUserId = str(auth?.user_id);

  if (event.type === 'app_home_opened') {
    const user = str(event.user);
    return event.tab === 'home' && user ? { kind: 'home', team, user } : { kind: 'ignore', reason: 'app_home_opened, not the home tab' };
  }
  if (event.type === 'assistant_thread_started') {
    const thread = isObj(event.assistant_thread) ? event.assistant_thread : {};
    const channel = str(thread.channel_id);
    const threadTs = str(thread.thread_ts);
    const user = str(thread.user_id);
    return channel && threadTs && user ? { kind: 'assistant-started', team, channel, threadTs, user } : { kind: 'invalid', reason: 'assistant_thread_started without its thread' };
  }
  if (event.type !== 'app_mention' && event.type !== 'message') return { kind: 'ignore', reason: `event ${String(event.type)}` };

  const subtype = str(event.subtype);
  if (subtype === 'message_changed' || subtype === 'message_deleted') return classifyChange(event, team, enterprise, botUserId, nowMs);
  if (subtype && !PERSON_SUBTYPES.has(subtype)) return { kind: 'ignore', reason: `subtype ${subtype}` };
  if (str(event.bot_id) || isObj(event.bot_profile)) return { kind: 'ignore', reason: 'bot message' };
  const user = str(event.user);
  const channel = str(event.channel);
  const ts = str(event.ts);
  if (!user || !channel || !ts) return { kind: 'ignore', reason: 'message without user, channel or ts' };
  if (botUserId && user === botUserId) return { kind: 'ignore', reason: 'own message' };

  const rawText = typeof event.text === 'string' ? event.text : '';
  const threadTs = str(event.thread_ts);
  const isDm = event.channel_type === 'im';
  let thread: string;
  let when: TurnInbound['when'];
  if (event.type === 'app_mention') {
    // A mention at the top level becomes the root of the design thread.
    thread = threadTs ?? ts;
    when = 'always';
  } else if (isDm) {
    // A DM is one conversation with the bot; a thread inside it continues that design.
    thread = DM_ROOT;
    when = 'always';
  } else if (threadTs) {
    thread = threadTs;
    when = 'if-session';
  } else {
    // Top-level channel chatter: only a mention (delivered as app_mention) starts a design.
    return { kind: 'ignore', reason: 'top-level channel message' };
  }
  if (addressesTeammate(rawText, botUserId)) return { kind: 'ignore', reason: 'addressed to a teammate' };
  const turn: Turn = {
    key: slackKey(team, channel, thread, enterprise),
    author: { id: user },
    text: unescapeSlack(stripMention(rawText, botUserId)),
    messageId: `${channel}:${ts}`,
    mentioned: event.type === 'app_mention' || (botUserId !== undefined && rawText.includes(`<@${botUserId}`)),
    shared: !isDm,
    receivedAt: new Date(nowMs),
  };
  const inbound: TurnInbound = { kind: 'turn', turn, claimKey: messageClaimKey(team, channel, ts), when };
  if (isDm && threadTs) inbound.replyIn = threadTs;
  if (when === 'if-session' && threadTs && Number(ts) - Number(threadTs) < FRESH_THREAD_SECONDS) inbound.fresh = true;
  return inbound;
}

/**
 * An answer edited (message_changed: the new message in event.message) or deleted
 * (message_deleted: event.deleted_ts, the old one in previous_message). The turn names the
 * original message, so the engine can find what it gave.
 */
function classifyChange(event: Obj, team: string, enterprise: string | undefined, botUserId: string | undefined, nowMs: number): Inbound {
  const deleted = event.subtype === 'message_deleted';
  const changed = isObj(deleted ? event.previous_message : event.message) ? ((deleted ? event.previous_message : event.message) as Obj) : {};
  const channel = str(event.channel);
  const ts = deleted ? (str(event.deleted_ts) ?? str(changed.ts)) : str(changed.ts);
  const user = str(changed.user);
  const eventTs = str(event.event_ts) ?? str(event.ts);
  if (!channel || !ts || !user || !eventTs) return { kind: 'ignore', reason: 'edit or delete without channel, message or user' };
  if (str(changed.bot_id) || (botUserId && user === botUserId)) return { kind: 'ignore', reason: 'edit of a bot message' };
  const isDm = event.channel_type === 'im';
  const threadTs = str(changed.thread_ts);
  // Only answers given in a thread (or a DM) can have shaped a design.
  if (!isDm && (!threadTs || threadTs === ts)) return { kind: 'ignore', reason: 'edit outside a thread' };
  const rawText = typeof changed.text === 'string' ? changed.text : '';
  // Slack also reports unfurls and other attachments as changes; only new words count.
  const before = isObj(event.previous_message) ? event.previous_message.text : undefined;
  if (!deleted && before === rawText) return { kind: 'ignore', reason: 'change without new text' };
  const turn: Turn = {
    key: slackKey(team, channel, isDm ? DM_ROOT : threadTs!, enterprise),
    author: { id: user },
    text: deleted ? '' : unescapeSlack(stripMention(rawText, botUserId)),
    messageId: `${channel}:${ts}`,
    receivedAt: new Date(nowMs),
    change: deleted ? 'deleted' : 'edited',
    shared: !isDm,
  };
  const inbound: TurnInbound = { kind: 'turn', turn, claimKey: `slack:change:${team}:${channel}:${ts}:${eventTs}`, when: 'if-session' };
  if (isDm && threadTs) inbound.replyIn = threadTs;
  return inbound;
}

/** How long after a thread's root a reply may arrive before the root's own event. */
const FRESH_THREAD_SECONDS = 30;

// "<@U…> can you take this one?", "@jane …", "@here …": the team talking among themselves.
// A message that names the bot anywhere is still for the bot.
const OTHER_MENTION = /^\s*(<@[UW][A-Z0-9]+(\|[^>]*)?>|<!(here|channel|everyone)(\|[^>]*)?>|<!subteam\^[A-Z0-9]+(\|[^>]*)?>|@(?!rapport\b)[\p{L}][\p{L}\p{N}._-]*)/iu;

export function addressesTeammate(rawText: string, botUserId: string | undefined): boolean {
  const lead = OTHER_MENTION.exec(rawText);
  if (!lead) return false;
  if (botUserId && (lead[1] === `<@${botUserId}>` || lead[1]!.startsWith(`<@${botUserId}|`) || rawText.includes(`<@${botUserId}`))) return false;
  // Without our own id, a leading real mention may be the bot itself (how stripMention reads it).
  return !(botUserId === undefined && lead[1]!.startsWith('<@'));
}

function classifyCommand(body: Obj): Inbound {
  const { team, enterprise } = scopeOf(body);
  const channel = str(body.channel_id);
  const user = str(body.user_id);
  const triggerId = str(body.trigger_id);
  if (!team || !channel || !user || !triggerId) return { kind: 'invalid', reason: 'slash command without team, channel, user or trigger' };
  if (body.command !== COMMAND) return { kind: 'ignore', reason: `command ${String(body.command)}` };
  return {
    kind: 'command',
    team,
    ...(enterprise ? { enterprise } : {}),
    channel,
    user,
    userName: str(body.user_name),
    text: unescapeSlack(typeof body.text === 'string' ? body.text : '').trim(),
    triggerId,
    responseUrl: str(body.response_url),
  };
}

const FEEDBACK_PREFIX = `${ACTION_PREFIX}feedback:`;

function classifyFeedback(body: Obj, action: Obj): Inbound {
  const actionId = str(action.action_id) ?? '';
  const { team } = scopeOf(body);
  const user = isObj(body.user) ? str(body.user.id) : undefined;
  const container = isObj(body.container) ? body.container : {};
  const channel = (isObj(body.channel) ? str(body.channel.id) : undefined) ?? str(container.channel_id);
  const value = str(action.value);
  if (!actionId.startsWith(FEEDBACK_PREFIX) || !team || !user || !channel) return { kind: 'invalid', reason: 'feedback without team, user or channel' };
  if (value !== 'good' && value !== 'bad') return { kind: 'ignore', reason: `feedback value ${String(value)}` };
  const code = actionId.slice(FEEDBACK_PREFIX.length);
  const at = str(action.action_ts) ?? str(container.message_ts) ?? '';
  return { kind: 'feedback', team, channel, user, code, rating: value, claimKey: `slack:feedback:${team}:${channel}:${user}:${at}` };
}

interface Picked {
  value: string;
  label: string;
}

/** The value a click carries: a button's own, or the multi-select's state on "Done". */
function pickedValue(action: Obj, state: unknown): Picked | null {
  const actionId = str(action.action_id) ?? '';
  if (action.type === 'button' && actionId.startsWith(`${ACTION_PREFIX}done:`)) {
    const blockId = str(action.value);
    const values = isObj(state) && isObj(state.values) && blockId ? state.values[blockId] : undefined;
    const selected = isObj(values)
      ? Object.values(values).flatMap((v) => (isObj(v) && Array.isArray(v.selected_options) ? v.selected_options : []))
      : [];
    const picked = selected.filter(isObj).map((o) => ({
      value: str(o.value) ?? '',
      label: isObj(o.text) ? (str(o.text.text) ?? '') : '',
    }));
    if (picked.length === 0) return null;
    return { value: picked.map((p) => p.value).join(', '), label: picked.map((p) => p.label).join(', ') };
  }
  if (action.type === 'button') {
    const value = str(action.value);
    const label = isObj(action.text) ? (str(action.text.text) ?? value) : value;
    return value ? { value, label: label ?? value } : null;
  }
  return null;
}

function classifyAction(body: Obj, nowMs: number): Inbound {
  const actions = Array.isArray(body.actions) ? body.actions.filter(isObj) : [];
  const action = actions[0];
  if (!action || !(str(action.action_id) ?? '').startsWith(ACTION_PREFIX)) return { kind: 'ignore', reason: 'foreign action' };
  if (action.type === 'feedback_buttons') return classifyFeedback(body, action);
  // Changing a multi-select only updates Slack's state; the "Done" button sends it.
  if (action.type !== 'button') return { kind: 'ignore', reason: `action ${String(action.type)}` };
  const { team, enterprise } = scopeOf(body);
  const user = isObj(body.user) ? str(body.user.id) : undefined;
  const userName = isObj(body.user) ? (str(body.user.name) ?? str(body.user.username)) : undefined;
  const container = isObj(body.container) ? body.container : {};
  const message = isObj(body.message) ? body.message : {};
  const channel = (isObj(body.channel) ? str(body.channel.id) : undefined) ?? str(container.channel_id);
  const messageTs = str(container.message_ts) ?? str(message.ts);
  const actionTs = str(action.action_ts) ?? messageTs;
  if (!team || !user || !channel || !messageTs || !actionTs) return { kind: 'invalid', reason: 'block_actions without team, user, channel or message' };
  const picked = pickedValue(action, body.state);
  if (!picked) return { kind: 'ignore', reason: 'nothing picked' };
  const question = /:q=([^:]+)$/.exec(str(action.block_id) ?? '')?.[1];
  const threadTs = str(message.thread_ts) ?? str(container.thread_ts);
  const isDm = channel.startsWith('D');
  const thread = isDm ? DM_ROOT : (threadTs ?? messageTs);
  const turn: Turn = {
    key: slackKey(team, channel, thread, enterprise),
    author: userName ? { id: user, name: userName } : { id: user },
    text: picked.value,
    choice: question ? { value: picked.value, question } : { value: picked.value },
    messageId: `${channel}:${actionTs}`,
    receivedAt: new Date(nowMs),
  };
  return {
    kind: 'turn',
    turn,
    claimKey: `slack:action:${team}:${channel}:${messageTs}:${actionTs}`,
    when: 'always',
    pressed: { channel, ts: messageTs, label: picked.label, blocks: Array.isArray(message.blocks) ? message.blocks : [] },
    ...(isDm && threadTs ? { replyIn: threadTs } : {}),
  };
}
