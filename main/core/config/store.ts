/**
 * Settings and accounts in <dataDir>/config.json, through conf (the CLI and tests) or electron-store
 * (the app: built on conf, same file, same options). Never any secret in here.
 */
import Conf from 'conf';
import { join } from 'node:path';
import type { Notice } from '../../api/contract.ts';
import { ApiError, settingsPatchProblem } from '../../api/validate.ts';
import type { Account } from '../accounts/types.ts';
import type { StoreClass } from '../core-types.ts';
import type { Settings } from '../settings/types.ts';
import { CONFIG_VERSION } from './migrations.ts';
import { repairConfigFile } from './repair.ts';
import { CONFIG_SCHEMA } from './schema.ts';
import { DEFAULT_SETTINGS } from '../settings/types.ts';

export interface ConfigStore {
  readonly path: string;
  settings(): Settings;
  /** Validates, saves and returns the new settings; throws ApiError('invalid-argument'). */
  updateSettings(patch: Partial<Settings>): Settings;
  accounts(): Account[];
  /** Insert or replace by id. */
  saveAccount(account: Account): void;
  deleteAccount(id: string): void;
  notices(): Notice[];
  onChange(listener: () => void): () => void;
}

export const CONFIG_NAME = 'config';

export function openConfig(opts: { dataDir: string; StoreClass?: StoreClass; now?: () => number }): ConfigStore {
  const path = join(opts.dataDir, `${CONFIG_NAME}.json`);
  const notices = repairConfigFile(path, (opts.now ?? Date.now)());
  const Store = opts.StoreClass ?? (Conf as unknown as StoreClass);
  const store = new Store({
    cwd: opts.dataDir,
    configName: CONFIG_NAME,
    projectName: 'headroom',
    schema: CONFIG_SCHEMA,
    defaults: { configVersion: CONFIG_VERSION, settings: DEFAULT_SETTINGS, accounts: [] },
    clearInvalidConfig: false,
  });
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  const accounts = () => structuredClone((store.get('accounts') as Account[] | undefined) ?? []);
  const settings = (): Settings => {
    const s = (store.get('settings') ?? {}) as Partial<Settings>;
    return { ...structuredClone(DEFAULT_SETTINGS), ...structuredClone(s), alerts: { ...DEFAULT_SETTINGS.alerts, ...structuredClone(s.alerts ?? {}) } };
  };

  return {
    path: store.path,
    settings,
    updateSettings(patch) {
      const problem = settingsPatchProblem(patch);
      if (problem) throw new ApiError('invalid-argument', problem);
      const next = { ...settings(), ...structuredClone(patch) };
      store.set('settings', next);
      changed();
      return next;
    },
    accounts,
    saveAccount(account) {
      const list = accounts();
      const i = list.findIndex((a) => a.id === account.id);
      if (i >= 0) list[i] = account;
      else list.push(account);
      store.set('accounts', list);
      changed();
    },
    deleteAccount(id) {
      store.set('accounts', accounts().filter((a) => a.id !== id));
      changed();
    },
    notices: () => [...notices],
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
