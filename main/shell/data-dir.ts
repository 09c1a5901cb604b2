// Electron's userData becomes Headroom's data dir, so the app and the CLI share one (HEADROOM_DATA_DIR honoured).
import { mkdirSync } from 'node:fs';
import { dataDir } from '../core/paths.ts';
import type { AppLike } from './electron-types.ts';

export function configureDataDir(app: Pick<AppLike, 'setPath'>, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const dir = dataDir(env, platform);
  // setPath throws for a directory that does not exist yet.
  mkdirSync(dir, { recursive: true });
  app.setPath('userData', dir);
  return dir;
}
