import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { createNodeNotifierSink } from '../../../main/core/alerts/notifier.ts';
import { startFakeNotificationDaemon } from '../../helpers/fake-notification-daemon.ts';

function hasNotifySend(): boolean {
  try {
    execFileSync('which', ['notify-send'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const skip = !process.env.DBUS_SESSION_BUS_ADDRESS ? 'no session bus (npm test runs this inside dbus-run-session)' : !hasNotifySend() ? 'notify-send is not installed (apt install libnotify-bin)' : false;

describe('desktop notifications through node-notifier, observed on the session bus', { skip, concurrency: false }, () => {
  test('with no notification service the sink rejects with a clear message, within its timeout', async () => {
    const sink = createNodeNotifierSink({ timeoutMs: 20_000 });
    const started = Date.now();
    await assert.rejects(sink.notify({ title: 'Headroom', body: 'nobody listens', accountId: null }), /notification service|not confirmed|Notifications/);
    assert.ok(Date.now() - started < 20_000);
  });

  test('a real Notify call arrives with summary "Headroom" and the body', async () => {
    const daemon = await startFakeNotificationDaemon();
    try {
      const sink = createNodeNotifierSink();
      await sink.notify({ title: 'Headroom', body: 'prod (Retell AI) is critical at 96%: 48/50 concurrent calls.', accountId: 'a' });
      assert.equal(daemon.received.length, 1);
      assert.equal(daemon.received[0].summary, 'Headroom');
      assert.equal(daemon.received[0].body, 'prod (Retell AI) is critical at 96%: 48/50 concurrent calls.');
    } finally {
      await daemon.stop();
    }
  });
});
