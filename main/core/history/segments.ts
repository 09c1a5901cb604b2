/**
 * Segment files of one account's directory: `raw-YYYY-MM-DD.seg`, `5min-YYYY-MM-DD.seg` and
 * `hour-YYYY-MM.seg` (UTC periods), each a run of fixed-size records appended in time order.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSegment, goodLength, latestRecord, RECORD_SIZE, type DecodedSegment, type HistoryRecord } from './record.ts';

export type Tier = 'raw' | '5min' | 'hour';
export const TIERS: readonly Tier[] = ['raw', '5min', 'hour'];

/** Length of a bucket of the tier; raw records are instants. */
export const TIER_MS: Record<Tier, number> = { raw: 0, '5min': 300_000, hour: 3_600_000 };

export interface Segment {
  tier: Tier;
  name: string;
  /** epoch ms, the file's UTC period [start, end) */
  start: number;
  end: number;
}

const NAME = /^(raw|5min|hour)-(\d{4})-(\d{2})(?:-(\d{2}))?\.seg$/;

/** The last segment named per tier: a day's samples (a month's, hourly) all fall in the same one. */
const lastNamed = new Map<Tier, Segment>();

export function segmentName(tier: Tier, t: number): string {
  const held = lastNamed.get(tier);
  if (held && t >= held.start && t < held.end) return held.name;
  const iso = new Date(t).toISOString();
  const name = `${tier}-${tier === 'hour' ? iso.slice(0, 7) : iso.slice(0, 10)}.seg`;
  const segment = parseSegmentName(name);
  if (segment) lastNamed.set(tier, segment);
  return name;
}

export function parseSegmentName(name: string): Segment | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const tier = m[1] as Tier;
  const monthly = tier === 'hour';
  if (monthly !== (m[4] === undefined)) return null;
  const [y, mo, d] = [Number(m[2]), Number(m[3]) - 1, Number(m[4] ?? 1)];
  const start = Date.UTC(y, mo, d);
  const end = monthly ? Date.UTC(y, mo + 1, 1) : Date.UTC(y, mo, d + 1);
  return { tier, name, start, end };
}

/** Segments of one tier (or all), oldest first; a missing directory has none. */
export function listSegments(dir: string, tier?: Tier): Segment[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: Segment[] = [];
  for (const name of names) {
    if (tier !== undefined && !name.startsWith(`${tier}-`)) continue; // cheaper than parsing every tier's names
    const seg = parseSegmentName(name);
    if (seg && (tier === undefined || seg.tier === tier)) out.push(seg);
  }
  return out.sort((a, b) => a.start - b.start);
}

export type Warn = (message: string) => void;

export interface ReadOptions {
  warn: Warn;
  /** A reader may see the writer's record in flight: a partial tail is then not worth a warning. */
  quietTorn?: boolean;
  cache?: SegmentCache;
}

/** A segment file's bytes; null when it is gone (quietly) or unreadable (with a warning). */
function readBytes(path: string, opts: ReadOptions): Buffer | null {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') opts.warn(`history: could not read ${path}: ${(err as Error).message}`);
    return null;
  }
}

/** Good records of one file (checksum failures skipped with a warning). */
export function readSegment(path: string, opts: ReadOptions): HistoryRecord[] {
  if (opts.cache) return opts.cache.read(path, opts);
  const buf = readBytes(path, opts);
  return buf ? reportSkipped(path, decodeSegment(buf), opts).records : [];
}

function reportSkipped(path: string, seg: DecodedSegment, opts: ReadOptions): DecodedSegment {
  if (seg.bad) opts.warn(`history: skipped ${seg.bad} corrupt record(s) in ${path}`);
  if (seg.tornBytes && !opts.quietTorn) opts.warn(`history: skipped a torn record at the end of ${path}`);
  return seg;
}

interface CachedSegment {
  dev: number;
  ino: number;
  /** Bytes decoded so far: whole records only. */
  bytes: number;
  records: HistoryRecord[];
}

/**
 * Decoded segments kept between reads. Segments only ever grow by appends (or are cut back to a
 * good record, or deleted), so a grown file is decoded from where the last read stopped.
 */
