/**
 * The history time-series store: every poll appended to per-account segment files of fixed-size,
 * checksummed records (see record.ts, segments.ts), rolled up into 5-minute and hourly buckets as
 * time passes, pruned by retention, queried at a resolution chosen from the span. One process
 * writes (the LOCK.<n> files, see lock.ts); any other opens it read-only.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RANGE_MS, type HistoryPoint, type HistorySeries, type RangeKey, type RangeStats } from '../../model/history.ts';
import type { ProviderHistoryPoint } from '../providers/types.ts';
import { toCsv } from './csv.ts';
import { acquireLock, type HistoryLock } from './lock.ts';
import { providerPointsToWrite } from './provider-points.ts';
import { asStored, encodeRecords, FLAG_PROVIDER, type HistoryRecord } from './record.ts';
import { bucketize, downsample, weightsOf, type ViewRecord } from './rollup.ts';
import { lastRecordOf, listSegments, readTier, repairTail, SegmentCache, segmentName, TIER_MS, TIERS, type ReadOptions, type Tier } from './segments.ts';
import { statsOf, type Thresholds } from './stats.ts';
import { TierViews, type TierSource } from './views.ts';

export interface HistorySample {
  accountId: string;
  sampledAt: number;
  current: number;
  limit: number | null;
  source?: 'poll' | 'provider';
}

export interface HistoryRetention {
  rawMs: number;
  fiveMinMs: number;
  hourMs: number;
}

export interface HistoryStore {
  readonly mode: 'writer' | 'reader';
  readonly readOnlyReason: string | null;
  readonly warnings: string[];
  append(sample: HistorySample): void;
  /** Backfill from the provider's own history, marked provider-sourced; only complete buckets where we have no data. Returns points written. */
  appendProvider(accountId: string, points: ProviderHistoryPoint[], bucketMs: number, limit: number | null): number;
  query(accountId: string, start: number, end: number, maxPoints?: number): HistorySeries;
  stats(accountId: string, start: number, end: number, thresholds: Thresholds): RangeStats;
  /** Every hourly bucket over [start, end), none merged or dropped: rollups, provider backfill and the tail not yet rolled up (forecasts read these). */
  hourly(accountId: string, start: number, end: number): HistoryPoint[];
  lastSampleAt(accountId: string): number | null;
  exportCsv(accountId: string, start: number, end: number): string;
  remove(accountId: string): void;
  maintain(): void;
  close(): Promise<void>;
}

export interface HistoryOpenOptions {
  dataDir: string;
  now?: () => number;
  retention?: Partial<HistoryRetention>;
  /** Never write nor take the lock (e.g. a CLI export): a running app keeps recording. */
  readOnly?: boolean;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEFAULT_RETENTION: HistoryRetention = { rawMs: 48 * HOUR, fiveMinMs: 90 * DAY, hourMs: 730 * DAY };

/** Shortest retention per tier: a tier must outlive the rollup of its newest complete bucket. */
const MIN_RETENTION: HistoryRetention = { rawMs: HOUR, fiveMinMs: 2 * HOUR, hourMs: 2 * DAY };

const FORMAT = 'headroom-history 1';
const MAINTAIN_EVERY_MS = 60_000;
const MAX_WARNINGS = 50;
/**
 * Files kept open for appending, least recently used closed first. Enough for each account's raw
 * file with 128 accounts, so a poll's sample is one write rather than close, open and write; far
 * below the usual descriptor limits (macOS 256 by default, Linux 1024).
 */
const MAX_OPEN_FILES = 128;
const DEFAULT_MAX_POINTS = 1000;

export function rangeBounds(range: RangeKey, now: number): { start: number; end: number } {
  return { start: now - RANGE_MS[range], end: now };
}

/** Account ids are UUIDs; anything else is hex-encoded so it can never escape the history folder. */
function accountDirName(accountId: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(accountId) && accountId !== 'LOCK' && accountId !== 'FORMAT') return accountId;
  return `x-${Buffer.from(accountId).toString('hex').slice(0, 200)}`;
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

function tierForBucket(bucketMs: number): Tier {
  if (bucketMs <= 60_000) return 'raw';
  return bucketMs <= TIER_MS['5min'] ? '5min' : 'hour';
}

/** Newest time an account has data for: the last poll sample, or the end of the last provider bucket. */
function coveredUntil(last: Record<Tier, HistoryRecord | null>): number | null {
  let at: number | null = null;
  const raw = last.raw;
  if (raw) at = raw.t + raw.spanMs;
  for (const tier of ['5min', 'hour'] as const) {
    const r = last[tier];
    if (r && (raw === null || r.flags & FLAG_PROVIDER)) at = Math.max(at ?? -Infinity, r.t + Math.min(r.spanMs, TIER_MS[tier]));
  }
  return at;
}

interface SeriesPosition {
  lastAt: number | null;
  lastT: Record<Tier, number | null>;
  /** Rolled up (or found nothing to roll up) before this, per coarser tier: not read again until more is owed. */
  rolledUpTo: Record<'5min' | 'hour', number>;
  /**
   * The records of a finer tier not yet rolled up (a few minutes' worth), kept from the writes that
   * made them so that a rollup needn't read the day's file; null until the first rollup read them
   * from disk, and again after provider history filled in the past.
   */
  pending: Record<'raw' | '5min', HistoryRecord[] | null>;
  /** When its expired files were last looked for (files expire by the day: hourly is soon enough). */
  prunedAt: number;
}

const PRUNE_EVERY_MS = 3_600_000;

class FileHistoryStore implements HistoryStore {
  mode: 'writer' | 'reader' = 'reader';
  readOnlyReason: string | null = null;
  readonly warnings: string[] = [];
  private readonly root: string;
  private readonly now: () => number;
  private readonly retention: HistoryRetention;
  private readonly fds = new Map<string, number>();
  /** Files whose tail this writer checked and has since only appended whole records to (see fdFor). */
  private readonly verified = new Set<string>();
  private readonly states = new Map<string, SeriesPosition>();
  private readonly cache = new SegmentCache();
  private lock: HistoryLock | null = null;
  private timer: NodeJS.Timeout | null = null;
  private firstMaintenance: NodeJS.Timeout | null = null;
  private closed = false;
  private waitingForLock = false;
  private readonly readOnly: boolean;

