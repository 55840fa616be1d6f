import type { CloudAdapter, ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import type { ChannelAddress } from '../../core/ports.ts';
import type { ConversationKey } from '../../core/turn.ts';
import type { Logger } from '../../log.ts';
import type { ReferenceStore, StoredReference } from './references.ts';
import type { OutgoingActivity } from './render/activities.ts';
import { CHAT_THREAD, keyOfConversation } from './thread-key.ts';

// Proactive delivery through the connector, from a stored reference: replies after the
// HTTP answer, new channel posts (check-ins), and retiring a pressed card.

export interface TeamsSender {
  post(key: ConversationKey, activities: OutgoingActivity[]): Promise<void>;
  /** A new post in the channel (or, for a chat, a message in it); returns the post's key. */
  startThread(address: ChannelAddress, activities: OutgoingActivity[]): Promise<ConversationKey>;
  update(key: ConversationKey, activityId: string, activity: OutgoingActivity): Promise<void>;
  /** One activity into the conversation; returns the id the connector gave it (a stream's id). */
  sendOne(key: ConversationKey, activity: OutgoingActivity): Promise<string | undefined>;
}

export class NoReferenceError extends Error {
  constructor(where: string) {
    super(`no stored Teams conversation reference for ${where}: the bot has to receive a message there first (or be installed there)`);
    this.name = 'NoReferenceError';
  }
}

export function createSender(deps: {
  adapter: CloudAdapter;
  appId: string;
  refs: ReferenceStore;
  log: Logger;
  /** A message with thumbs was sent: remember what it rates (its id is all a press carries). */
  onRated?: (tenant: string, activityId: string, codes: string[]) => Promise<void>;
}): TeamsSender {
  const { adapter, appId, refs } = deps;
  const asReference = (ref: StoredReference) => ref as unknown as Partial<ConversationReference>;

  async function sendAll(context: TurnContext, activities: OutgoingActivity[], tenant: string): Promise<void> {
    // The continuation activity carries a made-up id; without it no replyToId is set and
    // each message goes to the conversation (the reply chain, for a channel post).
    (context.activity as { id?: string }).id = undefined;
    for (const { rated, ...activity } of activities) {
      const sent = await context.sendActivity({ ...activity });
      if (rated?.length && sent?.id && deps.onRated) {
        await deps.onRated(tenant, sent.id, rated).catch((err: unknown) => deps.log.warn('could not remember what a message rates', { err }));
      }
    }
  }

  async function reference(key: ConversationKey): Promise<StoredReference> {
    const ref = await refs.forKey(key);
    if (!ref) throw new NoReferenceError(`conversation ${key.channel} (${key.thread})`);
    return ref;
  }

  async function post(key: ConversationKey, activities: OutgoingActivity[]): Promise<void> {
    if (!activities.length) return;
    const ref = await reference(key);
    await adapter.continueConversationAsync(appId, asReference(ref), (context) => sendAll(context, activities, key.workspace));
  }

  return {
    post,

    async startThread(address, activities) {
      const ref = await refs.forChannel(address);
      if (!ref) throw new NoReferenceError(`channel ${address.channel}`);
      const tenant = address.workspace;
      if (ref.conversation.conversationType !== 'channel') {
        // Chats have no posts to start: the message goes into the chat itself.
        const key = keyOfConversation(tenant, address.channel);
        await adapter.continueConversationAsync(appId, asReference(ref), (context) => sendAll(context, activities, tenant));
        return { ...key, thread: CHAT_THREAD };
      }
      const [first, ...rest] = activities;
      if (!first) throw new Error('startThread needs at least one reply');
      const params = {
        isGroup: true,
        bot: ref.bot,
        tenantId: tenant,
        activity: { ...first, rated: undefined },
        channelData: { channel: { id: ref.teamsChannelId ?? address.channel }, tenant: { id: tenant } },
      } as unknown as ConversationParameters;
      let created: string | undefined;
      await adapter.createConversationAsync(appId, ref.channelId, ref.serviceUrl, undefined as unknown as string, params, async (context) => {
        created = context.activity.conversation?.id;
      });
      if (!created) throw new Error('Teams did not return the new conversation id');
      const key = keyOfConversation(tenant, created);
      await refs.saveForKey(key, { ...ref, savedAt: new Date().toISOString() });
      if (rest.length) await post(key, rest);
      return key;
    },

    async sendOne(key, { rated, ...activity }) {
      const ref = await reference(key);
      let id: string | undefined;
      await adapter.continueConversationAsync(appId, asReference(ref), async (context) => {
        (context.activity as { id?: string }).id = undefined;
        id = (await context.sendActivity({ ...activity }))?.id;
      });
      if (rated?.length && id && deps.onRated) {
        await deps.onRated(key.workspace, id, rated).catch((err: unknown) => deps.log.warn('could not remember what a message rates', { err }));
      }
      return id;
    },

    async update(key, activityId, activity) {
      const ref = await reference(key);
      await adapter.continueConversationAsync(appId, asReference(ref), async (context) => {
        await context.updateActivity({ ...activity, id: activityId });
      });
    },
  };
}
