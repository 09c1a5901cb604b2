import { later, type TimerHandle, type Timers } from './timers.ts';

/**
 * Due times (epoch ms) by key, served by one timer armed for the earliest. Its delay is rounded up
 * (to 100 ms, or to whole seconds beyond 5 s): Node keeps one timer list per distinct delay until
 * that delay has passed, so a jittered timer per account would pile up lists and grow the heap.
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
    const delay = Math.max(0, earliest - this.now());
    this.handle = later(this.timers, () => this.fire(), delay <= 5_000 ? Math.ceil(delay / 100) * 100 : Math.ceil(delay / 1_000) * 1_000);
  }

  private fire(): void {
    this.handle = null;
    this.armedFor = Infinity;
    const t = this.now();
    const ready: string[] = [];
    this.due.forEach((at, key) => {
      if (at <= t) ready.push(key);
    });
    for (const key of ready) this.due.delete(key);
    this.arm();
    for (const key of ready) this.onDue(key);
  }
}
