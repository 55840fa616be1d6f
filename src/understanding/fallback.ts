import { EXTRACTIONS, type ExtractionStep } from '../core/extraction.ts';
import type { Extraction, ExtractionRequest, Summariser } from '../core/summariser.ts';
import type { Logger } from '../log.ts';
import { REASONS, SummariserError } from './errors.ts';

// The LLM proposes, the schema decides: whatever goes wrong with the primary, the team
// still gets the offline result, with a plain reason the bot can show.

export function createFallbackSummariser(primary: Summariser, offline: Summariser, log: Logger): Summariser {
  async function extract<K extends ExtractionStep>(request: ExtractionRequest<K>): Promise<Extraction<K>> {
    let failure: unknown;
    try {
      const result = await primary.extract(request);
      // Re-checked here so any primary, not only ours, is held to the schema.
      if (EXTRACTIONS[request.step].safeParse(result.data).success) return result;
      failure = new SummariserError(REASONS.shape, `${primary.name} result does not fit ${request.step}`, {
        usage: result.usage,
      });
    } catch (err) {
      failure = err;
    }
    const reason = failure instanceof SummariserError ? failure.reason : REASONS.unknown;
    // Error name only: messages can quote the model's output, which can quote the user.
    log.warn('summariser fell back to offline', {
      step: request.step,
      conversation: request.conversation,
      reason,
      error: failure instanceof Error ? failure.name : typeof failure,
    });
    const result = await offline.extract(request);
    const usage = failure instanceof SummariserError ? failure.usage : undefined;
    return { ...result, via: 'offline', fallbackReason: reason, ...(usage ? { usage } : {}) };
  }

  return { name: `${primary.name}+${offline.name}`, extract };
}
