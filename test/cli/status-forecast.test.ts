import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openConfig } from '../../main/core/config/store.ts';
import { createSecretStore } from '../../main/core/secrets/secret-store.ts';
import type { Account } from '../../main/model/account.ts';
import { DAY, planOf, writeDailyPeaks } from '../core/forecast/fixtures/histories.ts';
import { tmpDataDir } from '../core/history/fixtures/tmp.ts';
import { useSimulator } from '../helpers/simulator.ts';
import { realKeychain } from '../helpers/keyring.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'headroom.cjs');
const box = useSimulator();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `headroom <args>` as a child process of the packaged bin, on the given data dir. */
function headroom(args: string[], dataDir: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, HEADROOM_DATA_DIR: dataDir }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}


const keychain = await realKeychain();

interface ForecastJson {
  peakDaily: number | null;
  limit: number | null;
  trendPerWeek: number | null;
  daysToLimit: number | null;
  reason: string;
  days: number;
  projectedPeak: number | null;
  purchase: { remaining: number; maxLimit: number; coversProjectedPeak: boolean | null } | null;
  summary: string;
}

describe('headroom status with forecasts (child process of bin/headroom.cjs)', () => {
  test('a data dir prepared with history: a forecast line per account, and a forecast object each in --json', { skip: keychain ? false : 'no Secret Service on this session bus (npm test runs this inside dbus-run-session with gnome-keyring)' }, async () => {
    const run = `${process.pid}-${Date.now()}`;
    const ids = { prod: `fc-prod-${run}`, spare: `fc-spare-${run}`, big: `fc-big-${run}` };
    const keys = { prod: `key_fc_${run}`, spare: `tok_fc_${run}`, big: `uv_fc_${run}` };
    box.sim.addAccount('retell', { apiKey: keys.prod }, { current: 30, limit: 50, base_concurrency: 20, remaining_purchase_limit: 20 });
    box.sim.addAccount('vobiz', { authId: 'MA_FCAST', authToken: keys.spare }, { current: 12, limit: 40 });
    box.sim.addAccount('ultravox', { apiKey: keys.big }, { current: 20, limit: null });
    const secrets = createSecretStore(keychain!);
    /** A data dir whose history ends now: Prod rises one call a day (35 yesterday: limit 50 in 14 days), Spare is flat, Big has no cap. */
    async function prepared(now: number): Promise<string> {
      const dir = tmpDataDir();
      const config = openConfig({ dataDir: dir });
      const account = (id: string, provider: Account['provider'], label: string, fields: Record<string, string> = {}): Account => ({ id, provider, label, fields, baseUrl: box.sim.baseUrls[provider], enabled: true, createdAt: 't', updatedAt: 't' });
      config.saveAccount(account(ids.prod, 'retell', 'Prod'));
      config.saveAccount(account(ids.spare, 'vobiz', 'Spare', { authId: 'MA_FCAST' }));
      config.saveAccount(account(ids.big, 'ultravox', 'Big'));
      await writeDailyPeaks(dir, ids.prod, planOf(28, (k) => 36 - k), { now });
      await writeDailyPeaks(dir, ids.spare, planOf(28, () => 30, () => 40), { now });
      await writeDailyPeaks(dir, ids.big, planOf(28, (k) => 36 - k, () => null), { now, via: 'backfill' });
      return dir;
    }
    /** status and status --json on a fresh data dir; again should a UTC midnight fall between writing and reading (the days would shift). */
    async function statusRuns(): Promise<{ human: Run; json: Run }> {
      for (;;) {
        const now = Date.now();
        const dir = await prepared(now);
        const human = await headroom(['status'], dir);
        const json = await headroom(['status', '--json'], dir);
        if (Math.floor(Date.now() / DAY) === Math.floor(now / DAY)) return { human, json };
      }
    }
    try {
      await secrets.set(ids.prod, { apiKey: keys.prod });
      await secrets.set(ids.spare, { authToken: keys.spare });
      await secrets.set(ids.big, { apiKey: keys.big });
      const { human, json } = await statusRuns();
      assert.equal(human.code, 0, human.stderr);
      const [table, forecasts] = human.stdout.split('\n\n');
      assert.match(table, /^Prod\s+Retell AI\s+30\/50\s+60%\s+normal\s+live$/m);
      assert.deepEqual(forecasts.trimEnd().split('\n'), [
        'FORECAST',
        'Prod: Daily peak 35 of 50, rising ~7 a week: limit in about 2 weeks. Buying the remaining 20 (limit 70) would cover the ~64 expected in 4 weeks.',
        'Spare: Daily peak 30 of 40, no clear rise: no limit in sight.',
        'Big: Daily peak 35, no cap: nothing to forecast.',
      ]);

      assert.equal(json.code, 0, json.stderr);
      const list = JSON.parse(json.stdout) as Array<{ account: string; forecast: ForecastJson }>;
      const of = (label: string) => list.find((a) => a.account === label)!.forecast;
      assert.deepEqual(of('Prod'), {
        peakDaily: 35,
        limit: 50,
        trendPerWeek: 7,
        daysToLimit: 14,
        reason: 'rising',
        days: 28,
        projectedPeak: 64,
        purchase: { remaining: 20, maxLimit: 70, coversProjectedPeak: true },
        summary: 'Daily peak 35 of 50, rising ~7 a week: limit in about 2 weeks. Buying the remaining 20 (limit 70) would cover the ~64 expected in 4 weeks.',
      });
      assert.equal(of('Spare').reason, 'flat');
      assert.equal(of('Spare').daysToLimit, null);
      assert.equal(of('Spare').trendPerWeek, 0);
      assert.equal(of('Big').reason, 'no-cap');
      assert.equal(of('Big').daysToLimit, null);
      assert.equal(of('Big').trendPerWeek, null);
    } finally {
      for (const id of Object.values(ids)) await secrets.delete(id);
    }
  });

  test('--demo --json: the demo accounts show a rising forecast, flat ones and an uncapped one', async () => {
    const dir = tmpDataDir();
    const r = await headroom(['status', '--demo', '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as Array<{ account: string; forecast: ForecastJson }>;
    const of = (label: string) => list.find((a) => a.account === `Demo · ${label}`)!.forecast;
    assert.equal(list.length, 7);
    for (const a of list) assert.deepEqual(Object.keys(a.forecast).slice(0, 5), ['peakDaily', 'limit', 'trendPerWeek', 'daysToLimit', 'reason']);
    assert.equal(of('Main account').reason, 'rising');
    assert.equal(typeof of('Main account').daysToLimit, 'number');
    assert.match(of('Main account').summary, /^Daily peak \d+ of 46, rising ~[\d.]+ a week: limit (in about \d+ (days|weeks)|within a day)\.$/);
    assert.equal(of('Staging').reason, 'flat');
    assert.equal(of('Enterprise').reason, 'no-cap');
    assert.equal(of('Enterprise').daysToLimit, null);
  });
});
