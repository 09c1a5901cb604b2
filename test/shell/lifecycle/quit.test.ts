import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { installQuitHandler, stopWithTimeout } from '../../../main/shell/lifecycle/quit.ts';
import { MockApp } from '../../mocks/electron.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('quitting', () => {
  test('the first quit waits for the core to stop, then the app quits for good', async () => {
    const app = new MockApp('/app');
    const stop = deferred();
    let stops = 0;
    const stopped = deferred();
    const guard = installQuitHandler(app, {
      stop: () => {
        stops++;
        return stop.promise;
      },
      log: () => undefined,
      onStopped: stopped.resolve,
    });
    assert.equal(guard.isQuitting(), false);
    app.quit();
    app.quit(); // a second Quit while stopping does not stop twice
    assert.equal(guard.isQuitting(), true);
    assert.deepEqual(app.callsOf('quitted'), []);
    stop.resolve();
    await stopped.promise;
    assert.equal(stops, 1);
    assert.deepEqual(app.callsOf('quitted'), [[]]);
  });

  test('closing the last window does not quit', () => {
    const app = new MockApp('/app');
    installQuitHandler(app, { stop: async () => undefined, log: () => undefined });
    app.emit('window-all-closed');
    assert.deepEqual(app.callsOf('quit'), []);
    assert.equal(app.listenerCount('window-all-closed'), 1, 'a listener replaces Electron\'s default quit');
  });

  test('a core that hangs or fails to stop does not keep the app alive', async () => {
    const logged: string[] = [];
    await stopWithTimeout(() => new Promise(() => undefined), 20, (m) => logged.push(m));
    await stopWithTimeout(async () => {
      throw new Error('disk full');
    }, 1000, (m) => logged.push(m));
    assert.deepEqual(logged, ['the core did not stop within 20 ms; quitting anyway', 'stopping the core failed: disk full']);
  });
});
