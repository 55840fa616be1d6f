import {
  capitalise,
  compareCheckIns,
  listing,
  stalledTactics,
  suggestNext,
  type CheckIn,
  type MetricChange,
} from '../core/checkin.ts';
import type { RelationshipDesign } from '../core/design.ts';
import type { Mood } from '../core/extraction.ts';
import type { CardReply, CardSection, Reply } from '../core/reply.ts';
import type { Logger } from '../log.ts';
import { trendCharts } from './chart.ts';

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

/** records: newest first, the new one included. */
export async function feedback(
  record: CheckIn,
  records: readonly CheckIn[],
  design: RelationshipDesign | null,
  opts: { charts: boolean; log: Logger },
): Promise<Reply[]> {
  const previous = records.find((r) => r.id !== record.id && r.at <= record.at);
  const changes = compareCheckIns(record, previous);
  const stalled = design ? stalledTactics(design, records) : [];
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
      lines: [design ? suggestNext(design, stalled, changes) : 'Finish your design in a thread with me and I can tie suggestions to it.'],
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
    title: `Check-in recorded: ${MOOD_LABEL[record.mood]}`,
    sections,
    footer: 'Say `history checkins` to see every check-in and the trend charts.',
  };
  return [card, ...(await charts(records, opts))];
}

async function charts(records: readonly CheckIn[], opts: { charts: boolean; log: Logger }): Promise<Reply[]> {
  if (!opts.charts) return [];
  try {
    return await trendCharts(records);
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
    sections: records.slice(0, 20).map((r) => ({
      heading: `${day(r.at)}: ${MOOD_LABEL[r.mood]}`,
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
