// Path-addressed edits of a plain JSON object, so every change can be recorded and
// undone exactly (a change stores the previous value of each path it touched).

export type Path = (string | number)[];
export interface Op {
  path: Path;
  /** Absent when the path did not exist: reverting deletes it. */
  before?: unknown;
}

export function getAt(root: unknown, path: Path): unknown {
  let node: unknown = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

export function setAt(root: object, path: Path, value: unknown): void {
  if (path.length === 0) throw new Error('empty path');
  let node = root as Record<string | number, unknown>;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== 'object') throw new Error(`no object at ${path.join('.')}`);
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = structuredClone(value);
}

/** Sets each path and returns the ops, with before values, that undo it. */
export function applyEdits(root: object, edits: { path: Path; value: unknown }[]): Op[] {
  return edits.map(({ path, value }) => {
    const before = getAt(root, path);
    setAt(root, path, value);
    // setAt stored a copy, so the old value is no longer reachable from root: no clone needed.
    return before === undefined ? { path } : { path, before };
  });
}

export function revertOps(root: object, ops: Op[]): void {
  for (const op of [...ops].reverse()) setAt(root, op.path, op.before);
}
