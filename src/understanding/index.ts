import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Summariser } from '../core/summariser.ts';
import { createFallbackSummariser } from './fallback.ts';
import { createOfflineSummariser } from './offline/index.ts';
import { createOpenAISummariser } from './openai.ts';
import { defaultPrompts } from './prompts.ts';

// The one place that picks a summariser: no key, offline only; a key, the LLM with the
// offline summariser behind it.

export function createSummariser(config: Config, log: Logger): Summariser {
  const offline = createOfflineSummariser();
  if (!config.OPENAI_API_KEY) return offline;
  const openai = createOpenAISummariser({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    apiVersion: config.OPENAI_API_VERSION,
    model: config.OPENAI_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    deadlineMs: config.RAPPORT_LLM_DEADLINE_MS,
    tokenBudget: config.RAPPORT_LLM_TOKEN_BUDGET,
    log,
    prompts: defaultPrompts(),
  });
  const llm = createFallbackSummariser(openai, offline, log);
  // A pressed button is already a closed-set value: no need to pay a model to read it.
  return {
    name: llm.name,
    extract: (request) => (request.source === 'choice' ? offline.extract(request) : llm.extract(request)),
    ...(llm.advise ? { advise: llm.advise } : {}),
    ...(llm.adviseStream ? { adviseStream: llm.adviseStream } : {}),
  };
}

export { createFallbackSummariser } from './fallback.ts';
export { createOpenAISummariser, type OpenAISummariserOptions } from './openai.ts';
export { defaultPrompts, loadPrompts, PromptsError, type Prompts } from './prompts.ts';
export { REASONS, SummariserError } from './errors.ts';
