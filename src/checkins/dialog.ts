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
import { saysNothing } from '../understanding/offline/steps/checkin.ts';
import type { ChannelAddress, Clock, KeyValueStore } from '../core/ports.ts';
import { text, type Reply } from '../core/reply.ts';
import { testClause, testsToAsk } from '../core/checkin-tests.ts';
import { addUsage, type Summariser } from '../core/summariser.ts';
import type { Author } from '../core/turn.ts';
import type { Logger } from '../log.ts';
import { readMetrics } from './numbers.ts';
import { ChannelAddressSchema, OPEN_TTL_MS, addRecord, keys, loadRecords, loadStats, replaceRecord, saveStats } from './store.ts';

// The check-in conversation: four questions built from the team's own plan, each answer
// summarised on its own (send the step, not the history), merged into one draft.

/** Metrics stored before they carried `previous` and `change` read as "not said". */
const StoredMetric = z.preprocess(
  (m) => (m && typeof m === 'object' ? { previous: null, change: null, ...(m as object) } : m),
  Metric,
);

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
  previousMetrics: z.array(StoredMetric),
  draft: z.object({
    tacticsRun: z.array(z.string()),
    /** Planned tactics the team said did not run; kept so a later answer cannot mark them run by accident. */
    tacticsNotRun: z.array(z.string()).default([]),
    metrics: z.array(StoredMetric),
    learned: z.string().nullable(),
    next: z.string().nullable(),
    mood: Mood.nullable(),
  }),
  authors: z.array(CheckInAuthor),
  via: z.enum(['llm', 'offline']),
  /** Model tokens spent on this check-in, failed calls included. */
  usage: z.object({ calls: z.number(), promptTokens: z.number(), completionTokens: z.number() }).optional(),
  /** The team was told once that answers are read without AI. */
  told: z.boolean().optional(),
  /** `checkin edit`: the record these answers replace. */
  edit: z.object({ recordId: z.string(), at: z.string() }).optional(),
  /** Tests with real customers planned in the design, asked about in the first check-in after it. */
  tests: z.array(z.object({ segmentName: z.string(), test: z.string() })).optional(),
  /** The learned question, which names the tests, was skipped: the next question names them instead. */
  testsWithNext: z.boolean().optional(),
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
    draft: { tacticsRun: [], tacticsNotRun: [], metrics: [], learned: null, next: null, mood: null },
    authors: [],
    via: 'offline',
    ...((tests) => (tests.length ? { tests: tests.map(({ segmentName, test }) => ({ segmentName, test })) } : {}))(testsToAsk(opts.design, opts.previous)),
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
const MAX_TACTIC_OPTIONS = 9;

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
      return `What did you learn since last time?${testClause(open.tests ?? [])}`;
    case 'next': {
      const tests = open.testsWithNext ? testClause(open.tests ?? []) : '';
      return `${tests ? `${tests.trim()} (skip it if there is nothing to say) ` : ''}What is next? If you can, say whether you feel on track, at risk or off track.`;
    }
  }
}

export function question(open: OpenCheckIn): Reply[] {
  if (open.stage === 'tactics' && open.planned.length) {
    const tactics = uniqueTactics(open.planned);
    const options = tactics.slice(0, MAX_TACTIC_OPTIONS).map((t) => ({ label: t, value: t }));
    const hidden = tactics.length - options.length;
    // The buttons stop at MAX_TACTIC_OPTIONS; the question still names them all, so say how to answer for the rest.
    const more = hidden > 0 ? ` Only the first ${MAX_TACTIC_OPTIONS} have buttons: to include the other ${hidden}, type which ran instead.` : '';
    return [{ kind: 'choices', text: questionText(open) + more, options: [...options, { label: 'None of them', value: NONE_RAN }], multi: true }];
  }
  return [text(questionText(open))];
}

/** The first message of a check-in thread. */
export function opening(open: OpenCheckIn, late?: string): Reply[] {
  const intro = `Time for your retention check-in: four short questions, and anyone in the thread can answer.${late ? ` ${late}` : ''}`;
  return [text(intro), ...question(open)];
}

/** The one nudge after two unanswered check-ins; it also says, once, that check-ins now hold. */
export const reminder = (): Reply[] => [
  text('A nudge: the last two check-ins have no answer. One line here is enough. No more check-ins until someone answers or says `checkin resume`.'),
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
  /** The conversation's usage counter (the session's), counted like the design dialog's. */
  usage?: { calls: number; promptTokens: number; completionTokens: number };
}

/** notices: the one "read without AI" notice, and what the last answer also settled. */
export type AnswerResult = { done: false; open: OpenCheckIn; replies: Reply[] } | { done: true; record: CheckIn; records: CheckIn[]; notices?: Reply[] };

