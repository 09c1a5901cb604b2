// Notices about repaired files wait in the data dir until a person has seen them: a command that
// opened the damaged file without showing anything (history export) does not use them up; the
// next `headroom status` prints them once. Run as child processes of bin/headroom.cjs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'headroom-notices-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function headroom(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin', 'headroom.cjs'), ...args], { env: { ...process.env, HEADROOM_DATA_DIR: dir } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const account = { id: 'acct-1', provider: 'ultravox', label: 'kept', fields: {}, enabled: false, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
const event = { id: 'e1', at: 1, accountId: 'acct-1', accountLabel: 'kept', type: 'warn', title: 'Headroom', body: 'x', delivered: true };

test('a repair notice is kept until `headroom status` has printed it, then printed no more', async () => {
  // A settings file cut off mid-write, and alert memory with a malformed entry.
  writeFileSync(join(dir, 'config.json'), `{"configVersion":1,"accounts":[${JSON.stringify(account)},{"id":"half`);
  writeFileSync(join(dir, 'alerts.json'), JSON.stringify({ version: 1, memory: { 'acct-1': { levels: 7 } }, log: [event] }));

  const exported = await headroom(['history', 'export', 'kept']);
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(exported.stderr, '', 'history export shows no notices');
  assert.ok(readdirSync(dir).some((f) => f.startsWith('config.corrupt-')), 'it did repair the file');
  assert.ok(existsSync(join(dir, 'notices.json')), 'the notice waits in the data dir');

  const status = await headroom(['status']);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /no enabled accounts/);
  assert.match(status.stderr, /^headroom: Your settings file had problems \(the file is not valid JSON\)\. The original was backed up to .*config\.corrupt-.*\.json; Headroom kept 1 account/m);
  assert.match(status.stderr, /^headroom: The alert memory had malformed entries: the alert state of 1 account was reset\. The original was kept at .*alerts\.corrupt-.*\.json\.$/m);

  const again = await headroom(['status']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stderr, '', 'seen once: not printed again');
  assert.equal(existsSync(join(dir, 'notices.json')), false);
});
