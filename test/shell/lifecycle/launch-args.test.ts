import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoRelaunchArgs, parseLaunchArgs } from '../../../main/shell/lifecycle/launch-args.ts';

test('--demo and --account (both spellings); an unsafe account id is ignored', () => {
  assert.deepEqual(parseLaunchArgs(['headroom']), { demo: false, accountId: null });
  assert.deepEqual(parseLaunchArgs(['headroom', '--demo', '--account', 'acct-1']), { demo: true, accountId: 'acct-1' });
  assert.deepEqual(parseLaunchArgs(['headroom', '--account=acct_2']), { demo: false, accountId: 'acct_2' });
  assert.deepEqual(parseLaunchArgs(['headroom', '--account', '../../etc']), { demo: false, accountId: null });
  assert.deepEqual(parseLaunchArgs(['headroom', '--account']), { demo: false, accountId: null });
});

test('a demo relaunch keeps the arguments and adds --demo once', () => {
  assert.deepEqual(demoRelaunchArgs(['/opt/Headroom/headroom', '--account', 'a']), ['--account', 'a', '--demo']);
  assert.deepEqual(demoRelaunchArgs(['/opt/Headroom/headroom', '--demo']), ['--demo']);
});
