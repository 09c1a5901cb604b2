/**
 * Range statistics over records of any tier, time-weighted. A bucket is read as a two-point mix of
 * its min and max in the proportion its average implies, which is exact for raw samples
 * (min = max) and keeps p95 and time-above consistent with the average for buckets.
 */
import type { RangeStats } from '../../model/history.ts';
import type { HistoryRecord } from './record.ts';
import { weightsOf } from './rollup.ts';

export interface Thresholds {
  /** fractions of the limit, e.g. 0.8 */
  warn: number;
  critical: number;
}

const EPSILON = 1e-9;

/** Share of a record's time spent at its max (the rest at its min). */
function shareAtMax(r: HistoryRecord): number {
  if (r.max <= r.min) return 1;
  return Math.min(1, Math.max(0, (r.avg - r.min) / (r.max - r.min)));
}

/** Share of a record's time at or above `level`. */
function shareAtOrAbove(r: HistoryRecord, level: number): number {
  if (r.min >= level) return 1;
  if (r.max < level) return 0;
  return shareAtMax(r);
}

function weightedPercentile(mass: Array<[value: number, weight: number]>, q: number): number {
  mass.sort((a, b) => a[0] - b[0]);
  const total = mass.reduce((s, m) => s + m[1], 0);
  const target = q * total;
  let cum = 0;
  for (const [value, weight] of mass) {
    cum += weight;
    if (weight > 0 && cum >= target - EPSILON * Math.max(1, total)) return value;
  }
  return mass[mass.length - 1][0];
}

function msAtOrAbove(records: readonly HistoryRecord[], w: readonly number[], fraction: number): number {
  let ms = 0;
  records.forEach((r, i) => {
    if (r.limit !== null && r.limit > 0) ms += w[i] * shareAtOrAbove(r, fraction * r.limit - EPSILON);
  });
  return Math.round(ms);
}

/** Stats of records in time order, none of them standing for time past `end`. */
export function statsOf(records: readonly HistoryRecord[], end: number, thresholds: Thresholds): RangeStats {
  if (!records.length) return { peak: null, average: null, p95: null, msAboveWarn: 0, msAboveCritical: 0 };
  const timed = weightsOf(records, end);
  const untimed = timed.every((x) => x === 0);
  const w = untimed ? timed.map(() => 1) : timed;
  let peak = -Infinity;
  let sum = 0;
  let total = 0;
  const mass: Array<[number, number]> = [];
  records.forEach((r, i) => {
    peak = Math.max(peak, r.max);
    sum += r.avg * w[i];
    total += w[i];
    const p = shareAtMax(r);
    mass.push([r.max, w[i] * p]);
    if (p < 1) mass.push([r.min, w[i] * (1 - p)]);
  });
  return {
    peak,
    average: total > 0 ? sum / total : null,
    p95: weightedPercentile(mass, 0.95),
    msAboveWarn: untimed ? 0 : msAtOrAbove(records, w, thresholds.warn),
    msAboveCritical: untimed ? 0 : msAtOrAbove(records, w, thresholds.critical),
  };
}
