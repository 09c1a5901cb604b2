// The Electron entry point: everything else is in app-shell.ts, which tests drive with a mocked electron.
import * as electron from 'electron';
import ElectronStore from 'electron-store';
import { log } from '../core/log/logger.ts';
import type { StoreClass } from '../core/config/store.ts';
import { startShell, type ElectronLike } from './app-shell.ts';

startShell(electron as unknown as ElectronLike, {
  env: process.env,
  argv: process.argv,
  platform: process.platform,
  execPath: process.execPath,
  StoreClass: ElectronStore as unknown as StoreClass,
}).catch((err: unknown) => {
  log.error('failed to start', err);
  electron.app.exit(1);
});
