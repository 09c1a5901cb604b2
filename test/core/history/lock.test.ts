import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { buildSync } from 'esbuild';
import { HEARTBEAT_STALE_MS } from '../../../main/core/history/lock.ts';
import { openHistory } from '../../../main/core/history/store.ts';
import { tmpDataDir } from './fixtures/tmp.ts';

const HOLDER = join(import.meta.dirname, 'fixtures', 'holder.ts');
const RACER = join(import.meta.dirname, 'fixtures', 'racer.ts');
const T0 = Date.UTC(2025, 0, 1);

/** Reads a child's stdout line by line: each call resolves with the next line. */
function lineReader(child: ChildProcess): () => Promise<string> {
  const ready: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  let buffered = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const w = waiting.shift();
      if (w) w.resolve(line);
      else ready.push(line);
    }
  });
  child.on('exit', (code, signal) => waiting.splice(0).forEach((w) => w.reject(new Error(`child exited (${code ?? signal})`))));
  return () => (ready.length ? Promise.resolve(ready.shift()!) : new Promise((resolve, reject) => waiting.push({ resolve, reject })));
}

async function startHolder(dataDir: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  return { child, line: await lineReader(child)() };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.stdin!.end();
  await exited;
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** The lock files of the history, oldest generation first. */
function lockFiles(dataDir: string): string[] {
  const gen = (name: string) => Number(name.slice('LOCK.'.length) || 0);
  return readdirSync(join(dataDir, 'history'))
    .filter((f) => f === 'LOCK' || f.startsWith('LOCK.'))
    .sort((a, b) => gen(a) - gen(b));
}

/** The newest lock file: its path and what it records. */
function newestLock(dataDir: string): { path: string; record: { pid?: number; start?: string | null; released?: boolean } } {
  const files = lockFiles(dataDir);
  assert.ok(files.length > 0, 'a lock file exists');
  const path = join(dataDir, 'history', files[files.length - 1]);
  return { path, record: JSON.parse(readFileSync(path, 'utf8')) };
}

/** A process that is certainly not a Headroom writer, to stand for whatever reused a pid. */
function otherProgram(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

/** The race fixture bundled once into plain JavaScript: dozens of processes start in a blink, not a second each. */
function bundleRacer(): string {
  const outfile = join(tmpDataDir(), 'racer.mjs');
  buildSync({ entryPoints: [RACER], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node22', logLevel: 'warning' });
  return outfile;
}

/** A history whose newest lock is held by a writer that was killed with SIGKILL (a crash). */
async function crashWriter(bundle: string, dataDir: string): Promise<void> {
  const victim = spawn(process.execPath, [bundle, 'victim', dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  assert.equal(await lineReader(victim)(), 'writer', 'the victim became the writer before it crashed');
  await kill9(victim);
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
  assert.equal(newestLock(dataDir).record.pid, process.pid, "closing a reader leaves the writer's lock");
  assert.notEqual(newestLock(dataDir).record.released, true);
  await first.close();
  assert.equal(newestLock(dataDir).record.released, true, 'closing the writer releases its lock');
  const third = await openHistory({ dataDir });
  assert.equal(third.mode, 'writer', 'a released lock is taken at once');
  assert.deepEqual(lockFiles(dataDir), ['LOCK.2'], 'the next generation, the older one removed');
  await third.close();
});

test('a lock left by a writer killed with SIGKILL is taken over', async () => {
  const dataDir = tmpDataDir();
  await crashWriter(bundleRacer(), dataDir);
  assert.deepEqual(lockFiles(dataDir), ['LOCK.1']);
  const store = await openHistory({ dataDir });
  assert.equal(store.mode, 'writer');
  assert.deepEqual(lockFiles(dataDir), ['LOCK.2']);
  assert.equal(newestLock(dataDir).record.pid, process.pid);
  await store.close();
});

test('the plain LOCK of earlier builds counts: a live one is respected, a dead one is taken over', async () => {
  const dataDir = tmpDataDir();
  mkdirSync(join(dataDir, 'history'));
  const other = otherProgram();
  writeFileSync(join(dataDir, 'history', 'LOCK'), `${other.pid}\n`);
  const first = await openHistory({ dataDir });
  assert.equal(first.mode, 'reader');
  await first.close();
  await kill9(other);
  const second = await openHistory({ dataDir });
  assert.equal(second.mode, 'writer');
  assert.deepEqual(lockFiles(dataDir), ['LOCK.1'], 'the old-style lock is cleaned up');
  await second.close();
});

test('pid reuse: a lock whose pid now belongs to another program is taken over', { skip: process.platform === 'win32' && 'start times are not read on Windows; the heartbeat test covers it' }, async () => {
  const dataDir = tmpDataDir();
  await crashWriter(bundleRacer(), dataDir);
  const other = otherProgram();
  try {
    // The crashed writer's lock, its pid now taken by a live process that started at another time.
    const { path, record } = newestLock(dataDir);
    assert.equal(typeof record.start, 'string', 'the lock records the start time of its writer');
    writeFileSync(path, JSON.stringify({ ...record, pid: other.pid }));
    const store = await openHistory({ dataDir });
    assert.equal(store.mode, 'writer', 'a running pid with another start time is not the writer');
    await store.close();
  } finally {
    await kill9(other);
  }
});

test('where start times are unknown, a lock whose heartbeat stopped is stale even if its pid runs', async () => {
  const dataDir = tmpDataDir();
  await crashWriter(bundleRacer(), dataDir);
  const other = otherProgram();
  try {
    const { path, record } = newestLock(dataDir);
    writeFileSync(path, JSON.stringify({ ...record, pid: other.pid, start: null }));
    const first = await openHistory({ dataDir });
    assert.equal(first.mode, 'reader', 'a recent heartbeat is respected');
    await first.close();
    const old = new Date(Date.now() - HEARTBEAT_STALE_MS - 60_000);
    utimesSync(path, old, old);
    const second = await openHistory({ dataDir });
    assert.equal(second.mode, 'writer', 'no heartbeat for longer than HEARTBEAT_STALE_MS: stale');
    await second.close();
  } finally {
    await kill9(other);
  }
});

test('a writer whose lock was taken over steps down at its next maintenance', async () => {
  const dataDir = tmpDataDir();
  const store = await openHistory({ dataDir, now: () => T0 });
  store.append({ accountId: 'acct', sampledAt: T0, current: 1, limit: 2 });
  const other = otherProgram();
  try {
    // As after a long sleep on a system without start times: someone else holds a newer generation.
    writeFileSync(join(dataDir, 'history', 'LOCK.2'), JSON.stringify({ pid: other.pid, start: null, token: 'x' }));
    store.maintain();
    assert.equal(store.mode, 'reader');
    assert.match(store.readOnlyReason!, /another Headroom process took over/);
    store.append({ accountId: 'acct', sampledAt: T0 + 1000, current: 1, limit: 2 });
    assert.equal(store.lastSampleAt('acct'), T0, 'no more appends');
    await store.close();
    assert.deepEqual(JSON.parse(readFileSync(join(dataDir, 'history', 'LOCK.2'), 'utf8')).pid, other.pid, "closing does not touch the new writer's lock");
  } finally {
    await kill9(other);
  }
});

test('four processes starting together over a crashed writer\'s lock: exactly one writer, 60 rounds out of 60', async () => {
  const dataDir = tmpDataDir();
  const bundle = bundleRacer();
  const racers = Array.from({ length: 4 }, () => {
    const child = spawn(process.execPath, [bundle, 'racer'], { stdio: ['pipe', 'pipe', 'inherit'] });
    return { child, next: lineReader(child) };
  });
  try {
    assert.deepEqual(await Promise.all(racers.map((r) => r.next())), ['ready', 'ready', 'ready', 'ready']);
    for (let round = 0; round < 60; round++) {
      await crashWriter(bundle, dataDir);
      // All four open at one moment (a barrier to make them collide; the outcome must not depend on it).
      const at = Date.now() + 20;
      for (const r of racers) r.child.stdin!.write(`open ${dataDir} ${at}\n`);
      const answers = await Promise.all(racers.map((r) => r.next()));
      const writers = answers.filter((a) => a.startsWith('writer '));
      assert.equal(writers.length, 1, `round ${round}: exactly one writer (${answers.join(', ')})`);
      assert.equal(newestLock(dataDir).record.pid, Number(writers[0].split(' ')[1]), `round ${round}: the lock names the writer`);
      assert.equal(lockFiles(dataDir).length, 1, `round ${round}: older generations removed (${lockFiles(dataDir).join(' ')})`);
      for (const r of racers) r.child.stdin!.write('close\n');
      assert.deepEqual(await Promise.all(racers.map((r) => r.next())), ['closed', 'closed', 'closed', 'closed']);
    }
  } finally {
    for (const r of racers) r.child.stdin!.end();
    await Promise.all(racers.map((r) => (r.child.exitCode === null ? once(r.child, 'exit') : null)));
  }
});

test('a history of an unknown format is left alone', async () => {
  const dataDir = tmpDataDir();
  await (await openHistory({ dataDir })).close();
  writeFileSync(join(dataDir, 'history', 'FORMAT'), 'headroom-history 99\n');
  const store = await openHistory({ dataDir });
  assert.equal(store.mode, 'reader');
  assert.match(store.readOnlyReason!, /unknown format/);
  assert.equal(newestLock(dataDir).record.released, true, 'no lock is left held');
  await store.close();
});
