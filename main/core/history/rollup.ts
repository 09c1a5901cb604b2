/**
 * Pure record arithmetic shared by rollups, queries and stats: how much time each record stands for,
 * bucketing into coarser records, filling holes of a fine series from a coarser one, downsampling.
 */
import type { HistoryRecord } from './record.ts';
import { TIER_MS, type Tier } from './segments.ts';

/** A poll sample holds until the next one, but never longer than this (the poller was not running). */
export const RAW_GAP_MS = 10 * 60_000;

/** A record as seen by a query, tagged with the tier it came from. */
export interface ViewRecord extends HistoryRecord {
  res: Tier;
}

/**
 * Milliseconds each record stands for: its span when it has one (buckets, provider points), else the
 * spacing to the next record (the last one: the spacing from the one before), at most RAW_GAP_MS,
 * never past `end`.
 */
export function weightsOf(records: readonly HistoryRecord[], end: number): number[] {
  const w = new Array<number>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    let ms = r.spanMs;
    if (ms === 0) {
      const spacing = i + 1 < records.length ? records[i + 1].t - r.t : i > 0 ? r.t - records[i - 1].t : 0;
      ms = Math.min(spacing, RAW_GAP_MS);
    }
    w[i] = Math.max(0, Math.min(ms, end - r.t));
  }
  return w;
}

/** One record summarizing records i..j-1 (weights w), starting at t; it stands for at least 1 ms. */
export function summarize(records: readonly HistoryRecord[], w: readonly number[], i: number, j: number, t: number): HistoryRecord {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let weight = 0;
  let plain = 0;
  let flags = 0;
  for (let k = i; k < j; k++) {
    const r = records[k];
    if (r.min < min) min = r.min;
    if (r.max > max) max = r.max;
    sum += r.avg * w[k];
    weight += w[k];
    plain += r.avg;
    flags |= r.flags;
  }
  const avg = weight > 0 ? sum / weight : plain / (j - i);
  return { t, avg: Math.min(max, Math.max(min, avg)), min, max, limit: records[j - 1].limit, spanMs: Math.max(1, Math.round(weight)), flags };
}

/** Buckets of `size` ms for the records with from <= t < to (records in time order, weights w). */
export function bucketize(records: readonly HistoryRecord[], w: readonly number[], size: number, from: number, to: number): HistoryRecord[] {
  const out: HistoryRecord[] = [];
  let i = 0;
  while (i < records.length && records[i].t < from) i++;
  while (i < records.length && records[i].t < to) {
    const bucket = Math.floor(records[i].t / size) * size;
    let j = i + 1;
    while (j < records.length && records[j].t < bucket + size && records[j].t < to) j++;
    out.push(summarize(records, w, i, j, bucket));
    i = j;
  }
  return out;
}

/** The fine records, plus each coarse record whose whole bucket holds no fine record; time order. */
export function fillHoles(fine: readonly ViewRecord[], coarse: readonly ViewRecord[]): ViewRecord[] {
  if (!coarse.length) return fine.slice();
  if (!fine.length) return coarse.slice();
  const out: ViewRecord[] = [];
  let f = 0;
  for (const c of coarse) {
    const end = c.t + TIER_MS[c.res];
    while (f < fine.length && fine[f].t < c.t) out.push(fine[f++]);
    if (f >= fine.length || fine[f].t >= end) out.push(c);
  }
  while (f < fine.length) out.push(fine[f++]);
  return out;
}

/** At most maxPoints records: consecutive runs merged (min of mins, max of maxes, weighted avg). */
export function downsample(records: readonly ViewRecord[], end: number, maxPoints: number): ViewRecord[] {
  if (records.length <= maxPoints) return records.slice();
  const w = weightsOf(records, end);
  const per = Math.ceil(records.length / maxPoints);
  const out: ViewRecord[] = [];
  for (let i = 0; i < records.length; i += per) {
    const j = Math.min(records.length, i + per);
    out.push(tagged([summarize(records, w, i, j, records[i].t)], records[i].res)[0]);
  }
  return out;
}

export function tagged(records: readonly HistoryRecord[], res: Tier): ViewRecord[] {
  const out = new Array<ViewRecord>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    out[i] = { t: r.t, avg: r.avg, min: r.min, max: r.max, limit: r.limit, spanMs: r.spanMs, flags: r.flags, res };
  }
  return out;
}
