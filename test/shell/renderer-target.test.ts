import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAllowedRequest, isRendererPage, rendererTarget } from '../../main/shell/renderer-target.ts';

describe('the renderer target', () => {
  const file = rendererTarget({ appPath: '/opt/headroom', isPackaged: true, env: {} });

  test('the built page by default; a dev URL is ignored once packaged', () => {
    assert.equal(file.kind, 'file');
    assert.equal(file.url, 'file:///opt/headroom/dist/renderer/index.html');
    const packaged = rendererTarget({ appPath: '/opt/headroom', isPackaged: true, env: { HEADROOM_DEV_RENDERER_URL: 'http://127.0.0.1:5173/' } });
    assert.equal(packaged.kind, 'file');
  });

  test('a dev URL must be loopback http', () => {
    const dev = rendererTarget({ appPath: '/src', isPackaged: false, env: { HEADROOM_DEV_RENDERER_URL: 'http://localhost:5173/' } });
    assert.deepEqual(dev, { kind: 'url', url: 'http://localhost:5173/', origin: 'http://localhost:5173' });
    for (const bad of ['https://127.0.0.1:5173/', 'http://example.com/', 'http://10.0.0.2:5173/']) {
      assert.throws(() => rendererTarget({ appPath: '/src', isPackaged: false, env: { HEADROOM_DEV_RENDERER_URL: bad } }), /loopback/, bad);
    }
  });

  test('only the exact page counts as the renderer (query and hash aside)', () => {
    assert.equal(isRendererPage(file, 'file:///opt/headroom/dist/renderer/index.html'), true);
    assert.equal(isRendererPage(file, 'file:///opt/headroom/dist/renderer/index.html?x=1#/account/a'), true);
    assert.equal(isRendererPage(file, 'file:///opt/headroom/dist/renderer/other.html'), false);
    assert.equal(isRendererPage(file, 'file:///tmp/index.html'), false);
    assert.equal(isRendererPage(file, 'https://evil.example/'), false);
    assert.equal(isRendererPage(file, 'not a url'), false);
  });

  test('requests: own files, data and blob only', () => {
    assert.equal(isAllowedRequest(file, 'file:///opt/headroom/dist/renderer/app.js'), true);
    assert.equal(isAllowedRequest(file, 'blob:file:///abc'), true);
    assert.equal(isAllowedRequest(file, 'file:///opt/headroom/dist/preload.cjs'), false);
    assert.equal(isAllowedRequest(file, 'https://example.com/'), false);
    assert.equal(isAllowedRequest(file, 'ws://127.0.0.1:1/'), false);
    assert.equal(isAllowedRequest(file, '::'), false);
  });
});
