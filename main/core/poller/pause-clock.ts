/**
 * "Pause polling for 15 minutes / 1 hour / until resumed": the one place a pause starts, ends and
 * expires. Expiry is by the wall clock, checked by its own timer and whenever the poller looks
 * (a tick, a wake), because timers stand still while the machine sleeps and cap out at ~24.8 days.
 */
import type { PauseState } from '../../model/state.ts';
import { later, type TimerHandle, type Timers } from './timers.ts';

const MAX_TIMER_MS = 2 ** 31 - 1;

export class PauseClock {
  private pause: PauseState | null = null;
  private handle: TimerHandle | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    /** The pause ended (expired or resumed); not called when there was none. */
    private readonly onEnd: () => void,
  ) {}

  get state(): PauseState | null {
    return this.pause;
  }

  /** minutes, or null for "until resumed". */
  start(minutes: number | null): void {
    this.pause = { until: minutes === null ? null : this.now() + minutes * 60_000 };
    this.arm();
  }

  end(): void {
    this.disarm();
    if (!this.pause) return;
    this.pause = null;
    this.onEnd();
  }

  /** Ends the pause when its time has come; true while still paused. */
  check(): boolean {
    if (this.pause?.until != null && this.now() >= this.pause.until) this.end();
    return this.pause !== null;
  }

  /** Stops the timer but keeps the pause (the poller stops; a restart of polling sees it again). */
  disarm(): void {
    if (this.handle) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  private arm(): void {
    this.disarm();
    if (this.pause?.until == null) return;
    const left = this.pause.until - this.now();
    if (left <= 0) return this.end();
    this.handle = later(this.timers, () => (this.check() ? this.arm() : undefined), Math.min(left, MAX_TIMER_MS));
  }
}
