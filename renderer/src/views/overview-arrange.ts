/**
 * Which accounts the overview shows, in what order and under which headings: the text filter, the
 * order (most attention first, or by name) and the grouping by provider. Plain data, no DOM.
 */
import { attention, byAttention } from '../../../main/model/glance.ts';
import { PROVIDER_IDS, PROVIDER_NAMES, type ProviderId } from '../../../main/model/provider.ts';
import type { AccountState } from '../../../main/model/state.ts';

export interface Arrangement {
  byName: boolean;
  /** Words a person typed: every word must occur in the label or the provider's name. */
  filter: string;
  groupByProvider: boolean;
}

export interface Group {
  /** null: the one list of an ungrouped overview. */
  provider: ProviderId | null;
  accounts: AccountState[];
  /** Accounts of this group in the list before filtering. */
  total: number;
}

/** Failing, without credentials, stale (its numbers are old), or critical and fuller: what a group heading counts. */
const ATTENTION_FROM = attention({ status: 'ok', level: 'critical', snapshot: undefined });

export function needsAttention(a: AccountState): boolean {
  return a.status === 'stale' || attention(a) >= ATTENTION_FROM;
}

/** The filter's words, lower-cased; none for a blank filter. */
export function filterWords(filter: string): string[] {
  return filter.toLocaleLowerCase().split(/\s+/).filter(Boolean);
}

export function matches(a: AccountState, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const haystack = `${a.label} ${PROVIDER_NAMES[a.provider]} ${a.provider}`.toLocaleLowerCase();
  return words.every((w) => haystack.includes(w));
}

const byLabel = (a: AccountState, b: AccountState) => a.label.localeCompare(b.label);

/** The groups to show, each in order; a group with no match is left out (an ungrouped list never is). */
export function arrange(accounts: readonly AccountState[], how: Arrangement): Group[] {
  const words = filterWords(how.filter);
  const sorted = [...accounts].sort(how.byName ? byLabel : byAttention);
  if (!how.groupByProvider) return [{ provider: null, accounts: sorted.filter((a) => matches(a, words)), total: sorted.length }];
  return PROVIDER_IDS.map((provider) => {
    const mine = sorted.filter((a) => a.provider === provider);
    return { provider, accounts: mine.filter((a) => matches(a, words)), total: mine.length };
  }).filter((g) => g.accounts.length > 0);
}
