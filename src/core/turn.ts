// What an adapter hands the engine: one message or button press, already stripped of
// platform detail. The key is opaque to the engine except for scoping.

export type Platform = 'slack' | 'teams' | 'terminal';

export interface ConversationKey {
  platform: Platform;
  /** Slack team id, Teams tenant id, or "local" for the terminal. */
  workspace: string;
  /** Slack channel id, Teams conversation id (without ;messageid), or "terminal". */
  channel: string;
  /** Slack thread_ts, Teams reply-chain root id, or the terminal session name. */
  thread: string;
  /** Slack Enterprise Grid org id, where Slack sends one. */
  enterprise?: string;
}

export interface Author {
  /** Platform user id (Slack user id, Teams AAD object id, local user name). */
  id: string;
  name?: string;
}

export interface Turn {
  key: ConversationKey;
  author: Author;
  /** What the person typed, with any bot mention removed. */
  text: string;
  /** Set when the person pressed a button or submitted a card instead of typing. */
  choice?: { value: string; /** The id of the question the pressed card asked (see session.question). */ question?: string };
  /** The bot was named (@Rapport) or called by command: a finished thread or group chat answers only then. */
  mentioned?: boolean;
  /** A thread or group chat where teammates also talk among themselves (not a DM or a 1:1 chat). */
  shared?: boolean;
  /** The adapter can show a coach answer while it is written (Slack DM and assistant threads). */
  streams?: boolean;
  /** An edit or deletion of an earlier message (messageId names that message). */
  change?: 'edited' | 'deleted';
  /** Run again by another replica after the one that took it stopped: a repeat is answered, not ignored. */
  takenOver?: boolean;
  /** Platform message id, used to ignore a message that is delivered twice. */
  messageId?: string;
  receivedAt: Date;
}

/**
 * One string per conversation, safe for store keys; every part is escaped. The enterprise
 * goes last, so a workspace's conversations still share the prefix `platform:workspace:`.
 */
export function conversationId(key: ConversationKey): string {
  const parts = [key.platform, key.workspace, key.channel, key.thread];
  if (key.enterprise) parts.push(key.enterprise);
  return parts.map(encodeURIComponent).join(':');
}

/** The id the same conversation had before keys named the enterprise; undefined when they are one. */
export function legacyConversationId(key: ConversationKey): string | undefined {
  if (!key.enterprise) return undefined;
  const { enterprise: _, ...rest } = key;
  return conversationId(rest);
}

export function parseConversationId(id: string): ConversationKey | null {
  const parts = id.split(':');
  if (parts.length !== 4 && parts.length !== 5) return null;
  const [platform, workspace, channel, thread, enterprise] = parts.map(decodeURIComponent) as [string, string, string, string, string?];
  if (platform !== 'slack' && platform !== 'teams' && platform !== 'terminal') return null;
  return enterprise ? { platform, workspace, channel, thread, enterprise } : { platform, workspace, channel, thread };
}
