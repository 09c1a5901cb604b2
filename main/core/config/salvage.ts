/**
 * Reads what can still be read out of a config file that is no longer valid JSON (a truncated
 * write, a stray edit): every complete `{…}` object inside the "accounts" array, parsed on its own.
 */

/** The complete top-level objects of the array that follows `"accounts":`, as parsed values. */
export function salvageAccounts(text: string): unknown[] {
  const key = text.search(/"accounts"\s*:\s*\[/);
  if (key < 0) return [];
  const found: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = text.indexOf('[', key) + 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        try {
          found.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          // not an object after all: skip it
        }
      }
    } else if (c === ']' && depth === 0) break;
  }
  return found;
}
