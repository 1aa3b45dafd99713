import { formatPath } from '../scenarios/parse.js';

/**
 * Reading and writing a raw scenario (the JSON as the user wrote it, defaults not filled in) at a
 * path like ['groups', 0, 'shifts', 1, 'headcount'], and naming that path exactly as the schema's
 * error messages do ('groups[0].shifts[1].headcount'), so an error finds its field.
 */

export type Key = string | number;

export function pathText(path: readonly Key[]): string {
  return formatPath(path);
}

export function getAt(root: unknown, path: readonly Key[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<Key, unknown>)[key];
  }
  return node;
}

/** Set (or, for `undefined`, delete) the value at `path`, creating objects and lists on the way. */
export function setAt(root: Record<string, unknown>, path: readonly Key[], value: unknown): void {
  let node: Record<Key, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    let next = node[key];
    if (next === null || typeof next !== 'object') {
      if (value === undefined) return;
      next = typeof path[i + 1] === 'number' ? [] : {};
      node[key] = next;
    }
    node = next as Record<Key, unknown>;
  }
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node) && typeof last === 'number') return;
    delete node[last];
  } else {
    node[last] = value;
  }
}

/** Split a schema error 'groups[0].headcount: expected ...' into its path and its message. */
export function splitError(error: string): { path: string; message: string } {
  const at = error.indexOf(': ');
  if (at < 0) return { path: '', message: error };
  return { path: error.slice(0, at), message: error.slice(at + 2) };
}

/** Whether `path` is `ancestor` or lies under it ('groups[0].shifts' under 'groups[0]', not under 'groups[1'). */
export function isWithin(path: string, ancestor: string): boolean {
  if (ancestor === '(top level)') return true;
  if (!path.startsWith(ancestor)) return false;
  const next = path.charAt(ancestor.length);
  return next === '' || next === '.' || next === '[';
}
