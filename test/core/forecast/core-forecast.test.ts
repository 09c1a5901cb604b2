import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openConfig } from '../../../main/core/config/store.ts';
import { ApiError } from '../../../main/model/errors.ts';
import { MemoryKeychain } from '../../../main/core/secrets/keychain.ts';
import { createSecretStore } from '../../../main/core/secrets/secret-store.ts';
import type { AlertEvent } from '../../../main/model/alerts.ts';
import { testCore } from '../../helpers/core.ts';
import { useSimulator } from '../../helpers/simulator.ts';
import { planOf, writeDailyPeaks } from './fixtures/histories.ts';
import { tmpDataDir } from '../history/fixtures/tmp.ts';

const box = useSimulator();

describe('forecasts through the core', () => {
  test('getForecast(id) reads the account\'s history; unknown ids are not found', async () => {
    const dir = tmpDataDir();
    const now = Date.now();
    openConfig({ dataDir: dir }).saveAccount({ id: 'f1', provider: 'vobiz', label: 'Main', fields: { authId: 'MA_1' }, enabled: true, createdAt: 't', updatedAt: 't' });
    await writeDailyPeaks(dir, 'f1', planOf(21, (k) => 36 - k), { now });
    const { core, dispose } = await testCore({ dataDir: dir, poll: false, now: () => now });
    try {
      const f = await core.api.getForecast('f1');
      assert.equal(f.reason, 'rising');
      assert.equal(f.daysToLimit, 14);
      assert.equal(f.peakDaily, 35);
      await assert.rejects(core.api.getForecast('nope'), (e: unknown) => e instanceof ApiError && e.code === 'not-found');
    } finally {
      await dispose();
    }
  });

  test('alerts.forecastDays: off by default, set and kept through the settings API', async () => {
    const dir = tmpDataDir();
    const { core, dispose } = await testCore({ dataDir: dir, poll: false });
    try {
      const settings = await core.api.getSettings();
      assert.equal(settings.alerts.forecastDays, null);
      await core.api.updateSettings({ alerts: { ...settings.alerts, forecastDays: 14 } });
    } finally {
      await dispose();
    }
    assert.equal(openConfig({ dataDir: dir }).settings().alerts.forecastDays, 14);
  });

  test('a running core: setting alerts.forecastDays runs a round at once, and a rising account is told', async () => {
    const dir = tmpDataDir();
    const now = Date.now();
    box.sim.addAccount('vobiz', { authId: 'MA_FCORE', authToken: 'tok_fcore' }, { current: 20, limit: 50 });
    openConfig({ dataDir: dir }).saveAccount({ id: 'f2', provider: 'vobiz', label: 'Main', fields: { authId: 'MA_FCORE' }, baseUrl: box.sim.baseUrls.vobiz, enabled: true, createdAt: 't', updatedAt: 't' });
    const keychain = new MemoryKeychain();
    await createSecretStore(keychain).set('f2', { authToken: 'tok_fcore' });
    await writeDailyPeaks(dir, 'f2', planOf(28, (k) => 36 - k), { now });
    const { core, sent, dispose } = await testCore({ dataDir: dir, keychain, now: () => now });
    try {
      await core.start();
      const told = new Promise<AlertEvent>((resolve) => core.on('alert', (e) => e.type === 'forecast' && resolve(e)));
      const settings = await core.api.getSettings();
      await core.api.updateSettings({ alerts: { ...settings.alerts, forecastDays: 20 } });
      const alert = await told;
      assert.equal(alert.accountId, 'f2');
      assert.equal(alert.body, 'Main (Vobiz): Daily peak 35 of 50, rising ~7 a week: limit in about 2 weeks.');
      assert.ok(sent.some((n) => n.body === alert.body));
    } finally {
      await dispose();
    }
  });

  test('demo mode: a rising account with a forecast, flat ones, an uncapped one, and Retell\'s purchase outlook', async () => {
    const { core, dispose } = await testCore({ demo: true, poll: false });
    try {
      await core.api.refreshNow();
      const byLabel = new Map(core.state().accounts.map((a) => [a.label.replace(/^Demo · /, ''), a.id]));
      const forecast = (label: string) => core.api.getForecast(byLabel.get(label)!);
      const main = await forecast('Main account');
      assert.equal(main.reason, 'rising', JSON.stringify(main));
      assert.ok(main.daysToLimit! >= 1 && main.daysToLimit! <= 30, `days to limit ${main.daysToLimit}`);
      assert.ok(main.days >= 20, 'three weeks of seeded history');
      for (const label of ['Staging', 'Sub-account']) assert.equal((await forecast(label)).reason, 'flat', label);
      const enterprise = await forecast('Enterprise');
      assert.equal(enterprise.reason, 'no-cap');
      assert.equal(enterprise.daysToLimit, null);
      const production = await forecast('Production');
      assert.deepEqual(production.purchase, { remaining: 20, maxLimit: 120, coversProjectedPeak: null });
    } finally {
      await dispose();
    }
  });
});
