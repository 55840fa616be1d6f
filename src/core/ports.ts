// Small storage ports (grammY-style). Implementations live in src/store.

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  /** ttlMs undefined: keep until deleted. */
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys that start with prefix; for listing designs of a workspace. */
  keys(prefix: string): Promise<string[]>;
}

/** A write that lands only while the lock it came from is still held (checked inside Redis). */
export interface FencedWrite {
  /** Like KeyValueStore.set, but a no-op (LockLostError) once the lock has passed to someone else. */
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
}

export interface Lock {
  /** Runs fn while holding the named lock, across every process that shares the backend. */
  withLock<T>(name: string, fn: (fence?: FencedWrite) => Promise<T>): Promise<T>;
}

export interface OnceGuard {
  /** True the first time a key is claimed within ttlMs, false for every later claim. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Sets a claimed key's remaining life (a heartbeat, or a long "done" mark). */
  extend?(key: string, ttlMs: number): Promise<void>;
  /** The named index of claims in flight, shared by every process on the same backend. */
  pending?(name: string): DueSet;
}

/**
 * Members ordered by a score (a time), so a sweeper reads only those already due instead of
 * walking the keyspace. Redis: one sorted set.
 */
export interface DueSet {
  /** Adds the member, or moves it to the new score. */
  add(member: string, score: number): Promise<void>;
  /** Up to limit members with score <= maxScore, lowest first. */
  due(maxScore: number, limit: number): Promise<string[]>;
  remove(member: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Thrown by store implementations when the backend cannot be reached. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** The backend stopped answering after a write was sent: it may or may not have landed. */
export class StoreUncertainError extends StoreUnavailableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUncertainError';
  }
}

/** A fenced write found the lock held by someone else: nothing was written. */
export class LockLostError extends Error {
  constructor(name: string) {
    super(`lock ${name} was lost before the write`);
    this.name = 'LockLostError';
  }
}

/** Thrown by Lock.withLock when the lock stays busy past its wait limit. */
export class LockBusyError extends Error {
  constructor(name: string) {
    super(`lock ${name} is busy`);
    this.name = 'LockBusyError';
  }
}

import type { ConversationKey, Platform } from './turn.ts';
import type { Reply } from './reply.ts';

/** Where a channel lives, without a thread: what a scheduled check-in posts to. */
export interface ChannelAddress {
  platform: Platform;
  workspace: string;
  channel: string;
  /** Slack Enterprise Grid org id, so a check-in thread gets the key its replies will carry. */
  enterprise?: string;
}

/** Proactive delivery, implemented by each adapter (Slack Web API, Teams connector). */
export interface Messenger {
  /** Posts replies as a new root message in the channel; returns the new thread's key. */
  startThread(channel: ChannelAddress, replies: Reply[]): Promise<ConversationKey>;
  /** Posts replies into an existing conversation. */
  post(key: ConversationKey, replies: Reply[]): Promise<void>;
}
