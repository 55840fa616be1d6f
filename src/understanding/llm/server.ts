import { APIError } from 'openai/core/error';

// What one server (and each model on it) has shown it accepts, learned from its error
// code and param, never from the wording of its messages, and kept for this server only.

export type ResponseMode = 'json_schema' | 'json_object' | 'none';
const LADDER: ResponseMode[] = ['json_schema', 'json_object', 'none'];

export interface ModelCaps {
  /** Reasoning models (o-series, gpt-5) reject any temperature but the default. */
  temperature: boolean;
  tokenParam: 'max_tokens' | 'max_completion_tokens';
}

/** Reasoning models by name; anything the name misses is learned from the first 400. */
export const looksLikeReasoningModel = (model: string) => /^(?:o\d|gpt-5)/i.test(model.split('/').pop() ?? model);

/** Two replies in a row that ignore json_schema (prose, fences) mean the server does not honour it. */
const IGNORED_STRIKES = 2;

export class ServerState {
  mode: ResponseMode = 'json_schema';
  private readonly models = new Map<string, ModelCaps>();
  private ignored = 0;

  caps(model: string): ModelCaps {
    let caps = this.models.get(model);
    if (!caps) {
      const reasoning = looksLikeReasoningModel(model);
      caps = { temperature: !reasoning, tokenParam: reasoning ? 'max_completion_tokens' : 'max_tokens' };
      this.models.set(model, caps);
    }
    return caps;
  }

  /**
   * Learns from a rejected request. Returns what changed (so the call can be made again at
   * once), or null when the error says nothing we can adapt to.
   */
  learn(err: unknown, model: string, mode: ResponseMode): string | null {
    if (!(err instanceof APIError) || (err.status !== 400 && err.status !== 422)) return null;
    const param = typeof err.param === 'string' ? err.param : '';
    const caps = this.caps(model);
    if (param === 'temperature' && caps.temperature) {
      caps.temperature = false;
      return 'temperature';
    }
    if (param === 'max_tokens' && caps.tokenParam === 'max_tokens') {
      caps.tokenParam = 'max_completion_tokens';
      return 'max_completion_tokens';
    }
    if (param === 'max_completion_tokens' && caps.tokenParam === 'max_completion_tokens') {
      caps.tokenParam = 'max_tokens';
      return 'max_tokens';
    }
    if (param.startsWith('response_format') && mode === this.mode) {
      const next = LADDER[LADDER.indexOf(mode) + 1];
      if (!next) return null;
      this.mode = next;
      this.ignored = 0;
      return `mode ${next}`;
    }
    return null;
  }

  /** The mode to try once when a 400 names no param: many servers leave it out. */
  probeFor(err: unknown, mode: ResponseMode): ResponseMode | null {
    if (!(err instanceof APIError) || (err.status !== 400 && err.status !== 422)) return null;
    if (typeof err.param === 'string' && err.param) return null;
    return LADDER[LADDER.indexOf(mode) + 1] ?? null;
  }

  /** A reply in json_schema mode that was not bare JSON; true when the mode was changed. */
  schemaIgnored(): boolean {
    if (this.mode !== 'json_schema') return false;
    if (++this.ignored < IGNORED_STRIKES) return false;
    this.mode = 'json_object';
    this.ignored = 0;
    return true;
  }

  schemaHonoured(): void {
    this.ignored = 0;
  }
}

/** Consecutive failed turns open the circuit for a cool-down; one success closes it. */
export class Breaker {
  private failures = 0;
  private openUntil = 0;
  /** Opened before and not closed by a success since: the next call is a trial. */
  private tripped = false;
  /** Bumped each time the circuit opens, so "said once" is per episode. */
  episode = 0;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
  ) {}

  isOpen(now: number): boolean {
    return now < this.openUntil;
  }

  /** True when this failure opened the circuit. */
  failure(now: number): boolean {
    this.failures++;
    // A failed trial after the cool-down re-opens at once.
    if (this.failures < this.threshold && !this.tripped) return false;
    if (!this.tripped) this.episode++;
    this.tripped = true;
    this.openUntil = now + this.cooldownMs;
    this.failures = 0;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
    this.tripped = false;
  }

  get pausedUntil(): number {
    return this.openUntil;
  }
}
