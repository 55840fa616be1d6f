import type { RelationshipDesign } from './design.ts';
import type { ExtractionOf, ExtractionStep } from './extraction.ts';

// The summariser port: one free-text answer in, one step's structured result out.

export interface ExtractionContext {
  business?: string | null;
  segment?: string | null;
  /** Check-ins: the retention tactics the team planned, so "both ran" can be resolved. */
  plannedTactics?: string[];
  /** Lifecycle follow-ups: the stages the question asked about, so an unlabelled tactic lands there. */
  stages?: ('acquisition' | 'retention' | 'growth')[];
}

export interface ExtractionRequest<K extends ExtractionStep = ExtractionStep> {
  step: K;
  question: string;
  answer: string;
  context: ExtractionContext;
  /** Conversation id, for per-conversation usage counting and log lines. */
  conversation?: string;
  /** choice: a button value, exact enough to read without an LLM. */
  source?: 'typed' | 'choice';
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export interface Extraction<K extends ExtractionStep = ExtractionStep> {
  data: ExtractionOf<K>;
  via: 'llm' | 'offline';
  /** Set when the LLM was asked but its answer could not be used. */
  fallbackReason?: string;
  usage?: Usage;
}

/** A question the team asks the coach about its own design. */
export interface AdviceRequest {
  question: string;
  design: RelationshipDesign;
  /** The segment the conversation is on, if any. */
  segment: string | null;
  conversation?: string;
}

export interface Advice {
  text: string;
  usage?: Usage;
}

/**
 * A coach answer as it is written: the text deltas, and the checked final answer once the
 * deltas are read to the end (null when it failed or was refused: use the offline answer).
 */
export interface AdviceStream {
  deltas: AsyncIterable<string>;
  done: Promise<Advice | null>;
}

export interface Summariser {
  readonly name: string;
  extract<K extends ExtractionStep>(request: ExtractionRequest<K>): Promise<Extraction<K>>;
  /** A grounded answer to a question about the design; null when it cannot (the offline answer is used). */
  advise?(request: AdviceRequest): Promise<Advice | null>;
  /** advise, streamed; null when no call will be made (paused server, spent allowance). */
  adviseStream?(request: AdviceRequest): AdviceStream | null;
}

/** A running count of model calls and tokens, as a session or a check-in keeps it. */
export interface UsageCount {
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

/** Adds one call's tokens to a count; nothing when the call reported none. */
export function addUsage(into: UsageCount | undefined, usage: Usage | undefined): void {
  if (!into || !usage) return;
  into.calls += 1;
  into.promptTokens += usage.promptTokens;
  into.completionTokens += usage.completionTokens;
}
