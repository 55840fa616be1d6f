import type { DueSet } from '../core/ports.ts';

// A DueSet in one process (see redis-due.ts).

export class MemoryDueSet implements DueSet {
  private readonly scores = new Map<string, number>();

  async add(member: string, score: number): Promise<void> {
    this.scores.set(member, score);
  }

  async due(maxScore: number, limit: number): Promise<string[]> {
    return [...this.scores]
      .filter(([, s]) => s <= maxScore)
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, Math.max(1, Math.floor(limit)))
      .map(([m]) => m);
  }

  async remove(member: string): Promise<void> {
    this.scores.delete(member);
  }
}
