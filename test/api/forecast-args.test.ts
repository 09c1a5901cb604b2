import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateArgs } from '../../main/api/validate.ts';
import { ApiError } from '../../main/model/errors.ts';
import { DEFAULT_SETTINGS } from '../../main/model/settings.ts';

const refused = (method: 'getForecast' | 'updateSettings', args: unknown[], message: RegExp) =>
  assert.throws(() => validateArgs(method, args), (e: unknown) => e instanceof ApiError && e.code === 'invalid-argument' && message.test(e.message));

test('getForecast takes one account id', () => {
  assert.deepEqual(validateArgs('getForecast', ['acct-1']), ['acct-1']);
  refused('getForecast', [], /id\) is required/);
  refused('getForecast', ['../../etc'], /id/);
  refused('getForecast', ['a', 'b'], /at most 1/);
});

test('alerts.forecastDays: null (off) or a whole number of days up to the forecast horizon', () => {
  const alerts = DEFAULT_SETTINGS.alerts;
  for (const forecastDays of [null, 1, 14, 180]) assert.doesNotThrow(() => validateArgs('updateSettings', [{ alerts: { ...alerts, forecastDays } }]));
  assert.doesNotThrow(() => validateArgs('updateSettings', [{ alerts: { ...alerts, forecastDays: undefined } }]), 'a window that does not know the setting yet');
  for (const forecastDays of [0, 181, 1.5, '14', -3]) refused('updateSettings', [{ alerts: { ...alerts, forecastDays } }], /forecastDays/);
});