  constructor(opts: HistoryOpenOptions) {
    this.readOnly = opts.readOnly ?? false;
    this.root = join(opts.dataDir, 'history');
    this.now = opts.now ?? Date.now;
    const r = { ...DEFAULT_RETENTION, ...opts.retention };
    this.retention = { rawMs: Math.max(MIN_RETENTION.rawMs, r.rawMs), fiveMinMs: Math.max(MIN_RETENTION.fiveMinMs, r.fiveMinMs), hourMs: Math.max(MIN_RETENTION.hourMs, r.hourMs) };
  }

  open(): void {
    if (this.readOnly) {
      this.readOnlyReason = 'History was opened read-only.';
      return;
    }
    try {
      mkdirSync(this.root, { recursive: true });
    } catch (err) {
      this.readOnlyReason = `History is read-only: could not create ${this.root} (${(err as Error).message}).`;
      return;
    }
    this.tryToWrite();
    this.timer = setInterval(() => this.maintain(), MAINTAIN_EVERY_MS);
    this.timer.unref();
  }

  /** Takes the lock and becomes the writer; while another process holds it, stays a reader and tries again at each maintenance. */
  private tryToWrite(): void {
    this.lock = acquireLock(this.root);
    if (!this.lock.held) {
      this.waitingForLock = true;
      this.readOnlyReason = this.lock.reason;
      return;
    }
    this.waitingForLock = false;
    const formatProblem = this.checkFormat();
    if (formatProblem) {
      this.lock.release();
      this.readOnlyReason = formatProblem;
      return;
    }
    this.mode = 'writer';
    this.readOnlyReason = null;
    this.repairTails();
    // The rollups owed since the last run come right after, not before the first state: queries
    // compute a tier's not-yet-rolled-up tail on the fly (views.ts), so nothing reads differently
    // meanwhile, and with many accounts they were most of the time to the first state.
    this.firstMaintenance = setTimeout(() => {
      this.firstMaintenance = null;
      this.maintain();
    }, 0);
    this.firstMaintenance.unref();
  }

  // ---- writing ----

  append(sample: HistorySample): void {
    if (this.mode !== 'writer') return;
    const { sampledAt, current, limit } = sample;
    if (!Number.isFinite(sampledAt) || !isCount(current) || (limit !== null && !isCount(limit))) {
      this.warn(`history: ignored a malformed sample for ${sample.accountId}`);
      return;
    }
    const flags = sample.source === 'provider' ? FLAG_PROVIDER : 0;
    this.writeRecords(this.dirOf(sample.accountId), 'raw', [{ t: sampledAt, avg: current, min: current, max: current, limit, spanMs: 0, flags }]);
  }

