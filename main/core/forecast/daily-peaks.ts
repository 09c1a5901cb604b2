/** An account's daily peak series: the highest concurrent calls of each UTC day, from hourly buckets. */
import type { HistoryPoint } from '../../model/history.ts';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface DailyPeak {
  /** UTC day number: floor(epoch ms / 1 day). */
  day: number;
  /** Highest concurrent calls seen that day (the max of its buckets). */
  peak: number;
  /** Hours of the day with any data: a day seen for an hour has a peak that says little. */
  hours: number;
}

export function dayOf(t: number): number {
  return Math.floor(t / DAY_MS);
}

/** One entry per UTC day that has data, oldest first; days without data are absent, never zero. */
export function dailyPeaks(points: readonly HistoryPoint[]): DailyPeak[] {
  const byDay = new Map<number, { peak: number; hours: Set<number> }>();
  for (const p of points) {
    if (!Number.isFinite(p.max)) continue;
    const day = dayOf(p.t);
    let d = byDay.get(day);
    if (!d) byDay.set(day, (d = { peak: p.max, hours: new Set() }));
    if (p.max > d.peak) d.peak = p.max;
    d.hours.add(Math.floor(p.t / HOUR_MS));
  }
  return [...byDay.entries()].sort(([a], [b]) => a - b).map(([day, d]) => ({ day, peak: d.peak, hours: d.hours.size }));
}

/** The newest limit in the buckets (null: uncapped then), or undefined when there are none. */
export function newestLimit(points: readonly HistoryPoint[]): number | null | undefined {
  let newest: HistoryPoint | undefined;
  for (const p of points) if (!newest || p.t >= newest.t) newest = p;
  return newest?.limit;
}
