/**
 * The one state store: per account its AccountState, plus pause and offline, and the aggregate
 * derived from them. Writers put whole account states; a put equal to what is held is a no-op.
 * Changes made in one turn of the event loop are coalesced into one emit, and an emit happens only
 * when the resulting AppState differs semantically from the last one emitted (changes that cancel
 * out within a turn emit nothing).
 *
 * Time-derived fields are data like any other: a successful poll moves lastSuccessAt,
 * snapshot.sampledAt and nextPollAt, so every successful poll is a change and is emitted. Ages
 * ("12 s ago") are computed by the viewer from lastSuccessAt, so nothing is emitted just because
 * time passes; only real transitions such as ok -> stale are.
 */
import { aggregate } from './aggregate.ts';
import { same } from '../../model/same.ts';
import type { AccountState, AppState, PauseState } from '../../model/state.ts';
import { log } from '../log/logger.ts';

export interface StateStore {
  /** Sets one account's state (added at the end of the order when new). */
  put(account: AccountState): void;
  remove(id: string): void;
  /** Display order (config order); ids not held are ignored, held ids not named keep their place at the end. */
  order(ids: readonly string[]): void;
  setPause(pause: PauseState | null): void;
  setOffline(offline: boolean): void;
  /** The current state, including changes not yet emitted. */
  state(): AppState;
  /** Called with each new state, only when it actually changed. Returns an unsubscribe function. */
  subscribe(listener: (state: AppState) => void): () => void;
}

export interface StateStoreOptions {
  /** Runs the coalesced emit later; default queueMicrotask. */
  defer?: (flush: () => void) => void;
  /** Reports a listener that threw (the others still run). */
  onListenerError?: (err: unknown) => void;
}

export function createStateStore(options: StateStoreOptions = {}): StateStore {
  const defer = options.defer ?? queueMicrotask;
  const onListenerError = options.onListenerError ?? ((err: unknown) => log.error('a state listener failed', err));
  const byId = new Map<string, AccountState>();
  let ids: string[] = [];
  let pause: PauseState | null = null;
  let offline = false;
  const listeners = new Set<(s: AppState) => void>();
  let current: AppState = build();
  let emitted: AppState = current;
  let dirty = false;
  let queued = false;

  function build(): AppState {
    const accounts = ids.map((id) => byId.get(id)!);
    return { accounts, aggregate: aggregate(accounts), pause, offline };
  }

  function touch(): void {
    dirty = true;
    if (queued) return;
    queued = true;
    defer(flush);
  }

  function state(): AppState {
    if (dirty) {
      current = build();
      dirty = false;
    }
    return current;
  }

  function flush(): void {
    queued = false;
    const next = state();
    if (next === emitted || sameState(next, emitted)) return;
    emitted = next;
    for (const listener of listeners) {
      try {
        listener(next);
      } catch (err) {
        onListenerError(err);
      }
    }
  }

  return {
    put(account) {
      const held = byId.get(account.id);
      if (held && same(held, account)) return;
      if (!held) ids.push(account.id);
      byId.set(account.id, account);
      touch();
    },
    remove(id) {
      if (!byId.delete(id)) return;
      ids = ids.filter((x) => x !== id);
      touch();
    },
    order(wanted) {
      const named = new Set(wanted.filter((id) => byId.has(id)));
      const next = [...named, ...ids.filter((id) => !named.has(id))];
      if (next.every((id, i) => id === ids[i])) return;
      ids = next;
      touch();
    },
    setPause(next) {
      if (same(pause, next)) return;
      pause = next ? { ...next } : null;
      touch();
    },
    setOffline(next) {
      if (offline === next) return;
      offline = next;
      touch();
    },
    state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** Accounts are compared by reference first: put keeps the held object when nothing changed. */
function sameState(a: AppState, b: AppState): boolean {
  if (a.offline !== b.offline || !same(a.pause, b.pause) || a.accounts.length !== b.accounts.length) return false;
  for (let i = 0; i < a.accounts.length; i++) if (a.accounts[i] !== b.accounts[i] && !same(a.accounts[i], b.accounts[i])) return false;
  return true;
}
