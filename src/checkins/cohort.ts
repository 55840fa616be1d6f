import { lowerIsBetter, metricKey, type CheckIn } from '../core/checkin.ts';
import { RELATIONSHIP_TYPES, StoredDesign, type RelationshipDesign, type RelationshipType } from '../core/design.ts';
import type { Command } from '../core/module.ts';
import type { KeyValueStore } from '../core/ports.ts';
import type { CardReply, CardSection, FileReply, Reply } from '../core/reply.ts';
import { sessionKey } from '../core/session.ts';
import type { ConversationKey, Turn } from '../core/turn.ts';
import { topFindings } from '../coaching/rank.ts';
import { cohortCsv } from './cohort-csv.ts';
import { fmt, type NumberNow, type Risk, type TeamRow } from './cohort-row.ts';
import { MOOD_LABEL } from './feedback.ts';
import { loadRecords, loadStats, loadTeam, type TeamStats } from './store.ts';
import { MONEY } from './suggest.ts';

// The programme manager's view: every team of one workspace (Slack team, Teams tenant),
// the ones that need a look first: silent, numbers moving the wrong way, a relationship
// that loses money. Only for admins, or channels opted in as programme-staff-only.

export interface CohortAccess {
  /** Channel ids where `cohort` is allowed (RAPPORT_COHORT_CHANNELS): only channels whose members are all programme staff. */
  channels: readonly string[];
  /** User ids allowed anywhere (RAPPORT_COHORT_ADMINS). */
  admins: readonly string[];
}

export const mayViewCohort = (turn: Turn, access: CohortAccess) =>
  access.channels.includes(turn.key.channel) || access.admins.includes(turn.author.id);

export const COHORT_REFUSAL =
  'Sorry, the cohort view is only open to the programme team: programme admins, or channels set up for programme staff only. Your own design and check-ins are always here in your thread.';

/** Check-ins asked in a row without an answer that make a team "silent". */
export const SILENT_AFTER = 2;

const TYPE_LABEL = (t: RelationshipType) => t.replace(/_/g, ' ');

/** The last check-in's numbers, each against the check-in before (or the earlier value said with it). */
export function lastNumbers(records: readonly CheckIn[]): NumberNow[] {
  const [last, before] = records;
  if (!last) return [];
  const earlier = new Map((before?.metrics ?? []).map((m) => [metricKey(m.name), m.value]));
  return last.metrics.map((m) => {
    const prev = earlier.get(metricKey(m.name)) ?? m.previous;
    if (prev === null || prev === undefined) return { name: m.name, unit: m.unit, value: m.value, before: null, trend: 'new' as const };
    const trend = m.value === prev ? 'flat' : (m.value < prev) === lowerIsBetter(m.name) ? 'better' : 'worse';
    return { name: m.name, unit: m.unit, value: m.value, before: prev, trend };
  });
}

const ARROW = (n: NumberNow) => (n.before === null ? '' : n.value > n.before ? '↑' : n.value < n.before ? '↓' : '→');

export function numberText(n: NumberNow): string {
  if (n.trend === 'new') return `${n.name} ${fmt(n.value, n.unit)}`;
  if (n.trend === 'flat') return `${n.name} ${fmt(n.value, n.unit)} →`;
  return `${n.name} ${fmt(n.before!, n.unit)} ${ARROW(n)} ${fmt(n.value, n.unit)} (${n.trend})`;
}

