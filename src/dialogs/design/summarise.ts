import type { ExtractionStep } from '../../core/extraction.ts';
import type { TurnContext } from '../../core/module.ts';
import { addUsage, type Extraction, type ExtractionContext, type Usage } from '../../core/summariser.ts';

// One call to the summariser for the dialog, with the usage it reports counted once here.

export async function summarise<K extends ExtractionStep>(
  ctx: TurnContext,
  step: K,
  said: string,
  question: string,
  segment: string | null,
  extra: Omit<ExtractionContext, 'business' | 'segment'> = {},
): Promise<Extraction<K>> {
  const extraction = await ctx.summariser.extract({
    step,
    question,
    answer: said,
    context: { business: ctx.session.design.business.description, segment, ...extra },
    conversation: ctx.conversation,
    source: ctx.turn.choice ? 'choice' : 'typed',
  });
  countUsage(ctx, extraction.usage);
  return extraction;
}

/** Adds one model call's tokens to the conversation's count. */
export function countUsage(ctx: TurnContext, usage: Usage | undefined): void {
  addUsage(ctx.session.usage, usage);
}
