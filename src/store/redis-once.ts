import type { RedisClient } from './connection.ts';
import type { DueSet, OnceGuard } from '../core/ports.ts';
import type { Availability } from './availability.ts';
import { RedisDueSet } from './redis-due.ts';

// Across processes: SET NX PX. The first claim creates the key; later ones find it.

export class RedisOnce implements OnceGuard {
  constructor(
    private readonly redis: RedisClient,
    private readonly gate: Availability,
    private readonly prefix = '',
  ) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.ceil(ttlMs));
    const res = await this.gate.run('once', () => this.redis.set(`${this.prefix}once:${key}`, '1', 'PX', ttl, 'NX'));
    return res === 'OK';
  }

  async extend(key: string, ttlMs: number): Promise<void> {
    const ttl = Math.max(1, Math.ceil(ttlMs));
    await this.gate.run('once extend', () => this.redis.pexpire(`${this.prefix}once:${key}`, ttl));
  }

  pending(name: string): DueSet {
    return new RedisDueSet(this.redis, this.gate, this.prefix, name);
  }
}
