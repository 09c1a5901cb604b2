import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir, testCore, waitForState } from '../helpers/core.ts';
import { useSimulator } from '../helpers/simulator.ts';
import { createAccountService } from '../../main/core/accounts/service.ts';
import { openConfig } from '../../main/core/config/store.ts';
import { pendingNotices } from '../../main/core/notices/pending.ts';
import { getProvider } from '../../main/core/providers/registry.ts';
import { MemoryKeychain } from '../../main/core/secrets/keychain.ts';
import { createSecretStore } from '../../main/core/secrets/secret-store.ts';
import { closeLog, openLog } from '../../main/core/log/logger.ts';

const box = useSimulator();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('createCore', () => {
  test('demo mode: every simulated account polls ok, with history, stats and CSV', async () => {
    const { core, dispose } = await testCore({ demo: true });
    try {
      assert.ok(core.hasAccounts());
      await core.start();
      const state = await waitForState(core, (s) => s.accounts.length === 7 && s.accounts.every((a) => a.status === 'ok'));
      assert.deepEqual(new Set(state.accounts.map((a) => a.provider)), new Set(['retell', 'vobiz', 'puretalk', 'ultravox']));
      assert.ok(state.accounts.every((a) => a.demo));
      assert.ok(state.aggregate.worstUtilization !== null);
      const prod = state.accounts.find((a) => a.label.endsWith('Production'))!;
      const series = await core.api.getHistory(prod.id, '24h');
      assert.ok(series.points.length > 10, `points: ${series.points.length}`);
      const stats = await core.api.getStats(prod.id, '24h');
      assert.ok(stats.peak !== null && stats.peak > 0);
      // Ultravox history was backfilled from its usage endpoint at start (a new account: hourly buckets).
      const agents = state.accounts.find((a) => a.label.endsWith('Agents'))!;
      let backfilled = 0;
      for (let i = 0; i < 200 && backfilled < 20; i++) {
        backfilled = (await core.api.getHistory(agents.id, '24h')).points.length;
        if (backfilled < 20) await new Promise((r) => setTimeout(r, 25));
      }
      assert.ok(backfilled >= 20, `backfilled points: ${backfilled}`);
      // Backfilled after the first poll, so with the limit it reported: the limit line has no seam where the live polls begin.
      const limits = new Set((await core.api.getHistory(agents.id, '7d')).points.map((p) => p.limit));
      assert.deepEqual([...limits], [30]);
      const csv = await core.api.exportCsv(prod.id, '1h');
      assert.equal(csv.csv.split('\n')[0], 'time,current,limit,utilization,resolution');
      assert.match(csv.filename, /^headroom-demo-production-1h-\d{4}-\d\d-\d\d\.csv$/);
    } finally {
      await dispose();
    }
  });

  test('add, poll, alert, fail, remove with history deleted; the secret never reaches a file, a log or an output', async () => {
    const secret = 'sk_core_test_9f8e7d6c5b4a';
    const key = box.sim.addAccount('retell', { apiKey: secret }, { current: 19, limit: 20 });
    const { core, dir, sent, dispose } = await testCore();
    // The core logs like the app does, into this data dir: the file scans below cover the log.
    const logPath = openLog({ dataDir: dir, name: 'app' });
    const logged: string[] = [];
    const original = { error: console.error, warn: console.warn, log: console.log };
    for (const name of ['error', 'warn', 'log'] as const) console[name] = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
    const outputs: string[] = [];
    core.on('state', (s) => outputs.push(JSON.stringify(s)));
    core.on('alert', (a) => outputs.push(JSON.stringify(a)));
    try {
      assert.equal(core.hasAccounts(), false);
      await core.start();
      const view = await core.api.addAccount({ provider: 'retell', label: 'prod', fields: { apiKey: secret }, baseUrl: box.sim.baseUrls.retell });
      assert.equal(view.needsCredentials, false);
      assert.ok(!JSON.stringify(view).includes(secret));
      await waitForState(core, (s) => s.accounts[0]?.status === 'ok');
      await core.api.refreshNow(view.id);
      await core.api.refreshNow(view.id);
      assert.ok(sent.some((n) => n.accountId === view.id && /prod/.test(n.body)), JSON.stringify(sent));
      const log = await core.api.getAlertLog(view.id);
      assert.ok(log.length >= 1);
      box.sim.set(key, { current: 2 });
      await core.api.refreshNow(view.id);
      assert.ok((await core.api.getHistory(view.id, '1h')).points.length >= 3);
      box.sim.fail(key, { kind: 'status', status: 500 });
      await core.api.refreshNow(view.id);
      box.sim.fail(key, { kind: 'status', status: 401 });
      await core.api.refreshNow(view.id);
      box.sim.fail(key, null);
      await core.api.updateAccount(view.id, { fields: { apiKey: `${secret}_wrong` } }).catch((e: Error) => outputs.push(e.message));
      outputs.push(JSON.stringify(await core.api.testConnection({ id: view.id })), JSON.stringify(await core.api.listAccounts()), JSON.stringify(core.notices()));
      outputs.push(JSON.stringify(await core.api.getAlertLog()), (await core.api.exportCsv(view.id, '1h')).csv);
      assert.ok(outputs.some((o) => o.includes('credentials rejected')), 'the failures were seen');
      for (const text of [...logged, ...outputs]) assert.ok(!text.includes(secret), `secret found in: ${text.slice(0, 200)}`);
      for (const file of filesUnder(dir)) assert.ok(!readFileSync(file).toString('latin1').includes(secret), `secret found in ${file}`);
      const logText = readFileSync(logPath, 'utf8');
      assert.match(logText, /account 'prod' \(retell\): ok → error: .*HTTP 500.*\n.*error → error: .*credentials rejected/, 'the log saw the failures');
      await core.api.removeAccount(view.id, { deleteHistory: true });
      assert.equal(core.hasAccounts(), false);
      await assert.rejects(core.api.getHistory(view.id, '1h'), /no account/);
      for (const file of filesUnder(dir)) assert.ok(!readFileSync(file).toString('latin1').includes(secret), `secret found in ${file}`);
    } finally {
      Object.assign(console, original);
      closeLog();
      await dispose();
    }
  });

  test('wrong credentials are refused at add and nothing is saved', async () => {
    const { core, dispose } = await testCore();
    try {
      await assert.rejects(core.api.addAccount({ provider: 'ultravox', label: 'x', fields: { apiKey: 'nope' }, baseUrl: box.sim.baseUrls.ultravox }), /credentials rejected/);
      assert.equal(core.hasAccounts(), false);
    } finally {
      await dispose();
    }
  });

  test('settings changes reach listeners and persist', async () => {
    const dir = tempDir();
    const { core, dispose } = await testCore({ dataDir: dir });
    const seen: number[] = [];
    core.onSettingsChange((s) => seen.push(s.pollIntervalSec));
    await core.api.updateSettings({ pollIntervalSec: 45 });
    assert.deepEqual(seen, [45]);
    await dispose();
    const again = await testCore({ dataDir: dir });
    assert.equal(again.core.settings().pollIntervalSec, 45);
    await again.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a snooze is listed with its account, across a restart, until cleared', async () => {
    const dir = tempDir();
    const { core, dispose } = await testCore({ dataDir: dir, demo: true });
    const [first] = await core.api.listAccounts();
    assert.equal(first.snoozedUntil, null);
    const until = Date.now() + 3_600_000;
    await core.api.snooze(first.id, until);
    assert.equal((await core.api.listAccounts()).find((a) => a.id === first.id)?.snoozedUntil, until);
    await dispose();
    const again = await testCore({ dataDir: dir, demo: true });
    assert.equal((await again.core.api.listAccounts()).find((a) => a.id === first.id)?.snoozedUntil, until, 'kept in alerts.json');
    await again.core.api.snooze(first.id, null);
    assert.equal((await again.core.api.listAccounts()).find((a) => a.id === first.id)?.snoozedUntil, null);
    await again.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('notification failures reach the window', () => {
  test('a test notification that cannot be shown raises a notice, a later success clears it', async () => {
    let failing = true;
    const { core, dispose } = await testCore({ notifier: { notify: async () => { if (failing) throw new Error('no notification service is running on the desktop session'); } } });
    const seen: string[][] = [];
    core.on('notices', (list) => seen.push(list.map((n) => n.message)));
    try {
      const event = await core.api.sendTestNotification();
      assert.equal(event.delivered, false);
      assert.match((await core.api.getNotices()).map((n) => n.message).join(), /Notifications can't be shown: no notification service/);
      failing = false;
      assert.equal((await core.api.sendTestNotification()).delivered, true);
      assert.deepEqual(await core.api.getNotices(), []);
      assert.equal(seen.length, 2, 'one notices event when it broke, one when it recovered');
    } finally {
      await dispose();
    }
  });
});

describe('accounts changed by another process', () => {
  test('an account written to config.json by the CLI is polled by a running core', async () => {
    const dir = tempDir();
    box.sim.addAccount('ultravox', { apiKey: 'uv_cli_live' }, { current: 4, limit: 9 });
    const keychain = new MemoryKeychain();
    const { core, dispose } = await testCore({ dataDir: dir, keychain });
    try {
      await core.start();
      const other = createAccountService({ config: openConfig({ dataDir: dir }), secrets: createSecretStore(keychain), probe: (p, c, baseUrl) => getProvider(p).fetch(c, { baseUrl }) });
      await other.add({ provider: 'ultravox', label: 'from the CLI', fields: { apiKey: 'uv_cli_live' }, baseUrl: box.sim.baseUrls.ultravox });
      const state = await waitForState(core, (s) => s.accounts.some((a) => a.label === 'from the CLI' && a.status === 'ok'));
      assert.equal(state.accounts.find((a) => a.label === 'from the CLI')?.snapshot?.current, 4);
    } finally {
      await dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('notices about repaired files', () => {
  test('kept in the data dir until the window says it showed them; then still listed while the core runs', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), '{"configVersion":1,"accounts":[');
    const { core, dispose } = await testCore({ dataDir: dir, poll: false });
    try {
      const [notice] = core.pendingNotices();
      assert.match(notice.message, /Your settings file had problems/);
      assert.deepEqual(core.notices().filter((n) => n.id === notice.id), [notice], 'the window lists it');
      const emitted: string[][] = [];
      core.on('notices', (list) => emitted.push(list.map((n) => n.id)));
      await core.api.noticeSeen('keychain'); // not a pending one: nothing happens
      assert.deepEqual(pendingNotices(dir), [notice]);
      await core.api.noticeSeen(notice.id);
      assert.deepEqual(pendingNotices(dir), [], 'seen: no longer kept for later');
      assert.deepEqual(core.pendingNotices(), []);
      assert.ok(core.notices().some((n) => n.id === notice.id), 'still on screen while this core runs');
      assert.deepEqual(emitted, [], 'the list did not change, so no event');
    } finally {
      await dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
