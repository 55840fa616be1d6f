import type { ExtractionOf, ExtractionStep } from '../../core/extraction.ts';
import type { RelationshipDesign, Segment } from '../../core/design.ts';
import type { Path } from '../../core/ops.ts';
import type { Option, Reply } from '../../core/reply.ts';
import type { StepId } from '../../core/session.ts';
import { costSentence, readAmounts, stored } from './amounts.ts';
import { NATURE_LABELS, relationshipTypeLabel } from '../../core/render/labels.ts';
import { countWord, joinAnd, plural } from './words.ts';
import { LIFECYCLE_CLAUSE, TEST_PREFIX, existingClause, isExistingBusiness, rationaleAfter, relationshipClause, splitTest, todayNoted } from './asks.ts';

// The relationship-design conversation as a table: each row says what to ask, what
// counts as too vague, how the structured answer lands in the design, and what to say
// back. Adding a step is adding a row here, a prompt file and a test.

export interface StepContext {
  design: RelationshipDesign;
  /** The segment being discussed; null for business-wide steps. */
  segment: Segment | null;
  /** Index of segment in design.segments, for edit paths. */
  index: number;
}

export interface DesignStep<K extends StepId & ExtractionStep = StepId & ExtractionStep> {
  id: K;
  scope: 'business' | 'segment';
  /** Shown in `help` and used by `edit <what>`. */
  words: string[];
  ask(ctx: StepContext): Reply;
  /** The one focused follow-up when the answer is too vague. */
  followUp(ctx: StepContext, data: ExtractionOf<K>): string;
  vague(data: ExtractionOf<K>): boolean;
  /** merge: a follow-up answer adds to what the first answer gave. */
  edits(ctx: StepContext, data: ExtractionOf<K>, merge: boolean): { path: Path; value: unknown }[];
  /** What the bot understood, so a wrong reading is caught at once. */
  noted(ctx: StepContext, data: ExtractionOf<K>): string;
}

const seg = (ctx: StepContext) => ctx.segment?.name ?? 'this segment';
const segPath = (ctx: StepContext, ...rest: (string | number)[]): Path => ['design', 'segments', ctx.index, ...rest];
const union = <T>(a: readonly T[], b: readonly T[]) => [...new Set([...a, ...b])];
const pick = <T>(next: T | null, old: T | null, merge: boolean) => (merge ? (next ?? old) : next);

const TOUCH_OPTIONS: Option[] = [
  { label: 'High touch', value: 'high' },
  { label: 'Medium', value: 'medium' },
  { label: 'Low touch', value: 'low' },
];

const TYPE_OPTIONS: Option[] = [
  { label: 'Personal help', value: 'personal_assistance' },
  { label: 'Dedicated person', value: 'dedicated_personal_assistance' },
  { label: 'Self-service', value: 'self_service' },
  { label: 'Automation (bots, FAQs)', value: 'automated_service' },
  { label: 'Community', value: 'community' },
  { label: 'Co-creation', value: 'co_creation' },
  { label: 'Subscription', value: 'subscription' },
  { label: 'Exclusive access', value: 'exclusive_access' },
  { label: 'Proactive monitoring', value: 'proactive_monitoring' },
];

const COST_OPTIONS: Option[] = [
  { label: 'Low cost', value: 'low' },
  { label: 'Medium cost', value: 'medium' },
  { label: 'High cost', value: 'high' },
];

const business: DesignStep<'business'> = {
  id: 'business',
  scope: 'business',
  words: ['business', 'pitch', 'what we sell'],
  ask: () => ({
    kind: 'text',
    text: 'In one line: what does your business sell, and to whom? (If you run a marketplace with two sides, say so.)',
  }),
  followUp: () => 'Could you put it as "we sell X to Y"? One line is enough.',
  vague: (d) => !d.description || d.description.trim().split(/\s+/).length < 2,
  edits: (ctx, d, merge) => [
    { path: ['design', 'business', 'description'], value: pick(d.description, ctx.design.business.description, merge) },
    { path: ['design', 'business', 'twoSided'], value: d.twoSided ?? (merge ? ctx.design.business.twoSided : false) },
  ],
  noted: (_ctx, d) =>
    d.description
      ? `Got it: _${d.description}_.${d.twoSided ? ' A two-sided market: each side gets its own segment.' : ''}`
      : 'Noted.',
};