/** Takes one answer; saves the open check-in, or the finished record. */
export async function answerCheckIn(deps: AnswerDeps, conversation: string, open: OpenCheckIn, said: string, author: Author): Promise<AnswerResult> {
  const next = structuredClone(open);
  // Any answer ends a silence: the hold after the nudge lifts and the count starts over.
  if (!next.authors.length && !next.edit) {
    const stats = await loadStats(deps.kv, next.teamId);
    if (stats.unanswered || stats.heldSince) await saveStats(deps.kv, next.teamId, { ...stats, unanswered: 0, heldSince: null });
  }
  if (!next.authors.some((a) => a.id === author.id)) next.authors.push(author.name ? { id: author.id, name: author.name } : { id: author.id });
  const stage = next.stage;
  const notice = EMPTY.test(said.trim()) ? null : await absorb(deps, conversation, next, stage, said);
  const notices = notice ? [text(`_${notice}, so I read this answer without AI. Check what I noted and correct me if it is off._`, 'notice')] : [];

  let i = ORDER.indexOf(stage) + 1;
  // What an earlier answer already gave (numbers with the tactics, a lesson with the
  // numbers) is not asked again; the team is told what was taken from where.
  const taken: string[] = [];
  while (ORDER[i] && answered(next, ORDER[i]!) && ORDER[i] !== stage) taken.push(TAKEN_WORDS[ORDER[i++]!]);
  // Skipping the learned question would drop its test clause; ask it once with what follows.
  if (taken.includes(TAKEN_WORDS.learned) && next.tests?.length && !mentionsTest(next)) next.testsWithNext = true;
  const took = taken.length ? [text(`Took ${taken.join(' and ')} from that message too.`)] : [];
  const following = ORDER[i];
  if (following) {
    next.stage = following;
    await deps.kv.set(keys.thread(conversation), next, OPEN_TTL_MS);
    return { done: false, open: next, replies: [...notices, ...took, ...question(next)] };
  }
  const done = await finish(deps, conversation, next);
  return done.done && (notices.length || took.length) ? { ...done, notices: [...notices, ...took] } : done;
}

