// The relationship an existing business has with a segment today, and whether customers are
// happy with it. The exported contract has no field for it, so it is kept in the segment's
// `rationale` as a leading sentence: "Today: <what they have>; customers happy: yes|no|mixed."
// The rationale is the segment's "why", and what customers think of today's relationship is
// the strongest why for keeping or changing it; every export already shows that field.

export type Happy = 'yes' | 'no' | 'mixed';

export interface TodayReading {
  /** What they have today, in the team's words; null when only the verdict was said. */
  what: string | null;
  happy: Happy | null;
}

const PREFIX = 'Today: ';
const UNNAMED = 'the current relationship';
// The verdict clause, or the sentence end when no verdict was said.
const SENTENCE = /^Today: (.+?)(?:; customers happy: (yes|no|mixed))?\.(?:\s+|$)/s;

/** The team's words made safe for one sentence: a stop inside would end it early. */
function oneSentence(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[.!?]+(?=\s|$)/g, ',')
    .replace(/;/g, ',')
    .replace(/[\s,]+$/, '')
    .trim();
}

/** The leading sentence for `today`, or null when nothing was said about it. */
export function todaySentence(today: TodayReading): string | null {
  const what = today.what ? oneSentence(today.what) : '';
  if (!what && !today.happy) return null;
  return `${PREFIX}${what || UNNAMED}${today.happy ? `; customers happy: ${today.happy}` : ''}.`;
}

/** The rationale split into today's relationship and the reason that follows it. */
export function splitRationale(rationale: string | null | undefined): { today: TodayReading | null; reason: string | null } {
  const text = rationale?.trim() ?? '';
  const m = SENTENCE.exec(text);
  if (!m) return { today: null, reason: text || null };
  const what = m[1]!.trim();
  const reason = text.slice(m[0].length).trim();
  return { today: { what: what === UNNAMED ? null : what, happy: (m[2] as Happy | undefined) ?? null }, reason: reason || null };
}

/** The rationale to store: today's sentence first, then the reason; either part kept from `old` when not said anew. */
export function withToday(old: string | null, today: TodayReading | null, reason: string | null): string | null {
  const before = splitRationale(old);
  const merged: TodayReading | null =
    today && (today.what || today.happy)
      ? { what: today.what ?? before.today?.what ?? null, happy: today.happy ?? before.today?.happy ?? null }
      : before.today;
  const parts = [merged ? todaySentence(merged) : null, reason?.trim() || before.reason].filter((p): p is string => !!p);
  return parts.length ? parts.join(' ') : null;
}

/** The reason part of a segment's rationale, without today's relationship. */
export const reasonOf = (rationale: string | null | undefined): string | null => splitRationale(rationale).reason;

/** Today's relationship stored in a segment's rationale, or null. */
export const todayOf = (rationale: string | null | undefined): TodayReading | null => splitRationale(rationale).today;
