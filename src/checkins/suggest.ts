import { ACTIONS, capitalise, compareCheckIns, lowerIsBetter, metricKey, plannedRetentionTactics, sameTactic, type CheckIn, type MetricChange, type PlannedTactic } from '../core/checkin.ts';
import type { Finding, RelationshipDesign } from '../core/design.ts';
import { topFindings } from '../coaching/rank.ts';

// The one suggestion after a check-in, offline: candidates from what the team just said
// (a number moving the wrong way, a named obstacle, a tactic stalled for two check-ins, a
// lesson, a plan) ranked together with the design's top findings. The caller drops the
// one the team was given last time, so the same line never comes twice in a row.

export interface Candidate {
  /** What it is about, for logs and tests: "metric:churn", "finding:no_retention". */
  about: string;
  text: string;
  score: number;
}

const QUOTE_MAX = 90;

/** The team's own words, cut at a word boundary. */
export function quote(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ').replace(/[.!]+$/, '');
  if (t.length <= QUOTE_MAX) return `“${t}”`;
  const cut = t.slice(0, QUOTE_MAX);
  return `“${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)).trimEnd()}…”`;
}

const fmt = (n: number, unit: string | null) => (unit === '%' ? `${n}%` : unit ? `${n} ${unit}` : `${n}`);
const day = (iso: string) => iso.slice(0, 10);

// Words that name something in the way, in the languages the offline reader knows best.
const OBSTACLE =
  /\b(problems?|issues?|struggl\w*|slow|late|delay\w*|complain\w*|broke\w*|bugs?|hard|difficult|couldn'?t|can'?t|cannot|blocked|overkill|too\s+(?:much|many|expensive|long|slow|costly)|nobody|no\s+one|lost|losing|refunds?|angry|frustrat\w*|confus\w*|ignored|no\s+time|expensive|failed|fails?|worse|drop(?:ped)?\s+off)\b/i;

export const namesObstacle = (s: string | null) => !!s && OBSTACLE.test(s);

/** Planned tactics not run in the last `n` check-ins (records newest first, at least n of them). */
export function stalledFor(design: RelationshipDesign, records: readonly CheckIn[], n = 2): { tactic: PlannedTactic; checkIns: number }[] {
  if (records.length < n) return [];
  return plannedRetentionTactics(design).flatMap((tactic) => {
    let count = 0;
    for (const r of records) {
      if (r.tacticsRun.some((t) => sameTactic(tactic.tactic, t))) break;
      count++;
    }
    return count >= n ? [{ tactic, checkIns: count }] : [];
  });
}

function metricAction(c: MetricChange): string {
  const key = metricKey(c.name);
  if (/churn|cancel|lost|downgrade|uninstall/.test(key)) return 'ask the three customers who left most recently what made them go, and fix the reason two of them share';
  if (/nps|satisf|csat|review/.test(key)) return 'call two of the customers who scored you lowest and ask what one thing would change their score';
  if (/complain|ticket|refund|response time/.test(key)) return 'read the last ten of them and fix the cause that comes up most';
  if (lowerIsBetter(c.name)) return 'find the one step where it grew and try one fix there';
  return 'look at who stopped and when, and reach out to three of them with one question: what changed for you?';
}

const findingAction = (f: Finding, design: RelationshipDesign) => {
  const segment = design.segments.find((s) => s.id === f.segmentId)?.name ?? 'your customers';
  return ACTIONS[f.code]?.(segment) ?? 'choose one small step that addresses it';
};

/** A finding that bears on the same thing, named after the lead suggestion. */
function related(findings: readonly Finding[], segmentId: string | null, metric: string | null): Finding | undefined {
  return findings.find(
    (f) =>
      (segmentId !== null && f.segmentId === segmentId) ||
      (metric !== null && /churn|retention|renewal|repeat|active/.test(metric) && /retention|touch|community|repeat|cost|margin/.test(f.code)),
  );
}

export const MONEY = new Set(['cost_exceeds_revenue', 'acquisition_payback', 'cross_subsidy', 'high_touch_low_margin']);

const tail = (f: Finding | undefined) => (f ? ` Your design also noted: ${f.message.replace(/\.?$/, '.')}` : '');

