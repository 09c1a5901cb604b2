import assert from 'node:assert/strict';
import { test } from 'node:test';
import { API_METHODS } from '../../main/api/contract.ts';
import { createBridge } from '../../main/preload/bridge.ts';
import { MockIpcRenderer } from '../mocks/electron.ts';

test('the bridge exposes exactly the API methods plus on, and nothing of Electron', () => {
  const bridge = createBridge(new MockIpcRenderer());
  assert.deepEqual(Object.keys(bridge).sort(), [...API_METHODS, 'on'].sort());
  assert.ok(!('ipcRenderer' in bridge) && !('send' in bridge) && !('invoke' in bridge));
});

test('calls travel on their channel; failures come back as { code, message }', async () => {
  const ipc = new MockIpcRenderer();
  ipc.reply = (channel) => (channel.endsWith('getSettings') ? { ok: true, value: { theme: 'dark' } } : { ok: false, error: { code: 'not-found', message: 'no account' } });
  const bridge = createBridge(ipc);
  assert.deepEqual(await bridge.getSettings(), { theme: 'dark' });
  await assert.rejects(bridge.retryAccount('x'), (e: unknown) => (e as { code: string }).code === 'not-found');
  assert.deepEqual(ipc.invoked.map((i) => i.channel), ['headroom:call:getSettings', 'headroom:call:retryAccount']);
  ipc.reply = () => 'garbage';
  await assert.rejects(bridge.getState(), (e: unknown) => (e as { code: string }).code === 'internal');
});

test('events deliver the payload only (never the IPC event) and unsubscribe', () => {
  const ipc = new MockIpcRenderer();
  const bridge = createBridge(ipc);
  const got: unknown[] = [];
  const off = bridge.on('notices', (n) => got.push(n));
  ipc.emit('headroom:event:notices', { sender: 'secret' }, [{ id: 'x' }]);
  off();
  ipc.emit('headroom:event:notices', {}, [{ id: 'y' }]);
  assert.deepEqual(got, [[{ id: 'x' }]]);
  assert.throws(() => bridge.on('bogus' as 'state', () => {}), /unknown event/);
});
