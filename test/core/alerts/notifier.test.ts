import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createNodeNotifierSink, explainNotifyError, type NodeNotifierLike } from '../../../main/core/alerts/notifier.ts';
import { startFakeNotificationDaemon } from './fixtures/fake-notification-daemon.ts';
import { hasCommand, startPrivateBus, type PrivateBus } from './fixtures/private-bus.ts';

type Call = { options: Record<string, unknown>; callback: (err: unknown, response?: unknown) => void };

/** A node-notifier stand-in that records calls and lets the test answer them. */
function scriptedNotifier(answer?: (call: Call) => void): { notifier: NodeNotifierLike; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    notifier: {
      notify(options, callback) {
        const call = { options, callback };
        calls.push(call);
        answer?.(call);
      },
    },
  };
}

const note = { title: 'Headroom', body: 'prod (Retell AI) is critical at 96%: 48/50 concurrent calls.', accountId: 'a' };

describe('notification sink (node-notifier scripted)', () => {
  test('notify-send errors become clear messages without the command line (which holds the body)', () => {
    const failed = (stderr: string) => new Error(`Command failed: notify-send "Headroom" "secret-ish body" --expire-time "10000"\n${stderr}\n`);
    const cases: Array<[unknown, RegExp]> = [
      [failed('GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.Notifications was not provided by any .service files'), /^no notification service is running/],
      [failed('Error calling StartServiceByName for org.freedesktop.Notifications: Process org.freedesktop.Notifications received signal 5'), /service failed to start/],
      [failed('Cannot autolaunch D-Bus without X11 $DISPLAY'), /no desktop session bus/],
      [failed('Could not connect: No such file or directory'), /no desktop session bus/],
      [new Error('notify-send must be installed on the system.'), /notify-send is not installed/],
      [failed('GDBus.Error:org.freedesktop.DBus.Error.AccessDenied: Rejected send message'), /not permitted/],
      [failed('something unforeseen'), /^the notification could not be shown: something unforeseen$/],
    ];
    for (const [err, expected] of cases) {
      const message = explainNotifyError(err);
      assert.match(message, expected);
      assert.doesNotMatch(message, /secret-ish|Command failed/);
    }
  });

  test('Linux: title, one-line body, icon and app name go to notify-send; its stderr on success is not a failure', async () => {
    const { notifier, calls } = scriptedNotifier((c) => c.callback('', ''));
    const sink = createNodeNotifierSink({ notifier, platform: 'linux', iconPath: '/opt/headroom/icon.png', onClick: () => assert.fail('no clicks on Linux') });
    await sink.notify({ ...note, body: 'line one\nline two\ttabbed' });
    assert.deepEqual(calls[0].options, { title: 'Headroom', message: 'line one line two tabbed', icon: '/opt/headroom/icon.png', 'app-name': 'Headroom' });
    const warned = scriptedNotifier((c) => c.callback('(notify-send:42): GLib-WARNING **: something odd', ''));
    await createNodeNotifierSink({ notifier: warned.notifier, platform: 'linux' }).notify(note);
  });

  test('a failure rejects with the explained message; a throwing notifier too', async () => {
    const failing = scriptedNotifier((c) => c.callback(new Error('Command failed: notify-send x\nCould not connect: No such file or directory')));
    await assert.rejects(createNodeNotifierSink({ notifier: failing.notifier, platform: 'linux' }).notify(note), /no desktop session bus/);
    const throwing: NodeNotifierLike = { notify: () => { throw new Error('spawn /bin/sh EAGAIN'); } };
    await assert.rejects(createNodeNotifierSink({ notifier: throwing, platform: 'linux' }).notify(note), /could not be shown: spawn/);
  });

  test('a notifier that never answers is given up on after timeoutMs', async () => {
    const silent = scriptedNotifier();
    await assert.rejects(createNodeNotifierSink({ notifier: silent.notifier, platform: 'linux', timeoutMs: 50 }).notify(note), /did not answer within 0\.1 s/);
    assert.equal(silent.calls.length, 1);
  });

  test('macOS and Windows: handed over at once, and a later click opens the account', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const clicked: Array<string | null> = [];
      const { notifier, calls } = scriptedNotifier();
      await createNodeNotifierSink({ notifier, platform, onClick: (id) => clicked.push(id), appId: 'ai.headroom.test' }).notify(note);
      assert.equal(calls[0].options.wait, true);
      assert.equal(calls[0].options.appID, 'ai.headroom.test');
      assert.deepEqual(clicked, []);
      calls[0].callback(null, 'activate');
      assert.deepEqual(clicked, ['a']);
    }
    const { notifier, calls } = scriptedNotifier((c) => c.callback(null, 'timeout'));
    await createNodeNotifierSink({ notifier, platform: 'darwin' }).notify(note);
    assert.equal(calls[0].options.wait, false, 'no click handler: nothing to wait for');
  });
});

