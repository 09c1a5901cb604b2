import type { Cadence } from './cadence.ts';
import { later, type TimerHandle, type Timers } from './timers.ts';

/**
 * A steady tick that also notices wall-clock jumps: timers run on a monotonic clock that stands
 * still while the machine sleeps, so a tick that finds Date.now() far from where it expected
 * means the machine slept (or the clock was set), even when no suspend event ever arrived.
 * Ticks land on the poller's cadence grid, so a tick and a burst of polls share a wake-up.
 */
export class Heartbeat {
  private handle: TimerHandle | null = null;
  /** When the armed tick should fire by the wall clock. */
  private expectedAt = 0;

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly tickMs: number,
    private readonly cadence: Cadence,
    private readonly jumpMs: number,
    private readonly onTick: (jumped: boolean) => void,
  ) {}

  start(): void {
    this.stop();
    this.schedule(this.now());
  }

  stop(): void {
    if (this.handle) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  /** Forget the gap so far (after an explicit wake, which already handled it). */
  reset(): void {
    if (this.handle) this.start();
  }

  /** Arms the first tick after `after` (a timer may fire a little before its time: not the same tick again). */
  private schedule(t: number, after = t): void {
    this.expectedAt = this.cadence.nextTickAt(after, this.tickMs);
    this.handle = later(this.timers, () => this.tick(), this.expectedAt - t);
  }

  private tick(): void {
    const t = this.now();
    const jumped = Math.abs(t - this.expectedAt) > this.jumpMs;
    this.schedule(t, jumped ? t : Math.max(t, this.expectedAt));
    this.onTick(jumped);
  }
}
