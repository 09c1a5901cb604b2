/**
 * headroom serve scraped by a real Prometheus: a provider's number arrives, a change at the provider
 * follows, the deploy kit's alert rules fire (with short `for:`), and every dashboard query is valid
 * PromQL over the served series. Waits for each event by polling Prometheus's query API.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../helpers/core.ts';
import { startServe, waitFor, type Running } from '../helpers/headroom-process.ts';
import { prometheusMissing, startPrometheus, type RunningPrometheus } from '../helpers/prometheus.ts';
import { startSimulatorProcess, type SimulatorProcess } from '../helpers/simulator-process.ts';

const DEPLOY = join(import.meta.dirname, '..', '..', 'deploy');
const TOKEN = 'prometheus-test-token-0123456789';
const skip = prometheusMissing();
if (skip) console.log(`serve + Prometheus: ${skip}`);

/** The deploy kit's rules with `for:` in seconds instead of minutes, so they fire within a test. */
function quickRules(): string {
  return readFileSync(join(DEPLOY, 'headroom-alerts.yml'), 'utf8').replace(/for: (\d+)m/g, 'for: $1s');
}

interface Dashboard {
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
  annotations: { list: Array<{ expr?: string }> };
}

const dashboard = () => JSON.parse(readFileSync(join(DEPLOY, 'grafana-dashboard.json'), 'utf8')) as Dashboard;
/** Grafana's variables filled in as Grafana would with "All" accounts. */
const filled = (expr: string) => expr.replaceAll('$account', '.*').replaceAll('$__rate_interval', '1m');
const dashboardPanels = () => dashboard().panels.map((p) => ({ title: p.title, exprs: p.targets.map((t) => filled(t.expr)) }));
const dashboardAnnotations = () => dashboard().annotations.list.flatMap((a) => (a.expr ? [filled(a.expr)] : []));

describe('headroom serve scraped by Prometheus', { skip: skip ?? false }, () => {
  const dir = tempDir('headroom-prom-');
  let sim: SimulatorProcess;
  let serve: Running;
  let prom: RunningPrometheus;
  let key: string;

  before(async () => {
    sim = await startSimulatorProcess();
    key = await sim.addAccount('retell', { apiKey: 'key_prometheus_test_SECRET' }, { current: 10, limit: 100 });
    writeFileSync(join(dir, 'accounts.json'), JSON.stringify({ accounts: [{ provider: 'retell', label: 'prod', baseUrl: sim.baseUrls.retell, secrets: { apiKey: { env: 'RETELL_KEY' } }, pollIntervalSec: 10 }] }));
    writeFileSync(join(dir, 'token'), TOKEN);
    serve = await startServe(['--accounts', join(dir, 'accounts.json'), '--listen', '127.0.0.1:0', '--token-file', join(dir, 'token'), '--no-notify'], {
      HEADROOM_DATA_DIR: join(dir, 'data'),
      HOME: dir,
      RETELL_KEY: 'key_prometheus_test_SECRET',
    });
    const target = new URL(serve.url).host;
    const config = [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'rule_files: [rules.yml]',
      'scrape_configs:',
      '  - job_name: headroom',
      '    authorization: { type: Bearer, credentials_file: token }',
      `    static_configs: [{ targets: ['${target}'] }]`,
      '',
    ].join('\n');
    prom = await startPrometheus(join(dir, 'prometheus'), config, { 'rules.yml': quickRules(), token: TOKEN });
  });

  after(async () => {
    await prom?.stop();
    const end = await serve?.stop('SIGTERM');
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
    if (end) assert.equal(end.code, 0, end.stderr);
  });

  const value = async (expr: string) => {
    const r = await prom.query(expr);
    return r.length === 1 ? Number(r[0].value[1]) : undefined;
  };

  test('the provider number arrives with the token, and a change at the provider follows', async () => {
    assert.equal(await waitFor('the scrape target up (token accepted)', () => value('up{job="headroom"}').then((v) => (v === 1 ? v : undefined))), 1);
    await waitFor('current calls 10 in Prometheus', () => value('headroom_concurrent_calls{account="prod",provider="retell"}').then((v) => (v === 10 ? v : undefined)));
    assert.equal(await value('headroom_concurrent_calls_limit{account="prod"}'), 100);
    assert.equal(await value('headroom_utilization_ratio{account="prod"}'), 0.1);
    await sim.set(key, { current: 95 });
    await waitFor('current calls 95 after the change', () => value('headroom_concurrent_calls{account="prod"}').then((v) => (v === 95 ? v : undefined)));
    assert.equal(await value('headroom_utilization_ratio{account="prod"}'), 0.95);
  });

  test('the near-limit rule of deploy/ fires in Prometheus', async () => {
    await sim.set(key, { current: 95 });
    const firing = await waitFor('HeadroomNearLimit firing', async () => {
      const r = await prom.query('ALERTS{alertname="HeadroomNearLimit",alertstate="firing"}');
      return r.length ? r : undefined;
    });
    assert.deepEqual({ account: firing[0].metric.account, provider: firing[0].metric.provider, severity: firing[0].metric.severity }, { account: 'prod', provider: 'retell', severity: 'warning' });
    assert.deepEqual(await prom.query('ALERTS{alertname="HeadroomAccountDown"}'), [], 'the account is up');
  });

  test('Prometheus reads the OpenMetrics exposition (it asks for it first)', async () => {
    const meta = await waitFor('metadata of the counter', async () => {
      const m = await prom.metadata();
      return m.headroom_poll_errors ? m : undefined;
    });
    // In OpenMetrics the counter's family is headroom_poll_errors (samples _total); in text 0.0.4 it would be headroom_poll_errors_total.
    assert.equal(meta.headroom_poll_errors[0].type, 'counter');
    assert.equal(meta.headroom_poll_errors_total, undefined);
    assert.equal(meta.headroom_build_info[0].type, 'gauge');
    assert.equal((await prom.query('headroom_poll_errors_total{account="prod"}')).length, 5, 'one error series per kind');
  });

  test('every Grafana dashboard query is valid PromQL, and every panel has data', async () => {
    for (const panel of dashboardPanels()) {
      const results = await Promise.all(panel.exprs.map((e) => prom.query(e))); // throws on a PromQL error
      assert.ok(results.some((r) => r.length > 0), `panel '${panel.title}' shows nothing: ${panel.exprs.join(' | ')}`);
    }
    for (const expr of dashboardAnnotations()) await prom.query(expr);
  });
});
