import type { Usage } from '../../core/summariser.ts';

// Tokens per conversation, every call counted (failed and repaired ones too), so a
// conversation can be capped. Kept in memory per process; the session stores its own total.

const MAX_CONVERSATIONS = 10_000;

export const noUsage = (): Usage => ({ promptTokens: 0, completionTokens: 0 });

export function addUsage(into: Usage, more: Usage | undefined): void {
  if (!more) return;
  into.promptTokens += more.promptTokens;
  into.completionTokens += more.completionTokens;
}

export class UsageLedger {
  private readonly spent = new Map<string, number>();

  /** budget: tokens per conversation; 0 means no cap. */
  constructor(readonly budget: number) {}

  add(conversation: string | undefined, usage: Usage): number {
    const key = conversation ?? '';
    const total = (this.spent.get(key) ?? 0) + usage.promptTokens + usage.completionTokens;
    // Re-inserted so the map keeps the most recently active conversations last.
    this.spent.delete(key);
    this.spent.set(key, total);
    if (this.spent.size > MAX_CONVERSATIONS) this.spent.delete(this.spent.keys().next().value as string);
    return total;
  }

  total(conversation: string | undefined): number {
    return this.spent.get(conversation ?? '') ?? 0;
  }

  exhausted(conversation: string | undefined): boolean {
    return this.budget > 0 && conversation !== undefined && this.total(conversation) >= this.budget;
  }
}
