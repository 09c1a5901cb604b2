/**
 * Account operations for the window and the CLI: list (never with secrets), add (validate, test
 * with one real fetch, then save), update (a secret replaced only when a new one is entered), remove,
 * test connection, enable/disable. Config holds the account, the keychain its secret fields.
 */
import { randomUUID } from 'node:crypto';
import type { Account, AccountInput, AccountPatch, AccountView, TestResult, TestTarget } from '../../model/account.ts';
import { ApiError, ProviderError } from '../../model/errors.ts';
import type { ConfigStore } from '../config/store.ts';
import { getProvider } from '../providers/registry.ts';
import type { Credentials, ProviderId, Snapshot } from '../../model/provider.ts';
import { reenterSecretText, secretsMustBeReentered } from '../../model/secret-host.ts';
import { usageText } from '../../model/usage.ts';
import { KeychainUnavailableError } from '../secrets/keychain.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { assertValidFields, checkInput, checkPatch, checkTestTarget, splitFields } from './input.ts';
import { log } from '../log/logger.ts';

export type Probe = (provider: ProviderId, credentials: Credentials, baseUrl?: string) => Promise<Snapshot>;


export interface AccountService {
  all(): readonly Account[];
  get(id: string): Account | undefined;
  /** Exact id, else case-insensitive label. */
  resolve(labelOrId: string): Account | undefined;
  /** needsCredentials from the keychain; never a secret. */
  list(): Promise<AccountView[]>;
  /** Validates, tests with one real fetch (unless skipTest), then saves: the secret first, then config. */
  add(input: AccountInput, opts?: { skipTest?: boolean; demo?: boolean }): Promise<AccountView>;
  /**
   * A secret is replaced (in place) only when a new non-empty one is given; re-tests when credentials or
   * baseUrl change. A base URL on another host needs every secret entered again (never the saved one sent there).
   */
  update(id: string, patch: AccountPatch): Promise<AccountView>;
  /** Config and keychain entry (history is the caller's). */
  remove(id: string): Promise<void>;
  test(target: TestTarget): Promise<TestResult>;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  /** Non-secret fields and secrets merged; null = the keychain entry is missing ("needs credentials"). Throws KeychainUnavailableError. */
  credentials(id: string): Promise<Credentials | null>;
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
  return usageText(s, { spaced: true, unit: 'concurrent calls' });
}

/**
 * A base URL moved to another host: every secret must come with the patch, or the saved one would be
 * sent to a host it was never entered for (model/secret-host.ts).
 */
function assertSecretsFollowHost(account: Account, next: Account, newSecret: Record<string, string>): void {
  const provider = getProvider(account.provider);
  const nextBase = next.baseUrl ?? provider.defaultBaseUrl;
  if (!secretsMustBeReentered(account.baseUrl ?? provider.defaultBaseUrl, nextBase)) return;
  const missing = provider.fields.find((f) => f.secret && !newSecret[f.name]);
  if (missing) {
    const text = reenterSecretText(missing.label, nextBase);
    throw new ApiError('invalid-argument', `${missing.name}: ${text}`, { [`fields.${missing.name}`]: text[0].toUpperCase() + text.slice(1) });
  }
}

/** The provider's failure as the API's 'provider' error; the ProviderError stays as cause (the CLI's exit code). */
function providerFailure(err: ProviderError): ApiError {
  return Object.assign(new ApiError('provider', err.message), { cause: err });
}