const segments: DesignStep<'segments'> = {
  id: 'segments',
  scope: 'business',
  words: ['segments', 'segment list', 'customers'],
  ask: (ctx) => ({
    kind: 'text',
    text:
      ctx.design.segments.length > 0
        ? `Your segments are ${joinAnd(ctx.design.segments.map((s) => `**${s.name}**`))}. Send the whole list as it should be: names you leave out are removed (\`undo\` brings them back).`
        : ctx.design.business.twoSided
          ? 'Who are your customer segments? In a two-sided market, list each side, and any group within a side that needs a different relationship.'
          : 'Who are your customer segments? List them: each will get its own relationship.',
  }),
  followUp: () => 'Who exactly? Name one or more groups, for example "freelance designers, small agencies".',
  vague: (d) => d.segments.length === 0,
  edits: () => [], // rebuilt by the engine, which keeps the work already done per segment
  noted: (_ctx, d) => {
    const names = d.segments.map((s) => `*${s.name}*`);
    return `${countWord(names.length)} ${plural(names.length, 'segment', 'segments')}: ${joinAnd(names)}.`;
  },
};

const expectations: DesignStep<'expectations'> = {
  id: 'expectations',
  scope: 'segment',
  words: ['expectations', 'expected', 'expected touch', 'norm', 'industry norm'],
  ask: (ctx) => ({
    kind: 'choices',
    text: `What kind of relationship do **${seg(ctx)}** expect: hands-on, or "let me do it myself"? Is there a norm in your industry you'd follow or break?${existingClause(ctx.design)}`,
    options: TOUCH_OPTIONS,
  }),
  followUp: (ctx) => `How much contact do ${seg(ctx)} expect from you: high, medium or low touch?`,
  vague: (d) => d.touch === null && d.industryNorm === null,
  edits: (ctx, d, merge) => {
    const old = ctx.segment!.expected;
    // Today's relationship rides in the rationale: the contract has no field of its own for it.
    const rationale = rationaleAfter(ctx.segment!.rationale, d, isExistingBusiness(ctx.design));
    return [
      {
        path: segPath(ctx, 'expected'),
        value: {
          touch: pick(d.touch, old.touch, merge),
          industryNorm: pick(d.industryNorm, old.industryNorm, merge),
          breakNorm: pick(d.breakNorm, old.breakNorm, merge),
        },
      },
      ...(rationale ? [{ path: segPath(ctx, 'rationale'), value: rationale }] : []),
    ];
  },
  noted: (ctx, d) => {
    const parts = [d.touch ? `${seg(ctx)} expect ${d.touch} touch` : null];
    if (d.industryNorm) parts.push(`the norm is ${d.industryNorm}${d.breakNorm === true ? ', and you mean to break it' : d.breakNorm === false ? ', and you follow it' : ''}`);
    parts.push(todayNoted(d));
    return `Noted: ${parts.filter(Boolean).join('; ')}.`;
  },
};

