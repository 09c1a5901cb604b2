import { later, type TimerHandle, type Timers } from './timers.ts';

/**
 * A steady tick that also notices wall-clock jumps: timers run on a monotonic clock that stands
 * still while the machine sleeps, so a tick that finds Date.now() far from where it expected
 * means the machine slept (or the clock was set), even when no suspend event ever arrived.
 */
export class Heartbeat {
  private handle: TimerHandle | null = null;
  private last = 0;

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly tickMs: number,
    private readonly jumpMs: number,
    private readonly onTick: (jumped: boolean) => void,
  ) {}

  start(): void {
    this.stop();
    this.last = this.now();
    this.schedule();
  }

  stop(): void {
    if (this.handle) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  /** Forget the gap so far (after an explicit wake, which already handled it). */
  reset(): void {
    this.last = this.now();
  }

  private schedule(): void {
    this.handle = later(this.timers, () => this.tick(), this.tickMs);
  }

  private tick(): void {
    const t = this.now();
    const drift = t - this.last - this.tickMs;
    this.last = t;
    this.schedule();
    this.onTick(Math.abs(drift) > this.jumpMs);
  }
}
