/**
 * The real preload entry, bundled as scripts/build.mjs bundles it and run the way a sandboxed
 * preload runs: a require that offers only what Electron's sandbox offers.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { nodeBundleOptions } from '../../scripts/node-bundle.mjs';
import { API_METHODS } from '../../main/api/contract.ts';
import { createElectronMock } from '../mocks/electron.ts';

const root = join(import.meta.dirname, '..', '..');
/** What require() gives a sandboxed preload (Electron docs, "Preload scripts" in sandboxed renderers). */
const SANDBOX_MODULES = new Set(['electron', 'events', 'timers', 'url']);

async function bundle(): Promise<string> {
  const out = await build({ ...nodeBundleOptions, entryPoints: [join(root, 'main/preload/preload.ts')], write: false, external: ['electron'], logLevel: 'silent' });
  return out.outputFiles[0].text;
}

test('the sandboxed preload needs only electron and exposes exactly the API methods plus on', async () => {
  const electron = createElectronMock();
  const required: string[] = [];
  const module = { exports: {} };
  runInNewContext(await bundle(), {
    module,
    exports: module.exports,
    require: (name: string) => {
      required.push(name);
      if (!SANDBOX_MODULES.has(name)) throw new Error(`a sandboxed preload cannot require '${name}'`);
      if (name !== 'electron') throw new Error(`unexpected module '${name}'`);
      return { contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer };
    },
  });
  assert.deepEqual([...new Set(required)], ['electron']);
  assert.deepEqual(Object.keys(electron.contextBridge.exposed), ['headroom']);
  const bridge = electron.contextBridge.exposed.headroom as Record<string, unknown>;
  assert.deepEqual(Object.keys(bridge).sort(), [...API_METHODS, 'on'].sort());
  assert.ok(Object.values(bridge).every((v) => typeof v === 'function'));

  electron.ipcRenderer.reply = () => ({ ok: true, value: { theme: 'dark' } });
  assert.deepEqual(await (bridge.getSettings as () => Promise<unknown>)(), { theme: 'dark' });
  assert.deepEqual(electron.ipcRenderer.invoked, [{ channel: 'headroom:call:getSettings', args: [] }]);
});
