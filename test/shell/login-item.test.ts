import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { applyLoginItem, autostartFile, desktopEntry, launchCommand, quoteExecArg, type LoginItemDeps } from '../../main/shell/login-item.ts';
import { tempDir } from '../helpers/core.ts';
import { MockApp } from '../mocks/electron.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function deps(platform: NodeJS.Platform, opts: { packaged?: boolean; env?: NodeJS.ProcessEnv } = {}): LoginItemDeps & { app: MockApp } {
  const app = new MockApp('/home/me/headroom');
  app.isPackaged = opts.packaged ?? true;
  return { app, platform, env: opts.env ?? {}, execPath: platform === 'win32' ? 'C:\\Program Files\\Headroom\\Headroom.exe' : '/opt/Headroom/headroom' };
}

describe('launch at login', () => {
  test('Linux: an XDG autostart entry is written when enabled and removed when not', () => {
    const home = tempDir();
    dirs.push(home);
    const d = deps('linux', { env: { HOME: home } });
    const file = autostartFile(d.env);
    assert.equal(file, join(home, '.config', 'autostart', 'ai.headroom.app.desktop'));
    applyLoginItem(d, true);
    const entry = readFileSync(file, 'utf8');
    assert.match(entry, /^\[Desktop Entry\]\nType=Application\nName=Headroom\n/);
    assert.match(entry, /^Exec=\/opt\/Headroom\/headroom$/m);
    assert.equal(statSync(file).mode & 0o777, 0o644);
    applyLoginItem(d, false);
    assert.equal(existsSync(file), false);
    applyLoginItem(d, false); // already gone: no error
    assert.deepEqual(d.app.loginItems, [], 'Linux never uses setLoginItemSettings');
  });

  test('Linux honours XDG_CONFIG_HOME; an AppImage autostarts the AppImage itself', () => {
    const config = tempDir();
    dirs.push(config);
    const d = deps('linux', { env: { XDG_CONFIG_HOME: config, APPIMAGE: '/home/me/Apps/Headroom 0.1.AppImage' } });
    applyLoginItem(d, true);
    const entry = readFileSync(join(config, 'autostart', 'ai.headroom.app.desktop'), 'utf8');
    assert.match(entry, /^Exec="\/home\/me\/Apps\/Headroom 0\.1\.AppImage"$/m);
  });

  test('an unpacked development app starts as electron plus the app directory', () => {
    assert.deepEqual(launchCommand(deps('linux', { packaged: false })), ['/opt/Headroom/headroom', '/home/me/headroom']);
  });

  test('macOS and Windows use the login item settings (Windows with the exact executable)', () => {
    const mac = deps('darwin');
    applyLoginItem(mac, true);
    applyLoginItem(mac, false);
    assert.deepEqual(mac.app.loginItems, [{ openAtLogin: true }, { openAtLogin: false }]);
    const win = deps('win32');
    applyLoginItem(win, true);
    assert.deepEqual(win.app.loginItems, [{ openAtLogin: true, path: 'C:\\Program Files\\Headroom\\Headroom.exe', args: [] }]);
  });

  test('Exec arguments are quoted and escaped as the Desktop Entry spec asks', () => {
    assert.equal(quoteExecArg('/usr/bin/headroom'), '/usr/bin/headroom');
    assert.equal(quoteExecArg('/opt/my app/run'), '"/opt/my app/run"');
    assert.equal(quoteExecArg('100%'), '100%%');
    assert.equal(quoteExecArg('a"b$c'), '"a\\\\"b\\\\$c"');
    assert.equal(quoteExecArg(''), '""');
    assert.match(desktopEntry(['/x y/z', '--flag']), /^Exec="\/x y\/z" --flag$/m);
  });
});
