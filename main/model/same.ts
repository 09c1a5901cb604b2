/**
 * Semantic equality of plain state data (what JSON would carry): objects by their keys, arrays by
 * their items, a key holding undefined the same as a missing key. Cheaper than comparing
 * serialized strings and not fooled by key order.
 */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && sameItems(a, b);
  return sameKeys(a as Record<string, unknown>, b as Record<string, unknown>);
}

function sameItems(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}

function sameKeys(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k in a) if (!same(a[k], b[k])) return false;
  for (const k in b) if (!(k in a) && b[k] !== undefined) return false;
  return true;
}

/** Freezes plain data all the way down (shared values read from memory: a change must be a copy). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const item of Object.values(value)) deepFreeze(item);
  return Object.freeze(value);
}
