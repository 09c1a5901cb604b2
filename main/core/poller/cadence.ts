/**
 * When regular polls and heartbeat ticks happen: on one grid per poller, offset by a random phase.
 *
 * Every account on an interval polls at phase + k × interval, so all accounts on the same interval
 * go out together, one wake-up per interval instead of one per account (the semaphore still caps
 * how many requests run at once). Waking is what a waiting tray app pays for: on the machine the
 * bench ran on, 50 accounts polled in one burst cost a third of the CPU of the same calls spread
 * over the interval, and a laptop sleeps longer between fewer wake-ups. Intervals that are whole
 * multiples of each other (10, 30, 60 s) share their grid points, and heartbeat ticks land on them
 * too. The phase is random per process, so installations do not all call a provider at :00.
 */
export class Cadence {
  /** phaseMs: any offset; only its remainder by each interval matters. */
  constructor(private readonly phaseMs: number) {}

  /** A random phase within an hour (a multiple of every interval a person would pick). */
  static random(random: () => number): Cadence {
    return new Cadence(Math.floor(random() * 3_600_000));
  }

  /**
   * The regular poll after one that went out at `at`: the first grid point at least half an
   * interval later. A poll that went out on the grid comes back to the next one, a full interval
   * on; a manual refresh or a retry off the grid joins the grid again within one and a half
   * intervals. (The poller takes the next grid point instead when an answer came after this one.)
   */
  nextPollAt(at: number, intervalMs: number): number {
    return this.firstAtOrAfter(at + intervalMs / 2, intervalMs);
  }

  /** The first tick of a `tickMs` grid strictly after `at`. */
  nextTickAt(at: number, tickMs: number): number {
    return this.firstAtOrAfter(at + 1, tickMs);
  }

  private firstAtOrAfter(t: number, stepMs: number): number {
    return this.phaseMs + Math.ceil((t - this.phaseMs) / stepMs) * stepMs;
  }
}
