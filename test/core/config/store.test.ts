import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openConfig } from '../../../main/core/config/store.ts';
import { CONFIG_VERSION } from '../../../main/core/config/migrations.ts';
import { DEFAULT_SETTINGS } from '../../../main/core/settings/types.ts';
import type { Account } from '../../../main/core/accounts/types.ts';
import { tempDir } from '../../helpers/core.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

const account = (id: string, label: string): Account => ({ id, provider: 'retell', label, fields: {}, enabled: true, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });

describe('config', () => {
  test('defaults, settings validation, accounts round trip through the file', () => {
    const d = dir();
    const c = openConfig({ dataDir: d });
    assert.deepEqual(c.settings(), DEFAULT_SETTINGS);
    assert.deepEqual(c.accounts(), []);
    assert.throws(() => c.updateSettings({ pollIntervalSec: 5 }), /pollIntervalSec/);
    assert.throws(() => c.updateSettings({ alerts: { ...DEFAULT_SETTINGS.alerts, warnPct: 99 } }), /warnPct must be below criticalPct/);
    c.updateSettings({ pollIntervalSec: 60, theme: 'dark' });
    c.saveAccount(account('a1', 'prod'));
    c.saveAccount({ ...account('a1', 'production') });
    const again = openConfig({ dataDir: d });
    assert.equal(again.settings().pollIntervalSec, 60);
    assert.equal(again.settings().theme, 'dark');
    assert.deepEqual(again.accounts().map((a) => a.label), ['production']);
    const file = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'));
    assert.equal(file.configVersion, CONFIG_VERSION);
    assert.deepEqual(again.notices(), []);
  });

  test('a version-0 file is migrated without a notice', () => {
    const d = dir();
    writeFileSync(join(d, 'config.json'), JSON.stringify({ pollInterval: 45, accountList: [account('old', 'legacy')] }));
    const c = openConfig({ dataDir: d });
    assert.equal(c.settings().pollIntervalSec, 45);
    assert.deepEqual(c.accounts().map((a) => a.id), ['old']);
    assert.deepEqual(c.notices(), []);
    assert.equal(JSON.parse(readFileSync(join(d, 'config.json'), 'utf8')).configVersion, CONFIG_VERSION);
  });

  const corrupt: Array<[string, string, number]> = [
    ['invalid JSON', '{"accounts": [', 0],
    ['truncated mid-write: the complete accounts are kept', JSON.stringify({ configVersion: 1, accounts: [account('t1', 'one {"}'), account('t2', 'two'), account('t3', 'three')] }, null, 2).slice(0, -60), 2],
    ['a stray edit breaks the JSON after the accounts', JSON.stringify({ configVersion: 1, accounts: [account('t1', 'one')], settings: { theme: 'dark' } }).replace('"theme"', 'theme'), 1],
    ['not an object', '[1,2,3]', 0],
    ['accounts not an array', JSON.stringify({ configVersion: 1, accounts: { a: 1 } }), 0],
    ['one bad account among good ones', JSON.stringify({ configVersion: 1, accounts: [account('g1', 'one'), { id: 'b', provider: 'twilio' }, account('g2', 'two'), account('g3', 'ONE')] }), 2],
    ['bad setting values', JSON.stringify({ configVersion: 1, settings: { pollIntervalSec: 'fast', theme: 'purple', badgeMode: 'total' }, accounts: [account('g1', 'one')] }), 1],
  ];
  for (const [name, content, kept] of corrupt) {
    test(`corrupt file (${name}): backed up beside itself, readable accounts kept, a notice, no crash`, () => {
      const d = dir();
      writeFileSync(join(d, 'config.json'), content);
      const c = openConfig({ dataDir: d });
      assert.equal(c.accounts().length, kept);
      const backups = readdirSync(d).filter((f) => f.startsWith('config.corrupt-'));
      assert.equal(backups.length, 1);
      assert.equal(readFileSync(join(d, backups[0]), 'utf8'), content, 'the backup is the original, byte for byte');
      assert.equal(c.notices().length, 1);
      assert.match(c.notices()[0].message, /backed up to .*config\.corrupt-/);
      if (name === 'bad setting values') {
        assert.equal(c.settings().pollIntervalSec, 30);
        assert.equal(c.settings().badgeMode, 'total', 'valid settings survive');
      }
      assert.deepEqual(openConfig({ dataDir: d }).notices(), [], 'the repaired file opens cleanly');
    });
  }
});
