import type { RelationshipDesign, Segment } from '../../core/design.ts';
import type { ExtractionOf } from '../../core/extraction.ts';
import { todayOf, withToday } from '../../core/today.ts';
import { TEST_PLANNED } from '../../coaching/test-first.ts';

// The lessons' extra questions, folded into the questions the dialog already asks so a design
// takes no more messages: each is a short clause, added only where it applies.

/** A business description that says the business already runs, so it has customers today. */
const EXISTING =
  /\b(we (run|own|have run|already)|our (shop|store|stores|clients|customers|firm|practice|restaurant|studio|salon)|existing|established|family[- ](run|owned)|since (19|20)\d\d|for (\d+|many|several) years)\b/i;

export function isExistingBusiness(design: RelationshipDesign): boolean {
  return EXISTING.test(design.business.description ?? '');
}

/** After "what do they expect": the relationship in place today, and whether it works. */
export function existingClause(design: RelationshipDesign): string {
  return isExistingBusiness(design) ? ' And today: how do you deal with them, and are they happy with it?' : '';
}

/**
 * The segment's rationale after an expectations answer: today's relationship first, then the
 * reason; null when unchanged. A new business's "currently nobody does this" is not a
 * relationship of its own, so today is kept only for an existing business or with a verdict.
 */
export function rationaleAfter(old: string | null, d: ExtractionOf<'expectations'>, existing = true): string | null {
  const said = d.today?.trim() || d.happy;
  const today = said && (existing || d.happy) ? { what: d.today?.trim() || null, happy: d.happy ?? null } : null;
  if (!today && !d.rationale) return null;
  const next = withToday(old, today, d.rationale);
  return next === old ? null : next;
}

/** "today: a rep visits (customers happy: no)", for the step's acknowledgement; null when not said. */
export function todayNoted(d: ExtractionOf<'expectations'>): string | null {
  const what = d.today?.trim();
  if (!what && !d.happy) return null;
  const verdict = d.happy ? `customers happy: ${d.happy}` : null;
  return what ? `today: ${what}${verdict ? ` (${verdict})` : ''}` : `today ${verdict}`;
}

export { todayOf };

/** After "how will you relate to them": direct or through others, one-off or long-term, and the extra touches of a high-touch plan. */
export function relationshipClause(segment: Segment | null): string {
  const high = segment?.expected.touch === 'high';
  return ` Direct or through partners, one-off or long-term?${high ? ' Will you reach out first, or mark their milestones?' : ''}`;
}

/** After "win, keep, grow": referrals as a way to win, and a first test with real customers. */
export const LIFECYCLE_CLAUSE = ' Would they refer others? And how will you test this with a few real customers first?';

export { TEST_PREFIX } from '../../core/segment-test.ts';

/**
 * A test plan read as a tactic or a note (the readers have no field for it) moves to the
 * acquisition notes, the least invasive place the exported contract offers: it is how the
 * first real customers are won, and every export and check already reads that field.
 */
export function splitTest(tactics: readonly string[], notes: string | null): { tactics: string[]; notes: string | null; tests: string[] } {
  const tests = tactics.filter((t) => TEST_PLANNED.test(t));
  const noteParts = (notes ?? '').split(/;\s*/).filter((p) => p.trim() !== '');
  const noteTests = noteParts.filter((p) => TEST_PLANNED.test(p));
  const rest = noteParts.filter((p) => !TEST_PLANNED.test(p));
  return { tactics: tactics.filter((t) => !TEST_PLANNED.test(t)), notes: rest.length ? rest.join('; ') : null, tests: [...tests, ...noteTests] };
}
