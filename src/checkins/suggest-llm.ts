import { compareCheckIns, listing, type CheckIn } from '../core/checkin.ts';
import type { RelationshipDesign } from '../core/design.ts';
import { addUsage, type Summariser, type UsageCount } from '../core/summariser.ts';
import type { Logger } from '../log.ts';
import { answerNumbers, grounded } from '../understanding/llm/checks.ts';
import { isRepeat, quote } from './suggest.ts';

// The suggestion from the model: one advice call (the summariser's, so its deadline,
// breaker and token allowance apply) with this check-in as the question and the design
// as context. Its numbers must come from what the team gave; anything else, or a repeat
// of last time's line, and the offline suggestion is used instead.

const MAX_CHARS = 450;
/** Counts of steps a suggestion may name on its own ("ask three customers", "two weeks"). */
const SMALL = 10;

const fmt = (n: number, unit: string | null) => (unit === '%' ? `${n}%` : unit ? `${n} ${unit}` : `${n}`);

/** The check-in as the team's question to the coach. */
export function checkinQuestion(record: CheckIn, previous: CheckIn | undefined, stalled: readonly string[], last: string | null): string {
  const changes = compareCheckIns(record, previous);
  const numbers = changes.map((c) =>
    c.before === null ? `${c.name} ${fmt(c.after, c.unit)} (first time)` : `${c.name} ${fmt(c.before, c.unit)} → ${fmt(c.after, c.unit)} (${c.trend})`,
  );
  const lines = [
    'We just finished a retention check-in.',
    `Tactics we ran: ${record.tacticsRun.length ? listing(record.tacticsRun) : 'none'}.`,
    ...(stalled.length ? [`Planned but not run for two check-ins or more: ${listing(stalled)}.`] : []),
    `Our numbers: ${numbers.length ? numbers.join('; ') : 'none given'}.`,
    ...(record.learned ? [`What we learned: ${record.learned}`] : []),
    ...(record.next ? [`What we plan next: ${record.next}`] : []),
    'What is the one next step you suggest before our next check-in? Two sentences at most: first name what we said that it follows from, then the step, tied to our design. Use only numbers we gave.',
    ...(last ? [`Do not repeat your last suggestion: ${quote(last)}`] : []),
  ];
  return lines.join('\n');
}

/** The numbers the team gave in this check-in, the one before and its design. */
function teamNumbers(record: CheckIn, previous: CheckIn | undefined, design: RelationshipDesign | null): number[] {
  const out: number[] = [];
  for (const r of [record, previous]) for (const m of r?.metrics ?? []) out.push(Math.abs(m.value));
  for (const c of compareCheckIns(record, previous)) if (c.change !== null) out.push(Math.abs(c.change));
  for (const s of [record.learned, record.next]) if (s) out.push(...answerNumbers(s));
  for (const seg of design?.segments ?? []) {
    for (const a of [seg.cost.relationship, seg.cost.revenue, seg.cost.acquisition]) if (a) out.push(a.value);
  }
  return [...new Set(out)];
}

/** Why a model suggestion cannot be shown, or null when it can. */
export function problemWith(text: string, allowed: readonly number[], last: string | null): string | null {
  if (!text.trim()) return 'empty';
  if (text.length > MAX_CHARS * 1.5) return 'too long';
  if (isRepeat(text, last)) return 'same as last time';
  const stray = answerNumbers(text).filter((n) => !(Number.isInteger(n) && n <= SMALL) && !grounded(n, allowed));
  return stray.length ? `numbers the team did not give: ${stray.join(', ')}` : null;
}

export interface LlmSuggestionDeps {
  summariser: Summariser;
  log: Logger;
  conversation?: string;
  usage?: UsageCount;
}

/** The model's suggestion, checked; null when there is no model or its answer fails a check. */
export async function llmSuggestion(
  deps: LlmSuggestionDeps,
  input: { record: CheckIn; previous: CheckIn | undefined; design: RelationshipDesign; stalled: readonly string[]; last: string | null },
): Promise<string | null> {
  if (!deps.summariser.advise) return null;
  const question = checkinQuestion(input.record, input.previous, input.stalled, input.last);
  let advice;
  try {
    advice = await deps.summariser.advise({ question, design: input.design, segment: null, ...(deps.conversation ? { conversation: deps.conversation } : {}) });
  } catch (err) {
    deps.log.warn('check-in suggestion from the model failed; using the offline one', { conversation: deps.conversation, err });
    return null;
  }
  if (!advice) return null;
  addUsage(deps.usage, advice.usage);
  const text = advice.text.trim();
  const problem = problemWith(text, teamNumbers(input.record, input.previous, input.design), input.last);
  if (problem) {
    deps.log.info('check-in suggestion from the model not used', { conversation: deps.conversation, problem });
    return null;
  }
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1).trimEnd()}…` : text;
}
