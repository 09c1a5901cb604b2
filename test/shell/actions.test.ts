import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HeadroomApi } from '../../main/api/contract.ts';
import { trayActions, windowOpener } from '../../main/shell/actions.ts';
import { fakeCore } from './helpers/fake-core.ts';

test('opening the overview shows the window; an account or a view goes through navigate', () => {
  const core = fakeCore();
  let shown = 0;
  const open = windowOpener(core, { show: () => void shown++ });
  open();
  open({ view: 'overview' });
  open({ accountId: 'a1', view: 'account' });
  open({ view: 'settings' });
  open({ accountId: 'a2' });
  assert.equal(shown, 2);
  assert.deepEqual(core.calls, [
    'navigate {"accountId":"a1","view":"account"}',
    'navigate {"accountId":null,"view":"settings"}',
    'navigate {"accountId":"a2","view":"account"}',
  ]);
});

test('tray actions reach the api; a failure is logged, never thrown into the menu', async () => {
  const calls: string[] = [];
  const api = {
    refreshNow: async () => void calls.push('refreshNow'),
    pauseAll: async (m: number | null) => void calls.push(`pauseAll ${m}`),
    resume: async () => {
      throw new Error('offline');
    },
  } as unknown as HeadroomApi;
  const logged: string[] = [];
  let quits = 0;
  const actions = trayActions(fakeCore({ api }), () => undefined, () => void quits++, (m) => logged.push(m));
  actions.refreshNow();
  actions.pause(30);
  actions.pause(null);
  actions.resume();
  actions.quit();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(calls, ['refreshNow', 'pauseAll 30', 'pauseAll null']);
  assert.deepEqual(logged, ['resume failed: offline']);
  assert.equal(quits, 1);
});
