import { z } from 'zod';
import { CheckIn } from '../core/checkin.ts';
import { StoredDesign, type RelationshipDesign } from '../core/design.ts';
import type { ChannelAddress, KeyValueStore } from '../core/ports.ts';
import { sessionKey } from '../core/session.ts';
import type { ConversationKey } from '../core/turn.ts';
import { Schedule } from './schedule.ts';

// What check-ins keep in the store, and where. A team is a channel (platform + workspace
// + channel); its id is escaped per part like conversationId, so `checkin:team:slack:T1:`
// lists a workspace.

export const MAX_RECORDS = 200;
/** An unanswered check-in thread stops claiming messages after this. */
export const OPEN_TTL_MS = 21 * 24 * 60 * 60 * 1000;

export const teamIdOf = (t: ChannelAddress | ConversationKey) =>
  [t.platform, t.workspace, t.channel].map(encodeURIComponent).join(':');

export const channelOf = (k: ConversationKey): ChannelAddress => ({
  platform: k.platform,
  workspace: k.workspace,
  channel: k.channel,
  ...(k.enterprise ? { enterprise: k.enterprise } : {}),
});

export const keys = {
  team: (teamId: string) => `checkin:team:${teamId}`,
  stats: (teamId: string) => `checkin:stats:${teamId}`,
  records: (teamId: string) => `checkin:records:${teamId}`,
  /** A thread where a check-in is open, mapped to its team. */
  thread: (conversation: string) => `checkin:thread:${conversation}`,
  /** Idempotency marker per BullMQ job id (and retry attempt). */
  job: (jobId: string) => `checkin:job:${jobId}`,
  /** Set as soon as a job's post went out, so a retry never posts again. */
  posted: (jobId: string) => `checkin:posted:${jobId}`,
  /** `checkin edit` corrections: the record as it was before, newest first. */
  edits: (teamId: string) => `checkin:edits:${teamId}`,
  /** The last suggestion a team was given, so the next one differs. */
  suggestion: (teamId: string) => `checkin:suggestion:${teamId}`,
};

export const ChannelAddressSchema = z.object({
  platform: z.enum(['slack', 'teams', 'terminal']),
  workspace: z.string(),
  channel: z.string(),
  enterprise: z.string().optional(),
});

export const TeamState = z.object({
  v: z.literal(1),
  team: ChannelAddressSchema,
  schedule: Schedule.nullable(),
  /** The design thread this schedule belongs to, when `checkin every` was said in one. */
  designConversation: z.string().nullable(),
  /** Where `checkin every` was last said; `forget` there removes the team's check-ins. */
  ownerConversation: z.string().nullable(),
  /** The one slot `checkin skip` cancels. */
  skipSlot: z.number().nullable(),
  /** Slots before this instant do not run. */
  pausedUntil: z.number().nullable(),
});
export type TeamState = z.infer<typeof TeamState>;

export const TeamStats = z.object({
  asked: z.number(),
  answered: z.number(),
  /** Check-ins posted in a row without an answer. */
  unanswered: z.number(),
  lastAskedAt: z.string().nullable(),
  /** Conversation id of the last thread a check-in was started in. */
  lastThread: z.string().nullable(),
  /** When the one nudge went out; scheduled check-ins hold until an answer or `checkin resume`. */
  heldSince: z.string().nullable().optional(),
});
export type TeamStats = z.infer<typeof TeamStats>;

export const emptyStats = (): TeamStats => ({ asked: 0, answered: 0, unanswered: 0, lastAskedAt: null, lastThread: null });

export function newTeamState(team: ChannelAddress): TeamState {
  return { v: 1, team, schedule: null, designConversation: null, ownerConversation: null, skipSlot: null, pausedUntil: null };
}

