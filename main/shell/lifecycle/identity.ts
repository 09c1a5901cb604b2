// Name, Windows app id, and no Dock icon on macOS: Headroom lives in the menu bar.
import { APP_ID, APP_NAME } from '../../core/paths.ts';
import type { AppLike } from '../electron-types.ts';

export function setAppIdentity(app: Pick<AppLike, 'setName' | 'setAppUserModelId'>, platform: NodeJS.Platform): void {
  app.setName(APP_NAME);
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
}

/** Needs the app to be ready on macOS. */
export function hideDockIcon(app: Pick<AppLike, 'dock'>, platform: NodeJS.Platform): void {
  if (platform === 'darwin') app.dock?.hide();
}
