// Electron end-to-end tests run only where an Electron binary exists; otherwise one clear line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

function electronBinary() {
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (dist) return existsSync(join(dist, 'electron')) || existsSync(join(dist, 'electron.exe')) ? dist : null;
  const pathFile = join(import.meta.dirname, '..', '..', 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  return 'downloaded';
}

if (!electronBinary()) {
  console.log('electron e2e: skipped (no Electron binary; set ELECTRON_OVERRIDE_DIST_PATH)');
  process.exit(0);
}
const r = spawnSync('npx', ['playwright', 'test', '--config', 'test/e2e/playwright.config.ts'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
