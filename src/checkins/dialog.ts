import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  CheckInAuthor,
  compareCheckIns,
  inferMood,
  listing,
  metricKey,
  sameTactic,
  type CheckIn,
  type PlannedTactic,
} from '../core/checkin.ts';
import type { RelationshipDesign } from '../core/design.ts';
import { Metric, Mood } from '../core/extraction.ts';
import type { ChannelAddress, Clock, KeyValueStore } from '../core/ports.ts';
import { text, type Reply } from '../core/reply.ts';
import type { Summariser } from '../core/summariser.ts';
import type { Author } from '../core/turn.ts';
import type { Logger } from '../log.ts';
import { readMetrics } from './numbers.ts';
import { ChannelAddressSchema, OPEN_TTL_MS, addRecord, keys, loadRecords, loadStats, saveStats } from './store.ts';

// The check-in conversation: four questions built from the team's own plan, each answer
// summarised on its own (send the step, not the history), merged into one draft.

export const Stage = z.enum(['tactics', 'metrics', 'learned', 'next']);
export type Stage = z.infer<typeof Stage>;

export const OpenCheckIn = z.object({
  v: z.literal(1),
  teamId: z.string(),
  team: ChannelAddressSchema,
  stage: Stage,
  scheduled: z.boolean(),
  startedAt: z.string(),
  /** The planned retention tactics, as "tactic (segment)" groups for the question. */
  planned: z.array(z.object({ segmentId: z.string(), segmentName: z.string(), tactic: z.string() })),
  business: z.string().nullable(),
  /** Metric names and units the team reported last time, to prompt for the same. */
  previousMetrics: z.array(Metric),
  draft: z.object({
    tacticsRun: z.array(z.string()),
    metrics: z.array(Metric),
    learned: z.string().nullable(),
    next: z.string().nullable(),
    mood: Mood.nullable(),
  }),
  authors: z.array(CheckInAuthor),
  via: z.enum(['llm', 'offline']),
});
export type OpenCheckIn = z.infer<typeof OpenCheckIn>;

export function newOpenCheckIn(opts: {
  teamId: string;
  team: ChannelAddress;
  design: RelationshipDesign | null;
  planned: PlannedTactic[];
  previous: CheckIn | undefined;
  scheduled: boolean;
  now: Date;
}): OpenCheckIn {
  return {
    v: 1,
    teamId: opts.teamId,
    team: opts.team,
    stage: 'tactics',
    scheduled: opts.scheduled,
    startedAt: opts.now.toISOString(),
    planned: opts.planned,
    business: opts.design?.business.description ?? null,
    previousMetrics: opts.previous?.metrics ?? [],
    draft: { tacticsRun: [], metrics: [], learned: null, next: null, mood: null },
    authors: [],
    via: 'offline',
  };
}

