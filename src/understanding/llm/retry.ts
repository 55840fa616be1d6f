import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai/core/error';
import { z } from 'zod';
import { REASONS, SummariserError } from '../errors.ts';

// Which failures are worth another attempt, how long to wait, and the plain reason for the rest.

export function isRetryable(err: unknown): boolean {
  if (err instanceof APIConnectionTimeoutError) return true; // at most once: see isTimeout
  if (err instanceof APIUserAbortError) return false;
  if (err instanceof APIConnectionError) return true;
  if (err instanceof APIError) return err.status === 408 || err.status === 429 || (err.status ?? 0) >= 500;
  return false;
}

export const isTimeout = (err: unknown) => err instanceof APIConnectionTimeoutError;

export function statusOf(err: unknown): number | string {
  if (err instanceof APIConnectionTimeoutError) return 'timeout';
  if (err instanceof APIConnectionError) return 'connection';
  return err instanceof APIError ? (err.status ?? 'unknown') : 'unknown';
}

export function retryDelay(err: unknown, attempt: number, baseMs: number, maxMs: number): number {
  const headers = err instanceof APIError ? err.headers : undefined;
  const fromServer = retryAfterMs(headers);
  if (fromServer !== undefined) return Math.min(fromServer, maxMs);
  const jitter = 0.75 + Math.random() * 0.5;
  return Math.min(Math.round(baseMs * 2 ** attempt * jitter), maxMs);
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function toSummariserError(err: unknown): SummariserError {
  if (err instanceof SummariserError) return err;
  return new SummariserError(reasonFor(err), err instanceof Error ? `${err.name}: ${err.message}` : String(err), { cause: err });
}

function reasonFor(err: unknown): string {
  if (err instanceof APIConnectionTimeoutError || err instanceof APIUserAbortError) return REASONS.timeout;
  if (err instanceof APIConnectionError) return REASONS.unreachable;
  if (err instanceof APIError) {
    if (err.status === 429) return REASONS.busy;
    if (err.status === 401 || err.status === 403) return REASONS.auth;
    if ((err.status ?? 0) >= 500) return REASONS.serverError;
    return REASONS.rejected;
  }
  if (err instanceof SyntaxError) return REASONS.json;
  if (err instanceof z.core.$ZodError) return REASONS.shape;
  return REASONS.unknown;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