const LEARNED_SAID = /\b(?:learn(?:ed|t)|lesson|turns?\s+out|realis|realiz|found\s+(?:out\s+)?that|noticed|aprendimos|appris|gelernt|aprendemos)\b/i;
const NEXT_SAID = /\b(?:next(?:\s+(?:week|month|time|step))?\s*[:,-]|next\s+we|we(?:'ll|\s+will)\s+(?:try|start|launch|add|run|test)|plan\s+is\s+to|going\s+to\s+(?:try|start|launch|add|run|test))\b/i;

const TAKEN_WORDS: Record<Stage, string> = { tactics: 'the tactics', metrics: 'your numbers', learned: 'what you learned', next: 'what comes next' };

/** The lesson already speaks of a test, so asking how it went would repeat the team. */
function mentionsTest(open: OpenCheckIn): boolean {
  const learned = open.draft.learned ?? '';
  return /\b(?:test(?:ed|s)?|pilot(?:ed)?|trial)\b/i.test(learned) || (open.tests ?? []).some((t) => sameTactic(t.test, learned));
}

/** Whether the draft already holds what this stage would ask for. */
function answered(open: OpenCheckIn, stage: Stage): boolean {
  if (stage === 'metrics') return open.draft.metrics.length > 0;
  if (stage === 'learned') return open.draft.learned !== null;
  if (stage === 'next') return open.draft.next !== null;
  return false;
}

/** Reads one answer into the draft; returns the fallback reason the team has not yet been told. */
async function absorb(deps: AnswerDeps, conversation: string, open: OpenCheckIn, stage: Stage, said: string): Promise<string | null> {
  let notice: string | null = null;
  const draft = open.draft;
  let data: { tacticsRun: string[]; tacticsNotRun: string[]; metrics: Metric[]; learned: string | null; next: string | null; mood: Mood | null } = {
    tacticsRun: [],
    tacticsNotRun: [],
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
    if (result.usage) {
      addUsage((open.usage ??= { calls: 0, promptTokens: 0, completionTokens: 0 }), result.usage);
      addUsage(deps.usage, result.usage);
    }
    if (result.fallbackReason && !open.told) {
      open.told = true;
      notice = result.fallbackReason;
    }
  } catch (err) {
    deps.log.warn('check-in summariser failed; keeping the answer as said', { conversation, err });
  }
  // Tactics only from the answer to "which ran": later answers name plans, not runs.
  const reported = stage === 'tactics' ? [...data.tacticsRun] : [];
  const notRun = stage === 'tactics' ? (data.tacticsNotRun ?? []) : [];
  if (stage === 'tactics') {
    // Planned names the answer mentions count even if the summariser missed them,
    // unless that part of the answer says it did not run.
    for (const part of said.split(/[,;\n]|(?<=[.!?])\s+|\band\b|\bbut\b/i)) {
      // A plan for later is not a run: "next we will try the loyalty program".
      if (NEGATION.test(part) || NEXT_SAID.test(part) || /\b(?:will|going\s+to|gonna|plan(?:ning)?\s+to)\b/i.test(part)) continue;
      for (const t of uniqueTactics(open.planned)) if (sameTactic(t, part) && !notRun.some((n) => sameTactic(n, t))) reported.push(t);
    }
  }
  for (const t of reported) if (!draft.tacticsRun.some((r) => sameTactic(r, t))) draft.tacticsRun.push(t);
  for (const t of notRun) if (!draft.tacticsNotRun.some((r) => sameTactic(r, t)) && !draft.tacticsRun.some((r) => sameTactic(r, t))) draft.tacticsNotRun.push(t);

  let metrics = data.metrics;
  if (!metrics.length && stage === 'metrics' && /\d/.test(said)) metrics = readMetrics(said);
  for (const raw of metrics) {
    const m = settled(raw, open.previousMetrics);
    if (!m) continue;
    draft.metrics = [...draft.metrics.filter((d) => metricKey(d.name) !== metricKey(m.name)), m];
  }
  // "fine" or "all good" to "what did you learn?" is no lesson.
  if (stage === 'learned') draft.learned = data.learned ?? (saysNothing(said) ? null : said);
  if (stage === 'next') draft.next = data.next ?? said;
  // A lesson or a next step said early, in so many words, is kept so it is not asked again.
  if (stage !== 'learned' && draft.learned === null && data.learned && LEARNED_SAID.test(said)) draft.learned = data.learned;
  if (stage !== 'next' && draft.next === null && data.next && NEXT_SAID.test(said)) draft.next = data.next;
  // Mood words count anywhere; the summariser's guess only where we ask for it.
  const saidMood = MOODS.find(([re]) => re.test(said))?.[1];
  // A bare "fine" states no mood: the summariser would only be guessing.
  const askedMood = stage === 'next' && !saysNothing(said) ? data.mood : null;
  draft.mood = saidMood ?? askedMood ?? draft.mood;
  return notice;
}

/**
 * A metric said only as a change ("churn down 0.5 points") takes its level from last time's
 * reading of the same series; without one there is no level to store, so it is left out.
 */
export function settled(m: Metric, previous: readonly Metric[]): Metric | null {
  const changeOnly = m.change !== null && m.previous === null && m.value === m.change;
  if (!changeOnly) return m;
  const before = previous.find((p) => metricKey(p.name) === metricKey(m.name));
  if (!before) return null;
  const value = Math.round((before.value + m.change!) * 1000) / 1000;
  return { ...m, value, previous: before.value, unit: m.unit ?? before.unit };
}

async function finish(deps: AnswerDeps, conversation: string, open: OpenCheckIn): Promise<AnswerResult> {
  const stored = await loadRecords(deps.kv, open.teamId);
  // A correction compares with the record before the one it replaces.
  const editing = open.edit ? stored.findIndex((r) => r.id === open.edit!.recordId) : -1;
  const previous = editing >= 0 ? stored[editing + 1] : stored[0];
  const changes = compareCheckIns({ metrics: open.draft.metrics }, previous);
  const now = deps.clock.now().toISOString();
  const record: CheckIn = {
    v: 1,
    id: editing >= 0 ? open.edit!.recordId : randomUUID(),
    // A corrected record keeps its place in the series.
    at: editing >= 0 ? open.edit!.at : now,
    authors: open.authors,
    tacticsRun: open.draft.tacticsRun,
    metrics: open.draft.metrics,
    learned: open.draft.learned,
    next: open.draft.next,
    mood: open.draft.mood ?? inferMood(changes, open.draft.tacticsRun, open.planned.length),
    moodSaid: open.draft.mood !== null,
    scheduled: open.scheduled,
    via: open.via,
    ...(editing >= 0 ? { editedAt: now } : {}),
  };
  if (editing >= 0) {
    const records = await replaceRecord(deps.kv, open.teamId, record, listingAuthors(open.authors), now);
    await deps.kv.delete(keys.thread(conversation));
    return { done: true, record, records };
  }
  const records = await addRecord(deps.kv, open.teamId, record);
  const stats = await loadStats(deps.kv, open.teamId);
  await saveStats(deps.kv, open.teamId, { ...stats, answered: stats.answered + 1, unanswered: 0, heldSince: null });
  await deps.kv.delete(keys.thread(conversation));
  return { done: true, record, records };
}

const listingAuthors = (authors: readonly CheckInAuthor[]) => (authors.length ? listing(authors.map((a) => a.name ?? a.id)) : null);
