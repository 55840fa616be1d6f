import { recordFeedback, type FeedbackCounts } from '../../core/feedback.ts';
import type { KeyValueStore } from '../../core/ports.ts';
import { Session, sessionKey } from '../../core/session.ts';
import { conversationId, type ConversationKey } from '../../core/turn.ts';
import type { Logger } from '../../log.ts';
import type { AssistantStarted, FeedbackInbound } from './parse.ts';
import type { SlackWeb } from './send.ts';

// Slack's AI-app surface (the assistant side panel). Each assistant thread is its own
// design, run by the same engine; Slack shows suggested prompts, an "is thinking…" status
// and the business as the thread's title. Workspaces without the feature never send
// assistant_thread_started, so nothing here runs for them.

export const SUGGESTED_PROMPTS = [
  { title: 'Design our customer relationships', message: "Let's design our customer relationships" },
  { title: 'Run a retention check-in', message: 'checkin now' },
  { title: 'Export our canvas', message: 'export md' },
];

export const GREETING =
  "Hi, I'm Rapport. I coach your team through the Customer Relationships block of the Business Model Canvas: " +
  'who your segments are, how you win, keep and grow each one, and what that costs. Pick a suggestion below, or tell me what your business sells.';

export const THINKING_STATUS = 'is thinking…';

const TITLE_MAX = 80;

/** Marks a DM thread as an assistant thread: a design of its own, not the DM's. */
export const assistantThreadKey = (team: string, channel: string, threadTs: string) => `slack:assistant:${team}:${channel}:${threadTs}`;

interface Marker {
  title: string | null;
}

export async function isAssistantThread(kv: KeyValueStore, team: string, channel: string, threadTs: string): Promise<boolean> {
  return (await kv.get<Marker>(assistantThreadKey(team, channel, threadTs))) !== undefined;
}

export async function startAssistantThread(deps: { web: SlackWeb; kv: KeyValueStore; log: Logger }, started: AssistantStarted): Promise<void> {
  await deps.kv.set(assistantThreadKey(started.team, started.channel, started.threadTs), { title: null } satisfies Marker);
  await deps.web.post(started.channel, started.threadTs, { text: GREETING, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: GREETING } }] });
  try {
    await deps.web.assistant.setPrompts(started.channel, started.threadTs, SUGGESTED_PROMPTS);
  } catch (err) {
    deps.log.warn('could not set the suggested prompts', { err });
  }
}

/** Names the thread after the business once the design knows it (and again if it changes). */
export async function titleThread(deps: { web: SlackWeb; kv: KeyValueStore; log: Logger }, key: ConversationKey): Promise<void> {
  const markerKey = assistantThreadKey(key.workspace, key.channel, key.thread);
  const marker = await deps.kv.get<Marker>(markerKey);
  if (!marker) return;
  const parsed = Session.safeParse(await deps.kv.get(sessionKey(conversationId(key))));
  const business = parsed.success ? parsed.data.design.business.description?.trim() : undefined;
  if (!business) return;
  const title = business.length > TITLE_MAX ? `${business.slice(0, TITLE_MAX - 1)}…` : business;
  if (title === marker.title) return;
  try {
    await deps.web.assistant.setTitle(key.channel, key.thread, title);
    await deps.kv.set(markerKey, { title } satisfies Marker);
  } catch (err) {
    deps.log.warn('could not set the assistant thread title', { err });
  }
}

/** A thumbs press from Slack, counted with every platform's under its finding code. */
export function recordSlackFeedback(deps: { kv: KeyValueStore; log: Logger }, fb: FeedbackInbound): Promise<FeedbackCounts> {
  return recordFeedback(deps, { code: fb.code, rating: fb.rating, platform: 'slack', workspace: fb.team });
}