/** Risk from what happened, never from a guessed mood: silence, worse numbers, money lost. */
export function assess(design: RelationshipDesign, stats: TeamStats, records: readonly CheckIn[]): Pick<TeamRow, 'numbers' | 'risk' | 'reasons' | 'score'> {
  const numbers = lastNumbers(records);
  const reasons: string[] = [];
  let score = 0;
  let risk: Risk = records.length || stats.asked ? 'healthy' : 'new';
  if (stats.unanswered >= SILENT_AFTER) {
    risk = 'silent';
    score += 300 + stats.unanswered;
    reasons.push(`silent for ${stats.unanswered} check-ins`);
  }
  const worse = numbers.filter((n) => n.trend === 'worse');
  if (worse.length) {
    if (risk !== 'silent') risk = 'at_risk';
    score += 200 + worse.length * 10;
    reasons.push(...worse.map((n) => `${n.name} moving the wrong way`));
  }
  const money = design.findings.filter((f) => f.severity === 'warning' && MONEY.has(f.code));
  if (money.length) {
    if (risk === 'healthy' || risk === 'new') risk = 'watch';
    score += 100 + money.length;
    const segments = [...new Set(money.map((f) => design.segments.find((s) => s.id === f.segmentId)?.name).filter(Boolean))];
    reasons.push(`loses money on the relationship${segments.length ? ` with ${segments.join(', ')}` : ''}`);
  }
  // What the team itself said weighs in, after what the numbers show.
  const said = records[0] && records[0].moodSaid === true && risk !== 'silent' ? records[0].mood : null;
  if (said === 'off_track') score += 50;
  if (said === 'at_risk') score += 25;
  return { numbers, risk, reasons, score };
}

/** Each channel's newest design (or the one its schedule names), with check-in stats and risk. */
export async function cohortRows(kv: KeyValueStore, scope: Pick<ConversationKey, 'platform' | 'workspace'>): Promise<TeamRow[]> {
  const prefix = sessionKey(`${encodeURIComponent(scope.platform)}:${encodeURIComponent(scope.workspace)}:`);
  const byChannel = new Map<string, { conversation: string; design: RelationshipDesign }[]>();
  for (const key of await kv.keys(prefix)) {
    const raw = await kv.get<{ design?: unknown }>(key);
    const parsed = StoredDesign.safeParse(raw?.design);
    if (!parsed.success || parsed.data.segments.length === 0) continue;
    const conversation = key.slice(sessionKey('').length);
    const channel = conversation.split(':')[2] ?? '';
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), { conversation, design: parsed.data }]);
  }
  const rows: TeamRow[] = [];
  for (const [channel, designs] of byChannel) {
    const teamId = [scope.platform, scope.workspace].map(encodeURIComponent).join(':') + `:${channel}`;
    const state = await loadTeam(kv, teamId);
    const chosen =
      designs.find((d) => d.conversation === state?.designConversation) ??
      designs.reduce((a, b) => (b.design.updatedAt > a.design.updatedAt ? b : a));
    const [stats, records] = await Promise.all([loadStats(kv, teamId), loadRecords(kv, teamId)]);
    rows.push({
      channel: decodeURIComponent(channel),
      design: chosen.design,
      stats,
      records,
      ...assess(chosen.design, stats, records),
      topFinding: topFindings(chosen.design.findings, 1)[0] ?? null,
    });
  }
  return rows.sort((a, b) => b.score - a.score || teamName(a).localeCompare(teamName(b)));
}

const NAME_MAX = 140;