export function createAccountService(opts: {
  config: ConfigStore;
  secrets: SecretStore;
  probe: Probe;
  now?: () => number;
  /** The alert engine's snooze, shown with each account (none where no engine runs). */
  snoozedUntil?: (id: string) => number | null;
}): AccountService {
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
      if (err instanceof ProviderError) throw providerFailure(err);
      throw err;
    }
  }

  async function credentialsOf(account: Account): Promise<Credentials | null> {
    const stored = await secrets.get(account.id);
    if (!stored) return null;
    const merged = { ...account.fields, ...stored };
    const missing = getProvider(account.provider).fields.some((f) => f.required && f.secret && !merged[f.name]);
    return missing ? null : merged;
  }

  async function view(account: Account): Promise<AccountView> {
    let needsCredentials = true;
    try {
      needsCredentials = (await credentialsOf(account)) === null;
    } catch {
      // keychain unavailable: the account can't be polled either, so it needs credentials
    }
    return { ...structuredClone(account), needsCredentials, snoozedUntil: opts.snoozedUntil?.(account.id) ?? null };
  }

  /** Saved credentials overlaid with newly entered (non-empty) values, complete or an error saying what is missing. */
  async function mergedCredentials(account: Account, fields: Record<string, string> = {}): Promise<Credentials> {
    const { plain, secret } = splitFields(account.provider, fields);
    const stored = (await keychain(() => secrets.get(account.id))) ?? {};
    const merged = { ...account.fields, ...stored, ...plain, ...secret };
    const missing = getProvider(account.provider).fields.filter((f) => f.required && f.secret && !merged[f.name]);
    if (missing.length) {
      const byField = Object.fromEntries(missing.map((f) => [`fields.${f.name}`, `Enter the ${f.label} again: it is missing from the keychain`]));
      throw new ApiError('invalid-argument', `'${account.label}' needs credentials: enter its ${missing.map((f) => f.label).join(' and ')} again`, byField);
    }
    assertValidFields(account.provider, merged, true);
    return merged;
  }

  return {
    all: () => config.accounts(),
    get,
    resolve: (labelOrId) => get(labelOrId) ?? config.accounts().find((a) => a.label.toLowerCase() === labelOrId.trim().toLowerCase()),
    list: () => Promise.all(config.accounts().map(view)),

    async add(input, addOpts = {}) {
      checkInput(input);
      assertUniqueLabel(input.label);
      const { plain, secret } = splitFields(input.provider, input.fields);
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
        ...(addOpts.demo ? { demo: true } : {}),
        createdAt: at,
        updatedAt: at,
      };
      await keychain(() => secrets.set(account.id, secret)); // the secret first: a config entry without one would need credentials
      config.saveAccount(account);
      return view(account);
    },

    async update(id, patch) {
      checkPatch(patch);
      const account = mustGet(id);
      if (patch.label !== undefined) assertUniqueLabel(patch.label, id);
      const next: Account = structuredClone(account);
      if (patch.label !== undefined) next.label = patch.label.trim();
      if (patch.enabled !== undefined) next.enabled = patch.enabled;
      applyNullable(next, 'baseUrl', patch.baseUrl);
      applyNullable(next, 'pollIntervalSec', patch.pollIntervalSec);
      applyNullable(next, 'alerts', patch.alerts);
      const { plain, secret } = splitFields(account.provider, patch.fields ?? {});
      next.fields = { ...account.fields, ...plain };
      assertValidFields(account.provider, next.fields, false);
      assertSecretsFollowHost(account, next, secret);
      const newSecret = Object.keys(secret).length > 0;
      const plainChanged = Object.entries(plain).some(([k, v]) => account.fields[k] !== v);
      if (newSecret || plainChanged || (patch.baseUrl !== undefined && (patch.baseUrl ?? undefined) !== account.baseUrl)) {
        await runProbe(next.provider, await mergedCredentials(next, secret), next.baseUrl);
      }
      if (newSecret) {
        const stored = (await keychain(() => secrets.get(id))) ?? {};
        await keychain(() => secrets.set(id, { ...stored, ...secret })); // in place (setPassword), never delete + recreate
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
        log.warn('could not delete the keychain entry of a removed account', err);
      }
    },

    async test(target) {
      checkTestTarget(target);
      let provider: ProviderId;
      let creds: Credentials;
      let baseUrl: string | undefined;
      if ('input' in target) {
        const { plain, secret } = splitFields(target.input.provider, target.input.fields);
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
