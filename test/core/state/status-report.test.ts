import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusReport } from '../../../main/core/state/status-report.ts';
import { ERROR_KINDS } from '../../../main/model/errors.ts';
import { accountState, appState, forecasts } from '../../helpers/state.ts';

test('the status report: enabled accounts in order, numbers, and Headroom-worded messages only', () => {
  const providerText = 'PROVIDER SAYS key_abc123 is wrong';
  const state = appState([
    accountState('a', { label: 'ok one', current: 3, limit: 4 }),
    ...ERROR_KINDS.map((kind) => accountState(`e-${kind}`, { label: kind, status: 'error', errorKind: kind, message: `Ultravox '${kind}': ${providerText}` })),
    accountState('k', { label: 'keychain', status: 'error', message: 'The keyring is locked. Unlock it' }),
    accountState('n', { label: 'creds', status: 'needs-credentials', message: 'Credentials missing from the keychain: enter them again' }),
    accountState('d', { label: 'off', status: 'disabled', current: 1, limit: 2 }),
  ]);
  const report = statusReport(state, forecasts());
  assert.deepEqual(report[0], { account: 'ok one', provider: 'ultravox', status: 'ok', current: 3, limit: 4, utilization: 0.75, level: 'normal', freshness: 'live', message: null, forecast: { ...report[0].forecast, reason: 'not-enough-history', daysToLimit: null } });
  assert.deepEqual(
    report.slice(1).map((r) => [r.account, r.message]),
    [
      ['auth', 'credentials rejected by the provider'],
      ['rate-limited', 'rate limited by the provider'],
      ['server', 'the provider reported a server error'],
      ['network', 'the provider could not be reached'],
      ['bad-response', 'the provider sent a response Headroom could not read'],
      ['keychain', 'The keyring is locked. Unlock it'],
      ['creds', 'Credentials missing from the keychain: enter them again'],
    ],
  );
  assert.ok(!JSON.stringify(report).includes('PROVIDER SAYS'));
  assert.ok(!report.some((r) => r.account === 'off'), 'disabled accounts are left out');
});
