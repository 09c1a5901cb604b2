import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { API_METHODS, type ApiMethod, type HeadroomApi } from '../../main/api/contract.ts';
import { INTERNAL_ERROR_MESSAGE, invokeChannel, type IpcEnvelope } from '../../main/api/ipc-channels.ts';
import { ApiError } from '../../main/model/errors.ts';
import type { IpcMainLike, WebContentsLike } from '../../main/shell/electron-types.ts';
import { registerIpc } from '../../main/shell/ipc.ts';
import { MockIpcMain, MockWebContents } from '../mocks/electron.ts';

const PAGE = 'file:///opt/headroom/dist/renderer/index.html';

/** An api whose every method records its arguments and answers with `answer(method)`. */
function spyApi(answer: (method: ApiMethod, args: unknown[]) => unknown = (m) => `${m} result`) {
  const calls: Array<{ method: ApiMethod; args: unknown[] }> = [];
  const api = Object.fromEntries(
    API_METHODS.map((method) => [
      method,
      async (...args: unknown[]) => {
        calls.push({ method, args });
        return answer(method, args);
      },
    ]),
  ) as unknown as HeadroomApi;
  return { api, calls };
}

function setup(answer?: (method: ApiMethod, args: unknown[]) => unknown) {
  const ipcMain = new MockIpcMain();
  const window = new MockWebContents();
  let trusted: MockWebContents | null = window;
  const logged: string[] = [];
  const { api, calls } = spyApi(answer);
  const dispose = registerIpc({
    ipcMain: ipcMain as unknown as IpcMainLike,
    api,
    trustedSender: () => trusted as unknown as WebContentsLike | null,
    isRendererPage: (url) => url.split(/[?#]/)[0] === PAGE,
    log: (message) => logged.push(message),
  });
  const call = (method: ApiMethod, ...args: unknown[]) => ipcMain.invoke(invokeChannel(method), window, PAGE, ...args) as Promise<IpcEnvelope>;
  return { ipcMain, window, calls, logged, dispose, call, dropWindow: () => (trusted = null) };
}

function errorCode(envelope: unknown): string | undefined {
  const e = envelope as IpcEnvelope;
  return e.ok ? undefined : e.error.code;
}

describe('IPC from the window', () => {
  test('one handler per API method, removed again by dispose', () => {
    const { ipcMain, dispose } = setup();
    assert.deepEqual([...ipcMain.handlers.keys()].sort(), API_METHODS.map(invokeChannel).sort());
    dispose();
    assert.equal(ipcMain.handlers.size, 0);
  });

  test('a good call reaches the api with its arguments and the result comes back in an envelope', async () => {
    const { call, calls } = setup();
    assert.deepEqual(await call('getHistory', 'acct-1', '24h'), { ok: true, value: 'getHistory result' });
    assert.deepEqual(await call('refreshNow'), { ok: true, value: 'refreshNow result' });
    assert.deepEqual(calls, [
      { method: 'getHistory', args: ['acct-1', '24h'] },
      { method: 'refreshNow', args: [] },
    ]);
  });

  test('calls from another web contents, a subframe, another page or with no window are refused before the api', async () => {
    const { ipcMain, window, calls, call, dropWindow } = setup();
    const channel = invokeChannel('getSettings');
    assert.equal(errorCode(await ipcMain.invoke(channel, new MockWebContents(), PAGE)), 'forbidden');
    assert.equal(errorCode(await ipcMain.invokeFromFrame(channel, window, { url: PAGE, parent: {} })), 'forbidden');
    assert.equal(errorCode(await ipcMain.invokeFromFrame(channel, window, null)), 'forbidden');
    assert.equal(errorCode(await ipcMain.invoke(channel, window, 'https://evil.example/')), 'forbidden');
    assert.equal(errorCode(await ipcMain.invoke(channel, window, 'file:///tmp/index.html')), 'forbidden');
    dropWindow();
    assert.equal(errorCode(await call('getSettings')), 'forbidden');
    assert.deepEqual(calls, []);
  });

  test('malformed arguments get invalid-argument and the api is never called', async () => {
    const { call, calls } = setup();
    const bad: Array<[ApiMethod, unknown[]]> = [
      ['retryAccount', [42]],
      ['retryAccount', []],
      ['getHistory', ['acct-1', '1y']],
      ['pauseAll', [-5]],
      ['updateSettings', [{ pollIntervalSec: 1 }]],
      ['updateSettings', [{ notASetting: true }]],
      ['removeAccount', ['acct-1']],
      ['setEnabled', ['acct-1', 'yes']],
      ['getState', ['extra']],
      ['snooze', ['acct-1', 'tomorrow']],
    ];
    for (const [method, args] of bad) {
      const reply = await call(method, ...args);
      assert.equal(errorCode(reply), 'invalid-argument', `${method}(${JSON.stringify(args)})`);
      assert.equal(typeof (reply as { error: { message: string } }).error.message, 'string');
    }
    assert.deepEqual(calls, []);
  });

  test('user-facing errors keep their code; anything else is internal, logged, and told without details', async () => {
    const { call, logged } = setup((method) => {
      if (method === 'retryAccount') throw new ApiError('not-found', 'No such account');
      throw new Error('secret-ish internals at /home/user');
    });
    assert.deepEqual(await call('retryAccount', 'gone'), { ok: false, error: { code: 'not-found', message: 'No such account' } });
    assert.deepEqual(await call('getSettings'), { ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } });
    assert.deepEqual(logged, ['getSettings failed']);
  });

  test('an internal error names the log file the details went to', async () => {
    const ipcMain = new MockIpcMain();
    const window = new MockWebContents();
    const { api } = spyApi(() => {
      throw new Error('internals');
    });
    registerIpc({ ipcMain: ipcMain as unknown as IpcMainLike, api, trustedSender: () => window as unknown as WebContentsLike, isRendererPage: () => true, log: () => undefined, logFile: () => '/data/logs/app.log' });
    const reply = (await ipcMain.invoke(invokeChannel('getSettings'), window, PAGE)) as IpcEnvelope;
    assert.deepEqual(reply, { ok: false, error: { code: 'internal', message: 'Something went wrong inside Headroom; details are in the log: /data/logs/app.log' } });
  });
});
