/**
 * Account operations for the window and the CLI: list (never with secrets), add (validate, test
 * with one real fetch, then save), update (a secret replaced only when a new one is entered), remove,
 * test connection, enable/disable. Config holds the account, the keychain its secret fields.
 */
import { randomUUID } from 'node:crypto';
import type { TestResult } from '../../api/contract.ts';
import { ApiError } from '../../api/validate.ts';
import type { ConfigStore } from '../config/store.ts';
import { ProviderError } from '../errors.ts';
import { getProvider, validateFields } from '../providers/registry.ts';
import type { Credentials, ProviderId, Snapshot } from '../providers/types.ts';
import { KeychainUnavailableError } from '../secrets/keychain.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { Account, AccountInput, AccountPatch, AccountView } from './types.ts';

export type Probe = (provider: ProviderId, credentials: Credentials, baseUrl?: string) => Promise<Snapshot>;

export interface AccountService {
  all(): Account[];
  get(id: string): Account | undefined;
  /** Exact id, else case-insensitive label. */
  resolve(labelOrId: string): Account | undefined;
  list(): Promise<AccountView[]>;
  add(input: AccountInput, opts?: { skipTest?: boolean }): Promise<AccountView>;
  update(id: string, patch: AccountPatch): Promise<AccountView>;
  remove(id: string): Promise<void>;
  test(target: { input: AccountInput } | { id: string; fields?: Record<string, string> }): Promise<TestResult>;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  /** Non-secret fields and secrets merged; null = the keychain entry is missing ("needs credentials"). */
  credentials(id: string): Promise<Credentials | null>;
}

function secretNames(provider: ProviderId): Set<string> {
  return new Set(getProvider(provider).fields.filter((f) => f.secret).map((f) => f.name));
}

function split(provider: ProviderId, fields: Record<string, string>): { plain: Record<string, string>; secret: Record<string, string> } {
  const names = secretNames(provider);
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    const v = value.trim();
    if (names.has(name)) {
      if (v) secret[name] = v;
    } else plain[name] = v;
  }
  return { plain, secret };
}

function assertValid(provider: ProviderId, fields: Record<string, string>, requireSecrets: boolean): void {
  const errors = validateFields(provider, fields, { requireSecrets });
  const first = Object.entries(errors)[0];
  if (first) throw new ApiError('invalid-argument', `${first[0]}: ${first[1]}`);
}

/** Keychain failures become the user-facing 'keychain-unavailable' error. */
async function keychain<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof KeychainUnavailableError) throw new ApiError('keychain-unavailable', err.message);
    throw err;
  }
}

/** A patch value: undefined leaves the field alone, null removes it, anything else sets it. */
function applyNullable<K extends 'baseUrl' | 'pollIntervalSec' | 'alerts'>(account: Account, key: K, value: Account[K] | null | undefined): void {
  if (value === null) delete account[key];
  else if (value !== undefined) account[key] = value;
}

function describeSnapshot(s: Snapshot): string {
  if (s.limit === null) return `${s.current} concurrent calls, no cap`;
  return `${s.current} / ${s.limit} concurrent calls (${Math.round((s.utilization ?? 0) * 100)}%)`;
}

