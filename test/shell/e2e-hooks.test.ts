import assert from 'node:assert/strict';
import { test } from 'node:test';
import { E2E_GLOBAL, e2eEnabled, installE2EHooks, recordInstances, type E2EHooks } from '../../main/shell/e2e-hooks.ts';

test('the end-to-end hooks exist only with HEADROOM_E2E=1', () => {
  assert.equal(e2eEnabled({ HEADROOM_E2E: '1' }), true);
  assert.equal(e2eEnabled({}), false);
  assert.equal(e2eEnabled({ HEADROOM_E2E: 'true' }), false);
});

test('hooks are installed as a hidden, read-only global; recorded classes collect their instances', () => {
  const target: Record<string, unknown> = {};
  const hooks: E2EHooks = { demo: true, dataDir: '/d', trays: [], trayActions: null, trayUpdates: 0, lastTrayState: null, lastTraySettings: null, windowVisible: () => false };
  installE2EHooks(hooks, target);
  assert.equal(target[E2E_GLOBAL], hooks);
  assert.deepEqual(Object.keys(target), []);
  class Thing {
    constructor(readonly n: number) {}
  }
  const seen: object[] = [];
  const Recorded = recordInstances(Thing, seen);
  const a = new Recorded(1);
  assert.ok(a instanceof Thing);
  assert.deepEqual(seen, [a]);
});
