import { EXTRACTIONS, type ExtractionOf, type ExtractionStep } from '../../core/extraction.ts';
import type { Extraction, ExtractionContext, ExtractionRequest, Summariser } from '../../core/summariser.ts';
import { isNonAnswer } from './nonAnswer.ts';
import { normalise } from './text.ts';
import { readBusiness } from './steps/business.ts';
import { readCheckIn } from './steps/checkin.ts';
import { readCompetitors } from './steps/competitors.ts';
import { readCost } from './steps/cost.ts';
import { readExpectations } from './steps/expectations.ts';
import { readLifecycle } from './steps/lifecycle.ts';
import { readRelationship } from './steps/relationship.ts';
import { readSegments } from './steps/segments.ts';
import { readTouchpoints } from './steps/touchpoints.ts';

// The offline summariser: words and patterns, no network. It is the default without an
// LLM and the fallback behind one, so every step gets a schema-valid result, never a throw.

type Reader<K extends ExtractionStep> = (text: string, context: ExtractionContext) => ExtractionOf<K>;

const READERS: { [K in ExtractionStep]: Reader<K> } = {
  business: readBusiness,
  segments: readSegments,
  expectations: readExpectations,
  relationship: readRelationship,
  lifecycle: readLifecycle,
  cost: readCost,
  touchpoints: readTouchpoints,
  competitors: readCompetitors,
  checkin: readCheckIn,
};

const EMPTY: { [K in ExtractionStep]: () => ExtractionOf<K> } = {
  business: () => ({ description: null, twoSided: null }),
  segments: () => ({ segments: [] }),
  expectations: () => ({ touch: null, industryNorm: null, breakNorm: null, rationale: null, today: null, happy: null }),
  relationship: () => ({ types: [], nature: null, touch: null, intimacy: null, reach: null, proactive: null, emotional: null }),
  lifecycle: () => ({ acquisition: [], retention: [], growth: [], notes: null }),
  cost: () => ({ level: null, currency: null, relationship: null, revenue: null, acquisition: null, notes: null, doubt: null }),
  touchpoints: () => ({ touchpoints: [] }),
  competitors: () => ({ relationship: null, advantage: null }),
  checkin: () => ({ tacticsRun: [], tacticsNotRun: [], metrics: [], learned: null, next: null, mood: null }),
};

/** One answer to one step's structured result; always schema-valid, never throws. */
export function offlineExtract<K extends ExtractionStep>(step: K, answer: string, context: ExtractionContext = {}): ExtractionOf<K> {
  const schema = EXTRACTIONS[step];
  const empty = () => schema.parse(EMPTY[step]()) as ExtractionOf<K>;
  try {
    const text = normalise(answer);
    if (!text || isNonAnswer(text)) return empty();
    const parsed = schema.safeParse((READERS[step] as Reader<K>)(text, context ?? {}));
    return parsed.success ? (parsed.data as ExtractionOf<K>) : empty();
  } catch {
    // A reader bug must not cost the team its turn: an empty reading asks again instead.
    return empty();
  }
}

export function createOfflineSummariser(): Summariser {
  return {
    name: 'offline',
    async extract<K extends ExtractionStep>(request: ExtractionRequest<K>): Promise<Extraction<K>> {
      return { data: offlineExtract(request.step, request.answer, request.context), via: 'offline' };
    },
  };
}
