import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LaunchArgs } from '../../../main/shell/lifecycle/launch-args.ts';
import { acquireSingleInstance } from '../../../main/shell/lifecycle/single-instance.ts';
import { MockApp } from '../../mocks/electron.ts';

test('without the lock the app quits and nothing is wired', () => {
  const app = new MockApp('/app');
  app.gotLock = false;
  assert.equal(acquireSingleInstance(app, () => assert.fail('not wired')), false);
  assert.deepEqual(app.callsOf('quit'), [[]]);
  assert.equal(app.listenerCount('second-instance'), 0);
});

test('with the lock, a later launch hands over its parsed arguments', () => {
  const app = new MockApp('/app');
  const launches: LaunchArgs[] = [];
  assert.equal(acquireSingleInstance(app, (args) => launches.push(args)), true);
  assert.deepEqual(app.callsOf('quit'), []);
  app.emit('second-instance', {}, ['/opt/Headroom/headroom'], '/');
  app.emit('second-instance', {}, ['/opt/Headroom/headroom', '--account=acct-1'], '/');
  assert.deepEqual(launches, [
    { demo: false, accountId: null },
    { demo: false, accountId: 'acct-1' },
  ]);
});
