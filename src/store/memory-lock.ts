import { LockBusyError, type Lock } from '../core/ports.ts';

// Single process: one promise chain per name. Each caller waits for the previous holder.

export interface MemoryLockOptions {
  /** How long withLock waits for the previous holder before LockBusyError. */
  waitMs?: number;
}

export class MemoryLock implements Lock {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waitMs: number;

  constructor(opts: MemoryLockOptions = {}) {
    this.waitMs = opts.waitMs ?? 30_000;
  }

  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    // Successors wait for the previous holder too, so giving up early never lets them jump it.
    const tail = previous.then(() => mine);
    this.tails.set(name, tail);
    try {
      let timer: NodeJS.Timeout | undefined;
      const gotIt = await Promise.race([
        previous.then(() => true),
        new Promise<false>((r) => (timer = setTimeout(() => r(false), this.waitMs))),
      ]);
      clearTimeout(timer);
      if (!gotIt) throw new LockBusyError(name);
      return await fn();
    } finally {
      release();
      if (this.tails.get(name) === tail) this.tails.delete(name);
    }
  }
}
