// What account commands need, opened from the shared data dir: config, the real keychain, the service.
import { createAccountService, type AccountService } from '../core/accounts/service.ts';
import { openConfig, type ConfigStore } from '../core/config/store.ts';
import { explainKeychainError, type Keychain, loadKeytar } from '../core/secrets/keychain.ts';
import { openHistory } from '../core/history/store.ts';
import { dataDir } from '../core/paths.ts';
import { getProvider } from '../core/providers/registry.ts';
import { createSecretStore } from '../core/secrets/secret-store.ts';

/** Runs after an account was removed; may return a note for the user (e.g. why history was kept). */
export type RemoveHook = (accountId: string, deleteHistory: boolean) => Promise<string | void>;

export interface AccountContextOptions {
  /** Defaults to keytar; tests pass a MemoryKeychain or a failing one. */
  keychain?: Keychain;
  /** Defaults to deleting the account's history from the data dir when asked to. */
  onRemove?: RemoveHook;
}

export interface AccountContext {
  dataDir: string;
  config: ConfigStore;
  accounts: AccountService;
  onRemove: RemoveHook;
}

/** keytar when it loads; otherwise a keychain whose every call explains why it can't be used. */
async function keychainOrExplanation(): Promise<Keychain> {
  try {
    return await loadKeytar();
  } catch (err) {
    const fail = async (): Promise<never> => {
      throw explainKeychainError(err);
    };
    return { getPassword: fail, setPassword: fail, deletePassword: fail };
  }
}

function deleteHistoryIn(dir: string): RemoveHook {
  return async (accountId, deleteHistory) => {
    if (!deleteHistory) return;
    const history = await openHistory({ dataDir: dir });
    try {
      history.remove(accountId);
      if (history.mode !== 'writer') return `history kept: ${history.readOnlyReason}`;
    } finally {
      await history.close();
    }
  };
}

export async function openAccountContext(env: NodeJS.ProcessEnv, opts: AccountContextOptions = {}): Promise<AccountContext> {
  const dir = dataDir(env);
  const config = openConfig({ dataDir: dir });
  const secrets = createSecretStore(opts.keychain ?? (await keychainOrExplanation()));
  const accounts = createAccountService({ config, secrets, probe: (provider, credentials, baseUrl) => getProvider(provider).fetch(credentials, { baseUrl }) });
  return { dataDir: dir, config, accounts, onRemove: opts.onRemove ?? deleteHistoryIn(dir) };
}