/** Every candidate suggestion, best first. records: newest first, `record` included. */
export function candidates(record: CheckIn, records: readonly CheckIn[], design: RelationshipDesign | null): Candidate[] {
  const previous = records.find((r) => r.id !== record.id && r.at <= record.at);
  const changes = compareCheckIns(record, previous);
  const findings = design ? topFindings(design.findings, 3) : [];
  const out: Candidate[] = [];

  for (const c of changes) {
    if (c.trend !== 'worse' || c.before === null || c.change === null) continue;
    const relative = c.before !== 0 ? Math.abs(c.change / c.before) : 1;
    out.push({
      about: `metric:${metricKey(c.name)}`,
      text: `${capitalise(c.name)} went from ${fmt(c.before, c.unit)} to ${fmt(c.after, c.unit)} since ${day(previous!.at)}. Before the next check-in, ${metricAction(c)}.${tail(related(findings, null, metricKey(c.name)))}`,
      score: 100 + Math.min(relative, 1) * 10,
    });
  }

  const said = [record.learned, record.next].filter((s): s is string => !!s);
  for (const s of said) {
    if (!namesObstacle(s)) continue;
    const tactic = design ? plannedRetentionTactics(design).find((p) => sameTactic(p.tactic, s) || s.toLowerCase().includes(p.tactic.toLowerCase())) : undefined;
    const action = tactic
      ? `try a lighter version of ${tactic.tactic} for ${tactic.segmentName} (a short email or a self-service page instead) and see whether the numbers hold`
      : 'pick the one customer moment where it hurts most, try one fix there, and report next time whether it helped';
    out.push({ about: 'obstacle', text: `You said ${quote(s)}. Before the next check-in, ${action}.`, score: 90 });
  }

  if (design) {
    for (const { tactic, checkIns } of stalledFor(design, records)) {
      const times = checkIns === 2 ? 'two check-ins in a row' : `${checkIns} check-ins in a row`;
      out.push({
        about: `stalled:${tactic.tactic}`,
        text: `“${tactic.tactic}” for ${tactic.segmentName} has not run for ${times}. Run a small version of it this week (one customer, one message), or take it out of the plan if it no longer fits.${tail(related(findings, tactic.segmentId, null))}`,
        score: 80 + Math.min(checkIns, 5),
      });
    }
  }

  if (record.learned && !namesObstacle(record.learned)) {
    const worse = changes.find((c) => c.trend === 'worse') ?? changes.find((c) => c.trend !== 'new') ?? changes[0];
    const watch = worse ? `and see whether ${worse.name} moves` : 'and bring one number that shows whether it worked';
    out.push({ about: 'learned', text: `You learned ${quote(record.learned)}. Turn it into one test before the next check-in: do more of it for one segment ${watch}.`, score: 72 });
  }

  findings.forEach((f, i) => {
    out.push({
      about: `finding:${f.code}`,
      text: `Your design noted: ${f.message.replace(/\.?$/, '.')} Before the next check-in, ${findingAction(f, design!)}.`,
      // A relationship that loses money outranks a lesson; other warnings follow it.
      score: (f.severity === 'warning' ? (MONEY.has(f.code) ? 85 : 70) : 50) - i * 5,
    });
  });

  if (record.next && !namesObstacle(record.next)) {
    out.push({ about: 'next', text: `You plan to ${quote(record.next)}. Decide now which number will tell you it worked, and bring it to the next check-in.`, score: 40 });
  }

  out.push(
    { about: 'fallback', text: 'Keep going, and add one number you track to the next check-in so the trend becomes visible.', score: 1 },
    { about: 'fallback', text: 'Pick the tactic you believe in most and run it once more before the next check-in, with one number to show whether it worked.', score: 0 },
  );
  return out.sort((a, b) => b.score - a.score);
}

const same = (a: string, b: string | null) => b !== null && a.replace(/\W+/g, ' ').trim().toLowerCase() === b.replace(/\W+/g, ' ').trim().toLowerCase();

/** The best candidate that is not what the team was told last time. */
export function pickSuggestion(list: readonly Candidate[], last: string | null): Candidate {
  return list.find((c) => !same(c.text, last)) ?? list[0]!;
}

export const isRepeat = same;
