// Core events go to the window (held until its page has loaded); "navigate" also shows it.
import { EVENT_NAMES } from '../api/contract.ts';
import { eventChannel } from '../api/ipc-channels.ts';
import type { Core } from '../core/core-types.ts';
import type { WindowController } from './windows.ts';

export function forwardCoreEvents(core: Pick<Core, 'on'>, windows: WindowController): () => void {
  const offs = EVENT_NAMES.map((name) =>
    core.on(name, (payload) => {
      if (name === 'navigate') windows.show();
      // Only a window that exists gets state pushes; a new one asks with getState() when it loads.
      if (name === 'navigate' || windows.webContents()) windows.send(eventChannel(name), payload);
    }),
  );
  return () => offs.forEach((off) => off());
}
