import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createAlertEngine, type AlertEngine } from '../../../main/core/alerts/engine.ts';
import { REARM_AFTER_MS } from '../../../main/core/alerts/forecast-rule.ts';
import type { NotificationSink } from '../../../main/core/alerts/notifier.ts';
import { createForecastService, forecastFromHistory } from '../../../main/core/forecast/service.ts';
import { checkForecasts, startForecastWatch } from '../../../main/core/forecast/watch.ts';
import { openHistory, type HistoryStore } from '../../../main/core/history/store.ts';
import type { Account } from '../../../main/model/account.ts';
import type { Forecast } from '../../../main/model/forecast.ts';
import type { Snapshot } from '../../../main/model/provider.ts';
import { DEFAULT_SETTINGS, type AlertSettings } from '../../../main/model/settings.ts';
import { planOf, writeDailyPeaks } from '../forecast/fixtures/histories.ts';

/** Noon UTC for the histories; the engine's own clock runs on local time (quiet hours). */
const NOW = Date.UTC(2026, 2, 10, 12);
const NOON = new Date(2026, 2, 10, 12).getTime();
const HOUR = 3_600_000;

const rising: Account = { id: 'rising', provider: 'vobiz', label: 'Main', fields: { authId: 'MA_1' }, enabled: true, createdAt: 't', updatedAt: 't' };
const flat: Account = { ...rising, id: 'flat', label: 'Spare' };

