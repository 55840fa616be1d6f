import { RELATIONSHIP_TYPES, StoredDesign, type RelationshipDesign, type RelationshipType } from '../core/design.ts';
import type { KeyValueStore } from '../core/ports.ts';
import type { CardReply, CardSection, Reply } from '../core/reply.ts';
import { sessionKey } from '../core/session.ts';
import type { ConversationKey, Turn } from '../core/turn.ts';
import { MOOD_LABEL } from './feedback.ts';
import { loadRecords, loadStats, loadTeam } from './store.ts';

// The programme manager's view: every team design of one workspace (Slack team, Teams
// tenant) side by side, plus cohort aggregates. Only for configured channels or admins.

export interface CohortAccess {
  /** Channel ids where `cohort` is allowed (RAPPORT_COHORT_CHANNELS). */
  channels: readonly string[];
  /** User ids allowed anywhere (RAPPORT_COHORT_ADMINS). */
  admins: readonly string[];
}

export const mayViewCohort = (turn: Turn, access: CohortAccess) =>
  access.channels.includes(turn.key.channel) || access.admins.includes(turn.author.id);

export const COHORT_REFUSAL =
  'Sorry, the cohort view is only open to the programme team: it works in the cohort channels your programme manager has set up, or for programme admins. Your own design and check-ins are always here in your thread.';

const TYPE_LABEL = (t: RelationshipType) => t.replace(/_/g, ' ');

interface TeamRow {
  channel: string;
  design: RelationshipDesign;
  asked: number;
  answered: number;
  last: { at: string; mood: string } | null;
}

/** Each channel's newest design (or the one its schedule names), with check-in stats. */
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
    const last = records[0];
    rows.push({
      channel: decodeURIComponent(channel),
      design: chosen.design,
      asked: stats.asked,
      answered: stats.answered,
      last: last ? { at: last.at.slice(0, 10), mood: MOOD_LABEL[last.mood] } : null,
    });
  }
  return rows.sort((a, b) => teamName(a).localeCompare(teamName(b)));
}

const teamName = (row: TeamRow) => {
  const d = row.design.business.description;
  return d ? (d.length > 60 ? `${d.slice(0, 57)}…` : d) : `Channel ${row.channel}`;
};

const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : 'n/a');

export function cohortCard(rows: readonly TeamRow[], workspace: string): CardReply {
  const sections: CardSection[] = rows.map((row) => {
    const d = row.design;
    const types = [...new Set(d.segments.flatMap((s) => s.relationship.types))];
    const costs = [...new Set(d.segments.map((s) => s.cost.level).filter(Boolean))];
    const warnings = d.findings.filter((f) => f.severity === 'warning').length;
    return {
      heading: `${teamName(row)} (channel ${row.channel})`,
      lines: [
        `Segments: ${d.segments.map((s) => s.name).join(', ')}`,
        `Relationship types: ${types.length ? types.map(TYPE_LABEL).join(', ') : 'none chosen yet'}`,
        `Cost level: ${costs.length ? costs.join(' / ') : 'not set'}`,
        `Findings: ${d.findings.length}${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}`,
        `Last check-in: ${row.last ? `${row.last.at}, ${row.last.mood}` : 'none yet'}`,
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
  const asked = rows.reduce((n, r) => n + r.asked, 0);
  const answered = rows.reduce((n, r) => n + Math.min(r.answered, r.asked), 0);
  sections.push({
    heading: 'Across the cohort',
    lines: [
      ...usage.map((u) => `${TYPE_LABEL(u.t)}: ${pct(u.n, teams)} of teams (${u.n} of ${teams})`),
      `Check-in response rate: ${pct(answered, asked)} (${answered} of ${asked} check-ins answered)`,
    ],
    notes: [],
  });
  return {
    kind: 'card',
    title: `Cohort: ${teams} team${teams === 1 ? '' : 's'} in ${workspace}`,
    sections,
    footer: 'Each team appears with the design its check-ins follow, or its newest design.',
  };
}

export async function cohortReplies(kv: KeyValueStore, turn: Turn, access: CohortAccess): Promise<Reply[]> {
  if (!mayViewCohort(turn, access)) return [{ kind: 'text', text: COHORT_REFUSAL, tone: 'notice' }];
  const rows = await cohortRows(kv, turn.key);
  if (!rows.length) return [{ kind: 'text', text: 'No team in this workspace has a design with me yet, so there is nothing to compare.' }];
  return [cohortCard(rows, turn.key.workspace)];
}
