/**
 * A burst of polls (every account on an interval goes out together, see core/poller/cadence.ts)
 * brings one state event per account within a second or so. Views that redraw every account (the
 * tray menu, the window's list) take the first event of a quiet spell at once and the rest of the
 * burst once, at the end of this window, instead of once per account.
 */
import { log } from '../core/log/logger.ts';

export const SETTLE_MS = 250;

/** Leading and trailing: run(payload) now, then at most once per window with the latest payload. */
export function settled<T>(run: (payload: T) => void, ms = SETTLE_MS): { push(payload: T): void; dispose(): void } {
  let timer: NodeJS.Timeout | null = null;
  let owed: { payload: T } | null = null;
  const wait = () => {
    timer = setTimeout(() => {
      timer = null;
      if (!owed) return;
      const { payload } = owed;
      owed = null;
      try {
        run(payload);
      } catch (err) {
        log.error('a settled view update failed', err); // out of any caller's try, so caught here
      }
      wait();
    }, ms);
    timer.unref(); // a redraw owed never keeps a process alive
  };
  return {
    push(payload) {
      if (timer) {
        owed = { payload };
        return;
      }
      run(payload);
      wait();
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      owed = null;
    },
  };
}
