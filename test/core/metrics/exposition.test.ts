import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createExposition, negotiate } from '../../../main/core/metrics/exposition.ts';
import { createPollErrorCounter } from '../../../main/core/metrics/poll-errors.ts';
import { collectSamples } from '../../../main/core/metrics/samples.ts';
import { ProviderError } from '../../../main/model/errors.ts';
import { accountState, appState, forecasts } from '../../helpers/state.ts';

const PROMETHEUS_ACCEPT = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
const PROMTOOL = '/usr/bin/promtool';

function samples(label = 'prod') {
  const errors = createPollErrorCounter();
  errors.observe({ accountId: 'a', at: 1, error: new ProviderError('network', 'x') });
  return collectSamples(appState([accountState('a', { label, current: 3, limit: 4, lastSuccessAt: 1000 }), accountState('u', { current: 2, limit: null })]), errors, '0.1.0', forecasts());
}

describe('exposition formats', () => {
  test('negotiation: OpenMetrics for Prometheus and whoever prefers it, text otherwise', () => {
    assert.equal(negotiate(PROMETHEUS_ACCEPT), 'openmetrics');
    assert.equal(negotiate('application/openmetrics-text'), 'openmetrics');
    assert.equal(negotiate(undefined), 'prometheus');
    assert.equal(negotiate('*/*'), 'prometheus');
    assert.equal(negotiate('text/plain;version=0.0.4'), 'prometheus');
    assert.equal(negotiate('text/plain, application/openmetrics-text;q=0.5'), 'prometheus');
    assert.equal(negotiate('application/openmetrics-text;version=0.0.1'), 'prometheus');
  });

  test('text 0.0.4 and OpenMetrics 1.0 carry the same samples; OpenMetrics ends in # EOF', async () => {
    const exposition = createExposition();
    const text = await exposition.render(samples(), 'prometheus');
    const om = await exposition.render(samples(), 'openmetrics');
    assert.match(text, /^headroom_concurrent_calls\{provider="ultravox",account="prod",account_id="a"\} 3$/m);
    assert.match(text, /^headroom_poll_errors_total\{provider="ultravox",account="prod",account_id="a",kind="network"\} 1$/m);
    assert.match(text, /^# TYPE headroom_poll_errors_total counter$/m);
    assert.doesNotMatch(text, /# EOF/);
    assert.ok(om.endsWith('\n# EOF\n'));
    assert.match(om, /^# TYPE headroom_poll_errors counter$/m);
    assert.match(om, /^headroom_poll_errors_total\{provider="ultravox",account="prod",account_id="a",kind="network"\} 1$/m);
    assert.match(om, /^headroom_utilization_ratio\{provider="ultravox",account="prod",account_id="a"\} 0.75$/m);
    assert.doesNotMatch(om, /headroom_concurrent_calls_limit\{[^}]*account_id="u"/, 'no limit for the uncapped account');
    // prom-client renames a counter in place for OpenMetrics: the text format must keep its _total after one.
    assert.match(await exposition.render(samples(), 'prometheus'), /^# TYPE headroom_poll_errors_total counter$/m);
  });

  test('account labels with quotes, backslashes and unicode are escaped', async () => {
    const text = await createExposition().render(samples('Ops "EU" \\ Zürich · 1'), 'prometheus');
    assert.match(text, /account="Ops \\"EU\\" \\\\ Zürich · 1"/);
  });

  test('renders that overlap each keep their own samples', async () => {
    const exposition = createExposition();
    const [a, b] = await Promise.all([exposition.render(samples('first'), 'prometheus'), exposition.render(samples('second'), 'openmetrics')]);
    assert.ok(a.includes('account="first"') && !a.includes('account="second"'));
    assert.ok(b.includes('account="second"') && !b.includes('account="first"'));
  });

  test('promtool check metrics finds nothing to report in the text format', async (t) => {
    if (!existsSync(PROMTOOL)) return t.skip('promtool is not installed (apt install prometheus): skipped');
    const text = await createExposition().render(samples(), 'prometheus');
    const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal((r.stdout + r.stderr).trim(), '');
  });
});
