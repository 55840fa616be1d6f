import { capitalise, compareCheckIns, listing, stalledTactics, type CheckIn, type MetricChange } from '../core/checkin.ts';
import type { RelationshipDesign } from '../core/design.ts';
import type { Mood } from '../core/extraction.ts';
import type { KeyValueStore } from '../core/ports.ts';
import type { CardReply, CardSection, Reply } from '../core/reply.ts';
import type { Summariser, UsageCount } from '../core/summariser.ts';
import type { Logger } from '../log.ts';
import { checkinChart } from './chart.ts';
import { keys } from './store.ts';
import { candidates, pickSuggestion, stalledFor } from './suggest.ts';
import { llmSuggestion } from './suggest-llm.ts';

// What the team reads after a check-in, and the `history checkins` card.

export const MOOD_LABEL: Record<Mood, string> = { on_track: 'on track', at_risk: 'at risk', off_track: 'off track' };

const fmt = (n: number, unit: string | null) => (unit === '%' ? `${n}%` : unit ? `${n} ${unit}` : `${n}`);

export function changeLine(c: MetricChange): string {
  if (c.before === null || c.change === null) return `${capitalise(c.name)}: ${fmt(c.after, c.unit)} (first time reported)`;
  if (c.trend === 'flat') return `${capitalise(c.name)}: ${fmt(c.after, c.unit)}, unchanged`;
  const sign = c.change > 0 ? '+' : '−';
  const delta = c.unit === '%' ? `${sign}${Math.abs(c.change)} pts` : `${sign}${fmt(Math.abs(c.change), c.unit)}`;
  return `${capitalise(c.name)}: ${fmt(c.before, c.unit)} → ${fmt(c.after, c.unit)} (${delta}, ${c.trend})`;
}

const day = (iso: string) => iso.slice(0, 10);

/** A team's last suggestion is remembered this long; after that a repeat is no nag. */
const SUGGESTION_TTL_MS = 180 * 24 * 60 * 60 * 1000;

export interface FeedbackOptions {
  charts: boolean;
  log: Logger;
  /** Where the team's last suggestion is kept; without it only this check-in counts. */
  kv?: KeyValueStore;
  teamId?: string;
  /** With an advice-capable summariser (the LLM), the suggestion comes from one model call. */
  summariser?: Summariser;
  conversation?: string;
  usage?: UsageCount;
}

/** The one suggestion: from the model when it passes the checks, else the best offline candidate; never last time's. */
export async function suggestion(record: CheckIn, records: readonly CheckIn[], design: RelationshipDesign | null, opts: FeedbackOptions): Promise<string> {
  return (await suggested(record, records, design, opts)).text;
}

/** The suggestion and whether the model wrote it (so platforms can label it). */
async function suggested(record: CheckIn, records: readonly CheckIn[], design: RelationshipDesign | null, opts: FeedbackOptions): Promise<{ text: string; ai: boolean }> {
  const memory = opts.kv && opts.teamId ? { kv: opts.kv, key: keys.suggestion(opts.teamId) } : null;
  const last = memory ? ((await memory.kv.get<{ text?: unknown }>(memory.key))?.text ?? null) : null;
  const lastText = typeof last === 'string' ? last : null;
  let text: string | null = null;
  if (design && opts.summariser?.advise) {
    const previous = records.find((r) => r.id !== record.id && r.at <= record.at);
    const stalled = stalledFor(design, records).map((s) => `${s.tactic.tactic} (${s.tactic.segmentName})`);
    text = await llmSuggestion(
      { summariser: opts.summariser, log: opts.log, ...(opts.conversation ? { conversation: opts.conversation } : {}), ...(opts.usage ? { usage: opts.usage } : {}) },
      { record, previous, design, stalled, last: lastText },
    );
  }
  const ai = text !== null;
  text ??= pickSuggestion(candidates(record, records, design), lastText).text;
  if (memory) await memory.kv.set(memory.key, { text, at: record.at }, SUGGESTION_TTL_MS);
  return { text, ai };
}

/**
 * The mood the team said; otherwise what the numbers did, never a guess. Older records
 * have no moodSaid and keep their stored mood.
 */
