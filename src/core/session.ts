import { z } from 'zod';
import { StoredDesign, emptyDesign } from './design.ts';

// Everything stored for one conversation. Parsed with zod on every read so a corrupt or
// outdated record is noticed instead of half-used.

export const STEP_IDS = [
  'business',
  'segments',
  'expectations',
  'relationship',
  'lifecycle',
  'cost',
  'touchpoints',
  'competitors',
] as const;
export const StepId = z.enum(STEP_IDS);
export type StepId = z.infer<typeof StepId>;

export const Cursor = z.object({
  step: z.union([StepId, z.literal('done')]),
  /** The segment being worked on; null for business-wide steps and when done. */
  segmentId: z.string().nullable(),
  /** True once the one focused follow-up for this step has been asked. */
  followedUp: z.boolean(),
  /**
   * Set while the team is asked to confirm a reading the dialog was unsure of (already
   * stored, shown back with its arithmetic); fix names the one amount being re-asked.
   */
  confirm: z
    .object({ kind: z.enum(['cost', 'segments']), fix: z.enum(['relationship', 'revenue', 'acquisition']).nullable() })
    .optional(),
  /** Set while `edit <step>` waits to hear which segment: a typed name or number answers it. */
  pick: z.object({ step: StepId }).optional(),
});
export type Cursor = z.infer<typeof Cursor>;

export const Change = z.object({
  at: z.string(),
  author: z.object({ id: z.string(), name: z.string().optional() }),
  messageId: z.string().nullable(),
  /** The message that caused it, shortened. */
  source: z.string(),
  /** "relationship of Freelance designers" */
  what: z.string(),
  /** JSON paths into the session with their previous values; undo restores them backwards. */
  ops: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), before: z.unknown().optional() })),
  /** Cursor before the change, so undo also steps the conversation back. */
  cursorBefore: Cursor,
});
export type Change = z.infer<typeof Change>;

export const Pending = z.object({ kind: z.enum(['forget', 'restart']) }).nullable();

export const Session = z.object({
  v: z.literal(1),
  design: StoredDesign,
  cursor: Cursor,
  pending: Pending,
  /** Steps answered or skipped: "_" for business-wide steps, else per segment id. */
  progress: z.record(z.string(), z.array(StepId)),
  history: z.array(Change),
  /** Message ids already handled, newest last, so a redelivery changes nothing. */
  seen: z.array(z.string()),
  usage: z.object({ calls: z.number(), promptTokens: z.number(), completionTokens: z.number() }),
  /**
   * The open question buttons answer: its id is stamped on every choice shown for it, and a
   * press carrying any other id is refused (a stale or repeated press changes nothing).
   */
  question: z.object({ seq: z.number(), id: z.string(), slot: z.string() }).optional(),
  /** Findings already raised in the flow ("segmentId:code"), so a remark is made once. */
  told: z.array(z.string()).default([]),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Session = z.infer<typeof Session>;

export const MAX_HISTORY = 200;
export const MAX_SEEN = 100;

export function newSession(now: Date): Session {
  return {
    v: 1,
    design: emptyDesign(now),
    cursor: { step: 'business', segmentId: null, followedUp: false },
    pending: null,
    progress: {},
    history: [],
    seen: [],
    usage: { calls: 0, promptTokens: 0, completionTokens: 0 },
    told: [],
    createdAt: now.toISOString(),
    finishedAt: null,
  };
}

/** Store key of a conversation's session; `session:<platform>:<workspace>:` lists a workspace. */
export const sessionKey = (conversation: string) => `session:${conversation}`;
