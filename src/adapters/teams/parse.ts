import type { Turn } from '../../core/turn.ts';
import { readSubmit } from './submit.ts';
import { CHAT_THREAD, splitConversationId, teamsKey } from './thread-key.ts';

// A Bot Framework activity (plain JSON) → what the adapter does with it. Nothing here
// talks to the network or the store, so every rule is a plain function of the payload.

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export const NO_TENANT = 'no-tenant';

export interface TurnInbound {
  kind: 'turn';
  turn: Turn;
  /** A chain reply or chat message without a mention only counts in a running session. */
  when: 'always' | 'if-session';
  /** An adaptiveCard/action invoke: the HTTP answer must carry an invoke response. */
  invoke: boolean;
  /** Set for a card submit: the card message to retire, and what was chosen. */
  submitted?: { cardActivityId?: string; question: string; label: string };
}

export interface BadSubmitInbound {
  kind: 'bad-submit';
  key: Turn['key'];
  invoke: boolean;
  reason: string;
  /** What to tell the person. */
  message: string;
}

export type Inbound =
  | TurnInbound
  | BadSubmitInbound
  | { kind: 'installed'; tenant: string }
  /** The bot was removed or uninstalled: forget how to reach this conversation (and, for a team, its channels). */
  | { kind: 'removed'; tenant: string; conversationId: string; teamId?: string }
  | TeamsFeedback
  | { kind: 'ignore'; reason: string; invoke: boolean };

/** A thumbs press on a message sent with feedbackLoopEnabled (a coach answer). */
export interface TeamsFeedback {
  kind: 'feedback';
  tenant: string;
  /** The rated message, to claim the press once. */
  replyToId: string;
  user: string;
  rating: 'good' | 'bad';
  /** What they typed in Teams' feedback box, if anything. */
  comment?: string;
}

export type Shape = { ok: true; activity: Obj } | { ok: false; reason: string };

/** The minimum every activity needs before the SDK sees it; checked before auth runs. */
export function checkShape(body: unknown): Shape {
  if (!isObj(body)) return { ok: false, reason: 'body is not a JSON object' };
  if (!str(body.type)) return { ok: false, reason: 'activity has no type' };
  const serviceUrl = str(body.serviceUrl);
  if (!serviceUrl || !/^https?:\/\//i.test(serviceUrl)) return { ok: false, reason: 'activity has no http(s) serviceUrl' };
  if (!isObj(body.conversation) || !str(body.conversation.id)) return { ok: false, reason: 'activity has no conversation id' };
  return { ok: true, activity: body };
}

export function tenantOf(a: Obj): string {
  const conversation = isObj(a.conversation) ? a.conversation : {};
  const channelData = isObj(a.channelData) ? a.channelData : {};
  const tenant = isObj(channelData.tenant) ? channelData.tenant : {};
  return str(conversation.tenantId) ?? str(tenant.id) ?? NO_TENANT;
}

/**
 * personal, groupChat or channel. Some clients leave conversationType out: a ";messageid="
 * in the id or a channel in channelData still mean a channel's reply chain, not a group chat.
 */
export function conversationTypeOf(a: Obj): string {
  const conversation = isObj(a.conversation) ? a.conversation : {};
  const given = str(conversation.conversationType);
  if (given) return given;
  const channelData = isObj(a.channelData) ? a.channelData : {};
  const id = str(conversation.id) ?? '';
  if (splitConversationId(id).root || (isObj(channelData.channel) && str(channelData.channel.id))) return 'channel';
  return conversation.isGroup === true ? 'groupChat' : 'personal';
}

/** The card a submit was pressed on: replyToId, or only channelData.legacy.replyToId on some clients. */
export function pressedCardId(a: Obj): string | undefined {
  const channelData = isObj(a.channelData) ? a.channelData : {};
  const legacy = isObj(channelData.legacy) ? channelData.legacy : isObj(a.legacy) ? a.legacy : {};
  return str(a.replyToId) ?? str(legacy.replyToId);
}

const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };

/** Removes the bot's mention (by entity, then any leftover <at> tag of its name); other people's mentions keep their names. */
export function stripMentions(text: string, entities: unknown, botId: string | undefined, botName: string | undefined): { text: string; mentioned: boolean } {
  let out = text;
  let mentioned = false;
  if (Array.isArray(entities)) {
    for (const e of entities) {
      if (!isObj(e) || e.type !== 'mention' || !isObj(e.mentioned)) continue;
      const isBot = botId !== undefined && e.mentioned.id === botId;
      if (!isBot) continue;
      mentioned = true;
      const tagText = str(e.text);
      if (tagText) out = out.split(tagText).join(' ');
    }
  }
  if (botName) {
    const own = new RegExp(`<at>\\s*${botName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*</at>`, 'gi');
    if (own.test(out)) {
      mentioned = true;
      out = out.replace(own, ' ');
    }
  }
  out = out.replace(/<at>(.*?)<\/at>/gi, '$1').replace(/&(nbsp|amp|lt|gt|quot|#39|apos);/g, (m) => ENTITIES[m] ?? m);
  return { text: out.replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim(), mentioned };
}

function classifyFeedback(a: Obj): Inbound {
  const value = isObj(a.value) ? a.value : {};
  const action = isObj(value.actionValue) ? value.actionValue : {};
  const from = isObj(a.from) ? a.from : {};
  const replyToId = str(a.replyToId);
  const user = str(from.aadObjectId) ?? str(from.id);
  const reaction = action.reaction;
  if (value.actionName !== 'feedback' || (reaction !== 'like' && reaction !== 'dislike') || !replyToId || !user) {
    return { kind: 'ignore', reason: 'message/submitAction that is not feedback', invoke: true };
  }
  const comment = feedbackText(action.feedback);
  return { kind: 'feedback', tenant: tenantOf(a), replyToId, user, rating: reaction === 'like' ? 'good' : 'bad', ...(comment ? { comment } : {}) };
}

/** Teams sends the feedback form as a JSON string ({"feedbackText": "…"}), some clients as the object. */
function feedbackText(raw: unknown): string | undefined {
  if (isObj(raw)) return str(raw.feedbackText)?.trim() || undefined;
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isObj(parsed) ? str(parsed.feedbackText)?.trim() || undefined : undefined;
  } catch {
    return raw.trim();
  }
}

export function classify(a: Obj, now = new Date()): Inbound {
  const type = str(a.type);
  const invoke = type === 'invoke';
  if (type === 'conversationUpdate') return classifyUpdate(a);
  if (type === 'installationUpdate') return classifyInstall(a);
  if (type === 'messageUpdate' || type === 'messageDelete') return classifyChange(a, now);
  if (type !== 'message' && !invoke) return { kind: 'ignore', reason: `activity type ${String(type)}`, invoke: false };
  if (invoke && a.name === 'message/submitAction') return classifyFeedback(a);
  if (invoke && a.name !== 'adaptiveCard/action') return { kind: 'ignore', reason: `invoke ${String(a.name)}`, invoke };

  const conversation = isObj(a.conversation) ? a.conversation : {};
  const from = isObj(a.from) ? a.from : {};
  const recipient = isObj(a.recipient) ? a.recipient : {};
  const conversationId = str(conversation.id);
  const fromId = str(from.id);
  if (!conversationId || !fromId) return { kind: 'ignore', reason: 'activity without conversation or sender', invoke };
  if (fromId === str(recipient.id) || from.role === 'bot') return { kind: 'ignore', reason: 'own or bot message', invoke };

  const tenant = tenantOf(a);
  const type_ = conversationTypeOf(a);
  const { base, root } = splitConversationId(conversationId);
  const activityId = str(a.id);
  const author = { id: str(from.aadObjectId) ?? fromId, ...(str(from.name) ? { name: str(from.name) } : {}) };

  // A card submit: Action.Submit is a message with value and no text; Action.Execute an invoke.
  const submitData = invoke ? (isObj(a.value) && isObj(a.value.action) ? a.value.action.data : undefined) : a.value;
  const rawText = typeof a.text === 'string' ? a.text : '';
  const isSubmit = invoke || (submitData !== undefined && submitData !== null && rawText.trim() === '');

  let thread: string;
  let when: TurnInbound['when'] = 'always';
  const { text, mentioned } = isSubmit ? { text: '', mentioned: false } : stripMentions(rawText, a.entities, str(recipient.id), str(recipient.name));
  if (type_ === 'channel') {
    const replyTo = str(a.replyToId);
    // Without ";messageid=" (a root post seen through RSC) the post itself roots the chain.
    thread = root ?? replyTo ?? activityId ?? CHAT_THREAD;
    const isRootPost = !root && !replyTo;
    if (!isSubmit && !mentioned) {
      if (isRootPost || root === activityId) return { kind: 'ignore', reason: 'channel post without a mention', invoke };
      when = 'if-session';
    }
  } else {
    thread = CHAT_THREAD;
    if (type_ === 'groupChat' && !isSubmit && !mentioned) when = 'if-session';
  }
  const key = teamsKey(tenant, base, thread);

  if (isSubmit) {
    const s = readSubmit(submitData);
    if (!s.ok) return { kind: 'bad-submit', key, invoke, reason: s.reason, message: s.message };
    return {
      kind: 'turn',
      turn: { key, author, text: s.text, choice: { value: s.value, ...(s.questionId ? { question: s.questionId } : {}) }, ...(activityId ? { messageId: activityId } : {}), receivedAt: now, shared: type_ !== 'personal' },
      when: 'always',
      invoke,
      submitted: { ...(pressedCardId(a) ? { cardActivityId: pressedCardId(a) } : {}), question: s.question, label: s.text },
    };
  }
  // A bare @Rapport is someone calling the bot: a turn with empty text (greeting or re-ask).
  if (!text && !mentioned) return { kind: 'ignore', reason: 'message without text', invoke };
  return {
    kind: 'turn',
    // Teams streams answers only in 1:1 chats.
    turn: { key, author, text, ...(activityId ? { messageId: activityId } : {}), receivedAt: now, mentioned, shared: type_ !== 'personal', ...(type_ === 'personal' ? { streams: true } : {}) },
    when,
    invoke,
  };
}

/**
 * messageUpdate (channelData.eventType editMessage) and messageDelete (softDeleteMessage):
 * the activity id is the changed message's, so the engine can find what that answer gave.
 */
function classifyChange(a: Obj, now: Date): Inbound {
  const channelData = isObj(a.channelData) ? a.channelData : {};
  const event = str(channelData.eventType);
  const deleted = a.type === 'messageDelete';
  if (event !== (deleted ? 'softDeleteMessage' : 'editMessage')) return { kind: 'ignore', reason: `${String(a.type)} ${event ?? 'without eventType'}`, invoke: false };
  const conversation = isObj(a.conversation) ? a.conversation : {};
  const from = isObj(a.from) ? a.from : {};
  const recipient = isObj(a.recipient) ? a.recipient : {};
  const conversationId = str(conversation.id);
  const activityId = str(a.id);
  const fromId = str(from.id);
  if (!conversationId || !activityId) return { kind: 'ignore', reason: 'edit or delete without conversation or message id', invoke: false };
  if (fromId && (fromId === str(recipient.id) || from.role === 'bot')) return { kind: 'ignore', reason: 'own or bot message changed', invoke: false };
  const type_ = conversationTypeOf(a);
  const { base, root } = splitConversationId(conversationId);
  if (type_ === 'channel' && !root) return { kind: 'ignore', reason: 'edit of a channel post', invoke: false };
  const key = teamsKey(tenantOf(a), base, type_ === 'channel' ? root! : CHAT_THREAD);
  const author = { id: str(from.aadObjectId) ?? fromId ?? 'unknown', ...(str(from.name) ? { name: str(from.name) } : {}) };
  const text = deleted ? '' : stripMentions(typeof a.text === 'string' ? a.text : '', a.entities, str(recipient.id), str(recipient.name)).text;
  if (!deleted && !text) return { kind: 'ignore', reason: 'edit without text', invoke: false };
  return {
    kind: 'turn',
    turn: { key, author, text, messageId: activityId, receivedAt: now, change: deleted ? 'deleted' : 'edited', shared: type_ !== 'personal' },
    when: 'if-session',
    invoke: false,
  };
}

function removal(a: Obj): Inbound {
  const conversation = isObj(a.conversation) ? a.conversation : {};
  const channelData = isObj(a.channelData) ? a.channelData : {};
  const teamId = isObj(channelData.team) ? str(channelData.team.id) : undefined;
  return { kind: 'removed', tenant: tenantOf(a), conversationId: str(conversation.id) ?? '', ...(teamId ? { teamId } : {}) };
}

function classifyUpdate(a: Obj): Inbound {
  const recipient = isObj(a.recipient) ? a.recipient : {};
  const isBot = (m: unknown) => isObj(m) && str(m.id) !== undefined && m.id === recipient.id;
  // The bot removed from a team or chat: Teams sends the bot itself in membersRemoved.
  if (Array.isArray(a.membersRemoved) && a.membersRemoved.some(isBot)) return removal(a);
  if (Array.isArray(a.membersAdded) && a.membersAdded.some(isBot)) return { kind: 'installed', tenant: tenantOf(a) };
  return { kind: 'ignore', reason: 'conversation update', invoke: false };
}

/** installationUpdate: action add / add-upgrade, remove / remove-upgrade. */
function classifyInstall(a: Obj): Inbound {
  const action = (str(a.action) ?? '').toLowerCase();
  if (action.startsWith('remove')) return removal(a);
  if (action.startsWith('add')) return { kind: 'installed', tenant: tenantOf(a) };
  return { kind: 'ignore', reason: `installation update ${action || 'without action'}`, invoke: false };
}