/** "onboarding emails and a loyalty program for Freelance designers, and a forum for Agencies" */
export function planPhrase(planned: readonly PlannedTactic[]): string {
  const bySegment = new Map<string, string[]>();
  for (const p of planned) bySegment.set(p.segmentName, [...(bySegment.get(p.segmentName) ?? []), p.tactic]);
  const parts = [...bySegment].map(([segment, tactics]) => `${listing(tactics)} for ${segment}`);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join('; ')}; and ${parts[parts.length - 1]}`;
}

const uniqueTactics = (planned: readonly PlannedTactic[]) => [...new Set(planned.map((p) => p.tactic))];

export const NONE_RAN = 'none of them';

export function questionText(open: OpenCheckIn, stage: Stage = open.stage): string {
  switch (stage) {
    case 'tactics':
      return open.planned.length
        ? `You planned ${planPhrase(open.planned)}: which ran since the last check-in?`
        : 'Your design has no retention tactics yet. What did you do to keep customers since the last check-in?';
    case 'metrics': {
      const last = open.previousMetrics.map((m) => `${m.name} ${m.value}${m.unit === '%' ? '%' : m.unit ? ` ${m.unit}` : ''}`);
      return last.length
        ? `What did your numbers do? Last time: ${listing(last)}. Where are they now? Add anything else you track, with units.`
        : 'What did your numbers do? Give whatever you track with its unit, for example “churn 4%, NPS 31, 120 active users”.';
    }
    case 'learned':
      return 'What did you learn since last time?';
    case 'next':
      return 'What is next? If you can, say whether you feel on track, at risk or off track.';
  }
}

export function question(open: OpenCheckIn): Reply[] {
  if (open.stage === 'tactics' && open.planned.length) {
    const options = uniqueTactics(open.planned).slice(0, 9).map((t) => ({ label: t, value: t }));
    return [{ kind: 'choices', text: questionText(open), options: [...options, { label: 'None of them', value: NONE_RAN }], multi: true }];
  }
  return [text(questionText(open))];
}

/** The first message of a check-in thread. */
export function opening(open: OpenCheckIn, late?: string): Reply[] {
  const intro = `Time for your retention check-in: four short questions, and anyone in the thread can answer.${late ? ` ${late}` : ''}`;
  return [text(intro), ...question(open)];
}

export const reminder = (): Reply[] => [
  text('A gentle nudge: your last two check-ins are still open. One line is enough — which retention tactics ran, and one number?'),
];

const EMPTY = /^(skip|none|nothing|no|n\/a|na|-|—|none of them|nope)\.?$/i;
const MOODS: [RegExp, Mood][] = [
  [/\boff[\s-]?track\b/i, 'off_track'],
  [/\bat[\s-]?risk\b/i, 'at_risk'],
  [/\bon[\s-]?track\b/i, 'on_track'],
];

const NEGATION = /\b(not|no|never|didn'?t|did not|wasn'?t|skipped|postponed|dropped|yet)\b|n't\b/i;

const ORDER: Stage[] = ['tactics', 'metrics', 'learned', 'next'];

export interface AnswerDeps {
  kv: KeyValueStore;
  summariser: Summariser;
  clock: Clock;
  log: Logger;
}

export type AnswerResult = { done: false; open: OpenCheckIn; replies: Reply[] } | { done: true; record: CheckIn; records: CheckIn[] };

/** Takes one answer; saves the open check-in, or the finished record. */
export async function answerCheckIn(deps: AnswerDeps, conversation: string, open: OpenCheckIn, said: string, author: Author): Promise<AnswerResult> {
  const next = structuredClone(open);
  if (!next.authors.some((a) => a.id === author.id)) next.authors.push(author.name ? { id: author.id, name: author.name } : { id: author.id });
  const stage = next.stage;
  if (!EMPTY.test(said.trim())) await absorb(deps, conversation, next, stage, said);

  let i = ORDER.indexOf(stage) + 1;
  // Numbers already given with the tactics need not be asked again.
  if (ORDER[i] === 'metrics' && next.draft.metrics.length) i++;
  const following = ORDER[i];
  if (following) {
    next.stage = following;
    await deps.kv.set(keys.thread(conversation), next, OPEN_TTL_MS);
    return { done: false, open: next, replies: question(next) };
  }
  return finish(deps, conversation, next);
}

async function absorb(deps: AnswerDeps, conversation: string, open: OpenCheckIn, stage: Stage, said: string): Promise<void> {
  const draft = open.draft;
  let data: { tacticsRun: string[]; metrics: Metric[]; learned: string | null; next: string | null; mood: Mood | null } = {
    tacticsRun: [],
    metrics: [],
    learned: null,
    next: null,
    mood: null,
  };
  try {
    const result = await deps.summariser.extract({
      step: 'checkin',
      question: questionText(open, stage),
      answer: said,
      context: { business: open.business, plannedTactics: uniqueTactics(open.planned) },
      conversation,
    });
    data = result.data;
    if (result.via === 'llm') open.via = 'llm';
  } catch (err) {
    deps.log.warn('check-in summariser failed; keeping the answer as said', { conversation, err });
  }
  // Tactics only from the answer to "which ran": later answers name plans, not runs.
  const reported = stage === 'tactics' ? [...data.tacticsRun] : [];
  if (stage === 'tactics') {
    // Planned names the answer mentions count even if the summariser missed them,
    // unless that part of the answer says it did not run.
    for (const part of said.split(/[,;\n]|\band\b|\bbut\b/i)) {
      if (NEGATION.test(part)) continue;
      for (const t of uniqueTactics(open.planned)) if (sameTactic(t, part)) reported.push(t);
    }
  }
  for (const t of reported) if (!draft.tacticsRun.some((r) => sameTactic(r, t))) draft.tacticsRun.push(t);

  let metrics = data.metrics;
  if (!metrics.length && stage === 'metrics' && /\d/.test(said)) metrics = readMetrics(said);
  for (const m of metrics) {
    draft.metrics = [...draft.metrics.filter((d) => metricKey(d.name) !== metricKey(m.name)), m];
  }
  if (stage === 'learned') draft.learned = data.learned ?? said;
  if (stage === 'next') draft.next = data.next ?? said;
  // Mood words count anywhere; the summariser's guess only where we ask for it.
  const saidMood = MOODS.find(([re]) => re.test(said))?.[1];
  draft.mood = saidMood ?? (stage === 'next' ? data.mood : null) ?? draft.mood;
}

async function finish(deps: AnswerDeps, conversation: string, open: OpenCheckIn): Promise<AnswerResult> {
  const previous = (await loadRecords(deps.kv, open.teamId))[0];
  const changes = compareCheckIns({ metrics: open.draft.metrics }, previous);
  const record: CheckIn = {
    v: 1,
    id: randomUUID(),
    at: deps.clock.now().toISOString(),
    authors: open.authors,
    tacticsRun: open.draft.tacticsRun,
    metrics: open.draft.metrics,
    learned: open.draft.learned,
    next: open.draft.next,
    mood: open.draft.mood ?? inferMood(changes, open.draft.tacticsRun, open.planned.length),
    scheduled: open.scheduled,
    via: open.via,
  };
  const records = await addRecord(deps.kv, open.teamId, record);
  const stats = await loadStats(deps.kv, open.teamId);
  await saveStats(deps.kv, open.teamId, { ...stats, answered: stats.answered + 1, unanswered: 0 });
  await deps.kv.delete(keys.thread(conversation));
  return { done: true, record, records };
}
