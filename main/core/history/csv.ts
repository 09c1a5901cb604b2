/** CSV export of a history view: one row per record, each with the resolution it came from. */
import type { ViewRecord } from './rollup.ts';

export const CSV_HEADER = 'time,current,limit,utilization,resolution';

/** Up to `digits` decimals, without trailing zeros. */
export function decimal(x: number, digits: number): string {
  return String(Number(x.toFixed(digits)));
}

export function toCsv(records: readonly ViewRecord[]): string {
  const lines = [CSV_HEADER];
  for (const r of records) {
    const utilization = r.limit !== null && r.limit > 0 ? decimal(r.avg / r.limit, 4) : '';
    lines.push([new Date(r.t).toISOString(), decimal(r.avg, 3), r.limit === null ? '' : String(r.limit), utilization, r.res].join(','));
  }
  return lines.join('\n') + '\n';
}
