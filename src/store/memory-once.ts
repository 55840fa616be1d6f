import type { DueSet, OnceGuard } from '../core/ports.ts';
import { MemoryDueSet } from './memory-due.ts';

// Single process: claimed keys with their expiry time.

export class MemoryOnce implements OnceGuard {
  private readonly claimed = new Map<string, number>();
  private claims = 0;
  private readonly sets = new Map<string, MemoryDueSet>();

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    if (++this.claims % 1000 === 0) this.sweep(now);
    const until = this.claimed.get(key);
    if (until !== undefined && until > now) return false;
    this.claimed.set(key, now + ttlMs);
    return true;
  }

  async extend(key: string, ttlMs: number): Promise<void> {
    if (this.claimed.has(key)) this.claimed.set(key, Date.now() + ttlMs);
  }

  pending(name: string): DueSet {
    let set = this.sets.get(name);
    if (!set) this.sets.set(name, (set = new MemoryDueSet()));
    return set;
  }

  private sweep(now: number): void {
    for (const [k, until] of this.claimed) if (until <= now) this.claimed.delete(k);
  }
}
