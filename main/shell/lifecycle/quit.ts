/**
 * Quit really quits: the first before-quit is held until the core has stopped (polls finished,
 * pending writes flushed) or a timeout passed, then the app quits for good.
 */
import type { AppLike } from '../electron-types.ts';

export const STOP_TIMEOUT_MS = 5000;

export async function stopWithTimeout(stop: () => Promise<void>, timeoutMs: number, log: (m: string) => void): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([stop().then(() => 'stopped' as const), timeout]);
    if (outcome === 'timeout') log(`the core did not stop within ${timeoutMs} ms; quitting anyway`);
  } catch (err) {
    log(`stopping the core failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

export interface QuitGuard {
  isQuitting(): boolean;
}

export function installQuitHandler(app: Pick<AppLike, 'on' | 'quit'>, opts: { stop: () => Promise<void>; timeoutMs?: number; log: (m: string) => void; onStopped?: () => void }): QuitGuard {
  let quitting = false;
  let stopping: Promise<void> | null = null;
  let stopped = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    stopping ??= stopWithTimeout(opts.stop, opts.timeoutMs ?? STOP_TIMEOUT_MS, opts.log).then(() => {
      stopped = true;
      opts.onStopped?.();
      app.quit();
    });
  });
  // Hidden windows are not "all closed", but keep Electron's default (quit) away in any case.
  app.on('window-all-closed', () => undefined);
  return { isQuitting: () => quitting };
}
