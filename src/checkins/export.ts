import { listing, type CheckIn } from '../core/checkin.ts';
import type { KeyValueStore } from '../core/ports.ts';
import { parseConversationId } from '../core/turn.ts';
import { MOOD_LABEL } from './feedback.ts';
import { describeSchedule, type Schedule } from './schedule.ts';
import { loadRecords, loadTeam, teamIdOf } from './store.ts';

// For `export md` / `export json`: the check-ins of the channel a conversation is in.

export interface CheckinsExport {
  schedule: Schedule | null;
  /** Newest first. */
  checkins: CheckIn[];
}

export async function checkinsForExport(kv: KeyValueStore, conversation: string): Promise<CheckinsExport | null> {
  const key = parseConversationId(conversation);
  if (!key) return null;
  const teamId = teamIdOf(key);
  const [state, checkins] = await Promise.all([loadTeam(kv, teamId), loadRecords(kv, teamId)]);
  if (!checkins.length && !state?.schedule) return null;
  return { schedule: state?.schedule ?? null, checkins };
}

/** A markdown section to append to the design's `export md`. */
export function checkinsMarkdown(data: CheckinsExport): string {
  const out = ['## Retention check-ins', ''];
  out.push(data.schedule ? `Schedule: ${describeSchedule(data.schedule)}.` : 'Schedule: none.', '');
  for (const r of data.checkins) {
    out.push(`### ${r.at.slice(0, 10)}: ${MOOD_LABEL[r.mood]}`, '');
    out.push(`- Tactics run: ${r.tacticsRun.length ? listing(r.tacticsRun) : 'none'}`);
    for (const m of r.metrics) out.push(`- ${m.name}: ${m.value}${m.unit ? (m.unit === '%' ? '%' : ` ${m.unit}`) : ''}`);
    if (r.learned) out.push(`- Learned: ${r.learned}`);
    if (r.next) out.push(`- Next: ${r.next}`);
    if (r.authors.length) out.push(`- By: ${r.authors.map((a) => a.name ?? a.id).join(', ')}`);
    out.push('');
  }
  return out.join('\n');
}