const root = mkdtempSync(join(tmpdir(), 'headroom-forecast-alert-'));
const engines: AlertEngine[] = [];
let store: HistoryStore;
before(async () => {
  // One call a day more: limit 50 is 14 days away.
  await writeDailyPeaks(root, rising.id, planOf(28, (k) => 36 - k), { now: NOW });
  await writeDailyPeaks(root, flat.id, planOf(28, () => 30), { now: NOW });
  store = await openHistory({ dataDir: root, now: () => NOW, readOnly: true });
});
after(async () => {
  for (const engine of engines) await engine.flush();
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

function limitOf(limit: number): Snapshot {
  return { current: 1, limit, utilization: 1 / limit, sampledAt: NOW, extras: { provider: 'vobiz', accountId: 'MA_1' } };
}

/** The real forecast of an account's history, against a given current limit. */
function forecast(account: Account, limit = 50): Forecast {
  return forecastFromHistory(store, account.id, NOW, limitOf(limit));
}

function setup(settings: Partial<AlertSettings> = {}) {
  const sent: Array<{ title: string; body: string }> = [];
  const sink: NotificationSink = { notify: async (n) => void sent.push(n) };
  const clock = { t: NOON };
  const alerts = { ...DEFAULT_SETTINGS.alerts, ...settings };
  const engine = createAlertEngine({ dataDir: join(root, `alerts-${engines.length}`), sink, settings: () => alerts, now: () => clock.t });
  engines.push(engine);
  const observe = async (f: Forecast, account = rising) => (await engine.observeForecast(f, account)).map((e) => e.type);
  return { engine, sent, clock, alerts, observe };
}

describe('forecast alert', () => {
  test('the forecasts the tests use: 14 days at limit 50, 24 at 60, none when flat', () => {
    assert.equal(forecast(rising).daysToLimit, 14);
    assert.equal(forecast(rising, 60).daysToLimit, 24);
    assert.equal(forecast(flat).reason, 'flat');
  });

  test('off by default', async () => {
    assert.equal(DEFAULT_SETTINGS.alerts.forecastDays, null);
    const { observe, sent, engine } = setup();
    assert.deepEqual(await observe(forecast(rising)), []);
    assert.equal(sent.length, 0);
    assert.deepEqual(engine.log(), []);
  });

  test('fires once when the forecast drops under N days, through the sink and the log', async () => {
    const { observe, sent, engine, clock } = setup({ forecastDays: 20 });
    assert.deepEqual(await observe(forecast(rising, 60)), [], '24 days: not under 20');
    clock.t += HOUR;
    assert.deepEqual(await observe(forecast(rising, 60)), []);
    assert.deepEqual(await observe(forecast(flat)), [], 'no forecast, no alert');
    clock.t += HOUR;
    // The limit went back down to 50 (a new episode anyway): 14 days.
    assert.deepEqual(await observe(forecast(rising)), ['forecast']);
    for (let i = 0; i < 5; i++) {
      clock.t += HOUR;
      assert.deepEqual(await observe(forecast(rising)), [], 'told once');
    }
    assert.equal(sent.length, 1);
    assert.equal(sent[0].title, 'Headroom');
    assert.equal(sent[0].body, 'Main (Vobiz): Daily peak 35 of 50, rising ~7 a week: limit in about 2 weeks.');
    const log = engine.log(rising.id);
    assert.equal(log.length, 1);
    assert.equal(log[0].type, 'forecast');
    assert.equal(log[0].delivered, true);
  });

  test('told again only after the episode ended: a new limit, or a week without a forecast under N', async () => {
    const { observe, clock } = setup({ forecastDays: 20 });
    assert.deepEqual(await observe(forecast(rising)), ['forecast']);
    clock.t += HOUR;
    assert.deepEqual(await observe(forecast(flat, 50), rising), [], 'a forecast that drops out for a while');
    clock.t += 2 * 24 * HOUR;
    assert.deepEqual(await observe(forecast(rising)), [], '... and comes back within the week: same episode');
    clock.t += REARM_AFTER_MS;
    assert.deepEqual(await observe(forecast(flat, 50), rising), []);
    clock.t += HOUR;
    assert.deepEqual(await observe(forecast(rising)), ['forecast'], 'a week without: a new episode');
    clock.t += HOUR;
    assert.deepEqual(await observe(forecast(rising, 45)), ['forecast'], 'a new limit (9 days away now): a new episode');
  });

  test('respects snooze: held back while snoozed, told once the snooze is over', async () => {
    const { observe, engine, sent, clock } = setup({ forecastDays: 20 });
    engine.snooze(rising.id, clock.t + 2 * HOUR);
    assert.deepEqual(await observe(forecast(rising)), []);
    clock.t += HOUR;
    assert.deepEqual(await observe(forecast(rising)), []);
    assert.equal(sent.length, 0);
    assert.deepEqual(engine.log(), [], 'held back: neither sent nor logged');
    clock.t += 2 * HOUR;
    assert.deepEqual(await observe(forecast(rising)), ['forecast'], 'still pending: a once-only alert would otherwise be lost');
    clock.t += HOUR;
    assert.deepEqual(await observe(forecast(rising)), []);
  });

  test('respects quiet hours (it is not critical)', async () => {
    const { observe, clock } = setup({ forecastDays: 20, quietHours: { enabled: true, start: '11:00', end: '14:00', allowCritical: true } });
    assert.deepEqual(await observe(forecast(rising)), []);
    clock.t += 2 * HOUR;
    assert.deepEqual(await observe(forecast(rising)), ['forecast']);
  });

  test('a round over the accounts: enabled ones only, and nothing computed while off', async () => {
    const { engine, sent, alerts } = setup();
    let reads = 0;
    const history = { hourly: (id: string, s: number, e: number) => (reads++, store.hourly(id, s, e)) };
    const forecasts = createForecastService({ history, snapshot: () => limitOf(50), now: () => NOW });
    const round = (accounts: Account[]) => checkForecasts({ accounts: () => accounts, forecasts, alerts: engine, forecastDays: () => alerts.forecastDays });
    await round([rising, flat]);
    assert.equal(reads, 0, 'off: no forecast computed');
    alerts.forecastDays = 20;
    await round([{ ...rising, enabled: false }, flat]);
    assert.equal(sent.length, 0);
    await round([rising, flat]);
    assert.equal(sent.length, 1);
    assert.match(sent[0].body, /^Main \(Vobiz\): Daily peak 35 of 50/);
  });

  test('the watch: a round on demand; stop ends a round under way and waits for it', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const forecasts = createForecastService({ history: store, snapshot: () => limitOf(50), now: () => NOW });
    const accounts = [rising, flat, { ...rising, id: 'third' }];
    const watch = startForecastWatch(
      {
        accounts: () => accounts,
        forecasts,
        alerts: { observeForecast: async (f) => (seen.push(f.accountId), f.accountId === rising.id ? gate.then(() => []) : []) },
        forecastDays: () => 20,
      },
      (err) => assert.fail(String(err)),
    );
    const round = watch.check();
    assert.equal(watch.check(), round, 'one round at a time');
    const stopped = watch.stop();
    release();
    await stopped;
    await round;
    assert.deepEqual(seen, [rising.id], 'the round ended after the account under way');
    await watch.check();
    assert.deepEqual(seen, [rising.id], 'no rounds after stop');
  });
});
