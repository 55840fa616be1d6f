import { fmt, type TeamRow } from './cohort-row.ts';

// `cohort export csv`: one row per team, riskiest first, for a spreadsheet. RFC 4180
// quoting; a cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with '.

const HEADER = [
  'team',
  'channel',
  'risk',
  'why',
  'checkins_asked',
  'checkins_answered',
  'unanswered_in_a_row',
  'last_checkin',
  'last_numbers',
  'moving_wrong_way',
  'top_finding',
  'last_stated_mood',
  'segments',
];

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function cohortCsv(rows: readonly TeamRow[]): string {
  const lines = [HEADER.join(',')];
  for (const row of rows) {
    const last = row.records[0];
    const stated = row.risk === 'silent' ? null : row.records.find((r) => r.moodSaid === true);
    lines.push(
      [
        row.design.business.description ?? `Channel ${row.channel}`,
        row.channel,
        row.risk,
        row.reasons.join('; '),
        row.stats.asked,
        Math.min(row.stats.answered, row.stats.asked),
        row.stats.unanswered,
        last ? last.at.slice(0, 10) : null,
        row.numbers.map((n) => `${n.name} ${fmt(n.value, n.unit)}`).join('; '),
        row.numbers.filter((n) => n.trend === 'worse').map((n) => n.name).join('; '),
        row.topFinding?.message ?? null,
        stated ? stated.mood : null,
        row.design.segments.map((s) => s.name).join('; '),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
