import { z } from 'zod';
import { CostLevel, Intimacy, Nature, Period, Reach, RelationshipType, Touch } from './design.ts';

// What a summariser turns one free-text answer into, per step. Every field is present
// and nullable (not optional) so the same schema works as an OpenAI strict json_schema.

export const BusinessExtraction = z.object({
  description: z.string().nullable().describe('The business in one line: what it sells and to whom'),
  twoSided: z.boolean().nullable().describe('True for a marketplace or platform with two or more sides'),
});

export const SegmentsExtraction = z.object({
  segments: z
    .array(
      z.object({
        name: z.string().describe('Short segment name, as the team says it'),
        description: z.string().nullable(),
        reach: Reach.nullable().describe('direct: deals with the company; indirect: through intermediaries'),
      }),
    )
    .describe('Each customer segment named in the answer, in order'),
});

export const ExpectationsExtraction = z.object({
  touch: Touch.nullable().describe('How much contact the segment expects'),
  industryNorm: z.string().nullable().describe('The usual relationship in this industry, if mentioned'),
  breakNorm: z.boolean().nullable().describe('True if the team means to break that norm, false if they follow it'),
  rationale: z.string().nullable().describe('Why, if the answer gives a reason'),
  today: z.string().nullable().describe('The relationship the business has with this segment today, if the answer says (existing businesses)'),
  happy: z.enum(['yes', 'no', 'mixed']).nullable().describe('Whether customers are happy with that relationship today, if said'),
});

export const RelationshipExtraction = z.object({
  types: z.array(RelationshipType).describe('Every relationship type the answer describes'),
  nature: Nature.nullable(),
  touch: Touch.nullable().describe('The contact the team plans to offer'),
  intimacy: Intimacy.nullable(),
  reach: Reach.nullable(),
  proactive: z.boolean().nullable().describe('True if the company reaches out first'),
  emotional: z.boolean().nullable().describe('True for gestures such as thank-you notes or celebrating milestones'),
});

export const LifecycleExtraction = z.object({
  acquisition: z.array(z.string()).describe('Tactics to win customers'),
  retention: z.array(z.string()).describe('Tactics to keep customers'),
  growth: z.array(z.string()).describe('Tactics to upsell or cross-sell'),
  notes: z.string().nullable(),
});

/** An amount read from an answer: per customer, with its period and how it was worked out. */
export const AmountReading = z.object({
  value: z.number().describe('Per customer, never negative'),
  per: Period.describe('month, year, or one_off for a single payment'),
  working: z
    .string()
    .nullable()
    .describe('The arithmetic behind the value when it was not said outright, e.g. "€3,600 a month ÷ 80 dealers"; null otherwise'),
});
export type AmountReading = z.infer<typeof AmountReading>;

export const CostExtraction = z.object({
  level: CostLevel.nullable(),
  currency: z.string().nullable().describe('ISO 4217 code such as USD or EUR'),
  relationship: AmountReading.nullable().describe('What keeping up the relationship costs per customer'),
  revenue: AmountReading.nullable().describe('What one customer pays'),
  acquisition: AmountReading.nullable().describe('What winning one customer costs, if said'),
  notes: z.string().nullable(),
  doubt: z.string().nullable().describe('What the reading is unsure of (which amount is which, a guessed period); null when sure'),
});

export const TouchpointsExtraction = z.object({
  touchpoints: z.array(
    z.object({
      step: z.string(),
      thinkFeel: z.string().describe('How the customer should think and feel at this step; empty if not said'),
      owner: z.string().nullable().describe('Who or what handles this step'),
    }),
  ),
});

export const CompetitorsExtraction = z.object({
  relationship: z.string().nullable().describe('The relationship competitors offer'),
  advantage: z.string().nullable().describe('Where this team can do better'),
});

export const Mood = z.enum(['on_track', 'at_risk', 'off_track']);
export type Mood = z.infer<typeof Mood>;

export const Metric = z.object({
  name: z.string().describe('What was measured, e.g. churn, NPS, active users'),
  value: z.number().describe('The latest value'),
  unit: z.string().nullable().describe('%, users, EUR, points…'),
  previous: z.number().nullable().describe('The earlier value when the team gives one ("from 6% to 4.8%": 6)'),
  change: z.number().nullable().describe('The change when the team gives one ("+19", "down 0.5 points": -0.5)'),
});
export type Metric = z.infer<typeof Metric>;

export const CheckInExtraction = z.object({
  tacticsRun: z.array(z.string()).describe('Retention tactics the team says ran since last time'),
  tacticsNotRun: z.array(z.string()).describe('Planned tactics the team says did not run, slipped or stopped'),
  metrics: z.array(Metric),
  learned: z.string().nullable(),
  next: z.string().nullable(),
  mood: Mood.nullable(),
});

export const EXTRACTIONS = {
  business: BusinessExtraction,
  segments: SegmentsExtraction,
  expectations: ExpectationsExtraction,
  relationship: RelationshipExtraction,
  lifecycle: LifecycleExtraction,
  cost: CostExtraction,
  touchpoints: TouchpointsExtraction,
  competitors: CompetitorsExtraction,
  checkin: CheckInExtraction,
} as const;

export type ExtractionStep = keyof typeof EXTRACTIONS;
export type ExtractionOf<K extends ExtractionStep> = z.infer<(typeof EXTRACTIONS)[K]>;
export const EXTRACTION_STEPS = Object.keys(EXTRACTIONS) as ExtractionStep[];

export function isExtractionStep(step: string): step is ExtractionStep {
  return Object.hasOwn(EXTRACTIONS, step);
}
