import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { openHistory } from '../../../main/core/history/store.ts';
import { tmpDataDir } from './fixtures/tmp.ts';

const HOLDER = join(import.meta.dirname, 'fixtures', 'holder.ts');
const T0 = Date.UTC(2025, 0, 1);

async function startHolder(dataDir: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdout!.setEncoding('utf8');
  let text = '';
  while (!text.includes('\n')) text += (await once(child.stdout!, 'data'))[0];
  return { child, line: text.trim() };
}

async function stop(child: ChildProcess): Promise<void> {
  child.stdin!.end();
  await once(child, 'exit');
}

test('a second process opens the history read-only, with the reason, while the first writes', async () => {
  const dataDir = tmpDataDir();
  const { child, line } = await startHolder(dataDir);
  assert.equal(line, 'writer null');
  const second = await openHistory({ dataDir, now: () => T0 + 3_600_000 });
  assert.equal(second.mode, 'reader');
  assert.match(second.readOnlyReason!, new RegExp(`another Headroom process \\(pid ${child.pid}\\)`));
  assert.equal(second.lastSampleAt('acct'), T0, 'the reader sees what the writer wrote');
  second.append({ accountId: 'acct', sampledAt: T0 + 1000, current: 5, limit: 10 });
  second.maintain();
  second.remove('acct');
  assert.equal(second.lastSampleAt('acct'), T0, 'a reader neither appends nor removes');
  assert.match(second.warnings.join('\n'), /kept the history of acct/);
  await stop(child);

  second.maintain();
  assert.equal(second.mode, 'writer', 'the waiting reader takes over at its next maintenance once the writer is gone');
  assert.equal(second.readOnlyReason, null);
  second.append({ accountId: 'acct', sampledAt: T0 + 2000, current: 6, limit: 10 });
  assert.equal(second.lastSampleAt('acct'), T0 + 2000);
  await second.close();
});

test('a store opened read-only never takes the lock', async () => {
  const dataDir = tmpDataDir();
  const reader = await openHistory({ dataDir, readOnly: true });
  assert.equal(reader.mode, 'reader');
  assert.match(reader.readOnlyReason!, /read-only/);
  const writer = await openHistory({ dataDir });
  assert.equal(writer.mode, 'writer');
  reader.maintain();
  assert.equal(reader.mode, 'reader');
  await reader.close();
  await writer.close();
});

test('within one process the second store is a reader too, and the lock is released on close', async () => {
  const dataDir = tmpDataDir();
  const first = await openHistory({ dataDir });
  const second = await openHistory({ dataDir });
  assert.equal(first.mode, 'writer');
  assert.equal(second.mode, 'reader');
  assert.match(second.readOnlyReason!, /this process/);
  await second.close();
  assert.ok(existsSync(join(dataDir, 'history', 'LOCK')), 'closing a reader leaves the writer\'s lock');
  await first.close();
  assert.equal(existsSync(join(dataDir, 'history', 'LOCK')), false);
});

test('a lock left by a dead process is taken over', async () => {
  const dataDir = tmpDataDir();
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  await (await openHistory({ dataDir })).close();
  writeFileSync(join(dataDir, 'history', 'LOCK'), `${dead.stdout}\n`);
  const store = await openHistory({ dataDir });
  assert.equal(store.mode, 'writer');
  assert.equal(readFileSync(join(dataDir, 'history', 'LOCK'), 'utf8').trim(), String(process.pid));
  await store.close();
});

test('a history of an unknown format is left alone', async () => {
  const dataDir = tmpDataDir();
  await (await openHistory({ dataDir })).close();
  writeFileSync(join(dataDir, 'history', 'FORMAT'), 'headroom-history 99\n');
  const store = await openHistory({ dataDir });
  assert.equal(store.mode, 'reader');
  assert.match(store.readOnlyReason!, /unknown format/);
  assert.equal(existsSync(join(dataDir, 'history', 'LOCK')), false);
  await store.close();
});
