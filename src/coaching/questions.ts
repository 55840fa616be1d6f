import type { Finding, RelationshipDesign, Segment } from '../core/design.ts';
import { formatDerived, percentOf } from '../core/render/money.ts';
import { compareCostToRevenue } from './amounts.ts';
import { findingsFor } from './index.ts';

// Questions to the coach ("is the advisor model worth it?") answered offline: from the
// findings about the segment asked about, else a short note on the pattern the question
// names, always with the way to change the design. Pure: the design and the words in.

interface Topic {
  cue: RegExp;
  codes: string[];
  /** Said when the design raises nothing on this topic. */
  note: string;
}

const TOPICS: Topic[] = [
  {
    cue: /\b(?:worth|afford|cost(?:s|ly)?|expensive|cheap|margin|price|pricing|pay(?:s|ing)?|profit\w*|break[- ]?even|money|lose|losing|payback)\b/i,
    codes: ['cost_exceeds_revenue', 'cross_subsidy', 'high_touch_low_margin', 'acquisition_payback', 'cost_share_unknown', 'dedicated_everywhere', 'hybrid_suggested'],
    note: 'A relationship pays when what it costs per customer is well below what that customer brings in. Give me both figures (`edit cost`) and I will work out the margin and the break-even.',
  },
  {
    cue: /\b(?:communit\w*|forum|discord|slack\s+group|champions?|moderat\w*|members?)\b/i,
    codes: ['community_not_seeded', 'co_creation_no_channel'],
    note: 'A community only helps once someone answers the first questions: plan who seeds it (your team, a few champions) and where it lives.',
  },
  {
    cue: /\b(?:retention|retain|churn\w*|keep(?:ing)?|loyal\w*|come\s+back|repeat|renew\w*)\b/i,
    codes: ['no_retention', 'transactional_but_repeat'],
    note: 'Keeping customers needs at least one tactic that runs after the first sale: onboarding, regular check-ins, a loyalty reward or a reason to come back.',
  },
  {
    cue: /\b(?:touch|personal|automat\w*|self[- ]?serv\w*|scale|hybrid|account\s+manager|human|bot|chatbot)\b/i,
    codes: ['hybrid_suggested', 'touch_below_expectation', 'touch_above_expectation', 'dedicated_everywhere', 'high_touch_low_margin'],
    note: 'Use the lightest relationship that still wins and keeps the segment; a common middle way is personal help for the first sale and automation afterwards.',
  },
  {
    cue: /\b(?:norm|industry|competitor\w*|different|disrupt\w*|same\s+as)\b/i,
    codes: ['norm_break_unexplained', 'norm_break_untested'],
    note: 'Industry norms usually exist for a reason. Breaking one can be the innovation, but test it with a few real customers before you build on it.',
  },
];

const QUESTION_START =
  /^(?:is|are|should|would|could|can|do|does|did|what|how|why|which|when|will|shall|isn'?t|aren'?t|shouldn'?t|wouldn'?t|any\s+(?:tips|advice|ideas))\b/i;

/** A message that asks the coach something rather than answering the question. */
export function isQuestionToCoach(said: string): boolean {
  const t = said.trim();
  if (t.split(/\s+/).length < 3) return false;
  return QUESTION_START.test(t) || (/\?\s*$/.test(t) && /\b(?:we|our|us|i|it|this|that)\b/i.test(t));
}

function segmentAsked(design: RelationshipDesign, question: string, current: string | null): Segment | null {
  const q = question.toLowerCase();
  const named = design.segments.find((s) =>
    s.name
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w.length > 3)
      .some((w) => q.includes(w.replace(/s$/, ''))),
  );
  return named ?? design.segments.find((s) => s.id === current) ?? null;
}

/** A short, grounded answer: the findings on the topic asked, else the pattern's note. */
export function answerQuestion(design: RelationshipDesign, findings: readonly Finding[], question: string, currentSegmentId: string | null): string {
  const segment = segmentAsked(design, question, currentSegmentId);
  const scope = segment ? findingsFor(findings, segment.id) : [...findings];
  const topic = TOPICS.find((t) => t.cue.test(question));
  const about = topic ? scope.filter((f) => topic.codes.includes(f.code)) : scope;
  const where = segment ? ` for **${segment.name}**` : '';
  if (about.length > 0) {
    const lines = about.slice(0, 2).map((f) => `${f.severity === 'warning' ? '⚠' : 'ℹ'} ${f.message}`);
    return `From what you've told me${where}:\n${lines.join('\n')}\nChange an answer with \`edit\` and I'll look again.`;
  }
  const figures = topic === TOPICS[0] && segment ? marginLine(segment) : null;
  if (figures) return `${figures} Nothing in your answers${where} raises a flag on cost; \`edit cost\` if the figures change.`;
  if (topic) return `Nothing in your answers${where} raises a flag there yet. ${topic.note}`;
  return `I can answer questions about your design: cost and margin, keeping customers, communities, how personal to be. Nothing stands out${where} so far; \`summary\` shows where you are.`;
}

/** "The relationship costs €91.67 a month of the €1,000 a month a customer pays (9%)": the team's figures, compared like for like. */
function marginLine(segment: Segment): string | null {
  const { relationship, revenue, currency } = segment.cost;
  if (!relationship || !revenue) return null;
  const c = compareCostToRevenue(relationship, revenue, null);
  const money = (n: number) => formatDerived(n, currency);
  if (c.basis === 'monthly' && c.revenue > 0) {
    return `From your figures, keeping up the relationship costs ${money(c.cost)} a month of the ${money(c.revenue)} a month a customer brings in (${percentOf(c.cost, c.revenue)}%), leaving ${money(c.revenue - c.cost)} a month per customer before other costs.`;
  }
  if (c.basis === 'one_off' && c.revenue > 0) {
    return `From your figures, serving a customer costs ${money(c.cost)} of the ${money(c.revenue)} sale (${percentOf(c.cost, c.revenue)}%).`;
  }
  if (c.basis === 'payback' && c.months !== null) {
    return `From your figures, the ${money(c.cost)} spent once per customer is earned back in about ${Math.ceil(c.months)} months of what they pay.`;
  }
  return null;
}
