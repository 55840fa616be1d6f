import type { Logger } from '../log.ts';
import type { KeyValueStore } from './ports.ts';

// Thumbs up or down on what the coach wrote (a finding, a coach answer), from any
// platform that offers them: counted per finding code ("coach" for coach answers) and
// logged, so the team behind Rapport sees which findings people find useful.

export interface FeedbackCounts {
  good: number;
  bad: number;
}

export const feedbackKey = (code: string) => `feedback:${code}`;

export async function recordFeedback(
  deps: { kv: KeyValueStore; log: Logger },
  fb: { code: string; rating: 'good' | 'bad'; platform: string; workspace: string },
): Promise<FeedbackCounts> {
  const key = feedbackKey(fb.code);
  const was = (await deps.kv.get<FeedbackCounts>(key)) ?? { good: 0, bad: 0 };
  const now = { ...was, [fb.rating]: was[fb.rating] + 1 };
  await deps.kv.set(key, now);
  deps.log.info('feedback', { code: fb.code, rating: fb.rating, platform: fb.platform, workspace: fb.workspace, good: now.good, bad: now.bad });
  return now;
}

/** Every rated code's counts (finding codes, "coach"), e.g. for `rapport doctor`. */
export async function feedbackCounts(kv: KeyValueStore): Promise<Record<string, FeedbackCounts>> {
  const out: Record<string, FeedbackCounts> = {};
  for (const key of await kv.keys(feedbackKey(''))) {
    const counts = await kv.get<FeedbackCounts>(key);
    if (counts) out[key.slice(feedbackKey('').length)] = counts;
  }
  return out;
}

export const feedbackCommentsKey = (code: string) => `feedback-comments:${code}`;
const COMMENTS_KEPT = 20;
const COMMENT_MAX = 500;
const COMMENTS_TTL_MS = 90 * 24 * 60 * 60 * 1000;

/** What someone typed with their thumbs: the latest few per code, for whoever reviews findings; never logged. */
export async function recordFeedbackComment(kv: KeyValueStore, code: string, fb: { rating: 'good' | 'bad'; comment: string }): Promise<void> {
  const comment = fb.comment.trim().slice(0, COMMENT_MAX);
  if (!comment) return;
  const key = feedbackCommentsKey(code);
  const kept = (await kv.get<{ rating: string; comment: string; at: string }[]>(key)) ?? [];
  await kv.set(key, [{ rating: fb.rating, comment, at: new Date().toISOString() }, ...kept].slice(0, COMMENTS_KEPT), COMMENTS_TTL_MS);
}
