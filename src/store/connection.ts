import type { ConnectionOptions } from 'bullmq';
import type { Cluster, Redis, ClusterOptions, RedisOptions } from 'ioredis';
import { createRequire } from 'node:module';

// ioredis is CommonJS, so require() gives the same instance an import would; loading it on
// first use keeps it out of start-up when Redis is not configured.
const ioredis = (): typeof import('ioredis') => createRequire(import.meta.url)('ioredis') as typeof import('ioredis');

// Where Redis is and in which mode: one node (`redis://host:port/db`) or a cluster
// (`redis+cluster://host:port`, `rediss+cluster://…`, or several comma-separated nodes).
// REDIS_CLUSTER=true is turned into the `+cluster` scheme by loadConfig, so every part
// that only gets a URL string still knows the mode.

export interface RedisTarget {
  cluster: boolean;
  nodes: { host: string; port: number }[];
  /** The single-node URL (cluster: the first node, without `+cluster`). */
  url: string;
  tls: boolean;
  username?: string;
  password?: string;
  db?: number;
}

export type RedisClient = Redis | Cluster;

const SCHEME = /^(rediss?)(\+cluster)?:\/\//;

export function parseRedisTarget(raw: string): RedisTarget {
  const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const first = parts[0] ?? raw;
  const scheme = SCHEME.exec(first);
  const base = scheme?.[1] ?? 'redis';
  const cluster = Boolean(scheme?.[2]) || parts.length > 1;
  const nodes: RedisTarget['nodes'] = [];
  let username: string | undefined;
  let password: string | undefined;
  let db: number | undefined;
  for (const part of parts) {
    const u = new URL(SCHEME.test(part) ? part.replace(SCHEME, `${base}://`) : `${base}://${part}`);
    nodes.push({ host: u.hostname, port: Number(u.port || 6379) });
    if (u.username) username ??= decodeURIComponent(u.username);
    if (u.password) password ??= decodeURIComponent(u.password);
    const path = u.pathname.replace(/^\//, '');
    if (path && /^\d+$/.test(path)) db ??= Number(path);
  }
  return { cluster, nodes, url: first.replace(SCHEME, `${base}://`), tls: base === 'rediss', username, password, db };
}

/** `redis://…` → `redis+cluster://…` (for REDIS_CLUSTER=true). */
export function asClusterUrl(url: string): string {
  return SCHEME.test(url) ? url.replace(SCHEME, (_m, s: string) => `${s}+cluster://`) : url;
}

export const isClusterUrl = (url: string) => parseRedisTarget(url).cluster;

/** One ioredis client for the target; options apply to every node of a cluster. */
export function createRedisClient(target: RedisTarget | string, options: RedisOptions = {}, clusterOptions: ClusterOptions = {}): RedisClient {
  const t = typeof target === 'string' ? parseRedisTarget(target) : target;
  const auth: RedisOptions = {
    ...(t.username ? { username: t.username } : {}),
    ...(t.password ? { password: t.password } : {}),
    ...(t.tls ? { tls: {} } : {}),
  };
  if (!t.cluster) return new (ioredis().Redis)(t.url, { ...options });
  // Managed clusters (ElastiCache, Azure) announce node names TLS certificates are issued for.
  return new (ioredis().Cluster)(t.nodes, {
    enableOfflineQueue: options.enableOfflineQueue ?? true,
    lazyConnect: options.lazyConnect ?? false,
    slotsRefreshTimeout: 2000,
    clusterRetryStrategy: options.retryStrategy ?? undefined,
    ...(t.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
    ...clusterOptions,
    redisOptions: { ...options, ...auth },
  });
}

/**
 * BullMQ in a cluster keeps every key of a queue in one slot: its prefix must be a hash tag.
 * Single node: the prefix is used as given (unset: BullMQ's own "bull").
 */
export function bullPrefix(url: string, prefix?: string): string | undefined {
  if (!isClusterUrl(url)) return prefix;
  const p = prefix ?? 'rapport';
  return p.startsWith('{') && p.endsWith('}') ? p : `{${p}}`;
}

/** A BullMQ connection: options for one node, a Cluster client for a cluster. */
export function bullConnection(url: string, options: RedisOptions = {}): ConnectionOptions {
  const t = parseRedisTarget(url);
  if (!t.cluster) return { url: t.url, ...options } as ConnectionOptions;
  return createRedisClient(t, options) as unknown as ConnectionOptions;
}

/** Closes a connection bullConnection made (BullMQ leaves a client it was given open). */
export function closeBullConnection(connection: ConnectionOptions): void {
  if (connection instanceof ioredis().Cluster) connection.disconnect();
}
