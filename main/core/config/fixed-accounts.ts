/**
 * A config store whose accounts come from elsewhere (`headroom serve --accounts FILE`): settings
 * are still the data dir's, but the account list is the given one, read-only, and never written
 * to config.json. Edits are refused with a message saying where the accounts live.
 */
import type { Account } from '../../model/account.ts';
import { ApiError } from '../../model/errors.ts';
import { deepFreeze } from '../../model/same.ts';
import type { ConfigStore } from './store.ts';

export interface FixedAccounts {
  accounts: readonly Account[];
  /** Where they come from, for messages: "accounts.json". */
  source: string;
}

export function withFixedAccounts(config: ConfigStore, fixed: FixedAccounts): ConfigStore {
  const refuse = (): never => {
    throw new ApiError('forbidden', `accounts come from ${fixed.source}: edit that file and restart headroom serve`);
  };
  const accounts = deepFreeze(structuredClone([...fixed.accounts]));
  return {
    get path() {
      return config.path;
    },
    settings: () => config.settings(),
    updateSettings: (patch) => config.updateSettings(patch),
    accounts: () => accounts,
    saveAccount: refuse,
    deleteAccount: refuse,
    notices: () => config.notices(),
    noticesSeen: (ids) => config.noticesSeen(ids),
    onChange: (listener) => config.onChange(listener),
    close: () => config.close(),
  };
}
