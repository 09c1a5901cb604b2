import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { watchFileChanges } from '../../../main/core/config/file-watch.ts';
import { tempDir } from '../../helpers/core.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function file(): string {
  const d = tempDir();
  dirs.push(d);
  const path = join(d, 'config.json');
  writeFileSync(path, '{}');
  return path;
}

/** Resolves at the next report, or rejects after 15 s (a guard only: the reports come in ms or, polling, in 2 s). */
function nextReport(reports: EventEmitter): Promise<void> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error('no change reported within 15 s')), 15_000);
    reports.once('change', () => {
      clearTimeout(guard);
      resolve();
    });
  });
}

test('a burst of writes (an editor, an atomic rename) is reported once, after it settles; other files are not', async () => {
  const path = file();
  const reports = new EventEmitter();
  let count = 0;
  const stop = watchFileChanges(path, () => {
    count++;
    reports.emit('change');
  });
  const keepAlive = setInterval(() => undefined, 1000); // the watch holds nothing open by itself
  try {
    const reported = nextReport(reports);
    writeFileSync(join(path, '..', 'other.json'), '{}');
    for (let i = 0; i < 5; i++) writeFileSync(path, JSON.stringify({ i }));
    await reported;
    await new Promise((r) => setTimeout(r, 300)); // longer than the settle time: no second report comes
    assert.equal(count, 1);
  } finally {
    clearInterval(keepAlive);
    stop();
  }
});

test('a watch that fails later falls back to checking the file, and reports the change it may have missed', async () => {
  const path = file();
  let fake: (EventEmitter & { closed?: boolean }) | undefined;
  const failingWatch = ((dir: string, opts: object, listener: () => void) => {
    const real = watch(dir, opts, listener);
    fake = Object.assign(new EventEmitter(), {
      close: () => {
        real.close();
        fake!.closed = true;
      },
    });
    return fake as unknown as FSWatcher;
  }) as unknown as typeof watch;
  const reports = new EventEmitter();
  const stop = watchFileChanges(path, () => reports.emit('change'), failingWatch);
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    const missed = nextReport(reports);
    fake!.emit('error', new Error('EIO'));
    assert.equal(fake!.closed, true, 'the failed watch is closed');
    await missed;
    const polled = nextReport(reports);
    writeFileSync(path, JSON.stringify({ changed: true }));
    await polled; // seen by the stat check, every 2 s
  } finally {
    clearInterval(keepAlive);
    stop();
  }
});
