import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { EXTRACTION_STEPS, isExtractionStep } from '../core/extraction.ts';
import { createSummariser } from '../understanding/index.ts';

/** Same path as the chat: the configured summariser, with its fallback. */
export async function runExtract(config: Config, log: Logger, args: string[], out: NodeJS.WritableStream): Promise<number> {
  const [step, ...words] = args;
  const answer = words.join(' ');
  if (!step || !isExtractionStep(step) || !answer.trim()) {
    out.write(`Usage: rapport extract <step> "<answer>"\nSteps: ${EXTRACTION_STEPS.join(', ')}\n`);
    return 1;
  }
  const summariser = createSummariser(config, log);
  const result = await summariser.extract({ step, question: `(${step})`, answer, context: {} });
  out.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}
