import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { PowerMonitorLike } from '../../main/shell/electron-types.ts';
import { wirePower } from '../../main/shell/power.ts';
import { fakeCore } from './helpers/fake-core.ts';

test('sleep and a locked screen suspend the core; wake and unlock resume it; dispose stops listening', () => {
  const power = new EventEmitter();
  const core = fakeCore();
  const dispose = wirePower(power as unknown as PowerMonitorLike, core);
  power.emit('suspend');
  power.emit('resume');
  power.emit('lock-screen');
  power.emit('unlock-screen');
  assert.deepEqual(core.calls, ['suspend', 'resume', 'suspend', 'resume']);
  dispose();
  for (const event of ['suspend', 'resume', 'lock-screen', 'unlock-screen']) {
    power.emit(event);
    assert.equal(power.listenerCount(event), 0);
  }
  assert.equal(core.calls.length, 4);
});
