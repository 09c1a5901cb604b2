/**
 * Crash safety: a writer child process appends in a loop and is killed with SIGKILL at random
 * moments, 30 times (some before its first append of the round); after each kill the history is
 * reopened and must hold every sample the child had finished appending, in order, with at most the
 * sample in flight lost.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openHistory } from '../../../main/core/history/store.ts';
import { seeded, tmpDataDir } from './fixtures/tmp.ts';
import { BASE, STEP_MS, valueAt } from './fixtures/writer-constants.ts';

const WRITER = join(import.meta.dirname, 'fixtures', 'writer.ts');

/**
 * Runs the writer until a random moment after it started appending; returns where it started and
 * the last acknowledged index. Everything before `started` was stored (and checked) in earlier
 * rounds, so it counts as acknowledged even when the kill lands before this round's first "ok"
 * (a busy machine): then lastOk is started - 1, not -1.
 */
function runAndKill(dataDir: string, delayMs: number | 'before-first-append'): Promise<{ started: number; lastOk: number }> {
  return new Promise((resolve, reject) => {
    const hold = delayMs === 'before-first-append';
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, ...(hold ? ['hold'] : [])], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buffered = '';
    let started = -1;
    let lastOk = -1;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [word, n] = line.split(' ');
        if (word === 'ok') lastOk = Number(n);
        else if (word === 'start') {
          started = Number(n);
          lastOk = started - 1;
          if (hold) child.kill('SIGKILL');
          else setTimeout(() => child.kill('SIGKILL'), delayMs);
        } else reject(new Error(`writer said: ${line}`));
      }
    });
    child.on('error', reject);
    // 'close', not 'exit': only then has every "ok" the child wrote been read (on a busy machine
    // 'exit' can come first, and the last acknowledgements would be missed).
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${code}`));
      else resolve({ started, lastOk });
    });
  });
}

test('kill -9 at random moments, 30 times: earlier data intact, at most the last sample lost', async () => {
  const dataDir = tmpDataDir();
  const random = seeded(8);
  let expected = 0;
  // 30 rounds, and more (up to 300) while fewer than 300 samples are stored: on a busy machine a
  // round may end before the writer appended much, and the rollup check below needs a full bucket.
  for (let round = 0; round < 30 || (expected <= 300 && round < 300); round++) {
    // Every fifth round the kill lands before the writer's first append of the round.
    const { started, lastOk } = await runAndKill(dataDir, round % 5 === 4 ? 'before-first-append' : 5 + Math.floor(random() * 120));
    assert.ok(started >= 0, 'the writer started');
    assert.equal(started, expected, `round ${round}: the writer resumes right after the stored samples`);
    const lastT = BASE + (lastOk + 1) * STEP_MS;
    const store = await openHistory({ dataDir, now: () => lastT });
    assert.equal(store.mode, 'writer', `round ${round}: the stale lock of the killed writer is taken over`);
    // Everything stored, however far: a sample beyond the one in flight must fail the check below.
    const points = store.query('acct', BASE, lastT + 1_000_000 * STEP_MS, Number.MAX_SAFE_INTEGER).points;
    assert.ok(points.length >= lastOk + 1, `round ${round}: ${points.length} stored, ${lastOk + 1} acknowledged`);
    assert.ok(points.length <= lastOk + 2, `round ${round}: at most the sample in flight beyond the acknowledged ones`);
    points.forEach((p, i) => {
      if (p.t !== BASE + i * STEP_MS || p.current !== valueAt(i)) assert.fail(`round ${round}: sample ${i} is ${JSON.stringify(p)}`);
    });
    assert.deepEqual(store.warnings.filter((w) => w.includes('corrupt')), [], `round ${round}: no corrupt records`);
    expected = points.length;
    await store.close();
  }
  assert.ok(expected > 300, `enough samples were written (${expected})`);

  const store = await openHistory({ dataDir, now: () => BASE + (expected + 600) * STEP_MS });
  // Fewer points allowed than raw samples stored, so the query must answer from the 5-minute tier.
  const buckets = store.query('acct', BASE, BASE + expected * STEP_MS, Math.ceil(expected / 2));
  assert.equal(buckets.resolution, '5min');
  const size = 300;
  buckets.points.forEach((b, k) => {
    const first = k * size;
    const count = Math.min(size, expected - first);
    const values = Array.from({ length: count }, (_, j) => valueAt(first + j));
    assert.equal(b.t, BASE + first * STEP_MS);
    assert.equal(b.min, Math.min(...values), `bucket ${k} min`);
    assert.equal(b.max, Math.max(...values), `bucket ${k} max`);
  });
  await store.close();
});
