/** Sleep, network and pause on a fake clock: offline, pause/resume, suspend/wake, wall-clock jumps. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProviderError } from '../../../main/model/errors.ts';
import { account, fakePoller, snap } from './fake-poller.ts';

const networkError = () => {
  throw new ProviderError('network', 'a: network unreachable');
};

describe('poller offline', () => {
  test('a network error while the machine is offline shows every account offline; polling resumes when back', async () => {
    const h = fakePoller({ accounts: [account('a'), account('b'), account('off', { enabled: false })] });
    h.poller.start();
    await h.clock.advance(300);
    h.ctl.answer = networkError;
    h.ctl.online = false;
    await h.clock.advance(30_000);
    let s = h.poller.state();
    assert.equal(s.offline, true);
    assert.deepEqual(s.accounts.map((a) => a.status), ['offline', 'offline', 'disabled']);
    assert.equal(s.accounts[0].errorKind, 'network', 'the error is kept for context');
    assert.ok(s.accounts.every((a) => a.nextPollAt === undefined));
    const calls = h.calls('a').length + h.calls('b').length;
    const checks = h.ctl.onlineChecks;
    await h.clock.advance(300_000);
    assert.equal(h.calls('a').length + h.calls('b').length, calls, 'no polling while offline');
    assert.ok(h.ctl.onlineChecks - checks >= 25, `the network is checked periodically (${h.ctl.onlineChecks - checks} checks)`);
    h.ctl.online = true;
    h.ctl.answer = () => snap(2, 10, h.clock.now());
    await h.clock.advance(10_300);
    s = h.poller.state();
    assert.equal(s.offline, false);
    assert.deepEqual(s.accounts.map((a) => a.status), ['ok', 'ok', 'disabled']);
    await h.poller.stop();
  });

  test('a network error while online is that account\'s own error; Refresh now looks at the network again', async () => {
    const h = fakePoller({ accounts: [account('a'), account('b')] });
    h.ctl.answer = (x) => (x.id === 'a' ? networkError() : snap(1, 10, h.clock.now()));
    h.poller.start();
    await h.clock.advance(300);
    assert.deepEqual(h.poller.state().accounts.map((a) => [a.status, a.errorKind]), [['error', 'network'], ['ok', undefined]]);
    assert.equal(h.poller.state().offline, false);
    h.ctl.online = false;
    await h.poller.refresh('a');
    assert.equal(h.poller.state().offline, true);
    h.ctl.online = true;
    h.ctl.answer = () => snap(3, 10, h.clock.now());
    await h.poller.refresh('a');
    assert.equal(h.poller.state().offline, false);
    assert.equal(h.get('a').status, 'ok', 'refreshed at once, without waiting for the periodic check');
    await h.poller.stop();
  });
});

describe('poller pause', () => {
  test('pause for 15 min: every account paused, nothing polled, Refresh now still polls once; resumes by itself', async () => {
    const h = fakePoller({ accounts: [account('a'), account('off', { enabled: false })] });
    h.poller.start();
    await h.clock.advance(300);
    h.poller.pause(15);
    const until = h.clock.now() + 15 * 60_000;
    let s = h.poller.state();
    assert.deepEqual(s.pause, { until });
    assert.deepEqual(s.accounts.map((a) => [a.status, a.nextPollAt]), [['paused', undefined], ['disabled', undefined]]);
    assert.equal(s.aggregate.counts.paused, 1);
    await h.clock.advance(14 * 60_000);
    assert.equal(h.calls('a').length, 1);
    await h.poller.refresh();
    assert.equal(h.calls('a').length, 2, 'Refresh now polls once while paused');
    assert.equal(h.get('a').status, 'paused');
    assert.equal(h.get('a').nextPollAt, undefined);
    await h.clock.advanceTo(until + 300);
    s = h.poller.state();
    assert.equal(s.pause, null);
    assert.equal(h.calls('a').length, 3, 'polled right after the pause ran out');
    assert.equal(s.accounts[0].status, 'ok');
    await h.poller.stop();
  });

  test('pause until resumed; resume polls at once; pause(0) is a resume', async () => {
    const h = fakePoller();
    h.poller.start();
    await h.clock.advance(300);
    h.poller.pause(null);
    assert.deepEqual(h.poller.state().pause, { until: null });
    await h.clock.advance(6 * 3_600_000);
    assert.equal(h.calls('a').length, 1);
    h.poller.resume();
    await h.clock.advance(300);
    assert.equal(h.calls('a').length, 2);
    assert.equal(h.poller.state().pause, null);
    h.poller.pause(null);
    h.poller.pause(0);
    assert.equal(h.poller.state().pause, null);
    await h.poller.stop();
  });

  test('a pause that ran out while the machine slept ends at the wake', async () => {
    const h = fakePoller({ settings: { pollIntervalSec: 600 } });
    h.poller.start();
    await h.clock.advance(300);
    h.poller.pause(15);
    h.clock.sleep(3_600_000);
    h.poller.systemWake();
    assert.equal(h.poller.state().pause, null);
    await h.clock.advance(5_100);
    assert.equal(h.calls('a').length, 2);
    await h.poller.stop();
  });
});

describe('poller sleep', () => {
  test('suspend stops polling; wake polls once 2-5 s later', async () => {
    const h = fakePoller({ accounts: [account('a'), account('b')], random: Math.random });
    h.poller.start();
    await h.clock.advance(300);
    h.poller.systemSleep();
    await h.clock.advance(3_600_000);
    assert.deepEqual([h.calls('a').length, h.calls('b').length], [1, 1]);
    await h.poller.refresh();
    assert.deepEqual([h.calls('a').length, h.calls('b').length], [1, 1], 'not even a refresh while suspended');
    const wokeAt = h.clock.now();
    h.poller.systemWake();
    await h.clock.advance(1_900);
    assert.deepEqual([h.calls('a').length, h.calls('b').length], [1, 1], 'not before 2 s');
    await h.clock.advance(3_200);
    for (const id of ['a', 'b']) {
      assert.equal(h.calls(id).length, 2);
      const after = h.calls(id)[1] - wokeAt;
      assert.ok(after >= 2_000 && after <= 5_100, `${id} polled ${after} ms after the wake`);
    }
    await h.poller.stop();
  });

  test('a wall-clock jump forward (slept without events) polls soon, as a wake does', async () => {
    const h = fakePoller({ settings: { pollIntervalSec: 600 } });
    h.poller.start();
    await h.clock.advance(300);
    h.clock.sleep(3_600_000);
    const back = h.clock.now();
    await h.clock.advance(20_100); // the detector ticks within 15 s, the poll follows 2-5 s later
    assert.equal(h.calls('a').length, 2);
    assert.ok(h.calls('a')[1] - back <= 20_100);
    assert.equal(h.get('a').status, 'ok');
    await h.poller.stop();
  });

  test('a wall-clock jump backwards does not strand the schedule', async () => {
    const h = fakePoller({ settings: { pollIntervalSec: 60 } });
    h.poller.start();
    await h.clock.advance(300);
    h.clock.sleep(-3_600_000);
    await h.clock.advance(70_000);
    assert.ok(h.calls('a').length >= 2, 'still polling');
    assert.ok(h.get('a').nextPollAt! <= h.clock.now() + 60_000);
    await h.poller.stop();
  });

  test('a jump during a suspend is left to the wake event', async () => {
    const h = fakePoller({ settings: { pollIntervalSec: 600 } });
    h.poller.start();
    await h.clock.advance(300);
    h.poller.systemSleep();
    h.clock.sleep(3_600_000);
    await h.clock.advance(60_000);
    assert.equal(h.calls('a').length, 1);
    h.poller.systemWake();
    await h.clock.advance(5_100);
    assert.equal(h.calls('a').length, 2);
    await h.poller.stop();
  });
});
