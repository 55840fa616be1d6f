import type { KeyValueStore } from '../core/ports.ts';
import { keys, loadTeam, saveTeam } from './store.ts';

// A workspace that uninstalled the bot: every check-in schedule of its channels is turned
// off at once (a due job then finds no schedule and posts nothing). Records stay until the
// workspace's data is deleted after the grace period.

/** Turns off check-ins for every channel of `workspace` on `platform`; returns how many were on. */
export async function stopTeam(kv: KeyValueStore, workspace: string, platform: 'slack' | 'teams' = 'slack'): Promise<number> {
  const prefix = keys.team(`${encodeURIComponent(platform)}:${encodeURIComponent(workspace)}:`);
  let stopped = 0;
  for (const key of await kv.keys(prefix)) {
    const state = await loadTeam(kv, key.slice(keys.team('').length));
    if (!state?.schedule) continue;
    await saveTeam(kv, { ...state, schedule: null });
    stopped++;
  }
  return stopped;
}
