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
      if (EXTRACTIONS[request.step].safeParse(result.data).success) {
        if (request.step !== 'segments' || (result.data as { segments: unknown[] }).segments.length > 0) return result;
        // No segment from the model: the dialog would ask again (and pay again) unless the
        // offline reader finds one; the model's tokens still count.
        const second = await offline.extract(request);
        if ((second.data as { segments: unknown[] }).segments.length === 0) return result;
        log.info('llm found no segment; the offline reader did', { conversation: request.conversation });
        return { ...second, via: 'offline', ...(result.usage ? { usage: result.usage } : {}) };
      }
      failure = new SummariserError(REASONS.shape, `${primary.name} result does not fit ${request.step}`, {
        usage: result.usage,
      });
    } catch (err) {
      failure = err;
    }
    const reason = failure instanceof SummariserError ? failure.reason : REASONS.unknown;
    // Told once already (a paused service, a spent allowance): no notice, no warning per answer.
    const silent = failure instanceof SummariserError && failure.silent;
    // Error name only: messages can quote the model's output, which can quote the user.
    if (!silent) {
      log.warn('summariser fell back to offline', {
        step: request.step,
        conversation: request.conversation,
        reason,
        error: failure instanceof Error ? failure.name : typeof failure,
      });
    }
    const result = await offline.extract(request);
    const usage = failure instanceof SummariserError ? failure.usage : undefined;
    // Usage only when the model was called: a refusal before any call has none.
    return { ...result, via: 'offline', ...(silent ? {} : { fallbackReason: reason }), ...(usage ? { usage } : {}) };
  }

  return {
    name: `${primary.name}+${offline.name}`,
    extract,
    ...(primary.advise ? { advise: primary.advise } : {}),
    ...(primary.adviseStream ? { adviseStream: primary.adviseStream } : {}),
  };
}
