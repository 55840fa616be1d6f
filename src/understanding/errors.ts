import type { Usage } from '../core/summariser.ts';

// A summariser failure with a short, plain reason the bot can show to the team.
// The message may hold technical detail; the reason never holds user text.

export class SummariserError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    options?: { cause?: unknown; usage?: Usage; silent?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SummariserError';
    this.usage = options?.usage;
    this.silent = options?.silent ?? false;
  }

  /** Tokens spent on the failed calls, so they still count. */
  readonly usage: Usage | undefined;
  /** The team was already told (a paused service, a spent allowance): fall back without a notice. */
  readonly silent: boolean;
}

export const REASONS = {
  timeout: 'the AI service timed out',
  shape: 'the AI answer did not fit the expected shape',
  json: 'the AI answer was not valid JSON',
  empty: 'the AI gave an empty answer',
  refusal: 'the AI declined to answer',
  cutOff: 'the AI answer was cut off',
  filtered: 'the AI service filtered the answer',
  busy: 'the AI service is busy (rate limited)',
  serverError: 'the AI service had an error',
  unreachable: 'the AI service could not be reached',
  auth: 'the AI service did not accept the API key',
  rejected: 'the AI service rejected the request',
  unknown: 'the AI service failed',
  paused: 'the AI service kept failing and is paused for a few minutes',
  budget: 'this conversation has used up its AI allowance',
} as const;
