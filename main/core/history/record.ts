/**
 * One fixed-size binary record, the unit of every history segment file (raw samples, 5-minute and
 * hourly buckets alike). Little-endian, 32 bytes:
 *
 *   0  float64  t        epoch ms: sample time, or bucket start
 *   8  float32  avg      the sample (raw), or the time-weighted average of the bucket
 *  12  float32  min
 *  16  float32  max
 *  20  int32    limit    -1 = no cap
 *  24  uint32   span     low 28 bits: ms of time this record stands for (0 = a poll sample, weighted by
 *                        the spacing to the next one); high 4 bits: flags
 *  28  uint32   crc32    of bytes 0..27: a torn or garbled record fails it and is skipped
 *
 * Counts are integers far below 2^24, so float32 holds them exactly.
 */
import { crc32 } from 'node:zlib';

export const RECORD_SIZE = 32;
const PAYLOAD = 28;
const SPAN_BITS = 0x0fff_ffff;
const FLAG_SHIFT = 28;

/** The record came from the provider's own history (backfill), not from our polling. */
export const FLAG_PROVIDER = 1;

export interface HistoryRecord {
  t: number;
  avg: number;
  min: number;
  max: number;
  limit: number | null;
  /** ms this record stands for; 0 for a poll sample. */
  spanMs: number;
  flags: number;
}

export function encodeRecord(r: HistoryRecord, into: Buffer = Buffer.alloc(RECORD_SIZE), at = 0): Buffer {
  into.writeDoubleLE(r.t, at);
  into.writeFloatLE(r.avg, at + 8);
  into.writeFloatLE(r.min, at + 12);
  into.writeFloatLE(r.max, at + 16);
  into.writeInt32LE(r.limit === null ? -1 : Math.min(r.limit, 0x7fff_ffff), at + 20);
  const span = Math.max(0, Math.min(SPAN_BITS, Math.round(r.spanMs)));
  into.writeUInt32LE((((r.flags & 0xf) << FLAG_SHIFT) | span) >>> 0, at + 24);
  into.writeUInt32LE(crc32(into.subarray(at, at + PAYLOAD)), at + PAYLOAD);
  return into;
}

/**
 * The record as it reads back from a file (averages in single precision, limit a whole int32, span
 * and flags packed): decodeRecord(encodeRecord(r)), worked out without the two checksums and the
 * buffer, since every appended sample goes through it.
 */
export function asStored(r: HistoryRecord): HistoryRecord {
  if (!Number.isFinite(r.t)) return decodeRecord(encodeRecord(r))!;
  const limit = r.limit === null ? -1 : Math.min(r.limit, 0x7fff_ffff) | 0;
  return {
    t: r.t,
    avg: Math.fround(r.avg),
    min: Math.fround(r.min),
    max: Math.fround(r.max),
    limit: limit < 0 ? null : limit,
    spanMs: Math.max(0, Math.min(SPAN_BITS, Math.round(r.spanMs))) | 0,
    flags: r.flags & 0xf,
  };
}

export function encodeRecords(records: HistoryRecord[]): Buffer {
  // Every byte is written below, so the buffer needn't be zeroed (and a small one comes from Node's pool).
  const buf = Buffer.allocUnsafe(records.length * RECORD_SIZE);
  records.forEach((r, i) => encodeRecord(r, buf, i * RECORD_SIZE));
  return buf;
}

/** The record at `at`, or null when its checksum does not match. */
export function decodeRecord(buf: Buffer, at = 0): HistoryRecord | null {
  if (buf.readUInt32LE(at + PAYLOAD) !== crc32(buf.subarray(at, at + PAYLOAD))) return null;
  const t = buf.readDoubleLE(at);
  if (!Number.isFinite(t)) return null;
  const limit = buf.readInt32LE(at + 20);
  const packed = buf.readUInt32LE(at + 24);
  return {
    t,
    avg: buf.readFloatLE(at + 8),
    min: buf.readFloatLE(at + 12),
    max: buf.readFloatLE(at + 16),
    limit: limit < 0 ? null : limit,
    spanMs: packed & SPAN_BITS,
    flags: packed >>> FLAG_SHIFT,
  };
}

export interface DecodedSegment {
  records: HistoryRecord[];
  /** Records whose checksum failed (skipped). */
  bad: number;
  /** Byte length of the leading part that ends with the last good record. */
  goodLength: number;
  /** Bytes after the last whole record (a torn write). */
  tornBytes: number;
}

/**
 * The good record with the latest time, as decodeSegment(buf).records.at(-1) but without decoding
 * and checksumming every record: times are scanned, and only the latest one's checksum is checked
 * (when it fails, the whole segment is decoded). At start, with a year of history for 200 accounts,
 * decoding whole newest segments was most of the time to the first state.
 */
export function latestRecord(buf: Buffer): HistoryRecord | null {
  const whole = Math.floor(buf.length / RECORD_SIZE);
  let best = -1;
  let bestT = -Infinity;
  for (let i = 0; i < whole; i++) {
    const t = buf.readDoubleLE(i * RECORD_SIZE);
    if (t >= bestT) {
      bestT = t;
      best = i;
    }
  }
  if (best < 0) return null;
  return decodeRecord(buf, best * RECORD_SIZE) ?? decodeSegment(buf).records.at(-1) ?? null;
}

/** Byte length of the leading part that ends with the last good record (decodeSegment's goodLength), checked from the end. */
export function goodLength(buf: Buffer): number {
  for (let i = Math.floor(buf.length / RECORD_SIZE) - 1; i >= 0; i--) if (decodeRecord(buf, i * RECORD_SIZE)) return (i + 1) * RECORD_SIZE;
  return 0;
}

/** Every good record of a segment, in time order, with what was skipped. */
export function decodeSegment(buf: Buffer): DecodedSegment {
  const whole = Math.floor(buf.length / RECORD_SIZE);
  const records: HistoryRecord[] = [];
  let bad = 0;
  let goodLength = 0;
  let sorted = true;
  for (let i = 0; i < whole; i++) {
    const r = decodeRecord(buf, i * RECORD_SIZE);
    if (!r) {
      bad++;
      continue;
    }
    if (records.length && r.t < records[records.length - 1].t) sorted = false;
    records.push(r);
    goodLength = (i + 1) * RECORD_SIZE;
  }
  if (!sorted) records.sort((a, b) => a.t - b.t);
  return { records, bad, goodLength, tornBytes: buf.length - whole * RECORD_SIZE };
}
