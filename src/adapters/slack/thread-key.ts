import type { ConversationKey } from '../../core/turn.ts';

// Slack ids in the engine's opaque key: workspace = team id, channel = channel id,
// thread = the thread's root ts, enterprise = the Grid org when Slack names one. A DM's top level has no thread, so it gets a fixed name.

export const DM_ROOT = 'dm';

export function slackKey(team: string, channel: string, thread: string, enterprise?: string): ConversationKey {
  return enterprise ? { platform: 'slack', workspace: team, channel, thread, enterprise } : { platform: 'slack', workspace: team, channel, thread };
}

/** The thread_ts to post into, or undefined for a DM's top level. */
export function threadTsOf(key: ConversationKey): string | undefined {
  return key.thread === DM_ROOT ? undefined : key.thread;
}

/** Dedupe key of one Slack message: the same message has one ts in one channel. */
export function messageClaimKey(team: string, channel: string, ts: string): string {
  return `slack:msg:${team}:${channel}:${ts}`;
}
