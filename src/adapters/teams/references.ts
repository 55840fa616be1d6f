import type { ChannelAddress, KeyValueStore } from '../../core/ports.ts';
import type { ConversationKey } from '../../core/turn.ts';
import { conversationTypeOf, isObj, NO_TENANT, tenantOf } from './parse.ts';
import { splitConversationId, teamsConversationId } from './thread-key.ts';

// Conversation references in the shared store, so any process can post proactively
// (replies after the HTTP answer, check-ins, cohort views). Keyed by tenant:
//   teams-ref:<tenant>:<conversation id>   (the chain's id, with ";messageid=")
//   teams-ref:<tenant>:<channel or chat id> (the channel itself, for new posts)
// Plain JSON, shaped like Bot Framework's ConversationReference but owned here.

export const REF_PREFIX = 'teams-ref:';

export interface StoredReference {
  channelId: string;
  serviceUrl: string;
  conversation: { id: string; tenantId?: string; conversationType?: string; isGroup?: boolean };
  bot: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
  /** Set for channels: what createConversation needs to start a new post. */
  teamsChannelId?: string;
  /** Set for channels: the team, so removing the bot from it drops every channel's reference. */
  teamId?: string;
  savedAt: string;
}

const refKey = (tenant: string, conversationId: string) => `${REF_PREFIX}${encodeURIComponent(tenant)}:${conversationId}`;

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The reference of an inbound activity, for its own conversation id. */
export function referenceOf(a: Obj, now = new Date()): StoredReference | null {
  const conversation = isObj(a.conversation) ? a.conversation : {};
  const recipient = isObj(a.recipient) ? a.recipient : {};
  const from = isObj(a.from) ? a.from : {};
  const channelData = isObj(a.channelData) ? a.channelData : {};
  const id = str(conversation.id);
  const serviceUrl = str(a.serviceUrl);
  const botId = str(recipient.id);
  if (!id || !serviceUrl || !botId) return null;
  const tenant = tenantOf(a);
  const channel = isObj(channelData.channel) ? str(channelData.channel.id) : undefined;
  const team = isObj(channelData.team) ? str(channelData.team.id) : undefined;
  const type = conversationTypeOf(a);
  return {
    channelId: str(a.channelId) ?? 'msteams',
    serviceUrl,
    conversation: {
      id,
      ...(tenant !== NO_TENANT ? { tenantId: tenant } : {}),
      // Inferred when the client left it out, so a channel is never mistaken for a chat.
      conversationType: type,
      ...(typeof conversation.isGroup === 'boolean' ? { isGroup: conversation.isGroup } : {}),
    },
    bot: { id: botId, ...(str(recipient.name) ? { name: str(recipient.name) } : {}) },
    ...(str(from.id) ? { user: { id: str(from.id)!, ...(str(from.name) ? { name: str(from.name) } : {}), ...(str(from.aadObjectId) ? { aadObjectId: str(from.aadObjectId) } : {}) } } : {}),
    ...(channel ? { teamsChannelId: channel } : {}),
    ...(team && type === 'channel' ? { teamId: team } : {}),
    savedAt: now.toISOString(),
  };
}

export interface ReferenceStore {
  /** Saves the reference under its own conversation and under the bare channel/chat. */
  save(tenant: string, ref: StoredReference): Promise<void>;
  /** Also saves it under a chain that its conversation id does not name (a root post seen without ";messageid="). */
  saveForKey(key: ConversationKey, ref: StoredReference): Promise<void>;
  forKey(key: ConversationKey): Promise<StoredReference | undefined>;
  forChannel(address: ChannelAddress): Promise<StoredReference | undefined>;
  /** Every stored conversation id of a tenant. */
  list(tenant: string): Promise<string[]>;
  /**
   * Drops every reference to a conversation the bot was removed from: its chains, and for
   * a team every channel saved with that team. Returns how many were dropped.
   */
  drop(tenant: string, gone: { conversationId: string; teamId?: string }): Promise<number>;
}

export function createReferenceStore(kv: KeyValueStore): ReferenceStore {
  const withId = (ref: StoredReference, id: string): StoredReference => ({ ...ref, conversation: { ...ref.conversation, id } });
  async function list(tenant: string): Promise<string[]> {
    const prefix = `${REF_PREFIX}${encodeURIComponent(tenant)}:`;
    return (await kv.keys(prefix)).map((k) => k.slice(prefix.length));
  }
  return {
    async save(tenant, ref) {
      const { base } = splitConversationId(ref.conversation.id);
      await kv.set(refKey(tenant, ref.conversation.id), ref);
      if (base !== ref.conversation.id) await kv.set(refKey(tenant, base), withId(ref, base));
    },
    async saveForKey(key, ref) {
      await kv.set(refKey(key.workspace, teamsConversationId(key)), withId(ref, teamsConversationId(key)));
    },
    async forKey(key) {
      const id = teamsConversationId(key);
      const exact = await kv.get<StoredReference>(refKey(key.workspace, id));
      if (exact) return exact;
      // A chain nobody has written in yet (a post the bot started): derive it from the channel.
      const channel = await kv.get<StoredReference>(refKey(key.workspace, key.channel));
      return channel ? withId(channel, id) : undefined;
    },
    forChannel(address) {
      return kv.get<StoredReference>(refKey(address.workspace, address.channel));
    },
    list,
    async drop(tenant, gone) {
      const base = splitConversationId(gone.conversationId).base;
      // In Teams the team id is also its General channel's id, so it counts as a base too.
      const bases = new Set([base, ...(gone.teamId ? [gone.teamId] : [])].filter(Boolean));
      let dropped = 0;
      for (const id of await list(tenant)) {
        const key = refKey(tenant, id);
        const ref = await kv.get<StoredReference>(key);
        const ofTeam = gone.teamId !== undefined && ref?.teamId === gone.teamId;
        if (!bases.has(splitConversationId(id).base) && !ofTeam) continue;
        await kv.delete(key);
        dropped++;
      }
      return dropped;
    },
  };
}
