/**
 * The preview's clock: real time plus an offset that only moves forward. The harness core and the
 * page share it (the page through the preview bridge), as main and the window share one machine's
 * clock, so "six minutes later" can be shown without waiting six minutes: numbers that were not
 * refreshed since then read "last data 6 min ago" in the core's state and in the window alike.
 */
export interface HarnessClock {
  now(): number;
  /** How far ahead of real time the clock runs, ms. */
  offsetMs(): number;
  /** Moves the clock forward. The poller sees a jump, as after a machine's sleep, and polls again. */
  advance(ms: number): void;
  onChange(listener: (offsetMs: number) => void): () => void;
}

export function createHarnessClock(): HarnessClock {
  let offset = 0;
  const listeners = new Set<(offsetMs: number) => void>();
  return {
    now: () => Date.now() + offset,
    offsetMs: () => offset,
    advance(ms) {
      if (!(ms > 0)) throw new RangeError('the harness clock only moves forward');
      offset += ms;
      for (const listener of listeners) listener(offset);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/**
 * Page-side code (inside the preview bridge) that makes Date follow the harness clock: `Date.now()`
 * and `new Date()` run `offsetMs` ahead; dates built from a value are untouched.
 */
export function pageClockScript(offsetMs: number): string {
  return `  const RealDate = Date;
  let clockOffset = ${JSON.stringify(offsetMs)};
  function HarnessDate(...args) {
    if (!new.target) return new RealDate(RealDate.now() + clockOffset).toString();
    return args.length ? new RealDate(...args) : new RealDate(RealDate.now() + clockOffset);
  }
  HarnessDate.prototype = RealDate.prototype;
  HarnessDate.now = () => RealDate.now() + clockOffset;
  HarnessDate.parse = RealDate.parse;
  HarnessDate.UTC = RealDate.UTC;
  window.Date = HarnessDate;
  source.addEventListener('harness-clock', (e) => { clockOffset = JSON.parse(e.data); });
`;
}
