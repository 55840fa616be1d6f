import { recordFeedback, recordFeedbackComment } from '../../core/feedback.ts';
import type { KeyValueStore, OnceGuard } from '../../core/ports.ts';
import type { Logger } from '../../log.ts';
import type { TeamsFeedback } from './parse.ts';

// Teams' feedback loop: a message sent with feedbackLoopEnabled shows thumbs; a press comes
// back as a message/submitAction invoke naming only the rated message's id. So what each
// such message rates (finding codes, or "coach") is remembered when it is sent.

const RATED_TTL_MS = 90 * 24 * 60 * 60 * 1000;
const PRESS_TTL_MS = 90 * 24 * 60 * 60 * 1000;
/** A rated message whose record expired or predates this: still counted, under this code. */
export const UNKNOWN_CODE = 'unknown';

export const ratedKey = (tenant: string, activityId: string) => `teams:rated:${tenant}:${activityId}`;

export function rememberRated(kv: KeyValueStore, tenant: string, activityId: string, codes: string[]): Promise<void> {
  return kv.set(ratedKey(tenant, activityId), codes, RATED_TTL_MS);
}

/** Counts one press per person per message (Teams may redeliver, people may click twice). */
export async function handleTeamsFeedback(deps: { kv: KeyValueStore; once: OnceGuard; log: Logger }, fb: TeamsFeedback): Promise<void> {
  if (!(await deps.once.claim(`teams:feedback:${fb.tenant}:${fb.replyToId}:${fb.user}`, PRESS_TTL_MS))) {
    deps.log.debug('teams feedback already counted', { tenant: fb.tenant });
    return;
  }
  const stored = await deps.kv.get<string[]>(ratedKey(fb.tenant, fb.replyToId));
  const codes = stored?.length ? stored : [UNKNOWN_CODE];
  for (const code of codes) {
    await recordFeedback(deps, { code, rating: fb.rating, platform: 'teams', workspace: fb.tenant });
    if (fb.comment) await recordFeedbackComment(deps.kv, code, { rating: fb.rating, comment: fb.comment });
  }
}
