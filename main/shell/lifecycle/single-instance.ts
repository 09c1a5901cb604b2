// One Headroom per user: a second launch hands its arguments to the first one and exits.
import type { AppLike } from '../electron-types.ts';
import { parseLaunchArgs, type LaunchArgs } from './launch-args.ts';

/** Returns false (after asking the app to quit) when another instance already runs. */
export function acquireSingleInstance(app: Pick<AppLike, 'requestSingleInstanceLock' | 'quit' | 'on'>, onSecondLaunch: (args: LaunchArgs) => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv) => onSecondLaunch(parseLaunchArgs(argv)));
  return true;
}
