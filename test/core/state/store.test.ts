import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStateStore } from '../../../main/core/state/store.ts';
import type { AppState } from '../../../main/model/state.ts';
import { accountState } from '../../helpers/state.ts';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function recorded() {
  const store = createStateStore();
  const emitted: AppState[] = [];
  store.subscribe((s) => emitted.push(s));
  return { store, emitted };
}

test('aggregate: worst utilization among capped accounts with a snapshot, total over capped ones, counts by status', () => {
  const { store } = recorded();
  store.put(accountState('a', { current: 9, limit: 10 }));
  store.put(accountState('b', { current: 5, limit: 20, status: 'stale' }));
  store.put(accountState('free', { current: 40, limit: null }));
  store.put(accountState('new'));
  store.put(accountState('off', { current: 20, limit: 20, status: 'disabled' }));
  const { aggregate } = store.state();
  assert.equal(aggregate.worstUtilization, 0.9);
  assert.equal(aggregate.worstAccountId, 'a');
  assert.equal(aggregate.totalUtilization, 14 / 30);
  assert.deepEqual(aggregate.counts, { pending: 1, ok: 2, stale: 1, error: 0, offline: 0, paused: 0, 'needs-credentials': 0, disabled: 1 });
});

test('no accounts with a cap: worst and total are null', () => {
  const { store } = recorded();
  store.put(accountState('free', { current: 40, limit: null }));
  assert.deepEqual([store.state().aggregate.worstUtilization, store.state().aggregate.totalUtilization, store.state().aggregate.worstAccountId], [null, null, null]);
});

test('changes in one turn are emitted once; equal puts and cancelled changes emit nothing', async () => {
  const { store, emitted } = recorded();
  store.put(accountState('a', { current: 1, limit: 10 }));
  store.put(accountState('b', { current: 2, limit: 10 }));
  store.setOffline(true);
  assert.equal(emitted.length, 0, 'not synchronously');
  assert.equal(store.state().accounts.length, 2, 'but state() already has them');
  await turn();
  assert.equal(emitted.length, 1);
  const held = store.state().accounts[0];
  store.put(accountState('a', { current: 1, limit: 10 }));
  assert.equal(store.state().accounts[0], held, 'an equal put keeps the held object');
  store.setOffline(true);
  await turn();
  assert.equal(emitted.length, 1, 'equal puts emit nothing');
  store.put(accountState('a', { current: 3, limit: 10 }));
  store.put(accountState('a', { current: 1, limit: 10 }));
  store.setPause({ until: null });
  store.setPause(null);
  await turn();
  assert.equal(emitted.length, 1, 'changes undone within the turn emit nothing');
  store.put(accountState('a', { current: 3, limit: 10 }));
  await turn();
  assert.equal(emitted.length, 2);
  assert.equal(emitted[1].aggregate.worstUtilization, 0.3);
  assert.equal(emitted[1].offline, true);
});

test('order follows the given ids; remove drops an account; a throwing listener does not stop the others', async () => {
  const errors: unknown[] = [];
  const store = createStateStore({ onListenerError: (e) => errors.push(e) });
  const seen: string[][] = [];
  store.subscribe(() => {
    throw new Error('listener bug');
  });
  const unsubscribe = store.subscribe((s) => seen.push(s.accounts.map((a) => a.id)));
  for (const id of ['a', 'b', 'c']) store.put(accountState(id));
  store.order(['c', 'a', 'zz']);
  await turn();
  assert.deepEqual(seen, [['c', 'a', 'b']]);
  store.order(['c', 'a', 'b']);
  await turn();
  assert.equal(seen.length, 1, 'the same order is no change');
  store.remove('a');
  store.remove('nope');
  await turn();
  assert.deepEqual(seen.at(-1), ['c', 'b']);
  assert.equal(errors.length, 2);
  unsubscribe();
  store.remove('b');
  await turn();
  assert.equal(seen.length, 2, 'unsubscribed');
});
