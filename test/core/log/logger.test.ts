import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, beforeEach, test } from 'node:test';
import { closeLog, detailsInLog, log, logFilePath, openLog, rememberSecret, setLogEcho } from '../../../main/core/log/logger.ts';
import { tempDir } from '../../helpers/core.ts';

const dir = tempDir();
let echoed: string[] = [];
beforeEach(() => {
  echoed = [];
  setLogEcho((line) => void echoed.push(line));
});
after(() => {
  closeLog();
  rmSync(dir, { recursive: true, force: true });
});

test('without an open log: warnings and errors go to stderr only, and nothing names a file', () => {
  closeLog();
  log.info('quiet');
  log.warn('careful', new Error('why'));
  assert.deepEqual(echoed, ['headroom: careful: why\n']);
  assert.equal(logFilePath(), null);
  assert.equal(detailsInLog(), null);
});

test('<data dir>/logs/<host>.log: one timestamped line per entry, stacks indented, info not echoed', () => {
  const path = openLog({ dataDir: dir, name: 'watch' });
  assert.equal(path, join(dir, 'logs', 'watch.log'));
  assert.equal(detailsInLog(), `details are in the log: ${path}`);
  log.info('started');
  log.error('alert evaluation failed', new Error('boom'));
  log.record('warn', 'told elsewhere');
  const text = readFileSync(path, 'utf8');
  assert.match(text, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\[${process.pid}\\] INFO started\\n`));
  assert.match(text, /ERROR alert evaluation failed\n {4}Error: boom\n {8}at /);
  assert.match(text, /WARN told elsewhere\n$/);
  assert.deepEqual(echoed, ['headroom: alert evaluation failed: boom\n']);
});

test('a remembered secret never reaches the file or stderr, even if a message quotes it', () => {
  const path = openLog({ dataDir: dir, name: 'secrets' });
  rememberSecret('sk_log_secret_Q9w8E7r6');
  rememberSecret('abc'); // too short to be a credential: not remembered (it would blank out words)
  log.error('provider said: bad key sk_log_secret_Q9w8E7r6 (abc)', new Error('echo sk_log_secret_Q9w8E7r6'));
  const text = readFileSync(path, 'utf8');
  assert.doesNotMatch(text + echoed.join(''), /sk_log_secret_Q9w8E7r6/);
  assert.match(text, /bad key \[secret\] \(abc\)/);
});

test('control, escape and bidi characters are replaced; lines stay lines', () => {
  const path = openLog({ dataDir: dir, name: 'controls' });
  log.info('a\u001b[31mred\u0007 \u202eevil\r');
  assert.match(readFileSync(path, 'utf8'), /INFO a\uFFFD\[31mred\uFFFD \uFFFDevil\uFFFD\n$/);
});

test('a log that cannot be written is said once on stderr, then skipped', () => {
  const blocked = join(dir, 'blocked');
  writeFileSync(blocked, 'a file where the data dir should be');
  openLog({ dataDir: blocked, name: 'app' });
  log.warn('first');
  log.warn('second');
  assert.equal(echoed.filter((l) => l.includes('could not write the log')).length, 1);
  assert.equal(logFilePath(), null);
});
