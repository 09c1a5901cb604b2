/**
 * A fake wall clock and timers for poller tests. advance() moves time and runs due timers in order,
 * letting promise chains settle after each; sleep() moves the wall clock while timers stand still,
 * as on a machine that slept (timers run on a monotonic clock).
 */
import type { Timers } from '../../../main/core/poller/timers.ts';

interface FakeTimer {
  id: number;
  at: number;
  fn: () => void;
}

export interface FakeClock {
  now: () => number;
  timers: Timers;
  /** Moves time forward by ms, firing due timers in order. */
  advance(ms: number): Promise<void>;
  /** Moves time to the epoch ms `at` (no-op when already past). */
  advanceTo(at: number): Promise<void>;
  /** The wall clock jumps by ms (negative: backwards); pending timers keep their remaining delays. */
  sleep(ms: number): void;
  /** Lets promise chains run without moving time. */
  settle(): Promise<void>;
  pending(): number;
}

export function fakeClock(start = Date.UTC(2025, 0, 6, 9, 0, 0)): FakeClock {
  let t = start;
  let seq = 0;
  const timers = new Map<number, FakeTimer>();

  const setTimeoutFake = (fn: () => void, ms = 0) => {
    const id = ++seq;
    timers.set(id, { id, at: t + Math.max(0, ms), fn });
    const handle = { id, unref: () => handle, ref: () => handle, hasRef: () => false, refresh: () => handle, [Symbol.toPrimitive]: () => id };
    return handle as unknown as NodeJS.Timeout;
  };
  const clearTimeoutFake = (handle: unknown) => {
    const id = (handle as { id?: number } | undefined)?.id;
    if (id !== undefined) timers.delete(id);
  };

  async function settle(): Promise<void> {
    for (let i = 0; i < 50; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  function nextDue(until: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of timers.values()) if (timer.at <= until && (!best || timer.at < best.at || (timer.at === best.at && timer.id < best.id))) best = timer;
    return best;
  }

  async function advanceTo(until: number): Promise<void> {
    await settle();
    for (let timer = nextDue(until); timer; timer = nextDue(until)) {
      timers.delete(timer.id);
      t = Math.max(t, timer.at);
      timer.fn();
      await settle();
    }
    t = Math.max(t, until);
    await settle();
  }

  return {
    now: () => t,
    timers: { setTimeout: setTimeoutFake as unknown as typeof setTimeout, clearTimeout: clearTimeoutFake as typeof clearTimeout },
    advance: (ms) => advanceTo(t + ms),
    advanceTo,
    sleep(ms) {
      t += ms;
      for (const timer of timers.values()) timer.at += ms;
    },
    settle,
    pending: () => timers.size,
  };
}
