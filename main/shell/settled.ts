/**
 * A burst of polls (every account on an interval goes out together, see core/poller/cadence.ts)
 * brings one state event per account within a second or so. Views that redraw every account (the
 * tray menu, the window's list) take the first event of a quiet spell at once and the rest of the
 * burst once, at the end of this window, instead of once per account.
 */
import { log } from '../core/log/logger.ts';

export const SETTLE_MS = 250;

/** Leading and trailing: run() now, then at most once per window while pushes come (run reads the latest itself). */
export function settled(run: () => void, ms = SETTLE_MS): { push(): void; dispose(): void } {
  let timer: NodeJS.Timeout | null = null;
  let owed = false;
  const wait = () => {
    timer = setTimeout(() => {
      timer = null;
      if (!owed) return;
      owed = false;
      try {
        run();
      } catch (err) {
        log.error('a settled view update failed', err); // out of any caller's try, so caught here
      }
      wait();
    }, ms);
    timer.unref(); // a redraw owed never keeps a process alive
  };
  return {
    push() {
      if (timer) {
        owed = true;
        return;
      }
      run();
      wait();
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      owed = false;
    },
  };
}
