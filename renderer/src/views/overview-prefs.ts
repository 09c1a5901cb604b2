/**
 * How a person left the overview: grouped by provider or not, cards or the dense list (both kept in
 * localStorage, like the sort order in store.ts), and the filter text (kept in sessionStorage: it
 * survives a reload of the window, not a restart of the app, so nobody opens Headroom days later
 * to a list that silently hides accounts).
 */
const GROUP_KEY = 'headroom.overview.group';
const DENSE_KEY = 'headroom.overview.dense';
const FILTER_KEY = 'headroom.overview.filter';

/** Without a choice of their own, people with more accounts than this get the dense list. */
export const DENSE_BY_DEFAULT_ABOVE = 30;

export interface OverviewPrefs {
  groupByProvider: boolean;
  /** null: not chosen (dense above DENSE_BY_DEFAULT_ABOVE accounts). */
  dense: boolean | null;
  filter: string;
}

function read(storage: Storage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null; // storage may be unavailable; the defaults do
  }
}

function write(storage: Storage, key: string, value: string): void {
  try {
    storage.setItem(key, value);
  } catch {
    // full or unavailable: the choice lasts until the window reloads
  }
}

export function loadPrefs(): OverviewPrefs {
  const dense = read(localStorage, DENSE_KEY);
  return {
    groupByProvider: read(localStorage, GROUP_KEY) === '1',
    dense: dense === null ? null : dense === '1',
    filter: read(sessionStorage, FILTER_KEY) ?? '',
  };
}

export function savePrefs(prefs: OverviewPrefs): void {
  write(localStorage, GROUP_KEY, prefs.groupByProvider ? '1' : '0');
  if (prefs.dense !== null) write(localStorage, DENSE_KEY, prefs.dense ? '1' : '0');
  write(sessionStorage, FILTER_KEY, prefs.filter);
}

export function isDense(prefs: OverviewPrefs, accountCount: number): boolean {
  return prefs.dense ?? accountCount > DENSE_BY_DEFAULT_ABOVE;
}