const relationship: DesignStep<'relationship'> = {
  id: 'relationship',
  scope: 'segment',
  words: ['relationship', 'relationship types', 'types', 'touch', 'nature', 'intimacy', 'reach'],
  ask: (ctx) => ({
    kind: 'choices',
    multi: true,
    text: `How will you relate to **${seg(ctx)}**? Mix freely: personal help, a dedicated person, self-service, automation (bots, FAQs), a community, co-creation…${relationshipClause(ctx.segment)}`,
    options: TYPE_OPTIONS,
  }),
  followUp: (ctx) => `Which of these fits ${seg(ctx)} best: personal help, a dedicated person, self-service, automation, a community or co-creation?`,
  vague: (d) => d.types.length === 0,
  edits: (ctx, d, merge) => {
    const old = ctx.segment!.relationship;
    return [
      {
        path: segPath(ctx, 'relationship'),
        value: {
          types: merge ? union(old.types, d.types) : d.types,
          nature: pick(d.nature, old.nature, merge),
          touch: pick(d.touch, old.touch, merge),
          intimacy: pick(d.intimacy, old.intimacy, merge),
          proactive: d.proactive ?? (merge ? old.proactive : false),
          emotional: d.emotional ?? (merge ? old.emotional : false),
        },
      },
      { path: segPath(ctx, 'reach'), value: pick(d.reach, ctx.segment!.reach, true) },
    ];
  },
  noted: (_ctx, d) => {
    const extras = [d.nature && NATURE_LABELS[d.nature], d.touch && `${d.touch} touch`, d.reach].filter(Boolean);
    const types = d.types.map((t) => `_${relationshipTypeLabel(t)}_`);
    return `Noted: ${types.length ? joinAnd(types) : 'no relationship type yet'}${extras.length ? ` · ${extras.join(' · ')}` : ''}.`;
  },
};

const lifecycle: DesignStep<'lifecycle'> = {
  id: 'lifecycle',
  scope: 'segment',
  words: ['lifecycle', 'tactics', 'acquisition', 'retention', 'growth', 'win keep grow'],
  ask: (ctx) => ({
    kind: 'text',
    text: `How will this relationship **win** ${seg(ctx)}, **keep** them and **grow** them? A tactic or two for each is plenty.${LIFECYCLE_CLAUSE}`,
  }),
  followUp: (ctx, d) => {
    const missing = [
      d.acquisition.length === 0 && 'win',
      d.retention.length === 0 && 'keep',
      d.growth.length === 0 && 'grow',
    ].filter((w): w is string => Boolean(w));
    return `And how will you **${joinAnd(missing)}** ${seg(ctx)}? One tactic each is enough.`;
  },
  vague: (d) => d.acquisition.length === 0 || d.retention.length === 0 || d.growth.length === 0,
  edits: (ctx, d, merge) => {
    const old = ctx.segment!.lifecycle;
    // A plan to test with real customers is kept apart from the tactics, as the segment's test.
    const win = splitTest(d.acquisition, null);
    const keep = splitTest(d.retention, d.notes);
    const grow = splitTest(d.growth, null);
    const tests = [...win.tests, ...keep.tests, ...grow.tests];
    const read = { acquisition: win.tactics, retention: keep.tactics, growth: grow.tactics };
    const tactics = (key: 'acquisition' | 'retention' | 'growth') => ({
      tactics: merge ? union(old[key].tactics, read[key]) : read[key],
      notes: key === 'retention' ? pick(keep.notes, old[key].notes, merge) : old[key].notes,
    });
    const acquisition = tactics('acquisition');
    if (tests.length) acquisition.notes = `${TEST_PREFIX}${tests.join('; ')}`;
    return [{ path: segPath(ctx, 'lifecycle'), value: { acquisition, retention: tactics('retention'), growth: tactics('growth') } }];
  },
  noted: (_ctx, d) => {
    const win = splitTest(d.acquisition, null);
    const keep = splitTest(d.retention, d.notes);
    const grow = splitTest(d.growth, null);
    const tests = [...win.tests, ...keep.tests, ...grow.tests];
    const part = (label: string, list: string[]) => (list.length ? `${label}: ${list.join(', ')}` : null);
    const parts = [part('win', win.tactics), part('keep', keep.tactics), part('grow', grow.tactics), part('test first', tests)].filter(Boolean);
    return parts.length ? `Noted: ${parts.join(' · ')}.` : 'Noted.';
  },
};

