import assert from 'node:assert/strict';
import Conf from 'conf';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openConfig, type StoreClass } from '../../../main/core/config/store.ts';
import { CONFIG_VERSION, MIGRATIONS } from '../../../main/core/config/migrations.ts';
import { DEFAULT_SETTINGS } from '../../../main/model/settings.ts';
import type { Account } from '../../../main/model/account.ts';
import { tempDir } from '../../helpers/core.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

const account = (id: string, label: string): Account => ({ id, provider: 'retell', label, fields: {}, enabled: true, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
const fileOf = (d: string) => JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'));
const backupsIn = (d: string) => readdirSync(d).filter((f) => f.startsWith('config.corrupt-'));

describe('config', () => {
  test('defaults, accounts round trip through the file, onChange', () => {
    const d = dir();
    const c = openConfig({ dataDir: d });
    assert.deepEqual(c.settings(), DEFAULT_SETTINGS);
    assert.deepEqual(c.accounts(), []);
    let changes = 0;
    const off = c.onChange(() => changes++);
    c.saveAccount(account('a1', 'prod'));
    c.saveAccount({ ...account('a1', 'production') });
    c.saveAccount(account('a2', 'staging'));
    c.deleteAccount('a2');
    c.deleteAccount('no-such-id');
    off();
    c.saveAccount(account('a3', 'after off'));
    assert.equal(changes, 4, 'one change per write that changed something, none after unsubscribing');
    const again = openConfig({ dataDir: d });
    assert.deepEqual(again.accounts().map((a) => a.label), ['production', 'after off']);
    assert.equal(fileOf(d).configVersion, CONFIG_VERSION);
    assert.equal(statSync(join(d, 'config.json')).mode & 0o077, 0, 'config.json is private to the user');
    assert.deepEqual(again.notices(), []);
  });

  test('settings: patches deep-merge alerts and quiet hours, are validated, persist', () => {
    const d = dir();
    const c = openConfig({ dataDir: d });
    assert.throws(() => c.updateSettings({ pollIntervalSec: 5 }), (e: Error & { code?: string }) => e.code === 'invalid-argument' && /pollIntervalSec/.test(e.message));
    assert.throws(() => c.updateSettings({ alerts: { warnPct: 99 } }), /warnPct must be below criticalPct/);
    assert.throws(() => c.updateSettings({ alerts: { quietHours: { start: '25:00' } } }), /start/);
    assert.throws(() => c.updateSettings({ theme: 'purple' } as never), /theme/);
    assert.throws(() => c.updateSettings({ bogus: 1 } as never), /unknown key 'bogus'/);
    assert.deepEqual(c.settings(), DEFAULT_SETTINGS, 'a refused patch changes nothing');
    const next = c.updateSettings({ pollIntervalSec: 60, theme: 'dark', alerts: { warnPct: 70, quietHours: { enabled: true } } });
    assert.equal(next.alerts.warnPct, 70);
    assert.equal(next.alerts.criticalPct, DEFAULT_SETTINGS.alerts.criticalPct, 'untouched alert fields stay');
    assert.deepEqual(next.alerts.quietHours, { ...DEFAULT_SETTINGS.alerts.quietHours, enabled: true });
    c.updateSettings({ alerts: { warnPct: 96, criticalPct: 98 } });
    const again = openConfig({ dataDir: d }).settings();
    assert.equal(again.pollIntervalSec, 60);
    assert.equal(again.theme, 'dark');
    assert.deepEqual([again.alerts.warnPct, again.alerts.criticalPct, again.alerts.quietHours.enabled], [96, 98, true]);
  });

  test('a hand-written version-0 file is migrated without a notice', () => {
    const d = dir();
    assert.ok(MIGRATIONS[1], 'the v1 baseline migration exists');
    writeFileSync(join(d, 'config.json'), JSON.stringify({ pollInterval: 45, accountList: [account('old', 'legacy')] }));
    const c = openConfig({ dataDir: d });
    assert.equal(c.settings().pollIntervalSec, 45);
    assert.deepEqual(c.accounts().map((a) => a.id), ['old']);
    assert.deepEqual(c.notices(), []);
    assert.equal(fileOf(d).configVersion, CONFIG_VERSION);
    assert.equal(fileOf(d).accountList, undefined);
    assert.deepEqual(backupsIn(d), []);
  });

  test('a file from an older Headroom missing newer settings is filled from defaults, no notice', () => {
    const d = dir();
    const { burstAlert: _b, quietHours: _q, ...olderAlerts } = DEFAULT_SETTINGS.alerts;
    writeFileSync(join(d, 'config.json'), JSON.stringify({ configVersion: 1, settings: { pollIntervalSec: 20, alerts: { ...olderAlerts, warnPct: 75 } }, accounts: [] }));
    const c = openConfig({ dataDir: d });
    assert.deepEqual(c.notices(), []);
    assert.equal(c.settings().alerts.warnPct, 75);
    assert.equal(c.settings().alerts.burstAlert, DEFAULT_SETTINGS.alerts.burstAlert);
    assert.deepEqual(c.settings().alerts.quietHours, DEFAULT_SETTINGS.alerts.quietHours);
  });

  test('the store class is pluggable with conf options (electron-store takes the same)', () => {
    const d = dir();
    const seen: Record<string, unknown>[] = [];
    class Recording extends (Conf as unknown as StoreClass) {
      constructor(options: Record<string, unknown>) {
        seen.push(options);
        super(options);
      }
    }
    const c = openConfig({ dataDir: d, StoreClass: Recording });
    c.saveAccount(account('s1', 'via subclass'));
    assert.equal(seen.length, 1);
    assert.equal(seen[0].cwd, d);
    assert.equal(seen[0].configName, 'config');
    assert.equal(seen[0].name, 'config', 'electron-store reads the file name from `name`');
    assert.equal(c.path, join(d, 'config.json'));
    assert.deepEqual(openConfig({ dataDir: d }).accounts().map((a) => a.label), ['via subclass']);
  });

  test('watch: a change another process makes to the file is reported (the CLI editing accounts while the app runs)', async () => {
    const d = dir();
    const app = openConfig({ dataDir: d, watch: true });
    let own = 0;
    const off = app.onChange(() => own++);
    app.saveAccount(account('w0', 'own write'));
    assert.equal(own, 1, 'an own write is reported once');
    off();
    // conf's watcher doesn't hold the event loop open (the app's does); this timer does, and fails a lost change.
    let timer: NodeJS.Timeout | undefined;
    const seen = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error('the outside change was not reported within 15 s')), 15_000);
      app.onChange(resolve);
    });
    openConfig({ dataDir: d }).saveAccount(account('w1', 'from the cli'));
    await seen.finally(() => clearTimeout(timer));
    assert.deepEqual(app.accounts().map((a) => a.label), ['own write', 'from the cli']);
    app.close();
  });

  test('watch: the same bytes written again are not a change; a file broken mid-edit or not fitting the shape keeps the last good accounts', async () => {
    const d = dir();
    const app = openConfig({ dataDir: d, watch: true });
    app.saveAccount(account('w0', 'first'));
    const file = readFileSync(app.path, 'utf8');
    const reports: string[][] = [];
    app.onChange(() => reports.push(app.accounts().map((a) => a.label)));
    const keepAlive = setTimeout(() => undefined, 60_000); // the watch itself does not hold the loop open
    const until = async (done: () => boolean, what: string) => {
      for (let waited = 0; !done(); waited += 50) {
        if (waited > 15_000) throw new Error(`${what} within 15 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      writeFileSync(app.path, file);
      writeFileSync(app.path, '{"accounts": [');
      // JSON, but not a config (a hand edit naming a provider there is none of): not taken either.
      writeFileSync(app.path, file.replace('"retell"', '"twilio"'));
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(reports, [], 'neither the same bytes nor a broken file is reported');
      assert.deepEqual(app.accounts().map((a) => a.label), ['first']);
      const fixed = JSON.parse(file) as { accounts: Account[] };
      fixed.accounts.push(account('w1', 'second'));
      writeFileSync(app.path, JSON.stringify(fixed));
      await until(() => reports.length > 0, 'the good write was not reported');
      assert.deepEqual(reports, [['first', 'second']]);
    } finally {
      clearTimeout(keepAlive);
      app.close();
    }
  });

  test('a write refused because the file broke meanwhile keeps answering from what was read', () => {
    const d = dir();
    const app = openConfig({ dataDir: d });
    app.saveAccount(account('k0', 'kept'));
    writeFileSync(app.path, '{"accounts": [');
    assert.throws(() => app.updateSettings({ badgeMode: 'total' }));
    assert.deepEqual(app.accounts().map((a) => a.label), ['kept']);
    assert.equal(app.settings().badgeMode, DEFAULT_SETTINGS.badgeMode);
    app.close();
  });

  test('a write that would not make a valid file is refused, and nothing is written', () => {
    const d = dir();
    const app = openConfig({ dataDir: d });
    app.saveAccount(account('s0', 'kept'));
    const good = readFileSync(app.path, 'utf8');
    // Checked as the whole file it would make, with the model's schemas.
    assert.throws(() => app.saveAccount({ ...account('s1', 'x'), provider: 'twilio' } as unknown as Account), /not saved, accounts: accounts\.1\.provider /);
    assert.equal(readFileSync(app.path, 'utf8'), good);
    assert.deepEqual(app.accounts().map((a) => a.label), ['kept']);
    app.close();
  });

  const bad = { id: 'b', provider: 'twilio', label: 'bad' };
  const noTimes = { id: 'n1', provider: 'vobiz', label: 'no times', fields: { authId: 'MA_1' } };
  const corrupt: Array<[string, string, string[]]> = [
    ['invalid JSON', '{"accounts": [', []],
    ['truncated mid-write: the complete accounts are kept', JSON.stringify({ configVersion: 1, accounts: [account('t1', 'one {"}'), account('t2', 'two'), account('t3', 'three')] }, null, 2).slice(0, -60), ['one {"}', 'two']],
    ['a stray edit breaks the JSON after the accounts', JSON.stringify({ configVersion: 1, accounts: [account('t1', 'one')], settings: { theme: 'dark' } }).replace('"theme"', 'theme'), ['one']],
    ['not an object', '[1,2,3]', []],
    ['accounts not an array', JSON.stringify({ configVersion: 1, accounts: 7 }), []],
    ['accounts an object of accounts', JSON.stringify({ configVersion: 1, accounts: { x: account('o1', 'from object') } }), ['from object']],
    ['one bad account among good ones', JSON.stringify({ configVersion: 1, accounts: [account('g1', 'one'), bad, account('g2', 'two'), 'junk'] }), ['one', 'two']],
    ['an account with missing fields is kept, filled in', JSON.stringify({ configVersion: 1, accounts: [noTimes, { provider: 'retell', label: 'no id', enabled: 'yes' }] }), ['no times', 'no id']],
    ['an account with a broken optional setting keeps the rest', JSON.stringify({ configVersion: 1, accounts: [{ ...account('p1', 'poll'), pollIntervalSec: 1, baseUrl: 'not a url', extra: true }] }), ['poll']],
    ['duplicate labels and ids are renamed, not dropped', JSON.stringify({ configVersion: 1, accounts: [account('d1', 'one'), account('d2', 'ONE'), account('d1', 'other')] }), ['one', 'ONE (2)', 'other']],
    ['bad setting values', JSON.stringify({ configVersion: 1, settings: { pollIntervalSec: 'fast', theme: 'purple', badgeMode: 'total', alerts: { warnPct: 'x', criticalPct: 90, quietHours: { start: '7am', end: '06:00' } } }, accounts: [account('g1', 'one')] }), ['one']],
    ['settings not an object', JSON.stringify({ configVersion: 1, settings: 'loud', accounts: [account('g1', 'one')] }), ['one']],
  ];
  for (const [name, content, labels] of corrupt) {
    test(`corrupt file (${name}): backed up beside itself, readable accounts kept, a notice, no crash`, () => {
      const d = dir();
      writeFileSync(join(d, 'config.json'), content);
      const c = openConfig({ dataDir: d, now: () => Date.parse('2026-03-04T05:06:07.089Z') });
      assert.deepEqual(c.accounts().map((a) => a.label), labels);
      assert.deepEqual(backupsIn(d), ['config.corrupt-2026-03-04T05-06-07-089Z.json']);
      assert.equal(readFileSync(join(d, backupsIn(d)[0]), 'utf8'), content, 'the backup is the original, byte for byte');
      assert.equal(c.notices().length, 1);
      assert.equal(c.notices()[0].level, 'warn');
      assert.match(c.notices()[0].message, new RegExp(`backed up to .*config\\.corrupt-.*kept ${labels.length} account`));
      assert.equal(new Set(c.accounts().map((a) => a.id)).size, labels.length, 'ids are unique');
      const again = openConfig({ dataDir: d });
      assert.equal(backupsIn(d).length, 1, 'the repaired file opens cleanly');
      assert.deepEqual(again.notices(), c.notices(), 'the notice waits until a person has seen it');
      again.noticesSeen(again.notices().map((n) => n.id));
      assert.deepEqual(openConfig({ dataDir: d }).notices(), [], 'seen: not shown again');
    });
  }

  test('repair details: what was filled in, dropped or reset is kept or said', () => {
    const d = dir();
    writeFileSync(join(d, 'config.json'), corrupt.find(([n]) => n.startsWith('an account with missing'))![1]);
    const c = openConfig({ dataDir: d, now: () => Date.parse('2026-03-04T00:00:00.000Z') });
    const [noTimesKept, noId] = c.accounts();
    assert.deepEqual(noTimesKept, { ...noTimes, enabled: true, createdAt: '2026-03-04T00:00:00.000Z', updatedAt: '2026-03-04T00:00:00.000Z' });
    assert.match(noId.id, /^[0-9a-f-]{36}$/);
    assert.equal(noId.enabled, true);
    assert.match(c.notices()[0].message, /'no id': filled in its id \(enter its credentials again\), fields, enabled, createdAt, updatedAt/);

    const s = dir();
    writeFileSync(join(s, 'config.json'), corrupt.find(([n]) => n === 'bad setting values')![1]);
    const settings = openConfig({ dataDir: s }).settings();
    assert.equal(settings.pollIntervalSec, DEFAULT_SETTINGS.pollIntervalSec);
    assert.equal(settings.theme, DEFAULT_SETTINGS.theme);
    assert.equal(settings.badgeMode, 'total', 'valid settings survive');
    assert.equal(settings.alerts.warnPct, DEFAULT_SETTINGS.alerts.warnPct);
    assert.equal(settings.alerts.criticalPct, 90, 'a valid alert field survives beside an invalid one');
    assert.equal(settings.alerts.quietHours.start, DEFAULT_SETTINGS.alerts.quietHours.start);
    assert.equal(settings.alerts.quietHours.end, '06:00');

    const p = dir();
    writeFileSync(join(p, 'config.json'), corrupt.find(([n]) => n.startsWith('an account with a broken optional'))![1]);
    const [poll] = openConfig({ dataDir: p }).accounts();
    assert.deepEqual(poll, account('p1', 'poll'));
  });

  const saved = () => ({ configVersion: CONFIG_VERSION, settings: { ...DEFAULT_SETTINGS, pollIntervalSec: 120, theme: 'dark' }, accounts: [account('k1', 'kept one'), account('k2', 'kept two')] });

  test('a UTF-8 byte order mark (an editor) is read past: every setting and account kept, no notice, conf reads the file', () => {
    const d = dir();
    writeFileSync(join(d, 'config.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(saved(), null, 2))]));
    const c = openConfig({ dataDir: d });
    assert.equal(c.settings().pollIntervalSec, 120);
    assert.equal(c.settings().theme, 'dark');
    assert.deepEqual(c.accounts().map((a) => a.label), ['kept one', 'kept two']);
    assert.deepEqual(c.notices(), []);
    assert.deepEqual(backupsIn(d), []);
    assert.notEqual(readFileSync(join(d, 'config.json'))[0], 0xef, 'written back without the mark');
    c.updateSettings({ pollIntervalSec: 90 });
    assert.equal(openConfig({ dataDir: d }).settings().pollIntervalSec, 90);
  });

  test('NUL bytes at the end (an interrupted write) are cut: every setting and account kept, the original backed up, a notice', () => {
    const d = dir();
    const text = JSON.stringify(saved(), null, 2);
    writeFileSync(join(d, 'config.json'), Buffer.concat([Buffer.from(text), Buffer.from('\n'), Buffer.alloc(37)]));
    const c = openConfig({ dataDir: d });
    assert.equal(c.settings().pollIntervalSec, 120);
    assert.equal(c.settings().theme, 'dark');
    assert.deepEqual(c.accounts().map((a) => a.label), ['kept one', 'kept two']);
    assert.equal(c.notices().length, 1);
    assert.match(c.notices()[0].message, /ended in 37 NUL bytes.*backed up to .*config\.corrupt-.*kept 2 accounts/);
    assert.equal(readFileSync(join(d, backupsIn(d)[0])).length, text.length + 38, 'the backup is the original');
    assert.ok(!readFileSync(join(d, 'config.json')).includes(0), 'the file no longer holds NUL bytes');
  });

  test('a BOM and NULs together, and a file of NULs only', () => {
    const d = dir();
    writeFileSync(join(d, 'config.json'), Buffer.concat([Buffer.from('\ufeff' + JSON.stringify(saved())), Buffer.alloc(5)]));
    assert.deepEqual(openConfig({ dataDir: d }).accounts().map((a) => a.label), ['kept one', 'kept two']);
    const z = dir();
    writeFileSync(join(z, 'config.json'), Buffer.alloc(4096));
    const c = openConfig({ dataDir: z });
    assert.deepEqual(c.settings(), DEFAULT_SETTINGS, 'nothing to read: defaults');
    assert.match(c.notices()[0].message, /4096 NUL bytes/);
  });

  test('repair notices are kept in the data dir (mode 0600) until seen, whichever process opened the damaged file', () => {
    const d = dir();
    writeFileSync(join(d, 'config.json'), '{"accounts": [');
    const first = openConfig({ dataDir: d });
    const [notice] = first.notices();
    assert.match(notice.id, /^config-repaired-/);
    assert.equal(statSync(join(d, 'notices.json')).mode & 0o077, 0);
    const second = openConfig({ dataDir: d });
    assert.deepEqual(second.notices(), [notice], 'another process sees the notice the first one produced');
    second.noticesSeen(['unrelated']);
    assert.deepEqual(first.notices(), [notice]);
    second.noticesSeen([notice.id]);
    assert.deepEqual(first.notices(), [], 'seen once: gone for every process');
    assert.equal(readdirSync(d).includes('notices.json'), false, 'no empty file left behind');
  });

  test('a file from a newer Headroom is backed up before it is read as this version', () => {
    const d = dir();
    writeFileSync(join(d, 'config.json'), JSON.stringify({ configVersion: CONFIG_VERSION + 1, accounts: [account('f1', 'future')] }));
    const c = openConfig({ dataDir: d });
    assert.deepEqual(c.accounts().map((a) => a.label), ['future']);
    assert.match(c.notices()[0].message, /newer Headroom/);
    assert.equal(backupsIn(d).length, 1);
  });
});
