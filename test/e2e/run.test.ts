// The e2e runner skips with one clear line where no Electron binary exists (as on this CI box).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const runner = join(root, 'test', 'e2e', 'run.mjs');

function run(env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [runner], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, lines: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

test('an ELECTRON_OVERRIDE_DIST_PATH without a binary: skipped, one line saying so, exit 0', () => {
  const empty = mkdtempSync(join(tmpdir(), 'headroom-no-electron-'));
  try {
    const { status, lines } = run({ ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty });
    assert.equal(status, 0);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^electron e2e: skipped \(ELECTRON_OVERRIDE_DIST_PATH has no .*electron/i);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('no Electron binary at all: the exact skip line, exit 0', (t) => {
  if (existsSync(join(root, 'node_modules', 'electron', 'dist'))) return t.skip('an Electron binary is installed here');
  const env = { ...process.env };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  const { status, lines } = run(env);
  assert.equal(status, 0);
  assert.deepEqual(lines, ['electron e2e: skipped (no Electron binary; set ELECTRON_OVERRIDE_DIST_PATH)']);
});

test('asked by test/run.sh, a skip exits with the status it gave, so the summary can say "skipped"', () => {
  const empty = mkdtempSync(join(tmpdir(), 'headroom-no-electron-'));
  try {
    const { status, lines } = run({ ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty, HEADROOM_TEST_SKIP_STATUS: '77' });
    assert.equal(status, 77);
    assert.match(lines[0], /^electron e2e: skipped/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