export function createAccountService(opts: { config: ConfigStore; secrets: SecretStore; probe: Probe; now?: () => number }): AccountService {
  const { config, secrets, probe } = opts;
  const nowIso = () => new Date((opts.now ?? Date.now)()).toISOString();
  const get = (id: string) => config.accounts().find((a) => a.id === id);

  function mustGet(id: string): Account {
    const account = get(id);
    if (!account) throw new ApiError('not-found', `no account with id ${id}`);
    return account;
  }

  function assertUniqueLabel(label: string, exceptId?: string): void {
    const clash = config.accounts().find((a) => a.id !== exceptId && a.label.toLowerCase() === label.trim().toLowerCase());
    if (clash) throw new ApiError('conflict', `an account named '${clash.label}' already exists`);
  }

  async function runProbe(provider: ProviderId, credentials: Credentials, baseUrl?: string): Promise<Snapshot> {
    try {
      return await probe(provider, credentials, baseUrl);
    } catch (err) {
      if (err instanceof ProviderError) throw new ApiError('provider', err.message);
      throw err;
    }
  }

  async function view(account: Account): Promise<AccountView> {
    let needsCredentials = true;
    try {
      needsCredentials = (await credentialsOf(account)) === null;
    } catch {
      // keychain unavailable: the account can't be polled either, so it needs credentials
    }
    return { ...structuredClone(account), needsCredentials };
  }

  async function credentialsOf(account: Account): Promise<Credentials | null> {
    const stored = await secrets.get(account.id);
    if (!stored) return null;
    const merged = { ...account.fields, ...stored };
    const missing = getProvider(account.provider).fields.some((f) => f.required && f.secret && !merged[f.name]);
    return missing ? null : merged;
  }

  /** Saved credentials overlaid with newly entered (non-empty) values. */
  async function mergedCredentials(account: Account, fields: Record<string, string> = {}): Promise<Credentials> {
    const { plain, secret } = split(account.provider, fields);
    const stored = (await keychain(() => secrets.get(account.id))) ?? {};
    const merged = { ...account.fields, ...stored, ...plain, ...secret };
    assertValid(account.provider, merged, true);
    return merged;
  }

  return {
    all: () => config.accounts(),
    get,
    resolve: (labelOrId) => get(labelOrId) ?? config.accounts().find((a) => a.label.toLowerCase() === labelOrId.trim().toLowerCase()),
    list: () => Promise.all(config.accounts().map(view)),

    async add(input, addOpts = {}) {
      assertValid(input.provider, input.fields, true);
      assertUniqueLabel(input.label);
      const { plain, secret } = split(input.provider, input.fields);
      if (!addOpts.skipTest) await runProbe(input.provider, { ...plain, ...secret }, input.baseUrl);
      const at = nowIso();
      const account: Account = {
        id: randomUUID(),
        provider: input.provider,
        label: input.label.trim(),
        fields: plain,
        ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
        enabled: true,
        ...(input.pollIntervalSec ? { pollIntervalSec: input.pollIntervalSec } : {}),
        ...(input.alerts ? { alerts: input.alerts } : {}),
        createdAt: at,
        updatedAt: at,
      };
      await keychain(() => secrets.set(account.id, secret)); // the secret first: a config entry without one would need credentials
      config.saveAccount(account);
      return view(account);
    },

    async update(id, patch) {
      const account = mustGet(id);
      if (patch.label !== undefined) assertUniqueLabel(patch.label, id);
      const next: Account = structuredClone(account);
      if (patch.label !== undefined) next.label = patch.label.trim();
      if (patch.enabled !== undefined) next.enabled = patch.enabled;
      applyNullable(next, 'baseUrl', patch.baseUrl);
      applyNullable(next, 'pollIntervalSec', patch.pollIntervalSec);
      applyNullable(next, 'alerts', patch.alerts);
      const { plain, secret } = split(account.provider, patch.fields ?? {});
      next.fields = { ...account.fields, ...plain };
      const credentialsChanged = Object.keys(secret).length > 0 || Object.keys(plain).length > 0 || patch.baseUrl !== undefined;
      if (credentialsChanged) {
        const creds = await mergedCredentials(next, patch.fields);
        await runProbe(next.provider, creds, next.baseUrl);
        if (Object.keys(secret).length > 0) {
          const stored = (await keychain(() => secrets.get(id))) ?? {};
          await keychain(() => secrets.set(id, { ...stored, ...secret })); // in place, never delete + recreate
        }
      }
      next.updatedAt = nowIso();
      config.saveAccount(next);
      return view(next);
    },

    async remove(id) {
      mustGet(id);
      config.deleteAccount(id);
      try {
        await secrets.delete(id);
      } catch (err) {
        // The account is gone from config either way; an orphaned entry holds nothing we show.
        console.error(`headroom: could not delete the keychain entry of a removed account: ${err instanceof Error ? err.message : String(err)}`);
      }
    },

    async test(target) {
      let provider: ProviderId;
      let creds: Credentials;
      let baseUrl: string | undefined;
      if ('input' in target) {
        assertValid(target.input.provider, target.input.fields, true);
        const { plain, secret } = split(target.input.provider, target.input.fields);
        ({ provider, baseUrl } = target.input);
        creds = { ...plain, ...secret };
      } else {
        const account = mustGet(target.id);
        ({ provider, baseUrl } = account);
        creds = await mergedCredentials(account, target.fields);
      }
      try {
        const s = await probe(provider, creds, baseUrl);
        return { ok: true, message: describeSnapshot(s), current: s.current, limit: s.limit, utilization: s.utilization };
      } catch (err) {
        if (err instanceof ProviderError) return { ok: false, message: err.message, errorKind: err.kind };
        throw err;
      }
    },

    async setEnabled(id, enabled) {
      const account = mustGet(id);
      if (account.enabled === enabled) return;
      config.saveAccount({ ...account, enabled, updatedAt: nowIso() });
    },

    async credentials(id) {
      return credentialsOf(mustGet(id));
    },
  };
}