export class SegmentCache {
  private readonly entries = new Map<string, CachedSegment>();
  private held = 0;

  /**
   * maxRecords bounds memory: about 100 bytes per record, so 5 MB. Rollups mostly no longer read
   * through it (the store keeps the few records not yet rolled up; it reads only after a start, a
   * backfill, a late or out-of-order sample); at 200,000 a day of charts and hourly forecasts with
   * many accounts kept 20 MB of the heap for re-reads that cost little.
   */
  constructor(private readonly maxRecords = 50_000) {}

  read(path: string, opts: ReadOptions): HistoryRecord[] {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      this.forget(path);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') opts.warn(`history: could not read ${path}: ${(err as Error).message}`);
      return [];
    }
    try {
      const st = fstatSync(fd);
      let entry = this.entries.get(path);
      this.forget(path);
      if (!entry || entry.dev !== st.dev || entry.ino !== st.ino || st.size < entry.bytes) entry = { dev: st.dev, ino: st.ino, bytes: 0, records: [] };
      if (st.size > entry.bytes) {
        const buf = Buffer.alloc(st.size - entry.bytes);
        const got = readSync(fd, buf, 0, buf.length, entry.bytes);
        const seg = reportSkipped(path, decodeSegment(buf.subarray(0, got)), opts);
        const last = entry.records[entry.records.length - 1];
        entry.records = entry.records.concat(seg.records);
        if (last && seg.records.length && seg.records[0].t < last.t) entry.records.sort((a, b) => a.t - b.t);
        entry.bytes += got - seg.tornBytes;
      }
      this.entries.set(path, entry);
      this.held += entry.records.length;
      for (const [oldest, e] of this.entries) {
        if (this.held <= this.maxRecords || oldest === path) break;
        this.forget(oldest, e);
      }
      return entry.records;
    } finally {
      closeSync(fd);
    }
  }

  /** After a file was cut back (see repairTail). */
  invalidate(path: string): void {
    this.forget(path);
  }

  private forget(path: string, entry = this.entries.get(path)): void {
    if (!entry) return;
    this.entries.delete(path);
    this.held -= entry.records.length;
  }
}

/** Records of a tier with from <= t < to, in time order. */
export function readTier(dir: string, tier: Tier, from: number, to: number, opts: ReadOptions): HistoryRecord[] {
  const out: HistoryRecord[] = [];
  for (const seg of listSegments(dir, tier)) {
    if (seg.end <= from || seg.start >= to) continue;
    for (const r of readSegment(join(dir, seg.name), opts)) if (r.t >= from && r.t < to) out.push(r);
  }
  return out;
}

/**
 * The newest record of a tier (from its newest file that has one). Read past the cache: filling it
 * with every account's newest segment at start cost more than the start itself; a corrupt record
 * is reported when the segment is read for its records.
 */
export function lastRecordOf(dir: string, tier: Tier, opts: ReadOptions): HistoryRecord | null {
  const segs = listSegments(dir, tier);
  for (let i = segs.length - 1; i >= 0; i--) {
    const buf = readBytes(join(dir, segs[i].name), opts);
    const latest = buf && latestRecord(buf);
    if (latest) return latest;
  }
  return null;
}

/**
 * Cuts a torn or garbled tail (left by a crash mid-append) back to the last good record, so later
 * appends stay aligned. Returns a warning text when something was cut.
 */
export function repairTail(path: string): string | null {
  let buf: Buffer;
  try {
    if (statSync(path).size === 0) return null;
    buf = readFileSync(path);
  } catch {
    return null;
  }
  const good = goodLength(buf); // checked from the end: a sound file costs one checksum
  if (good === buf.length) return null;
  const cut = buf.length - good;
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, good);
  } finally {
    closeSync(fd);
  }
  const tornBytes = buf.length % RECORD_SIZE;
  const what = tornBytes && cut === tornBytes ? 'a torn record' : `${Math.ceil(cut / RECORD_SIZE)} corrupt record(s)`;
  return `history: skipped ${what} at the end of ${path} (${cut} bytes)`;
}
