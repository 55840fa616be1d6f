import type { DueSet } from '../core/ports.ts';
import type { Availability } from './availability.ts';
import type { RedisClient } from './connection.ts';

// A DueSet is one sorted set: `<prefix>:pending:<name>`, score = when the member is due.
// Every call touches that one key only, so in a cluster it is a single slot by itself (no
// hash tag needed: nothing runs across it and another key).

export const pendingKey = (prefix: string, name: string) => `${prefix}pending:${name}`;

export class RedisDueSet implements DueSet {
  private readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    private readonly gate: Availability,
    prefix: string,
    name: string,
  ) {
    this.key = pendingKey(prefix, name);
  }

  async add(member: string, score: number): Promise<void> {
    await this.gate.run('pending add', () => this.redis.zadd(this.key, score, member));
  }

  async due(maxScore: number, limit: number): Promise<string[]> {
    return this.gate.run('pending due', () => this.redis.zrangebyscore(this.key, '-inf', maxScore, 'LIMIT', 0, Math.max(1, Math.floor(limit))));
  }

  async remove(member: string): Promise<void> {
    await this.gate.run('pending remove', () => this.redis.zrem(this.key, member));
  }
}
