import type { Clock, KeyValueStore } from '../core/ports.ts';
import { parseConversationId } from '../core/turn.ts';
import { upcoming } from './module.ts';
import { loadTeam, teamIdOf } from './store.ts';

/** The next check-in of the team a conversation belongs to, for the Slack App Home. */
export function nextCheckInOf(kv: KeyValueStore, clock: Clock) {
  return async (conversation: string): Promise<Date | null> => {
    const key = parseConversationId(conversation);
    if (!key) return null;
    const state = await loadTeam(kv, teamIdOf(key));
    if (!state || state.designConversation !== conversation) return null;
    const [next] = upcoming(state, clock.now().getTime(), 1);
    return next === undefined ? null : new Date(next);
  };
}
