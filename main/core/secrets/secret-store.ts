/**
 * One keychain entry per account (service "Headroom", account = the account id) holding that
 * provider's secret fields as JSON. Updates overwrite in place: deleting and recreating an entry
 * resets macOS's access grant and brings back password prompts.
 */
import type { Keychain } from './keychain.ts';
import { rememberSecret } from '../log/logger.ts';
import { APP_NAME } from '../paths.ts';

export interface SecretStore {
  get(accountId: string): Promise<Record<string, string> | null>;
  set(accountId: string, secrets: Record<string, string>): Promise<void>;
  delete(accountId: string): Promise<boolean>;
}

export function createSecretStore(keychain: Keychain, service: string = APP_NAME): SecretStore {
  return {
    async get(accountId) {
      const raw = await keychain.getPassword(service, accountId);
      if (raw === null) return null;
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
        const secrets = Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
        Object.values(secrets).forEach(rememberSecret); // kept out of the log even if a message quoted one
        return secrets;
      } catch {
        return null; // an entry we didn't write: treated as missing ("needs credentials")
      }
    },
    set: (accountId, secrets) => {
      Object.values(secrets).forEach(rememberSecret);
      return keychain.setPassword(service, accountId, JSON.stringify(secrets));
    },
    delete: (accountId) => keychain.deletePassword(service, accountId),
  };
}