  appendProvider(accountId: string, points: ProviderHistoryPoint[], bucketMs: number, limit: number | null): number {
    if (this.mode !== 'writer') return 0;
    if (!(bucketMs > 0) || !Number.isFinite(bucketMs) || (limit !== null && !isCount(limit))) {
      this.warn(`history: ignored malformed provider history for ${accountId}`);
      return 0;
    }
    const dir = this.dirOf(accountId);
    const tier = tierForBucket(bucketMs);
    const usable = providerPointsToWrite(points, bucketMs, this.now());
    if (!usable.length) return 0;
    const taken = this.occupied(dir, tier, usable[0].at, usable[usable.length - 1].at + bucketMs);
    let k = 0;
    const records = usable
      .filter((p) => {
        while (k < taken.length && taken[k] < p.at) k++;
        return k >= taken.length || taken[k] >= p.at + bucketMs;
      })
      .map((p) => ({ t: p.at, avg: p.avg, min: p.avg, max: Math.max(p.max, p.avg), limit, spanMs: bucketMs, flags: FLAG_PROVIDER }));
    this.writeRecords(dir, tier, records);
    return records.length;
  }

  /** Start times of the records of the tier and the finer ones in [from, to): provider points never overlap them. */
  private occupied(dir: string, tier: Tier, from: number, to: number): number[] {
    const opts = this.readOptions();
    const tiers = TIERS.slice(0, TIERS.indexOf(tier) + 1);
    return tiers.flatMap((t) => readTier(dir, t, from, to, opts).map((r) => r.t)).sort((a, b) => a - b);
  }

  /** False when a file could not be written (warned): the records from there on are not stored. */
  private writeRecords(dir: string, tier: Tier, records: HistoryRecord[]): boolean {
    if (!records.length) return true;
    const state = this.stateOf(dir);
    let i = 0;
    while (i < records.length) {
      const name = segmentName(tier, records[i].t);
      let j = i + 1;
      while (j < records.length && segmentName(tier, records[j].t) === name) j++;
      if (!this.writeFile(join(dir, name), encodeRecords(records.slice(i, j)))) return false;
      for (let k = i; k < j; k++) {
        const r = records[k];
        state.lastT[tier] = Math.max(state.lastT[tier] ?? -Infinity, r.t);
        if (tier === 'raw' || r.flags & FLAG_PROVIDER) state.lastAt = Math.max(state.lastAt ?? -Infinity, r.t + r.spanMs);
        // Provider history fills the past: what it adds is read and rolled up at the next maintenance.
        if (r.flags & FLAG_PROVIDER) {
          state.rolledUpTo = { '5min': -Infinity, hour: -Infinity };
          state.pending = { raw: null, '5min': null };
        } else if (tier !== 'hour') {
          // A late sample in a bucket already rolled up (e.g. a slow poll across a boundary): rolled up again from disk.
          const coarser = tier === 'raw' ? '5min' : 'hour';
          if (r.t < state.rolledUpTo[coarser]) {
            state.rolledUpTo[coarser] = -Infinity;
            state.pending[tier] = null;
          }
          this.keepPending(state, tier, r);
        }
      }
      i = j;
    }
    return true;
  }

  /** Out of time order (the clock was set back): the next rollup reads the tier from disk, which sorts. */
  private keepPending(state: SeriesPosition, tier: 'raw' | '5min', r: HistoryRecord): void {
    const kept = state.pending[tier];
    if (!kept) return;
    if (kept.length && r.t < kept[kept.length - 1].t) state.pending[tier] = null;
    else kept.push(asStored(r)); // what a read from disk would give, so a rollup is the same either way
  }

  /** Appends whole records; on failure the file is closed so its tail is checked before the next append. */
  private writeFile(path: string, bytes: Buffer): boolean {
    try {
      const fd = this.fdFor(path);
      if (writeSync(fd, bytes) !== bytes.length) throw new Error('short write');
      return true;
    } catch (err) {
      this.closeFd(path);
      this.verified.delete(path);
      this.warn(`history: could not write ${path}: ${(err as Error).message}`);
      return false;
    }
  }

  /**
   * An open file for appending. A file's tail is checked (and a torn record cut off) the first time
   * this process opens it, or again after a failed write; a file only this writer has appended
   * whole records to since needs no check when it is reopened (the open files are capped, so with
   * many accounts files are closed and reopened between polls: checking each time cost more than
   * the poll itself).
   */
  private fdFor(path: string): number {
    const open = this.fds.get(path);
    if (open !== undefined) return open;
    if (!this.verified.has(path)) {
      mkdirSync(dirname(path), { recursive: true });
      const repaired = repairTail(path);
      if (repaired) {
        this.cache.invalidate(path);
        this.warn(repaired);
      }
      this.verified.add(path);
    }
    if (this.fds.size >= MAX_OPEN_FILES) this.closeFd(this.fds.keys().next().value!);
    const fd = openSync(path, 'a');
    this.fds.set(path, fd);
    return fd;
  }

