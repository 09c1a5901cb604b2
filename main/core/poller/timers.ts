/** The timer functions the poller uses, injectable so tests can run it on a fake clock. */
export interface Timers {
  setTimeout: typeof setTimeout;
  clearTimeout: typeof clearTimeout;
}

export type TimerHandle = ReturnType<typeof setTimeout>;

export const realTimers: Timers = { setTimeout, clearTimeout };

/** A timer that does not keep the process alive by itself (hosts keep their own loop running). */
export function later(timers: Timers, fn: () => void, ms: number): TimerHandle {
  const handle = timers.setTimeout(fn, ms);
  (handle as { unref?: () => unknown }).unref?.();
  return handle;
}
