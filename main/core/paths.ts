import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Headroom';
export const APP_ID = 'ai.headroom.app';

/**
 * The one data directory shared by the app and the CLI: Electron's userData for "Headroom",
 * overridable for both by HEADROOM_DATA_DIR.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.HEADROOM_DATA_DIR) return env.HEADROOM_DATA_DIR;
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME);
}

/** Demo mode keeps its own data beside the real one, so it never touches real accounts. */
export function demoDataDir(base: string): string {
  return join(base, 'demo');
}
