import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Summariser } from '../core/summariser.ts';
import { createOfflineSummariser } from './offline/index.ts';
import { currencies, numbers, percentages, yesNo } from './offline/recognise.ts';

// The server's way in: the OpenAI client (and everything behind it) is imported only when
// a key is set, so a process without one starts without loading it.

/** Same choice as createSummariser in index.ts, which it loads only when a key is set. */
export async function loadSummariser(config: Config, log: Logger): Promise<Summariser> {
  if (!config.OPENAI_API_KEY) return createOfflineSummariser();
  const { createSummariser } = await import('./index.ts');
  return createSummariser(config, log);
}

// The recognisers compile apart for plain-ASCII text and for text with characters like €: both are warmed.
const WARM_TEXTS = ['yes, 1,200 users pay €12.50 a month, 4.5% churn', 'yes, 1200 users pay 12 dollars a month, 4 percent churn'];

/**
 * Builds the English number, currency and yes/no models now rather than on the first
 * answer (~1 s in all). One model per turn of the event loop, so a health check or a
 * message that arrives meanwhile waits for one model at most, not all of them. Called
 * once a server or chat is up, so start-up itself does not wait for it.
 */
export function warmUpReaders(): void {
  const models = [numbers, percentages, currencies, (text: string) => yesNo(text)];
  const steps = WARM_TEXTS.flatMap((text) => models.map((model) => () => model(text)));
  const next = () => {
    const step = steps.shift();
    if (!step) return;
    step();
    setImmediate(next);
  };
  next();
}
