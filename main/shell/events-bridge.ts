/**
 * Core events go to the window (held until its page has loaded); "navigate" also shows it. State
 * changes reach a hidden window no more: with many accounts they come several times a second, and a
 * window nobody sees should not be woken for them. The latest state is sent when it is shown. To a
 * visible window, a burst of them goes as the first and then the latest (settled.ts): each redraws
 * every account.
 */
import { EVENT_NAMES } from '../api/contract.ts';
import { eventChannel } from '../api/ipc-channels.ts';
import type { Core } from '../core/core-types.ts';
import type { AppState } from '../model/state.ts';
import { settled } from './settled.ts';
import type { WindowController } from './windows.ts';

export function forwardCoreEvents(core: Pick<Core, 'on'>, windows: WindowController): () => void {
  let latest: AppState | null = null;
  /** A state came while the window was hidden: the latest goes when it is shown. */
  let held = false;
  // Always the latest state seen, never the one queued: the window may have been hidden and shown meanwhile.
  const sendState = settled(() => {
    if (!latest) return;
    if (windows.webContents() && windows.isVisible()) windows.send(eventChannel('state'), latest);
    else held = true;
  });
  const offs = EVENT_NAMES.map((name) =>
    core.on(name, (payload) => {
      if (name === 'navigate') windows.show();
      // Only a window that exists gets pushes; a new one asks with getState() when it loads.
      if (name !== 'navigate' && !windows.webContents()) return;
      if (name === 'state') {
        latest = payload as AppState;
        if (windows.isVisible()) sendState.push();
        else held = true;
        return;
      }
      windows.send(eventChannel(name), payload);
    }),
  );
  const offShow = windows.onShow(() => {
    if (held && latest) windows.send(eventChannel('state'), latest);
    held = false;
  });
  return () => {
    offs.forEach((off) => off());
    offShow();
    sendState.dispose();
  };
}
