import type { ExtractionOf, ExtractionStep } from './extraction.ts';

// The summariser port: one free-text answer in, one step's structured result out.

export interface ExtractionContext {
  business?: string | null;
  segment?: string | null;
  /** Check-ins: the retention tactics the team planned, so "both ran" can be resolved. */
  plannedTactics?: string[];
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

export interface Summariser {
  readonly name: string;
  extract<K extends ExtractionStep>(request: ExtractionRequest<K>): Promise<Extraction<K>>;
}