const skip = !hasCommand('notify-send')
  ? 'notify-send is not installed (apt install libnotify-bin)'
  : !hasCommand('dbus-daemon')
    ? 'dbus-daemon is not installed (apt install dbus)'
    : false;

describe('real notifications observed on a private session bus', { skip, concurrency: false }, () => {
  let bus: PrivateBus;
  const savedAddress = process.env.DBUS_SESSION_BUS_ADDRESS;
  const scratch = mkdtempSync(join(tmpdir(), 'headroom-notify-'));
  before(async () => {
    bus = await startPrivateBus();
    process.env.DBUS_SESSION_BUS_ADDRESS = bus.address; // notify-send inherits it
  });
  after(async () => {
    if (savedAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = savedAddress;
    await bus?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('with no notification service the sink rejects with a clear message, not by running into its timeout', async () => {
    const sink = createNodeNotifierSink({ timeoutMs: 20_000 });
    await assert.rejects(sink.notify({ ...note, body: 'nobody listens' }), { message: 'no notification service is running in the desktop session' });
  });

  test('a Notify call arrives with summary "Headroom", the body, the app name and the icon', async () => {
    const daemon = await startFakeNotificationDaemon({ busAddress: bus.address });
    try {
      await createNodeNotifierSink({ iconPath: '/opt/headroom/icon.png' }).notify(note);
      assert.equal(daemon.received.length, 1);
      const [got] = daemon.received;
      assert.equal(got.summary, 'Headroom');
      assert.equal(got.body, note.body);
      assert.equal(got.appName, 'Headroom');
      assert.equal(got.icon, '/opt/headroom/icon.png');
    } finally {
      await daemon.stop();
    }
  });

  test('an account label full of shell syntax arrives verbatim and runs nothing', async () => {
    const daemon = await startFakeNotificationDaemon({ busAddress: bus.address });
    const marker = join(scratch, 'pwned');
    const body = `it's "prod" $(touch ${marker}) \`touch ${marker}\` \\ $HOME; touch ${marker} (Retell AI) is critical at 96%`;
    try {
      await createNodeNotifierSink().notify({ ...note, title: 'Head\\room $(x)', body });
      assert.equal(daemon.received[0].summary, 'Head\\room $(x)');
      assert.equal(daemon.received[0].body, body);
      assert.equal(existsSync(marker), false);
    } finally {
      await daemon.stop();
    }
  });

  test('a daemon that takes the call and never answers: the sink gives up at its timeout', async () => {
    const daemon = await startFakeNotificationDaemon({ busAddress: bus.address, answer: false });
    try {
      await assert.rejects(createNodeNotifierSink({ timeoutMs: 1_000 }).notify(note), { message: 'the notification service did not answer within 1 s' });
      assert.equal(daemon.received.length, 1, 'the call did reach the daemon');
    } finally {
      await daemon.stop(); // the bus answers the waiting notify-send with an error, so it exits
    }
  });
});
