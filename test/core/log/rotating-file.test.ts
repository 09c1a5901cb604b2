import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RotatingFile, rotatedPath } from '../../../main/core/log/rotating-file.ts';
import { tempDir } from '../../helpers/core.ts';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

test('appends lines, creating the folder (0700) and the file (0600)', () => {
  const path = join(dir, 'a', 'logs', 'watch.log');
  const file = new RotatingFile({ path, maxBytes: 1000, keep: 2 });
  file.append('one\n');
  file.append('two\n');
  assert.equal(readFileSync(path, 'utf8'), 'one\ntwo\n');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'a', 'logs')).mode & 0o777, 0o700);
});

test('never grows past its cap: rotates to .1.log, .2.log, and drops the oldest', () => {
  const path = join(dir, 'b', 'app.log');
  const file = new RotatingFile({ path, maxBytes: 100, keep: 2 });
  const line = (i: number) => `line ${String(i).padStart(3, '0')} ${'x'.repeat(30)}\n`; // 40 bytes
  for (let i = 0; i < 20; i++) file.append(line(i));
  assert.deepEqual(readdirSync(join(dir, 'b')).sort(), ['app.1.log', 'app.2.log', 'app.log']);
  for (const f of readdirSync(join(dir, 'b'))) assert.ok(statSync(join(dir, 'b', f)).size <= 100, f);
  // Newest in app.log, the two before in app.1.log then app.2.log; older ones are gone.
  assert.equal(readFileSync(path, 'utf8'), line(18) + line(19));
  assert.equal(readFileSync(rotatedPath(path, 1), 'utf8'), line(16) + line(17));
  assert.equal(readFileSync(rotatedPath(path, 2), 'utf8'), line(14) + line(15));
  assert.equal(existsSync(rotatedPath(path, 3)), false);
});

test('rotated names keep the .log extension', () => {
  assert.equal(rotatedPath('/d/logs/serve.log', 3), '/d/logs/serve.3.log');
  assert.equal(rotatedPath('/d/logs/odd', 1), '/d/logs/odd.1');
});
