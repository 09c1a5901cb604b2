import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { METRICS } from '../../../main/core/metrics/contract.ts';
import { createPollErrorCounter } from '../../../main/core/metrics/poll-errors.ts';
import { collectSamples, type Samples } from '../../../main/core/metrics/samples.ts';
import { ProviderError } from '../../../main/model/errors.ts';
import type { Snapshot } from '../../../main/model/provider.ts';
import { accountState, appState, forecasts } from '../../helpers/state.ts';

const labels = (id: string, provider = 'ultravox') => ({ provider, account: id, account_id: id });
const valueOf = (samples: Samples, key: keyof Samples, id: string) => samples[key].find((s) => s.labels.account_id === id)?.value;

function retell(current: number, limit: number, burstEnabled: boolean, burstLimit: number): Snapshot {
  return { current, limit, utilization: current / limit, sampledAt: 1, extras: { provider: 'retell', burstEnabled, burstLimit, inBurst: current > limit } };
}

describe('metric samples from the core state', () => {
  test('the contract: names, types and labels exactly as dashboards and rules expect them', () => {
    assert.deepEqual(
      Object.values(METRICS).map((m) => `${m.type} ${m.name}{${m.labels.join(',')}}`),
      [
        'gauge headroom_concurrent_calls{provider,account,account_id}',
        'gauge headroom_concurrent_calls_limit{provider,account,account_id}',
        'gauge headroom_utilization_ratio{provider,account,account_id}',
        'gauge headroom_burst_limit{provider,account,account_id}',
        'gauge headroom_account_up{provider,account,account_id}',
        'gauge headroom_last_success_timestamp_seconds{provider,account,account_id}',
        'counter headroom_poll_errors_total{provider,account,account_id,kind}',
        'gauge headroom_days_to_limit{provider,account,account_id}',
        'gauge headroom_build_info{version}',
      ],
    );
  });

  test('a capped account: calls, limit, ratio, up and last success', () => {
    const s = collectSamples(appState([accountState('a', { current: 30, limit: 40, lastSuccessAt: 1_700_000_000_500 })]), createPollErrorCounter(), '1.2.3', forecasts());
    assert.deepEqual(s.concurrentCalls, [{ labels: labels('a'), value: 30 }]);
    assert.deepEqual(s.limit, [{ labels: labels('a'), value: 40 }]);
    assert.deepEqual(s.utilization, [{ labels: labels('a'), value: 0.75 }]);
    assert.deepEqual(s.up, [{ labels: labels('a'), value: 1 }]);
    assert.deepEqual(s.lastSuccess, [{ labels: labels('a'), value: 1_700_000_000.5 }]);
    assert.deepEqual(s.buildInfo, [{ labels: { version: '1.2.3' }, value: 1 }]);
    assert.deepEqual(s.burstLimit, []);
  });

  test('no cap: calls only, no limit and no ratio', () => {
    const s = collectSamples(appState([accountState('u', { current: 7, limit: null })]), createPollErrorCounter(), 'v', forecasts());
    assert.equal(valueOf(s, 'concurrentCalls', 'u'), 7);
    assert.equal(valueOf(s, 'limit', 'u'), undefined);
    assert.equal(valueOf(s, 'utilization', 'u'), undefined);
  });

  test('burst limit where the provider reports one, ratio above 1 in burst', () => {
    const s = collectSamples(
      appState([accountState('on', { provider: 'retell', snapshot: retell(30, 20, true, 60), status: 'ok' }), accountState('off', { provider: 'retell', snapshot: retell(5, 20, false, 0), status: 'ok' })]),
      createPollErrorCounter(),
      'v',
      forecasts(),
    );
    assert.equal(valueOf(s, 'burstLimit', 'on'), 60);
    assert.equal(valueOf(s, 'utilization', 'on'), 1.5);
    assert.equal(valueOf(s, 'burstLimit', 'off'), undefined);
  });

  test('up is 1 only when the last poll succeeded; the last good snapshot stays through errors', () => {
    const state = appState([
      accountState('ok', { current: 1, limit: 10 }),
      accountState('stale', { current: 1, limit: 10, status: 'stale' }),
      accountState('failing', { current: 4, limit: 10, status: 'error', errorKind: 'server', message: 'x' }),
      accountState('pending', { status: 'pending' }),
      accountState('creds', { status: 'needs-credentials' }),
      accountState('off', { current: 1, limit: 10, status: 'disabled' }),
    ]);
    const s = collectSamples(state, createPollErrorCounter(), 'v', forecasts());
    assert.deepEqual(
      s.up.map((x) => [x.labels.account_id, x.value]),
      [['ok', 1], ['stale', 1], ['failing', 0], ['pending', 0], ['creds', 0]],
    );
    assert.equal(valueOf(s, 'concurrentCalls', 'failing'), 4);
    assert.ok(Object.values(s).every((list) => list.every((x) => x.labels.account_id !== 'off')), 'disabled accounts are left out');
  });

  test('poll errors counted by kind from poll events, every kind present from the start', () => {
    const errors = createPollErrorCounter();
    const state = appState([accountState('a', { current: 1, limit: 2 }), accountState('b', { current: 1, limit: 2 })]);
    errors.observe({ accountId: 'a', at: 1, error: new ProviderError('auth', 'no') });
    errors.observe({ accountId: 'a', at: 2, error: new ProviderError('server', 'no') });
    errors.observe({ accountId: 'a', at: 3, error: new ProviderError('server', 'no') });
    errors.observe({ accountId: 'a', at: 4, snapshot: { current: 1, limit: 2, utilization: 0.5, sampledAt: 4, extras: { provider: 'ultravox', noCap: false } } });
    const s = collectSamples(state, errors, 'v', forecasts());
    const of = (id: string) => Object.fromEntries(s.pollErrors.filter((x) => x.labels.account_id === id).map((x) => [x.labels.kind, x.value]));
    assert.deepEqual(of('a'), { auth: 1, 'rate-limited': 0, server: 2, network: 0, 'bad-response': 0 });
    assert.deepEqual(of('b'), { auth: 0, 'rate-limited': 0, server: 0, network: 0, 'bad-response': 0 });
  });

  test('days to the limit only where the forecast has a number of days', () => {
    const state = appState([accountState('up', { current: 40, limit: 50 }), accountState('flat', { current: 10, limit: 50 }), accountState('nocap', { current: 3, limit: null })]);
    const s = collectSamples(state, createPollErrorCounter(), 'v', forecasts({ up: { reason: 'rising', daysToLimit: 12 }, flat: { reason: 'flat' }, nocap: { reason: 'no-cap' } }));
    assert.deepEqual(s.daysToLimit, [{ labels: labels('up'), value: 12 }]);
  });
});
