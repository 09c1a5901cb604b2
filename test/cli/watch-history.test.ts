import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { parseWhen } from '../../main/cli/commands/history.ts';
import { openHistory } from '../../main/core/history/store.ts';
import { openConfig } from '../../main/core/config/store.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/core.ts';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

describe('headroom watch', () => {
  test('--json --demo prints one state line per account, then stops cleanly on interrupt', async () => {
    let interrupt!: () => void;
    const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
    /** Accounts with an ok state line so far (only whole lines). */
    const okAccounts = (out: string) =>
      new Set(
        out
          .split('\n')
          .slice(0, -1)
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .filter((l) => l.type === 'state' && l.status === 'ok')
          .map((l) => l.account),
      ).size;
    // Interrupt once every demo account (7) has printed an ok line; the guard only ends a hung run.
    const guard = setTimeout(interrupt, 120_000);
    const started = Date.now();
    const running = runCli(['watch', '--json', '--demo', '--no-notify'], { env: { HEADROOM_DATA_DIR: dir }, interrupted, onStdout: (out) => okAccounts(out) >= 7 && interrupt() });
    let lines: Array<Record<string, unknown>> = [];
    const r = await running.finally(() => clearTimeout(guard));
    assert.equal(r.code, 0, r.stderr);
    lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const states = lines.filter((l) => l.type === 'state');
    const ok = states.filter((l) => l.status === 'ok');
    assert.ok(ok.length >= 7, `ok lines: ${ok.length} after ${Date.now() - started} ms`);
    for (const l of ok) {
      assert.deepEqual(Object.keys(l), ['type', 'time', 'account', 'provider', 'status', 'level', 'freshness', 'current', 'limit', 'utilization', 'message']);
      assert.equal(typeof l.current, 'number');
    }
    assert.ok(ok.some((l) => l.limit === null && l.utilization === null), 'the uncapped Ultravox account');
  });

  test('usage errors exit 64', async () => {
    assert.equal((await runCli(['watch', '--bogus'])).code, 64);
    assert.equal((await runCli(['watch', 'extra'])).code, 64);
    assert.equal((await runCli(['watch', '--json=yes'])).code, 64);
  });
});

describe('headroom history export', () => {
  test('CSV with the header row for an account by label; --since/--until', async () => {
    const data = tempDir();
    try {
      const config = openConfig({ dataDir: data });
      config.saveAccount({ id: 'h1', provider: 'retell', label: 'Prod', fields: {}, enabled: true, createdAt: 't', updatedAt: 't' });
      const history = await openHistory({ dataDir: data });
      const now = Date.now();
      for (let i = 10; i > 0; i--) history.append({ accountId: 'h1', sampledAt: now - i * 60_000, current: i, limit: 20 });
      await history.close();
      const r = await runCli(['history', 'export', 'prod', '--since', '1h'], { env: { HEADROOM_DATA_DIR: data } });
      assert.equal(r.code, 0, r.stderr);
      const rows = r.stdout.trim().split('\n');
      assert.equal(rows[0], 'time,current,limit,utilization,resolution');
      assert.equal(rows.length, 11);
      assert.match(rows[1], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z,10,20,0\.5,raw$/);
      const none = await runCli(['history', 'export', 'nope'], { env: { HEADROOM_DATA_DIR: data } });
      assert.equal(none.code, 1);
      assert.match(none.stderr, /no account 'nope'/);
      assert.equal((await runCli(['history', 'export', 'prod', '--since', 'yesterday-ish'], { env: { HEADROOM_DATA_DIR: data } })).code, 64);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  test('durations and dates', () => {
    const now = Date.UTC(2026, 10, 22);
    assert.equal(parseWhen('7d', now, 'since'), now - 7 * 86_400_000);
    assert.equal(parseWhen('30m', now, 'since'), now - 1_800_000);
    assert.equal(parseWhen('2026-11-01T00:00:00Z', now, 'since'), Date.UTC(2026, 10, 1));
  });
});

describe('headroom status', () => {
  test('polls every enabled account once: a table, JSON, and exit 1 when one failed', async () => {
    const data = tempDir();
    try {
      const table = await runCli(['status', '--demo'], { env: { HEADROOM_DATA_DIR: data } });
      assert.equal(table.code, 0, table.stderr);
      const rows = table.stdout.split('\n\n')[0].trim().split('\n'); // the table; forecasts follow it
      assert.match(rows[0], /^ACCOUNT\s+PROVIDER\s+CALLS\s+%\s+LEVEL\s+DATA$/);
      assert.equal(rows.length, 8);
      assert.match(table.stdout, /Demo · Enterprise\s+Ultravox\s+\d+ \(no cap\)\s+no cap\s+live/);
      const json = await runCli(['status', '--demo', '--json'], { env: { HEADROOM_DATA_DIR: data } });
      const list = JSON.parse(json.stdout);
      assert.equal(list.length, 7);
      assert.ok(list.every((a: { status: string }) => a.status === 'ok'));
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  test('a failing account makes the exit code 1', async () => {
    const data = tempDir();
    try {
      const config = openConfig({ dataDir: data });
      config.saveAccount({ id: 's1', provider: 'retell', label: 'Gone', fields: {}, baseUrl: 'http://127.0.0.1:1/', enabled: true, createdAt: 't', updatedAt: 't' });
      const r = await runCli(['status'], { env: { HEADROOM_DATA_DIR: data } });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /Gone\s+Retell AI\s+(needs credentials|failing)/);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
