import { later, type TimerHandle, type Timers } from './timers.ts';

/**
 * A timer fires by the event loop's clock, which may run a few ms behind Date.now(): keys due this
 * little after the firing are served by it instead of waking the process again a moment later.
 */
const EARLY_MS = 20;

/**
 * Due times (epoch ms) by key, served by one timer armed for the earliest. Keys due at the same
 * time (the cadence puts regular polls on shared grid points) are served by one firing.
 */
export class DueTimer {
  private readonly due = new Map<string, number>();
  private handle: TimerHandle | null = null;
  private armedFor = Infinity;

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly onDue: (key: string) => void,
  ) {}

  at(key: string): number | undefined {
    return this.due.get(key);
  }

  set(key: string, at: number): void {
    this.due.set(key, at);
    this.arm();
  }

  delete(key: string): void {
    if (this.due.delete(key)) this.arm();
  }

  clear(): void {
    this.due.clear();
    this.arm();
  }

  private arm(): void {
    let earliest = Infinity;
    // forEach rather than for…of: with 200 accounts this runs on every schedule, and an iterator
    // allocates a result per step (a measurable share of the core's garbage, see core.bench.ts).
    this.due.forEach((at) => {
      if (at < earliest) earliest = at;
    });
    if (earliest === this.armedFor) return;
    if (this.handle) this.timers.clearTimeout(this.handle);
    this.handle = null;
    this.armedFor = earliest;
    if (earliest === Infinity) return;
    this.handle = later(this.timers, () => this.fire(), Math.max(0, earliest - this.now()));
  }

  private fire(): void {
    this.handle = null;
    this.armedFor = Infinity;
    const t = this.now();
    const ready: string[] = [];
    this.due.forEach((at, key) => {
      if (at <= t + EARLY_MS) ready.push(key);
    });
    for (const key of ready) this.due.delete(key);
    this.arm();
    for (const key of ready) this.onDue(key);
  }
}
