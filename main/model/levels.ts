import type { AlertSettings } from './settings.ts';
import type { Level } from './state.ts';

/** Colour level of a utilization by the user's thresholds (percent points). */
export function levelFor(utilization: number | null | undefined, t: Pick<AlertSettings, 'warnPct' | 'criticalPct'>): Level {
  if (utilization === null || utilization === undefined || !Number.isFinite(utilization)) return 'none';
  const pct = utilization * 100;
  if (pct >= t.criticalPct) return 'critical';
  if (pct >= t.warnPct) return 'warn';
  return 'ok';
}
