import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { configureDataDir } from '../../main/shell/data-dir.ts';
import { tempDir } from '../helpers/core.ts';
import { MockApp } from '../mocks/electron.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('HEADROOM_DATA_DIR becomes userData, created if missing', () => {
  const base = tempDir();
  dirs.push(base);
  const app = new MockApp('/app');
  const dir = join(base, 'nested', 'data');
  assert.equal(configureDataDir(app, { HEADROOM_DATA_DIR: dir }, 'linux'), dir);
  assert.equal(app.paths.get('userData'), dir);
  assert.ok(existsSync(dir));
});

test('otherwise the same per-OS directory the CLI uses (Electron userData for "Headroom")', () => {
  const home = tempDir();
  dirs.push(home);
  const linux = new MockApp('/app');
  assert.equal(configureDataDir(linux, { HOME: home }, 'linux'), join(home, '.config', 'Headroom'));
  assert.equal(linux.paths.get('userData'), join(home, '.config', 'Headroom'));
  const mac = new MockApp('/app');
  assert.equal(configureDataDir(mac, { HOME: home }, 'darwin'), join(home, 'Library', 'Application Support', 'Headroom'));
});
