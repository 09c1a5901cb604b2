/**
 * The deploy kit (deploy/) checked with the tools that read it: promtool for the Prometheus config
 * and alert rules (plus rule unit tests in headroom-alerts.test.yml), systemd-analyze for the unit,
 * and cross-checks that every flag the kit passes exists in `headroom serve --help`. Docker can't run
 * here: the Dockerfile is checked statically (base image, user, command, files it copies).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseAccountsFile } from '../../main/core/accounts/accounts-file.ts';
import { serveCommand } from '../../main/cli/commands/serve.ts';
import { METRICS } from '../../main/core/metrics/contract.ts';
import { tempDir } from '../helpers/core.ts';
import { PROMTOOL, prometheusMissing } from '../helpers/prometheus.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DEPLOY = join(ROOT, 'deploy');
const read = (name: string) => readFileSync(join(DEPLOY, name), 'utf8');
const dir = tempDir('headroom-deploy-');
after(() => rmSync(dir, { recursive: true, force: true }));

function run(cmd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The --flags of a serve command line, which must all be serve's own. */
function assertServeFlags(what: string, args: string[]): void {
  const flags = args.filter((a) => a.startsWith('--'));
  assert.ok(flags.length > 0, what);
  for (const flag of flags) assert.ok(serveCommand.help.includes(`${flag.split('=')[0]} `) || serveCommand.help.includes(`${flag.split('=')[0]}\n`), `${what}: ${flag} is not an option of headroom serve`);
}

describe('deploy kit: Prometheus', { skip: prometheusMissing() ?? false }, () => {
  test('promtool check rules, and the rules unit tests (near limit 2m, at limit, down 5m, burst)', () => {
    const check = run(PROMTOOL, ['check', 'rules', join(DEPLOY, 'headroom-alerts.yml')]);
    assert.equal(check.status, 0, check.out);
    assert.match(check.out, /SUCCESS: 6 rules found/);
    const unit = run(PROMTOOL, ['test', 'rules', join(import.meta.dirname, 'headroom-alerts.test.yml')]);
    assert.equal(unit.status, 0, unit.out);
    assert.match(unit.out, /SUCCESS/);
  });

  test('promtool check config: the syntax as shipped, and in full with the token file in place', () => {
    const syntax = run(PROMTOOL, ['check', 'config', '--syntax-only', join(DEPLOY, 'prometheus.yml')]);
    assert.equal(syntax.status, 0, syntax.out);
    // The full check wants the files the config names: the rules beside it, and the token file.
    const config = read('prometheus.yml');
    assert.match(config, /credentials_file: \/etc\/prometheus\/headroom-token/);
    writeFileSync(join(dir, 'headroom-token'), 'x'.repeat(32));
    writeFileSync(join(dir, 'prometheus.yml'), config.replace('/etc/prometheus/headroom-token', join(dir, 'headroom-token')));
    copyFileSync(join(DEPLOY, 'headroom-alerts.yml'), join(dir, 'headroom-alerts.yml'));
    const full = run(PROMTOOL, ['check', 'config', join(dir, 'prometheus.yml')]);
    assert.equal(full.status, 0, full.out);
    assert.match(full.out, /SUCCESS: 6 rules found/);
  });
});

describe('deploy kit', () => {
  test('the rules and the dashboard use only the metric names of the contract', () => {
    const names = new Set<string>(Object.values(METRICS).map((m) => m.name));
    const used = (text: string) => [...text.matchAll(/\bheadroom_[a-z_]+/g)].map((m) => m[0]);
    for (const [file, text] of [['headroom-alerts.yml', read('headroom-alerts.yml')], ['grafana-dashboard.json', read('grafana-dashboard.json')]]) {
      const unknown = used(text).filter((n) => !names.has(n));
      assert.deepEqual(unknown, [], file);
    }
    const dashboard = JSON.parse(read('grafana-dashboard.json')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    assert.deepEqual(
      dashboard.panels.map((p) => p.title),
      ['Utilization now', 'Utilization per account', 'Calls vs limit', 'Poll errors', 'Accounts up', 'Age of the last good reading'],
    );
    assert.ok(dashboard.panels.every((p) => p.targets.length > 0 && p.targets.every((t) => t.expr.includes('$account'))), 'every panel follows the account picker');
  });

  test('the example accounts file is valid, and holds references only', () => {
    const file = parseAccountsFile(read('accounts.example.json'), { source: 'accounts.example.json', baseDir: DEPLOY });
    assert.deepEqual(file.accounts.map((a) => a.provider), ['retell', 'vobiz', 'puretalk', 'ultravox']);
  });

  test('systemd-analyze verify finds nothing in the unit; its command line is a valid serve', (t) => {
    const unit = read('headroom.service');
    const exec = /^ExecStart=(.*)$/m.exec(unit)![1].split(/\s+/);
    assert.deepEqual(exec.slice(0, 3), ['/usr/bin/node', '/opt/headroom/bin/headroom.cjs', 'serve']);
    assertServeFlags('ExecStart', exec.slice(3));
    assert.match(unit, /^DynamicUser=yes$/m);
    assert.match(unit, /^RestartPreventExitStatus=64$/m);
    if (!existsSync('/usr/bin/systemd-analyze')) return t.skip('systemd-analyze is not installed: the unit was not verified');
    // Verified where this machine has the programs it names: node here, the checkout's bin/.
    const local = join(dir, 'headroom.service');
    writeFileSync(local, unit.replace('/usr/bin/node', process.execPath).replace('/opt/headroom/bin/headroom.cjs', join(ROOT, 'bin', 'headroom.cjs')));
    const r = run('/usr/bin/systemd-analyze', ['verify', local]);
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out.trim(), '', r.out);
  });

  test('Dockerfile: official Node 24 slim image, non-root, headroom serve --accounts; everything it copies exists', () => {
    const dockerfile = read('Dockerfile');
    const from = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    assert.ok(from.length === 2 && from.every((image) => /^node:24-[a-z]+-slim$/.test(image)), `base images: ${from.join(', ')}`);
    assert.match(dockerfile, /^USER node$/m);
    const entry = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(dockerfile)![1]) as string[];
    const cmd = JSON.parse(/^CMD (.*)$/m.exec(dockerfile)![1]) as string[];
    assert.deepEqual(entry, ['node', '/opt/headroom/bin/headroom.cjs', 'serve']);
    assert.ok(cmd.includes('--accounts'), 'serve --accounts');
    assertServeFlags('CMD', cmd);
    assert.ok(cmd.includes('--token-file') && cmd.includes('0.0.0.0:9479'), 'listens for other containers, with a token');
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(.*) \S+$/gm)) {
      for (const source of m[1].split(' ')) if (source !== '.') assert.ok(existsSync(join(ROOT, source)), `COPY ${source}: not in the checkout`);
    }
    for (const m of dockerfile.matchAll(/^COPY --from=build (.*) \S+$/gm)) {
      for (const source of m[1].split(' ')) assert.match(source, /^\/src\/dist\/cli\.cjs(\.map)?$/, 'the build stage makes dist/cli.cjs (scripts/build.mjs)');
    }
  });
});
