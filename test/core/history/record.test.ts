import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asStored, decodeRecord, decodeSegment, encodeRecord, encodeRecords, FLAG_PROVIDER, goodLength, latestRecord, RECORD_SIZE, type HistoryRecord } from '../../../main/core/history/record.ts';

const sample: HistoryRecord = { t: Date.UTC(2025, 4, 2, 3, 4, 5, 678), avg: 12.5, min: 3, max: 40, limit: 50, spanMs: 300_000, flags: FLAG_PROVIDER };

test('a record round-trips, no cap included', () => {
  assert.equal(encodeRecord(sample).length, RECORD_SIZE);
  assert.deepEqual(decodeRecord(encodeRecord(sample)), sample);
  const uncapped = { ...sample, limit: null, spanMs: 0, flags: 0 };
  assert.deepEqual(decodeRecord(encodeRecord(uncapped)), uncapped);
});

test('asStored gives what a write and a read give, for any values a record may be handed', () => {
  // A fixed-seed generator: the same cases every run.
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const values = [0, -0, 1, 0.1, 7.3, 49.999, 1e6, 2 ** 31, 2 ** 40, -1, -0.5, -7.9, NaN, Infinity, -Infinity];
  const pick = () => (random() < 0.5 ? values[Math.floor(random() * values.length)] : Math.round(random() * 1e4) / (random() < 0.5 ? 1 : 7));
  const cases: HistoryRecord[] = [sample, { ...sample, limit: null, spanMs: 0, flags: 0 }];
  for (let i = 0; i < 2000; i++) {
    const t = random() < 0.05 ? [NaN, Infinity][i % 2] : sample.t + pick();
    cases.push({ t, avg: pick(), min: pick(), max: pick(), limit: random() < 0.2 ? null : pick(), spanMs: random() < 0.2 ? 2 ** 29 : pick(), flags: Math.floor(random() * 40) - 4 });
  }
  for (const r of cases) {
    let viaFile: HistoryRecord | null;
    try {
      viaFile = decodeRecord(encodeRecord(r));
    } catch {
      continue; // a limit below int32 can't be written (append refuses anything but a count)
    }
    if (!viaFile) continue; // nor a time that is not finite
    assert.deepEqual(asStored(r), viaFile, JSON.stringify(r));
  }
});

test('any flipped bit fails the checksum', () => {
  const buf = encodeRecord(sample);
  for (let byte = 0; byte < RECORD_SIZE; byte++) {
    const copy = Buffer.from(buf);
    copy[byte] ^= 1 << byte % 8;
    assert.equal(decodeRecord(copy), null, `byte ${byte}`);
  }
});

test('a segment decodes its good records, counting bad ones and a torn tail', () => {
  const records = [0, 1, 2, 3].map((i) => ({ ...sample, t: sample.t + i * 1000, avg: i }));
  const buf = encodeRecords(records);
  buf[2 * RECORD_SIZE + 9] ^= 0xff;
  const torn = Buffer.concat([buf, encodeRecord({ ...sample, t: sample.t + 9000 }).subarray(0, 11)]);
  const seg = decodeSegment(torn);
  assert.deepEqual(seg.records.map((r) => r.avg), [0, 1, 3]);
  assert.equal(seg.bad, 1);
  assert.equal(seg.tornBytes, 11);
  assert.equal(seg.goodLength, 4 * RECORD_SIZE);
});

test('records appended out of order are read back in time order', () => {
  const buf = encodeRecords([2, 0, 1].map((i) => ({ ...sample, t: sample.t + i })));
  assert.deepEqual(decodeSegment(buf).records.map((r) => r.t - sample.t), [0, 1, 2]);
});

test('latestRecord and goodLength agree with a full decode: out of order, corrupt anywhere (the latest too), torn, empty', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 300; round++) {
    const n = Math.floor(random() * 12);
    const records = Array.from({ length: n }, () => ({ ...sample, t: sample.t + Math.floor(random() * 1e6) }));
    let buf = encodeRecords(records);
    for (let k = Math.floor(random() * 3); k > 0 && n > 0; k--) buf[Math.floor(random() * buf.length)] ^= 0xff; // garble a byte
    if (random() < 0.3) buf = Buffer.concat([buf, Buffer.alloc(1 + Math.floor(random() * (RECORD_SIZE - 1)), 1)]); // torn
    const full = decodeSegment(buf);
    assert.deepEqual(latestRecord(buf), full.records.at(-1) ?? null, `round ${round}: latest`);
    assert.equal(goodLength(buf), full.goodLength, `round ${round}: good length`);
  }
});
