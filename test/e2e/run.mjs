// Electron end-to-end tests run only where an Electron binary exists; otherwise one clear line.
// The binary is found the way node_modules/electron/index.js finds it, minus its download attempt.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const electronPkg = join(root, 'node_modules', 'electron');

function platformBinary() {
  const pathFile = join(electronPkg, 'path.txt');
  if (existsSync(pathFile)) return readFileSync(pathFile, 'utf8').trim();
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return process.platform === 'win32' ? 'electron.exe' : 'electron';
}

/** { binary } when one exists, else { reason } for the skip line. */
function findElectron() {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = join(override, platformBinary());
    return existsSync(binary) ? { binary } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${platformBinary()}` };
  }
  const binary = join(electronPkg, 'dist', platformBinary());
  return existsSync(binary) ? { binary } : { reason: 'no Electron binary; set ELECTRON_OVERRIDE_DIST_PATH' };
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** test/run.sh asks for a distinct exit status on a skip, to list the stage as skipped; 0 otherwise. */
const SKIPPED = Number(process.env.HEADROOM_TEST_SKIP_STATUS) || 0;

const found = findElectron();
if (!found.binary) {
  console.log(`electron e2e: skipped (${found.reason})`);
  process.exit(SKIPPED);
}
// A headless Linux box needs a virtual display for Electron.
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (needsDisplay && !hasCommand('xvfb-run')) {
  console.log('electron e2e: skipped (no display; install xvfb or set DISPLAY)');
  process.exit(SKIPPED);
}
if (!existsSync(join(root, 'dist', 'main.cjs'))) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const playwright = ['npx', 'playwright', 'test', '--config', 'test/e2e/playwright.config.ts'];
const [cmd, ...args] = needsDisplay ? ['xvfb-run', '-a', ...playwright] : playwright;
const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, HEADROOM_E2E_ELECTRON: found.binary } });
process.exit(r.status ?? 1);