  private closeFd(path: string): void {
    const fd = this.fds.get(path);
    if (fd === undefined) return;
    this.fds.delete(path);
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }

  // ---- maintenance ----

  maintain(): void {
    if (this.mode !== 'writer') {
      if (this.waitingForLock && !this.closed) this.tryToWrite();
      return;
    }
    if (!this.lock?.confirm()) {
      this.stepDown();
      return;
    }
    const now = this.now();
    for (const dir of this.accountDirs()) {
      try {
        this.rollup(dir, now);
        this.prune(dir, now);
      } catch (err) {
        this.warn(`history: maintenance of ${dir} failed: ${(err as Error).message}`);
      }
    }
  }

  /** The lock is no longer ours (see lock.ts): stop writing, read like any reader, try again later. */
  private stepDown(): void {
    for (const path of [...this.fds.keys()]) this.closeFd(path);
    this.verified.clear(); // the new writer may append to these files
    this.states.clear();
    this.mode = 'reader';
    this.waitingForLock = true;
    this.readOnlyReason = 'History is read-only: another Headroom process took over the history lock.';
    this.warn(this.readOnlyReason);
  }

  /** Appends the buckets completed since the last rollup: raw into 5-minute, 5-minute into hourly. */
  private rollup(dir: string, now: number): void {
    const state = this.stateOf(dir);
    for (const [tier, finer] of [['5min', 'raw'], ['hour', '5min']] as const) {
      const size = TIER_MS[tier];
      const upTo = Math.floor(now / size) * size;
      const last = state.lastT[tier];
      const from = Math.max(last === null ? -Infinity : last + size, state.rolledUpTo[tier]);
      if (from >= upTo) continue;
      const kept = state.pending[finer];
      const source = kept ? kept.filter((r) => r.t >= from) : readTier(dir, finer, from, Infinity, this.readOptions());
      if (!this.writeRecords(dir, tier, bucketize(source, weightsOf(source, now), size, from, upTo))) continue; // tried again next time
      state.pending[finer] = source.filter((r) => r.t >= upTo);
      state.rolledUpTo[tier] = upTo;
    }
  }

  /** Deletes whole files past their tier's retention. */
  private prune(dir: string, now: number): void {
    const state = this.stateOf(dir);
    if (now - state.prunedAt < PRUNE_EVERY_MS && now >= state.prunedAt) return; // (or the clock was set back)
    state.prunedAt = now;
    const keep: Record<Tier, number> = { raw: this.retention.rawMs, '5min': this.retention.fiveMinMs, hour: this.retention.hourMs };
    const segments = listSegments(dir);
    const expired = segments.filter((s) => s.end <= now - keep[s.tier]);
    for (const seg of expired) {
      const path = join(dir, seg.name);
      this.closeFd(path);
      unlinkSync(path);
    }
    if (expired.length && expired.length === segments.length) this.removeDir(dir);
  }

  private repairTails(): void {
    for (const dir of this.accountDirs()) {
      for (const tier of TIERS) {
        const segs = listSegments(dir, tier);
        const newest = segs[segs.length - 1];
        const path = newest && join(dir, newest.name);
        const repaired = path && repairTail(path);
        if (!repaired) continue;
        this.cache.invalidate(path);
        this.warn(repaired);
      }
    }
  }

