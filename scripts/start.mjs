// npm start: run the built app in Electron. Arguments after `--` pass through (e.g. --demo).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
let electron;
try {
  electron = require('electron');
} catch (err) {
  console.error(`headroom: cannot find the Electron binary (${err.message}).`);
  console.error('Electron downloads its binary on first use; with no network, set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron build.');
  process.exit(1);
}
const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