async function read<T>(kv: KeyValueStore, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const raw = await kv.get<unknown>(key);
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export const loadTeam = (kv: KeyValueStore, teamId: string) => read(kv, keys.team(teamId), TeamState);
export const saveTeam = (kv: KeyValueStore, state: TeamState) => kv.set(keys.team(teamIdOf(state.team)), state);
export const loadStats = async (kv: KeyValueStore, teamId: string) => (await read(kv, keys.stats(teamId), TeamStats)) ?? emptyStats();
export const saveStats = (kv: KeyValueStore, teamId: string, stats: TeamStats) => kv.set(keys.stats(teamId), stats);

/** A team's check-ins, newest first. */
export async function loadRecords(kv: KeyValueStore, teamId: string): Promise<CheckIn[]> {
  const raw = await kv.get<unknown[]>(keys.records(teamId));
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((r) => {
    const parsed = CheckIn.safeParse(withMetricFields(r));
    return parsed.success ? [parsed.data] : [];
  });
}

/** Records kept before metrics carried `previous` and `change` read with both as "not said". */
function withMetricFields(r: unknown): unknown {
  const metrics = (r as { metrics?: unknown } | null)?.metrics;
  if (!Array.isArray(metrics)) return r;
  return { ...(r as object), metrics: metrics.map((m) => (m && typeof m === 'object' ? { previous: null, change: null, ...m } : m)) };
}

export async function addRecord(kv: KeyValueStore, teamId: string, record: CheckIn): Promise<CheckIn[]> {
  const records = [record, ...(await loadRecords(kv, teamId))].slice(0, MAX_RECORDS);
  await kv.set(keys.records(teamId), records);
  return records;
}

export const CheckInEdit = z.object({
  /** When the correction was made. */
  at: z.string(),
  recordId: z.string(),
  by: z.string().nullable(),
  before: CheckIn,
});
export type CheckInEdit = z.infer<typeof CheckInEdit>;

export const loadEdits = async (kv: KeyValueStore, teamId: string): Promise<CheckInEdit[]> => {
  const raw = await kv.get<unknown[]>(keys.edits(teamId));
  return Array.isArray(raw) ? raw.flatMap((e) => (CheckInEdit.safeParse(e).success ? [CheckInEdit.parse(e)] : [])) : [];
};

/** Puts a corrected record in place of the one with its id, and keeps the old one in the edit log. */
export async function replaceRecord(kv: KeyValueStore, teamId: string, record: CheckIn, by: string | null, at: string): Promise<CheckIn[]> {
  const records = await loadRecords(kv, teamId);
  const i = records.findIndex((r) => r.id === record.id);
  if (i < 0) return addRecord(kv, teamId, record);
  const before = records[i]!;
  records[i] = record;
  await kv.set(keys.records(teamId), records);
  await kv.set(keys.edits(teamId), [{ at, recordId: record.id, by, before }, ...(await loadEdits(kv, teamId))].slice(0, MAX_RECORDS));
  return records;
}

/** Removes everything check-ins stored for a team. */
export async function deleteTeam(kv: KeyValueStore, teamId: string): Promise<void> {
  await Promise.all([kv.delete(keys.team(teamId)), kv.delete(keys.stats(teamId)), kv.delete(keys.records(teamId)), kv.delete(keys.suggestion(teamId)), kv.delete(keys.edits(teamId))]);
}

const designOf = (raw: unknown): RelationshipDesign | null => {
  const parsed = StoredDesign.safeParse((raw as { design?: unknown } | undefined)?.design);
  return parsed.success && parsed.data.segments.length > 0 ? parsed.data : null;
};

/** A stored session's design, when it has at least one segment. */
export async function designAt(kv: KeyValueStore, conversation: string): Promise<RelationshipDesign | null> {
  return designOf(await kv.get<unknown>(sessionKey(conversation)));
}

/** The team's design: its recorded design thread, else the newest design in the channel. */
export async function teamDesign(kv: KeyValueStore, teamId: string, state?: TeamState): Promise<{ design: RelationshipDesign; conversation: string } | null> {
  if (state?.designConversation) {
    const design = await designAt(kv, state.designConversation);
    if (design) return { design, conversation: state.designConversation };
  }
  let best: { design: RelationshipDesign; conversation: string } | null = null;
  for (const key of await kv.keys(sessionKey(`${teamId}:`))) {
    const design = designOf(await kv.get<unknown>(key));
    if (design && (!best || design.updatedAt > best.design.updatedAt)) best = { design, conversation: key.slice(sessionKey('').length) };
  }
  return best;
}
