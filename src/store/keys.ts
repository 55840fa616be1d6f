// Key names in Redis. Single node: `<prefix>::<kv key>` and `<prefix>:lock:<name>` (unchanged
// since 0.1). Cluster: the conversation id inside a session key or a turn lock becomes a hash
// tag, so every key of one conversation lands in one slot and a Lua script may touch them all.

const TAGGED = ['session:', 'turn:'];

/** `session:<conv>` → `session:{<conv>}` in a cluster; anything else as it is. */
export function tagKey(key: string, cluster: boolean): string {
  if (!cluster) return key;
  const head = TAGGED.find((h) => key.startsWith(h));
  return head && key.length > head.length ? `${head}{${key.slice(head.length)}}` : key;
}

/** The inverse of tagKey, for keys read back by SCAN. */
export function untagKey(key: string, cluster: boolean): string {
  if (!cluster) return key;
  const head = TAGGED.find((h) => key.startsWith(`${h}{`) && key.endsWith('}'));
  return head ? `${head}${key.slice(head.length + 1, -1)}` : key;
}

/** A key prefix to SCAN for: the tag is opened but not closed. */
export function tagPrefix(prefix: string, cluster: boolean): string {
  if (!cluster) return prefix;
  const head = TAGGED.find((h) => prefix.startsWith(h));
  return head && prefix.length > head.length ? `${head}{${prefix.slice(head.length)}` : prefix;
}

/** The Redis key of a kv entry. */
export const redisKey = (prefix: string, key: string, cluster: boolean) => `${prefix}::${tagKey(key, cluster)}`;

/** The Redis key of a lock named `name` (e.g. `turn:<conv>`). */
export const lockKey = (prefix: string, name: string, cluster: boolean) => `${prefix}:lock:${tagKey(name, cluster)}`;