export function moodTitle(record: Pick<CheckIn, 'mood' | 'moodSaid'>, changes: readonly MetricChange[]): string {
  if (record.moodSaid !== false) return MOOD_LABEL[record.mood];
  const better = changes.filter((c) => c.trend === 'better').length;
  const worse = changes.filter((c) => c.trend === 'worse').length;
  if (better > worse) return 'numbers improving, mood not given';
  if (worse > better) return 'numbers slipping, mood not given';
  return 'mood not given';
}

/** records: newest first, the new one included. */
export async function feedback(record: CheckIn, records: readonly CheckIn[], design: RelationshipDesign | null, opts: FeedbackOptions): Promise<Reply[]> {
  const previous = records.find((r) => r.id !== record.id && r.at <= record.at);
  const changes = compareCheckIns(record, previous);
  const stalled = design ? stalledTactics(design, records) : [];
  const next = await suggested(record, records, design, opts);
  const sections: CardSection[] = [
    {
      heading: previous ? `What moved since ${day(previous.at)}` : 'Your numbers (first check-in, nothing to compare yet)',
      lines: changes.length ? changes.map(changeLine) : ['No numbers this time. Next time, add one you track, such as churn or active users.'],
      notes: [],
    },
    {
      heading: 'Retention tactics',
      lines: [record.tacticsRun.length ? `Ran: ${listing(record.tacticsRun)}` : 'None reported as run this time.'],
      notes: stalled.length
        ? [{ severity: 'warning', text: `Planned but never reported as run: ${listing(stalled.map((s) => `${s.tactic} (${s.segmentName})`))}` }]
        : [],
    },
    {
      heading: 'One suggestion',
      lines: [
        next.text,
        ...(design ? [] : ['Finish your design in a thread with me and I can tie suggestions to your plan too.']),
      ],
      notes: [],
    },
  ];
  if (record.learned || record.next) {
    sections.push({
      heading: 'In your words',
      lines: [record.learned ? `Learned: ${record.learned}` : '', record.next ? `Next: ${record.next}` : ''].filter(Boolean),
      notes: [],
    });
  }
  const card: CardReply = {
    kind: 'card',
    title: `Check-in recorded: ${moodTitle(record, changes)}`,
    sections,
    footer: 'Say `history checkins` to see every check-in and the trend chart.',
    ...(next.ai ? { ai: true } : {}),
  };
  return [card, ...(await charts(records, opts))];
}

/** One image with a panel per number reported at least twice. */
async function charts(records: readonly CheckIn[], opts: { charts: boolean; log: Logger }): Promise<Reply[]> {
  if (!opts.charts) return [];
  try {
    const chart = await checkinChart(records);
    return chart ? [chart] : [];
  } catch (err) {
    opts.log.warn('trend chart failed', { err });
    return [];
  }
}

/** records: newest first. */
export async function historyReplies(records: readonly CheckIn[], opts: { charts: boolean; log: Logger }): Promise<Reply[]> {
  if (!records.length) return [{ kind: 'text', text: 'No check-ins yet. Say `checkin now` to run one, or `checkin every monday at 09:30` to schedule them.' }];
  const card: CardReply = {
    kind: 'card',
    title: `Check-ins (${records.length})`,
    sections: records.slice(0, 20).map((r, i) => ({
      heading: `${day(r.at)}: ${moodTitle(r, compareCheckIns(r, records[i + 1]))}`,
      lines: [
        `Tactics run: ${r.tacticsRun.length ? listing(r.tacticsRun) : 'none'}`,
        `Numbers: ${r.metrics.length ? r.metrics.map((m) => `${m.name} ${fmt(m.value, m.unit)}`).join(', ') : 'none'}`,
        ...(r.learned ? [`Learned: ${r.learned}`] : []),
        ...(r.next ? [`Next: ${r.next}`] : []),
      ],
      notes: [],
    })),
    ...(records.length > 20 ? { footer: `The ${records.length - 20} older ones are in \`export md\`.` } : {}),
  };
  return [card, ...(await charts(records, opts))];
}