const cost: DesignStep<'cost'> = {
  id: 'cost',
  scope: 'segment',
  words: ['cost', 'costs', 'price', 'revenue', 'money'],
  ask: () => ({
    kind: 'choices',
    text: 'What does keeping up this relationship cost you per customer, and what does a customer pay? Rough numbers are fine, a month, a year or once.',
    options: COST_OPTIONS,
  }),
  followUp: () => 'Roughly: what does one customer pay you (a month, a year, or once), and what does serving them cost you?',
  vague: (d) => d.level === null && readAmounts(d).length === 0,
  edits: (ctx, d, merge) => {
    const old = ctx.segment!.cost;
    return [
      {
        path: segPath(ctx, 'cost'),
        value: {
          level: pick(d.level, old.level, merge),
          currency: pick(d.currency, old.currency, merge),
          relationship: pick(stored(d.relationship), old.relationship, merge),
          revenue: pick(stored(d.revenue), old.revenue, merge),
          acquisition: pick(stored(d.acquisition), old.acquisition, merge),
          notes: pick(d.notes, old.notes, merge),
        },
      },
    ];
  },
  noted: (_ctx, d) => {
    const said = costSentence(d);
    return `Noted: cost ${d.level ?? 'level not given'}${said ? `; ${said}` : ''}.`;
  },
};

const touchpoints: DesignStep<'touchpoints'> = {
  id: 'touchpoints',
  scope: 'segment',
  words: ['touchpoints', 'journey', 'customer journey', 'think feel'],
  ask: (ctx) => ({
    kind: 'text',
    text: `Walk me through the journey of ${seg(ctx)}, from first visit to renewal, and how you want them to feel at each step. (Or \`skip\`.)`,
  }),
  followUp: () => 'List the steps in order, for example: visits the website (should feel "this is for me") → books a call → first project.',
  vague: (d) => d.touchpoints.length === 0,
  edits: (ctx, d, merge) => [
    { path: segPath(ctx, 'touchpoints'), value: merge ? [...ctx.segment!.touchpoints, ...d.touchpoints] : d.touchpoints },
  ],
  noted: (_ctx, d) => `Noted ${d.touchpoints.length} ${plural(d.touchpoints.length, 'step', 'steps')}: ${d.touchpoints.map((t) => t.step).join(' → ')}.`,
};

const competitors: DesignStep<'competitors'> = {
  id: 'competitors',
  scope: 'segment',
  words: ['competitors', 'competition', 'rivals'],
  ask: (ctx) => ({
    kind: 'text',
    text: `Last one for ${seg(ctx)}: what relationship do competitors offer them, and where can you do better? (Or \`skip\`.)`,
  }),
  followUp: (ctx) => `Who do ${seg(ctx)} use today instead of you, and how are they treated there?`,
  vague: (d) => d.relationship === null && d.advantage === null,
  edits: (ctx, d, merge) => {
    const old = ctx.segment!.competitors;
    const rel = pick(d.relationship, old?.relationship ?? null, merge);
    const adv = pick(d.advantage, old?.advantage ?? null, merge);
    return [{ path: segPath(ctx, 'competitors'), value: rel === null && adv === null ? null : { relationship: rel ?? '', advantage: adv } }];
  },
  noted: (_ctx, d) => `Noted: competitors offer ${d.relationship ?? 'something unspecified'}${d.advantage ? `; your edge: ${d.advantage}` : ''}.`,
};

export const STEPS = [business, segments, expectations, relationship, lifecycle, cost, touchpoints, competitors] as const;
export type AnyStep = (typeof STEPS)[number];

export function stepById(id: StepId): AnyStep {
  const step = STEPS.find((s) => s.id === id);
  if (!step) throw new Error(`unknown step ${id}`);
  return step;
}

export const SEGMENT_STEPS = STEPS.filter((s) => s.scope === 'segment').map((s) => s.id);
export const BUSINESS_STEPS = STEPS.filter((s) => s.scope === 'business').map((s) => s.id);