  private checkFormat(): string | null {
    const path = join(this.root, 'FORMAT');
    if (existsSync(path)) {
      const found = readFileSync(path, 'utf8').trim();
      return found === FORMAT ? null : `History in ${this.root} has an unknown format ('${found.slice(0, 40)}'): it is left untouched and not recorded.`;
    }
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${FORMAT}\n`);
    renameSync(tmp, path);
    return null;
  }

  // ---- reading ----

  query(accountId: string, start: number, end: number, maxPoints = DEFAULT_MAX_POINTS): HistorySeries {
    const limit = Math.max(1, Math.floor(maxPoints));
    if (!(end > start)) return { accountId, resolution: 'raw', points: [] };
    const views = this.viewsOf(accountId, start, end);
    let chosen: ViewRecord[] = [];
    let resolution: Tier = 'hour';
    for (const tier of TIERS) {
      const own = views.ownCount(tier);
      if (tier !== 'hour' && (own === 0 || own > limit)) continue;
      chosen = views.view(tier);
      resolution = tier;
      if (chosen.length <= limit) break;
    }
    const points = downsample(chosen, end, limit).map((r) => ({ t: r.t, current: round3(r.avg), min: r.min, max: r.max, limit: r.limit }));
    return { accountId, resolution: chosen.length ? majorityRes(chosen) : resolution, points };
  }

  stats(accountId: string, start: number, end: number, thresholds: Thresholds): RangeStats {
    if (!(end > start)) return statsOf([], end, thresholds);
    const now = this.now();
    const tier: Tier = start >= now - this.retention.rawMs ? 'raw' : start >= now - this.retention.fiveMinMs ? '5min' : 'hour';
    return statsOf(this.viewsOf(accountId, start, end).view(tier), end, thresholds);
  }

  hourly(accountId: string, start: number, end: number): HistoryPoint[] {
    if (!(end > start)) return [];
    return this.viewsOf(accountId, start, end).view('hour').map((r) => ({ t: r.t, current: round3(r.avg), min: r.min, max: r.max, limit: r.limit }));
  }

  exportCsv(accountId: string, start: number, end: number): string {
    return toCsv(end > start ? this.viewsOf(accountId, start, end).view('raw') : []);
  }

  lastSampleAt(accountId: string): number | null {
    return this.stateOf(this.dirOf(accountId)).lastAt;
  }

  private viewsOf(accountId: string, start: number, end: number): TierViews {
    const dir = this.dirOf(accountId);
    const state = this.stateOf(dir);
    const opts = this.readOptions();
    const source: TierSource = {
      read: (tier, from, to) => readTier(dir, tier, from, to, opts),
      lastT: (tier) => state.lastT[tier],
    };
    return new TierViews(source, start, end);
  }

  /** The writer keeps each account's state in memory; a reader rereads it, since the writer moves on. */
  private stateOf(dir: string): SeriesPosition {
    const known = this.states.get(dir);
    if (known) return known;
    const opts = this.readOptions();
    const last = { raw: lastRecordOf(dir, 'raw', opts), '5min': lastRecordOf(dir, '5min', opts), hour: lastRecordOf(dir, 'hour', opts) };
    const state: SeriesPosition = {
      lastAt: coveredUntil(last),
      lastT: { raw: last.raw?.t ?? null, '5min': last['5min']?.t ?? null, hour: last.hour?.t ?? null },
      rolledUpTo: { '5min': -Infinity, hour: -Infinity },
      pending: { raw: null, '5min': null },
      prunedAt: -Infinity,
    };
    if (this.mode === 'writer') this.states.set(dir, state);
    return state;
  }

  private readOptions(): ReadOptions {
    return { warn: (m) => this.warn(m), quietTorn: this.mode !== 'writer', cache: this.cache };
  }

  // ---- housekeeping ----

  remove(accountId: string): void {
    if (this.mode !== 'writer') {
      this.warn(`history: kept the history of ${accountId}: ${this.readOnlyReason ?? 'read-only'}`);
      return;
    }
    this.removeDir(this.dirOf(accountId));
  }

  private removeDir(dir: string): void {
    for (const path of [...this.fds.keys()]) if (dirname(path) === dir) this.closeFd(path);
    for (const path of [...this.verified]) if (dirname(path) === dir) this.verified.delete(path);
    rmSync(dir, { recursive: true, force: true });
    this.states.delete(dir);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.firstMaintenance) clearTimeout(this.firstMaintenance); // owed rollups wait for the next start
    for (const path of [...this.fds.keys()]) this.closeFd(path);
    this.lock?.release();
    this.mode = 'reader';
    this.readOnlyReason ??= 'History is closed.';
  }

  private dirOf(accountId: string): string {
    return join(this.root, accountDirName(accountId));
  }

  private accountDirs(): string[] {
    try {
      return readdirSync(this.root, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => join(this.root, e.name));
    } catch {
      return [];
    }
  }

  private warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS && !this.warnings.includes(message)) this.warnings.push(message);
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function majorityRes(records: readonly ViewRecord[]): Tier {
  const counts: Record<Tier, number> = { raw: 0, '5min': 0, hour: 0 };
  for (const r of records) counts[r.res]++;
  return TIERS.reduce((best, t) => (counts[t] > counts[best] ? t : best), 'raw' as Tier);
}

export async function openHistory(opts: HistoryOpenOptions): Promise<HistoryStore> {
  const store = new FileHistoryStore(opts);
  store.open();
  return store;
}
