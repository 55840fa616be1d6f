import type { TurnContext } from '../../core/module.ts';
import type { Reply } from '../../core/reply.ts';
import { text } from '../../core/reply.ts';
import type { Cursor } from '../../core/session.ts';
import type { ExtractionOf } from '../../core/extraction.ts';
import { yesNo, languageOf } from '../../understanding/offline/recognise.ts';
import { AMOUNT_ROLES, ROLE_LABELS, amountText, costNeedsConfirm, costSentence, stored, type AmountRole } from './amounts.ts';
import { recordChange } from './record.ts';
import { advance, describe, markDone, stepContext } from './moves.ts';
import { joinAnd, plural } from './words.ts';
import { summarise } from './summarise.ts';
import { remarksAfter } from './remarks.ts';

// One quick confirmation when a reading is unsure: a cost worked out with arithmetic or a
// segment list that looks odd is stored, shown back, and asked about with two buttons.
// "Let me fix it" re-asks only the number (or the list) that is off.

const YES_VALUE = "yes, that's right";
const FIX_VALUE = 'let me fix it';
const FIX_ROLE = /^fix (relationship|revenue|acquisition)$/i;
const FIX_WORDS = /^(?:let me (?:fix|change|correct) it|fix(?: it)?|not quite|that'?s (?:wrong|not right)|wrong)\b/i;

const buttons = (question: string): Reply => ({
  kind: 'choices',
  text: question,
  options: [
    { label: "Yes, that's right", value: YES_VALUE },
    { label: 'Let me fix it', value: FIX_VALUE },
  ],
});

/** Yes, fix, or neither (a new answer typed instead). */
function decision(said: string): 'yes' | 'fix' | null {
  const t = said.trim();
  if (t.toLowerCase() === YES_VALUE) return 'yes';
  if (FIX_WORDS.test(t)) return 'fix';
  // Only short replies are yes/no; a longer one is a corrected answer ("no, it's €45 a dealer").
  if (t.split(/\s+/).length > 3) return null;
  const yes = yesNo(t, languageOf(t));
  return yes === true ? 'yes' : yes === false ? 'fix' : null;
}

const SEGMENT_VERB = /\b(?:we|they|who|is|are|buy|buying|get|gets|usually|really|want|wants|need|needs|not|pay|pays|use|uses)\b/i;

/** Why a segment list looks doubtful, or null: many segments, long names, a verb in a name. */
export function segmentsDoubt(names: readonly string[]): string | null {
  if (names.length > 5) return 'many segments';
  if (names.some((n) => n.split(/\s+/).length > 5)) return 'a long name';
  if (names.some((n) => SEGMENT_VERB.test(n))) return 'a name that reads like a sentence';
  return null;
}

/** The confirmation to ask after a reading, or null when it can be taken as it is. */
export function confirmationFor(step: string, data: unknown, cursor: Cursor): { kind: 'cost' | 'segments'; question: Reply } | null {
  if (cursor.followedUp) return null; // a reading typed again after a fix is taken as it is
  if (step === 'cost') {
    const d = data as ExtractionOf<'cost'>;
    if (!costNeedsConfirm(d)) return null;
    const said = costSentence(d);
    if (!said) return null;
    const doubt = d.doubt ? ` I'm unsure about ${d.doubt.replace(/\.$/, '')}.` : '';
    return { kind: 'cost', question: buttons(`I read that ${said}.${doubt} Right?`) };
  }
  if (step === 'segments') {
    const names = (data as ExtractionOf<'segments'>).segments.map((s) => s.name);
    if (!segmentsDoubt(names)) return null;
    return { kind: 'segments', question: buttons(`I read ${names.length} ${plural(names.length, 'segment', 'segments')}: ${joinAnd(names.map((n) => `*${n}*`))}. Is that the list?`) };
  }
  return null;
}

function finish(ctx: TurnContext, what: string, said: string, edits: { path: (string | number)[]; value: unknown }[], noted: string): Reply[] {
  const cursor = ctx.session.cursor;
  recordChange(ctx, what, [...edits, ...markDone(ctx, { ...cursor, confirm: undefined })], said);
  const remarks = cursor.step === 'done' ? [] : remarksAfter(ctx, cursor.step, cursor.segmentId);
  return [text(noted), ...remarks, ...advance(ctx)];
}

async function fixAmount(ctx: TurnContext, said: string, role: AmountRole): Promise<Reply[]> {
  const cursor = ctx.session.cursor;
  const sctx = stepContext(ctx, cursor);
  const segment = sctx.segment;
  if (!segment) return [];
  const { data } = await summarise(ctx, 'cost', said, `What is the ${ROLE_LABELS[role].toLowerCase()}?`, segment.name);
  const reading = data[role] ?? AMOUNT_ROLES.map((r) => data[r]).find((a) => a !== null) ?? null;
  const amount = stored(reading);
  if (!amount) return [text('I could not find an amount in that. Something like "€45 a month", "£500 a year" or "$200 once" works.')];
  const currency = segment.cost.currency ?? data.currency;
  const path = ['design', 'segments', sctx.index, 'cost'];
  return finish(ctx, `${role} amount of ${segment.name}`, said, [
    { path: [...path, role], value: amount },
    { path: [...path, 'currency'], value: currency },
  ], `Noted: ${ROLE_LABELS[role].toLowerCase()} ${amountText(amount, currency)}.`);
}

/** Handles the reply to an open confirmation; null means it is a fresh answer to the step. */
export async function answerConfirmation(ctx: TurnContext, said: string): Promise<Reply[] | null> {
  const cursor = ctx.session.cursor;
  const open = cursor.confirm;
  if (!open) return null;
  if (open.fix) return fixAmount(ctx, said, open.fix);
  const role = FIX_ROLE.exec(said.trim());
  if (open.kind === 'cost' && role) {
    const fix = role[1]!.toLowerCase() as AmountRole;
    ctx.session.cursor = { ...cursor, confirm: { kind: 'cost', fix } };
    return [text(`What is the ${ROLE_LABELS[fix].toLowerCase()}, per customer? Say the period too, e.g. "€45 a month" or "€200 once".`)];
  }
  const choice = decision(said);
  if (choice === null) {
    // A corrected answer typed straight away replaces the reading, with no second confirmation.
    ctx.session.cursor = { ...cursor, confirm: undefined, followedUp: true };
    return null;
  }
  if (choice === 'yes') return finish(ctx, `confirmed ${describe(cursor, ctx)}`, said, [], 'Thanks, noted.');
  if (open.kind === 'segments') {
    ctx.session.cursor = { ...cursor, confirm: undefined, followedUp: true };
    return [text('Send the list as it should be: one segment per line, or separated by commas. A description can go in brackets after a name.')];
  }
  const segment = stepContext(ctx, cursor).segment;
  const roles = AMOUNT_ROLES.filter((r) => segment?.cost[r]);
  if (roles.length === 0) {
    ctx.session.cursor = { ...cursor, confirm: undefined, followedUp: true };
    return [text('Tell me the numbers again: what a customer pays, and what serving one costs you (a month, a year, or once).')];
  }
  if (roles.length === 1) {
    ctx.session.cursor = { ...cursor, confirm: { kind: 'cost', fix: roles[0]! } };
    return [text(`What is the ${ROLE_LABELS[roles[0]!].toLowerCase()}, per customer? Say the period too, e.g. "€45 a month" or "€200 once".`)];
  }
  return [
    {
      kind: 'choices',
      text: 'Which number is off?',
      options: roles.map((r) => ({ label: ROLE_LABELS[r], value: `fix ${r}` })),
    },
  ];
}
