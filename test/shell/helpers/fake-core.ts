/**
 * A stand-in for the core in shell unit tests: real events and settings listeners, and a record of
 * every lifecycle call, so a test can check what the shell asked of the core.
 */
import type { HeadroomEvents, HeadroomApi } from '../../../main/api/contract.ts';
import type { Core } from '../../../main/core/core-types.ts';
import { Emitter } from '../../../main/core/events.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../main/model/settings.ts';
import { aggregate } from '../../../main/core/state/aggregate.ts';
import type { AppState } from '../../../main/model/state.ts';
import { forecasts } from '../../helpers/state.ts';

export interface FakeCore extends Core {
  calls: string[];
  emit<E extends keyof HeadroomEvents>(event: E, payload: HeadroomEvents[E]): void;
  changeSettings(patch: Partial<Settings>): void;
  accounts: boolean;
}

export function emptyState(): AppState {
  return { accounts: [], aggregate: aggregate([]), pause: null, offline: false };
}

export function fakeCore(opts: { settings?: Partial<Settings>; hasAccounts?: boolean; api?: Partial<HeadroomApi> } = {}): FakeCore {
  const events = new Emitter<HeadroomEvents>();
  const settingsEvents = new Emitter<{ settings: Settings }>();
  let settings: Settings = { ...DEFAULT_SETTINGS, ...opts.settings };
  const calls: string[] = [];
  const record = (name: string) => () => void calls.push(name);
  const core: FakeCore = {
    calls,
    accounts: opts.hasAccounts ?? false,
    api: (opts.api ?? {}) as HeadroomApi,
    on: (event, listener) => events.on(event, listener),
    emit: (event, payload) => events.emit(event, payload),
    state: emptyState,
    settings: () => settings,
    onSettingsChange: (listener) => settingsEvents.on('settings', listener),
    changeSettings(patch) {
      settings = { ...settings, ...patch };
      settingsEvents.emit('settings', settings);
    },
    notices: () => [],
    onPoll: () => () => {},
    forecast: forecasts(),
    pendingNotices: () => [],
    noticesSeen: () => {},
    hasAccounts: () => core.accounts,
    start: async () => record('start')(),
    stop: async () => record('stop')(),
    onSystemSleep: record('suspend'),
    onSystemWake: record('resume'),
    navigate: (payload) => {
      calls.push(`navigate ${JSON.stringify(payload)}`);
      events.emit('navigate', payload);
    },
  };
  return core;
}
