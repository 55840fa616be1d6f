import type { OnceGuard } from '../core/ports.ts';

// Single process: claimed keys with their expiry time.

export class MemoryOnce implements OnceGuard {
  private readonly claimed = new Map<string, number>();
  private claims = 0;

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

  private sweep(now: number): void {
    for (const [k, until] of this.claimed) if (until <= now) this.claimed.delete(k);
  }
}
