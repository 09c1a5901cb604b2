/** What the window knows: the latest state pushed by main, settings, providers, accounts, notices. */
import type { Notice } from '../../main/model/alerts.ts';
import type { AccountView } from '../../main/model/account.ts';
import type { ProviderInfo } from '../../main/model/provider.ts';
import type { Settings } from '../../main/model/settings.ts';
import type { AppState } from '../../main/model/state.ts';
import { api } from './api.ts';

export interface Store {
  state: AppState;
  settings: Settings;
  providers: ProviderInfo[];
  accounts: AccountView[];
  notices: Notice[];
  sortByName: boolean;
}

export const store = {} as Store;

export async function loadStore(): Promise<void> {
  const [state, settings, providers, accounts, notices] = await Promise.all([api().getState(), api().getSettings(), api().listProviders(), api().listAccounts(), api().getNotices()]);
  Object.assign(store, { state, settings, providers, accounts, notices, sortByName: localStorage.getItem('headroom.sortByName') === '1' });
}

export async function reloadAccounts(): Promise<void> {
  store.accounts = await api().listAccounts();
}

export function setSortByName(on: boolean): void {
  store.sortByName = on;
  localStorage.setItem('headroom.sortByName', on ? '1' : '0');
}
