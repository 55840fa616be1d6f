import type { ConversationKey } from '../../core/turn.ts';

// Teams ids in the engine's opaque key: workspace = tenant id, channel = the conversation
// id without its ";messageid=" part, thread = the reply chain's root message id. Chats
// (personal, group, emulator) have no reply chains, so their thread gets a fixed name.

export const CHAT_THREAD = 'chat';
const MESSAGE_ID = /;messageid=([^;]+)/i;

/** "19:abc@thread.tacv2;messageid=123" → { base: "19:abc@thread.tacv2", root: "123" }. */
export function splitConversationId(id: string): { base: string; root?: string } {
  const m = MESSAGE_ID.exec(id);
  if (!m) return { base: id };
  return { base: id.replace(MESSAGE_ID, ''), root: m[1] };
}

export function teamsKey(tenant: string, base: string, thread: string = CHAT_THREAD): ConversationKey {
  return { platform: 'teams', workspace: tenant, channel: base, thread };
}

/** The Bot Framework conversation id that posts into this key's reply chain (or chat). */
export function teamsConversationId(key: Pick<ConversationKey, 'channel' | 'thread'>): string {
  return key.thread === CHAT_THREAD ? key.channel : `${key.channel};messageid=${key.thread}`;
}

/** The key a Bot Framework conversation id belongs to. */
export function keyOfConversation(tenant: string, conversationId: string): ConversationKey {
  const { base, root } = splitConversationId(conversationId);
  return teamsKey(tenant, base, root ?? CHAT_THREAD);
}

/** Dedupe key of one delivered activity; Bot Framework redelivers with the same id. */
export function activityClaimKey(tenant: string, conversationBase: string, activityId: string): string {
  return `teams:activity:${tenant}:${conversationBase}:${activityId}`;
}