/** The team's business in its own words, whole unless very long (then cut between words). */
export function teamName(row: Pick<TeamRow, 'design' | 'channel'>): string {
  const d = row.design.business.description?.trim();
  if (!d) return `Channel ${row.channel}`;
  if (d.length <= NAME_MAX) return d;
  const cut = d.slice(0, NAME_MAX);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), NAME_MAX - 30)).trimEnd()}…`;
}

export const RISK_LABEL: Record<Risk, string> = {
  silent: 'silent',
  at_risk: 'at risk',
  watch: 'watch',
  healthy: 'no risk seen',
  new: 'no check-ins yet',
};
const RISK_MARK: Record<Risk, string> = { silent: '🔴', at_risk: '🔴', watch: '🟠', healthy: '🟢', new: '⚪' };

/** The last mood the team stated itself; none for a silent team, whatever it said before. */
export function moodLine(row: Pick<TeamRow, 'risk' | 'records' | 'stats'>): string {
  const last = row.records[0];
  if (row.risk === 'silent') return `Mood: unknown, no answer since ${last ? last.at.slice(0, 10) : 'the first check-in'}`;
  const stated = row.records.find((r) => r.moodSaid === true);
  return stated ? `Mood: ${MOOD_LABEL[stated.mood]} (said ${stated.at.slice(0, 10)})` : 'Mood: not stated';
}

const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : 'n/a');
const answeredOf = (s: TeamStats) => Math.min(s.answered, s.asked);

export function cohortCard(rows: readonly TeamRow[], workspace: string): CardReply {
  const sections: CardSection[] = rows.map((row) => {
    const last = row.records[0];
    return {
      heading: `${RISK_MARK[row.risk]} ${teamName(row)} (channel ${row.channel})`,
      lines: [
        `Risk: ${RISK_LABEL[row.risk]}${row.reasons.length ? `: ${row.reasons.join('; ')}` : ''}`,
        `Numbers: ${row.numbers.length ? row.numbers.map(numberText).join(', ') : 'none reported'}`,
        `Check-ins: ${answeredOf(row.stats)} of ${row.stats.asked} answered${last ? `, last ${last.at.slice(0, 10)}` : ''}`,
        `Top finding: ${row.topFinding ? row.topFinding.message : 'none'}`,
        moodLine(row),
        `Segments: ${row.design.segments.map((s) => s.name).join(', ')}`,
      ],
      notes: [],
    };
  });
  const teams = rows.length;
  const usage = RELATIONSHIP_TYPES.map((t) => ({
    t,
    n: rows.filter((r) => r.design.segments.some((s) => s.relationship.types.includes(t))).length,
  }))
    .filter((u) => u.n > 0)
    .sort((a, b) => b.n - a.n);
  const asked = rows.reduce((n, r) => n + r.stats.asked, 0);
  const answered = rows.reduce((n, r) => n + answeredOf(r.stats), 0);
  const attention = rows.filter((r) => r.risk === 'silent' || r.risk === 'at_risk').length;
  sections.push({
    heading: 'Across the cohort',
    lines: [
      `Need a look: ${attention} of ${teams} (silent, or numbers moving the wrong way)`,
      `Check-in response rate: ${pct(answered, asked)} (${answered} of ${asked} check-ins answered)`,
      ...usage.map((u) => `${TYPE_LABEL(u.t)}: ${pct(u.n, teams)} of teams (${u.n} of ${teams})`),
    ],
    notes: [],
  });
  return {
    kind: 'card',
    title: `Cohort: ${teams} team${teams === 1 ? '' : 's'} in ${workspace}`,
    sections,
    footer: `Riskiest first. Silent means ${SILENT_AFTER} or more check-ins in a row unanswered. Say \`cohort export csv\` for a spreadsheet.`,
    compact: true,
  };
}

export async function cohortReplies(kv: KeyValueStore, turn: Turn, access: CohortAccess, as: 'card' | 'csv' = 'card'): Promise<Reply[]> {
  if (!mayViewCohort(turn, access)) return [{ kind: 'text', text: COHORT_REFUSAL, tone: 'notice' }];
  const rows = await cohortRows(kv, turn.key);
  if (!rows.length) return [{ kind: 'text', text: 'No team in this workspace has a design with me yet, so there is nothing to compare.' }];
  if (as === 'csv') return [cohortFile(rows, turn.key.workspace, turn.receivedAt)];
  return [cohortCard(rows, turn.key.workspace)];
}

function cohortFile(rows: readonly TeamRow[], workspace: string, at: Date): FileReply {
  const slug = workspace.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40) || 'workspace';
  return {
    kind: 'file',
    filename: `cohort-${slug}-${at.toISOString().slice(0, 10)}.csv`,
    mimeType: 'text/csv',
    title: `Cohort of ${rows.length} team${rows.length === 1 ? '' : 's'} (CSV)`,
    content: cohortCsv(rows),
    encoding: 'utf8',
  };
}

/** `cohort` and `cohort export csv`, both behind the same access rule. */
export function cohortCommands(access: CohortAccess): Command[] {
  return [
    {
      usage: 'cohort',
      description: 'every team of the cohort, riskiest first (programme team only)',
      match: (t) => (/^cohort$/i.test(t) ? {} : null),
      run: (ctx) => cohortReplies(ctx.store, ctx.turn, access),
    },
    {
      usage: 'cohort export csv',
      description: 'the cohort view as a CSV file for spreadsheets (programme team only)',
      match: (t) => (/^cohort\s+(?:export\s+)?csv$/i.test(t) ? {} : null),
      run: (ctx) => cohortReplies(ctx.store, ctx.turn, access, 'csv'),
    },
  ];
}
