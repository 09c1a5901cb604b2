// What account commands need, opened from the shared data dir: config, the real keychain, the service.
import { createAccountService, type AccountService } from '../core/accounts/service.ts';
import { openConfig, type ConfigStore } from '../core/config/store.ts';
import type { Keychain } from '../core/core-types.ts';
import { dataDir } from '../core/paths.ts';
import { getProvider } from '../core/providers/registry.ts';
import { explainKeychainError, loadKeytar } from '../core/secrets/keychain.ts';
import { createSecretStore } from '../core/secrets/secret-store.ts';

export interface AccountContext {
  dataDir: string;
  config: ConfigStore;
  accounts: AccountService;
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

export async function openAccountContext(env: NodeJS.ProcessEnv, keychain?: Keychain): Promise<AccountContext> {
  const dir = dataDir(env);
  const config = openConfig({ dataDir: dir });
  const secrets = createSecretStore(keychain ?? (await keychainOrExplanation()));
  const accounts = createAccountService({ config, secrets, probe: (provider, credentials, baseUrl) => getProvider(provider).fetch(credentials, { baseUrl }) });
  return { dataDir: dir, config, accounts };
}
