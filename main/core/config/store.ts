/**
 * Settings and accounts in <dataDir>/config.json, through conf (the CLI and tests) or electron-store
 * (the app: built on conf, same file, same options). Never any secret in here.
 */
import Conf from 'conf';
import { join } from 'node:path';
import type { Notice } from '../../model/alerts.ts';
import { assertValid } from '../../model/check.ts';
import type { Account } from '../../model/account.ts';
import { deepFreeze, same } from '../../model/same.ts';
import { DEFAULT_SETTINGS, settingsSchema, type Settings, type SettingsPatch } from '../../model/settings.ts';
import { watchFileChanges } from './file-watch.ts';
import { CONFIG_VERSION } from './migrations.ts';
import { addPendingNotice, markNoticesSeen, pendingNotices } from '../notices/pending.ts';
import { repairConfigFile } from './repair.ts';
import { checkConfigFile } from './schema.ts';
import { mergeSettings, withDefaults } from './settings-merge.ts';

/** A conf-compatible store class: electron-store in the app, conf in the CLI and tests. */
export type StoreClass = new (options: Record<string, unknown>) => {
  store: Record<string, unknown>;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  path: string;
};

export interface ConfigStore {
  readonly path: string;
  /** Full settings, defaults filled in, read from memory; frozen. */
  settings(): Settings;
  /** Deep-merges alerts and quiet hours, validates, saves and returns the new settings; throws ApiError('invalid-argument'). */
  updateSettings(patch: SettingsPatch): Settings;
  /** The accounts as the file has them, read from memory; frozen (copy one to change it). */
  accounts(): readonly Account[];
  /** Insert or replace by id. */
  saveAccount(account: Account): void;
  deleteAccount(id: string): void;
  /**
   * Notices waiting for a person in this data dir: a repaired settings file (a corrupt file backed
   * up, how many accounts were recovered) or alert memory. Kept until marked seen, whichever
   * process found the damage (see notices/pending.ts).
   */
  notices(): Notice[];
  /** A person has seen these notices (the window showed them, the CLI printed them). */
  noticesSeen(ids: readonly string[]): void;
  /** After every write here, and (with `watch`) when another process (the CLI) changed the file. */
  onChange(listener: () => void): () => void;
  /** Stops watching the file (with `watch`); the store stays usable. */
  close(): void;
}

export const CONFIG_NAME = 'config';

export interface OpenConfigOptions {
  dataDir: string;
  /** Defaults to conf; the app passes electron-store. */
  StoreClass?: StoreClass;
  /** Report changes other processes make to the file (the app, while the CLI edits accounts). */
  watch?: boolean;
  now?: () => number;
}

export function openConfig(opts: OpenConfigOptions): ConfigStore {
  const path = join(opts.dataDir, `${CONFIG_NAME}.json`);
  for (const notice of repairConfigFile(path, (opts.now ?? Date.now)())) addPendingNotice(opts.dataDir, notice);
  const Store = opts.StoreClass ?? (Conf as unknown as StoreClass);
  // electron-store takes the file name as `name` (it overwrites `configName` with it); conf as `configName`.
  const store = new Store({
    cwd: opts.dataDir,
    configName: CONFIG_NAME,
    name: CONFIG_NAME,
    projectName: 'headroom',
    projectSuffix: '',
    // No `schema`: the file is checked here, with the model's own schemas (see schema.ts).
    defaults: { configVersion: CONFIG_VERSION, settings: DEFAULT_SETTINGS, accounts: [] },
    clearInvalidConfig: false,
    configFileMode: 0o600,
    // conf's watch would poll the file (see file-watch.ts) and its cache would need it: this store
    // keeps what it derived from the file in memory itself and re-reads only after a write here or
    // a change the watch saw. Before, every settings() and accounts() call on the poll path read
    // and parsed config.json.
    watch: false,
    cache: false,
  });
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  /** What is derived from the file, read again only when it may have changed. */
  let derived: { settings: Settings; accounts: readonly Account[] } | null = null;
  const read = () => {
    const file = checkConfigFile(store.store, `${CONFIG_NAME}.json`);
    return { settings: deepFreeze(withDefaults(file.settings)), accounts: deepFreeze([...file.accounts]) };
  };
  const current = () => (derived ??= read());
  const write = (key: 'settings' | 'accounts', value: unknown) => {
    // Reading throws on a file broken meanwhile, and the check on a change that doesn't fit: what we had stays.
    store.store = checkConfigFile({ ...store.store, [key]: value }, `not saved, ${key}`);
    derived = read(); // what was just written, so a broken edit arriving later can't leave nothing to answer from
    changed();
  };
  /** Another process's change (or the echo of our own write, which changes nothing and is not passed on). */
  const reread = () => {
    let next: ReturnType<typeof read>;
    try {
      next = read();
    } catch {
      return; // half-written or broken meanwhile: keep what we have; a later change is seen as usual
    }
    if (derived && same(derived, next)) return;
    derived = next;
    changed();
  };
  const unwatch = opts.watch ? watchFileChanges(store.path, reread) : undefined;
  const accounts = () => current().accounts;
  const settings = (): Settings => current().settings;

  return {
    path: store.path,
    settings,
    updateSettings(patch) {
      const next = assertValid(settingsSchema, mergeSettings(settings(), patch), 'settings');
      write('settings', next);
      return settings();
    },
    accounts,
    saveAccount(account) {
      const list = [...accounts()];
      const i = list.findIndex((a) => a.id === account.id);
      if (i >= 0) list[i] = structuredClone(account);
      else list.push(structuredClone(account));
      write('accounts', list);
    },
    deleteAccount(id) {
      const list = accounts();
      const rest = list.filter((a) => a.id !== id);
      if (rest.length === list.length) return;
      write('accounts', rest);
    },
    notices: () => pendingNotices(opts.dataDir),
    noticesSeen: (ids) => void markNoticesSeen(opts.dataDir, ids),
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      unwatch?.();
    },
  };
}
