import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, statSync, truncateSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECORD_SIZE } from '../../../main/core/history/record.ts';
import { openHistory } from '../../../main/core/history/store.ts';
import { parseSegmentName, segmentName } from '../../../main/core/history/segments.ts';
import { tmpDataDir } from './fixtures/tmp.ts';

const T0 = Date.UTC(2025, 5, 1, 12);

test('segment names carry their tier and UTC period', () => {
  assert.equal(segmentName('raw', T0), 'raw-2025-06-01.seg');
  assert.equal(segmentName('hour', T0), 'hour-2025-06.seg');
  assert.deepEqual(parseSegmentName('5min-2025-06-01.seg'), { tier: '5min', name: '5min-2025-06-01.seg', start: Date.UTC(2025, 5, 1), end: Date.UTC(2025, 5, 2) });
  assert.deepEqual(parseSegmentName('hour-2025-12.seg')?.end, Date.UTC(2026, 0, 1));
  for (const bad of ['raw-2025-06.seg', 'hour-2025-06-01.seg', 'LOCK', 'raw-2025-06-01.seg.tmp']) assert.equal(parseSegmentName(bad), null, bad);
});

test('segment names stay right across day and month edges, in any order (the last name is remembered)', () => {
  const edge = Date.UTC(2025, 5, 30, 23, 59, 59, 999); // June 30 ends, then July
  const times = [edge, edge + 1, edge, T0, edge + 1, edge - 86_400_000, edge + 1, Date.UTC(2024, 1, 29, 5), edge];
  for (const t of times) {
    const iso = new Date(t).toISOString();
    assert.equal(segmentName('raw', t), `raw-${iso.slice(0, 10)}.seg`, iso);
    assert.equal(segmentName('5min', t), `5min-${iso.slice(0, 10)}.seg`, iso);
    assert.equal(segmentName('hour', t), `hour-${iso.slice(0, 7)}.seg`, iso);
  }
});

async function writeTen(dataDir: string): Promise<string> {
  const store = await openHistory({ dataDir, now: () => T0 + 60_000 });
  for (let i = 0; i < 10; i++) store.append({ accountId: 'acct', sampledAt: T0 + i * 1000, current: i, limit: 20 });
  await store.close();
  return join(dataDir, 'history', 'acct', segmentName('raw', T0));
}

async function reopen(dataDir: string) {
  const store = await openHistory({ dataDir, now: () => T0 + 60_000 });
  return { store, values: store.query('acct', T0, T0 + 60_000).points.map((p) => p.current) };
}

test('a record torn mid-write is skipped with a warning and later appends stay aligned', async () => {
  const dataDir = tmpDataDir();
  const file = await writeTen(dataDir);
  truncateSync(file, 9 * RECORD_SIZE + 13);
  const { store, values } = await reopen(dataDir);
  assert.deepEqual(values, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(store.warnings.length, 1);
  assert.match(store.warnings[0], /history: skipped a torn record at the end of .*raw-2025-06-01\.seg/);
  store.append({ accountId: 'acct', sampledAt: T0 + 20_000, current: 11, limit: 20 });
  assert.equal(statSync(file).size, 10 * RECORD_SIZE);
  await store.close();
  const again = await reopen(dataDir);
  assert.deepEqual(again.values, [0, 1, 2, 3, 4, 5, 6, 7, 8, 11]);
  assert.deepEqual(again.store.warnings, []);
  await again.store.close();
});

test('garbage bytes at the end are cut with a warning, earlier data intact', async () => {
  const dataDir = tmpDataDir();
  const file = await writeTen(dataDir);
  appendFileSync(file, Buffer.from('this is not a record, and it is longer than two of them; junk junk junk'));
  const { store, values } = await reopen(dataDir);
  assert.deepEqual(values, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.match(store.warnings.join('\n'), /skipped \d corrupt record\(s\) at the end of/);
  assert.equal(statSync(file).size, 10 * RECORD_SIZE);
  await store.close();
});

test('a garbled record in the middle is skipped, the rest kept', async () => {
  const dataDir = tmpDataDir();
  const file = await writeTen(dataDir);
  const bytes = readFileSync(file);
  bytes[4 * RECORD_SIZE + 8] ^= 0x40;
  writeFileSync(file, bytes);
  const { store, values } = await reopen(dataDir);
  assert.deepEqual(values, [0, 1, 2, 3, 5, 6, 7, 8, 9]);
  assert.match(store.warnings.join('\n'), /skipped 1 corrupt record\(s\) in /);
  await store.close();
});

test('a reader does not touch a torn file but still reads the good records', async () => {
  const dataDir = tmpDataDir();
  const file = await writeTen(dataDir);
  truncateSync(file, 9 * RECORD_SIZE + 5);
  const writer = await openHistory({ dataDir, now: () => T0 + 60_000 });
  truncateSync(file, 9 * RECORD_SIZE + 5);
  const reader = await openHistory({ dataDir, now: () => T0 + 60_000 });
  assert.equal(reader.mode, 'reader');
  assert.deepEqual(reader.query('acct', T0, T0 + 60_000).points.map((p) => p.current), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(statSync(file).size, 9 * RECORD_SIZE + 5, 'the reader left the file alone');
  const files = readdirSync(join(dataDir, 'history')).sort();
  assert.deepEqual(files.filter((f) => !f.startsWith('LOCK.')), ['FORMAT', 'acct']);
  assert.equal(files.filter((f) => f.startsWith('LOCK.')).length, 1, "only the writer's lock");
  await reader.close();
  await writer.close();
});
