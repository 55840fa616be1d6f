import { StoreUncertainError, StoreUnavailableError } from '../core/ports.ts';
import type { Logger } from '../log.ts';

// One gate per Redis connection. Both clients run with their offline queue disabled, so a
// command sent while disconnected fails at once instead of waiting forever; this gate adds
// a deadline on every call (a server that accepts but never answers) and turns transport
// failures into StoreUnavailableError. The clients reconnect by themselves in the background.

export const DEFAULT_CALL_TIMEOUT_MS = 2000;

/** Reconnect delay: exponential up to 2 s, jittered so replicas do not reconnect in step. */
export function reconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt, 10), 2000) + Math.floor(Math.random() * 100);
}

/** A reply error (WRONGTYPE, NOSCRIPT…) or a programming error: the server answered, so not "unavailable". */
function isAnsweredError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError) return true;
  const kind = err.constructor.name;
  return kind === 'ReplyError' || kind === 'ErrorReply' || kind === 'SimpleError' || kind === 'BlobError';
}

export class Availability {
  private failed = false;
  private closed = false;
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly what: string,
    private readonly isReady: () => boolean,
    private readonly log: Logger,
    readonly timeoutMs = DEFAULT_CALL_TIMEOUT_MS,
  ) {}

  /** Call from the client's 'ready' event. */
  ready(): void {
    if (this.failed) this.log.info('store reconnected', { store: this.what });
    this.failed = false;
    this.wake();
  }

  /** Call from the client's 'error' (and 'close') events. */
  failure(err?: unknown): void {
    if (this.closed || this.isReady()) return;
    if (!this.failed) this.log.warn('store unreachable, retrying in the background', { store: this.what, error: err instanceof Error ? err.message : String(err ?? 'closed') });
    this.failed = true;
    this.wake();
  }

  /** Call before closing the client on purpose: no more "unreachable" warnings or calls. */
  shutdown(): void {
    this.closed = true;
    this.wake();
  }

  /**
   * A write: a failure once the command may have been sent becomes StoreUncertainError (the
   * server may run it after a stall); one refused before sending stays StoreUnavailableError.
   */
  async runWrite<T>(op: string, call: () => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    if (this.closed || !this.isReady()) return this.run(op, call, timeoutMs);
    try {
      return await this.run(op, call, timeoutMs);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError) || err instanceof StoreUncertainError) throw err;
      const cause = (err as { cause?: unknown }).cause;
      // ioredis refuses at once, without sending, when the stream is not writeable.
      if (cause instanceof Error && /enableOfflineQueue|isn't writeable/.test(cause.message)) throw err;
      throw new StoreUncertainError(err.message.replace('unavailable', 'did not confirm a write'), { cause: err });
    }
  }

  /** Runs one backend call with the deadline; transport failures become StoreUnavailableError. */
  async run<T>(op: string, call: () => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    if (this.closed) throw this.unavailable(op, 'store closed');
    const deadline = Date.now() + timeoutMs;
    if (!this.isReady()) await this.waitForReady(op, deadline);
    const pending = (async () => call())();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.unavailable(op, `no answer within ${timeoutMs} ms`)), Math.max(1, deadline - Date.now()));
    });
    pending.catch(() => undefined); // it may still settle after the deadline
    try {
      return await Promise.race([pending, timeout]);
    } catch (err) {
      if (err instanceof StoreUnavailableError || isAnsweredError(err)) throw err;
      throw this.unavailable(op, err instanceof Error ? err.message : String(err), err);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Fails at once when the last connection attempt failed; waits out a first connect. */
  private async waitForReady(op: string, deadline: number): Promise<void> {
    if (this.failed) throw this.unavailable(op, 'not connected');
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, deadline - Date.now()));
      this.wakers.add(done);
    });
    if (!this.isReady()) throw this.unavailable(op, this.failed ? 'not connected' : 'still connecting');
  }

  private wake(): void {
    for (const w of [...this.wakers]) w();
  }

  private unavailable(op: string, why: string, cause?: unknown): StoreUnavailableError {
    return new StoreUnavailableError(`${this.what} unavailable (${op}): ${why}`, cause === undefined ? undefined : { cause });
  }
}
