/**
 * The core's implementation of every window call (HeadroomApi). Hosts have already validated the
 * arguments (main/api/validate.ts); here they meet the account service, poller, history and alerts.
 * Every write goes through config, whose onChange tells the poller (see app-core), so nothing here
 * has to.
 */
import type { HeadroomApi } from '../api/contract.ts';
import type { AlertEvent, Notice } from '../model/alerts.ts';
import type { RangeKey } from '../model/history.ts';
import { ApiError } from '../model/errors.ts';
import type { AccountService } from './accounts/service.ts';
import type { Account } from '../model/account.ts';
import type { AlertEngine } from './alerts/engine.ts';
import type { ConfigStore } from './config/store.ts';
import type { ForecastService } from './forecast/service.ts';
import { rangeBounds, type HistoryStore } from './history/store.ts';
import type { Poller } from './poller/poller.ts';
import { providerInfos } from './providers/registry.ts';
import { effectiveRules, type Settings } from '../model/settings.ts';

export interface CoreApiDeps {
  accounts: AccountService;
  config: ConfigStore;
  poller: Poller;
  history: HistoryStore;
  alerts: AlertEngine;
  forecasts: ForecastService;
  now: () => number;
  notices: () => Notice[];
  noticesSeen: (ids: readonly string[]) => void;
  /** After an account was added or its credentials or base URL changed (Ultravox backfill). */
  credentialsChanged: (id: string) => void;
  settingsChanged: (settings: Settings) => void;
  startDemo: () => Promise<void>;
}

function mustGet(accounts: AccountService, id: string): Account {
  const account = accounts.get(id);
  if (!account) throw new ApiError('not-found', `no account with id ${id}`);
  return account;
}

function thresholds(account: Account, settings: Settings): { warn: number; critical: number } {
  const rules = effectiveRules(account, settings.alerts);
  return { warn: rules.warnPct / 100, critical: rules.criticalPct / 100 };
}

function csvFilename(account: Account, range: RangeKey, now: number): string {
  const slug = account.label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'account';
  return `headroom-${slug}-${range}-${new Date(now).toISOString().slice(0, 10)}.csv`;
}

export function createCoreApi(d: CoreApiDeps): HeadroomApi {
  return {
    getState: async () => d.poller.state(),
    listProviders: async () => providerInfos(),
    listAccounts: () => d.accounts.list(),
    async addAccount(input) {
      const view = await d.accounts.add(input);
      d.credentialsChanged(view.id);
      return view;
    },
    async updateAccount(id, patch) {
      const view = await d.accounts.update(id, patch);
      if (patch.fields || patch.baseUrl !== undefined) d.credentialsChanged(id);
      return view;
    },
    async removeAccount(id, options) {
      mustGet(d.accounts, id);
      await d.accounts.remove(id);
      d.alerts.forget(id);
      d.forecasts.forget(id);
      if (options.deleteHistory) d.history.remove(id);
    },
    testConnection: (target) => d.accounts.test(target),
    async setEnabled(id, enabled) {
      await d.accounts.setEnabled(id, enabled);
    },
    async refreshNow(id) {
      if (id !== undefined) mustGet(d.accounts, id);
      await d.poller.refresh(id);
    },
    async retryAccount(id) {
      mustGet(d.accounts, id);
      d.poller.retry(id);
    },
    async pauseAll(minutes) {
      d.poller.pause(minutes);
    },
    async resume() {
      d.poller.resume();
    },
    async getHistory(id, range) {
      mustGet(d.accounts, id);
      const { start, end } = rangeBounds(range, d.now());
      return d.history.query(id, start, end);
    },
    async getStats(id, range) {
      const account = mustGet(d.accounts, id);
      const { start, end } = rangeBounds(range, d.now());
      return d.history.stats(id, start, end, thresholds(account, d.config.settings()));
    },
    async getForecast(id) {
      mustGet(d.accounts, id);
      return d.forecasts.get(id);
    },
    async exportCsv(id, range) {
      const account = mustGet(d.accounts, id);
      const now = d.now();
      const { start, end } = rangeBounds(range, now);
      return { filename: csvFilename(account, range, now), csv: d.history.exportCsv(id, start, end) };
    },
    async getAlertLog(id): Promise<AlertEvent[]> {
      return d.alerts.log(id);
    },
    async snooze(id, until) {
      mustGet(d.accounts, id);
      d.alerts.snooze(id, until);
    },
    sendTestNotification: () => d.alerts.sendTest(),
    getSettings: async () => d.config.settings(),
    async updateSettings(patch) {
      const settings = d.config.updateSettings(patch);
      d.settingsChanged(settings);
      return settings;
    },
    getNotices: async () => d.notices(),
    async noticeSeen(id) {
      d.noticesSeen([id]);
    },
    startDemo: () => d.startDemo(),
  };
}
