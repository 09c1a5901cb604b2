/**
 * `headroom watch` as people run it: bin/headroom.cjs in a child process, a real account added with
 * `headroom accounts add` (secret in the test's gnome-keyring), the provider simulator in a process of
 * its own, a short poll interval (HEADROOM_TEST_POLL_INTERVAL_MS), signals, a closed pipe.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BIN, cleanEnv, runCliProcess, runPipeline, startCli, type RunningCli } from '../helpers/headroom-process.ts';
import { LONG_LIVED_NODE_FLAGS } from '../../main/cli/runtime-tuning.ts';
import { tempDir } from '../helpers/core.ts';
import { startSimulatorProcess, type SimulatorProcess } from '../helpers/simulator-process.ts';
import { currentWriter } from '../../main/core/history/lock.ts';
import { keyringProblem } from '../helpers/keyring.ts';

const SECRETS = { prod: 'key_proc_Prod_A1b2C3d4E5f6', pt: 'pt_proc_Out_Z9y8X7w6V5u4', late: 'key_proc_Late_Q1w2E3r4T5' };
const POLL_MS = '200';
const dirs: string[] = [];
/** Every line any child printed, and every child's argv: the secrets must be in none of them. */
const seen: string[] = [];
let sim: SimulatorProcess;
let keyring: string | null;

function dataDir(): string {
  const d = tempDir('headroom-proc-');
  dirs.push(d);
  return d;
}

/** A stand-in for the D-Bus session bus that accepts connections and never says a word. */
async function silentBus(): Promise<{ path: string; connected: Promise<void>; close(): void }> {
  const path = join(dataDir(), 'bus');
  const sockets: Socket[] = [];
  let connected!: () => void;
  const server = createServer((socket) => {
    sockets.push(socket);
    connected();
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    path,
    connected: new Promise<void>((resolve) => (connected = resolve)),
    close: () => {
      sockets.forEach((s) => s.destroy());
      server.close();
    },
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

/** Starts `headroom watch` and records its output and its command line as the kernel shows it. */
/** Every watch started, so none outlives the tests. */
const started: RunningCli[] = [];

function watch(dir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): RunningCli {
  const running = startCli(['watch', '--json', '--no-notify', ...args], { env: cleanEnv({ HEADROOM_DATA_DIR: dir, HEADROOM_TEST_POLL_INTERVAL_MS: POLL_MS, ...env }) });
  seen.push(readFileSync(`/proc/${running.child.pid}/cmdline`, 'utf8'));
  started.push(running);
  void running.exited.then(() => seen.push(running.transcript()));
  return running;
}

async function run(args: string[], dir: string, opts: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = await runCliProcess(args, { env: cleanEnv({ HEADROOM_DATA_DIR: dir, ...opts.env }), stdin: opts.stdin });
  seen.push(args.join(' '), r.stdout, r.stderr);
  return r;
}

type Line = Record<string, unknown>;
const json = (line: string): Line => (line.startsWith('{') ? (JSON.parse(line) as Line) : {});
const stateOf = (label: string, status: string, current?: number) => (line: string) => {
  const l = json(line);
  return l.type === 'state' && l.account === label && l.status === status && (current === undefined || l.current === current);
};
const NO_STACK = /^\s+at |Error:|node:internal/m;

before(async () => {
  keyring = await keyringProblem();
  if (keyring) console.log(`# real-account watch tests skipped: ${keyring}`);
  sim = await startSimulatorProcess();
});
after(async () => {
  // A failed assertion must not leave a watch running (the test run would never end).
  for (const r of started) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  await sim.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('headroom watch with a real account', () => {
  const dir = dataDir();
  const history = join(dir, 'history');
  let prodKey = '';

  test('accounts add: the secret from stdin, or from HEADROOM_SECRET_APIKEY', async (t) => {
    if (keyring) return t.skip(keyring);
    prodKey = await sim.addAccount('retell', { apiKey: SECRETS.prod }, { current: 3, limit: 20 });
    await sim.addAccount('puretalk', { apiKey: SECRETS.pt }, { current: 1, limit: 10 });
    const viaStdin = await run(['accounts', 'add', '--provider', 'retell', '--label', 'Prod', '--base-url', sim.baseUrls.retell], dir, { stdin: `${SECRETS.prod}\n` });
    assert.equal(viaStdin.code, 0, viaStdin.stderr);
    const viaEnv = await run(['accounts', 'add', '--provider', 'puretalk', '--label', 'Outbound', '--base-url', sim.baseUrls.puretalk], dir, { env: { HEADROOM_SECRET_APIKEY: SECRETS.pt } });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
  });

  test('runs over several poll intervals, prints each change and the alert, then SIGINT: exit 0, alert memory saved, lock released', async (t) => {
    if (keyring) return t.skip(keyring);
    const w = watch(dir);
    await w.waitForLine('stdout', stateOf('Prod', 'ok', 3));
    await w.waitForLine('stdout', stateOf('Outbound', 'ok', 1));
    assert.equal(currentWriter(history), w.child.pid, 'watch is the history writer');
    await sim.set(prodKey, { current: 7 });
    await w.waitForLine('stdout', stateOf('Prod', 'ok', 7));
    await sim.set(prodKey, { current: 20 });
    await w.waitForLine('stdout', stateOf('Prod', 'ok', 20));
    const alert = json(await w.waitForLine('stdout', (l) => json(l).type === 'alert' && json(l).account === 'Prod'));
    w.child.kill('SIGINT');
    assert.deepEqual(await w.exited, { code: 0, signal: null }, w.transcript());
    assert.equal(currentWriter(history), null, 'the history lock is released');
    const alertsFile = readFileSync(join(dir, 'alerts.json'), 'utf8');
    const alerts = JSON.parse(alertsFile) as { log: Array<{ accountLabel: string; type: string }> };
    assert.ok(alerts.log.some((e) => e.accountLabel === 'Prod' && e.type === alert.alert), `alerts.json holds the ${String(alert.alert)} alert: ${alertsFile}`);
    assert.doesNotMatch(w.lines.stderr.join('\n'), NO_STACK);
    const log = readFileSync(join(dir, 'logs', 'watch.log'), 'utf8');
    assert.match(log, /INFO stopping: SIGINT\n(.*\n)*.*INFO watch stopped/, log);
  });

  test('history export afterwards has every polled value, as CSV', async (t) => {
    if (keyring) return t.skip(keyring);
    const r = await run(['history', 'export', 'prod', '--since', '1h'], dir);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split('\n');
    assert.equal(rows[0], 'time,current,limit,utilization,resolution');
    const currents = new Set(rows.slice(1).map((row) => row.split(',')[1]));
    for (const c of ['3', '7', '20']) assert.ok(currents.has(c), `a sample with current ${c}: ${r.stdout}`);
    assert.ok(rows.length >= 5, 'several polls');
  });

  test('SIGTERM: exit 0 and the lock released', async (t) => {
    if (keyring) return t.skip(keyring);
    const w = watch(dir);
    await w.waitForLine('stdout', stateOf('Prod', 'ok'));
    w.child.kill('SIGTERM');
    assert.deepEqual(await w.exited, { code: 0, signal: null }, w.transcript());
    assert.equal(currentWriter(history), null);
  });

  // A keychain that never answers (a locked keyring waiting on a prompt nobody sees): the session
  // bus accepts the connection and stays silent. The keychain call of the first poll never returns,
  // and Node's own exit would wait for it for good.
  test('a keychain that never answers: after 20 s every account says so; Ctrl-C still stops, saves, and ends by SIGINT, saying why', async (t) => {
    if (keyring) return t.skip(keyring);
    const bus = await silentBus();
    const w = watch(dir, [], { DBUS_SESSION_BUS_ADDRESS: `unix:path=${bus.path}` });
    await bus.connected;
    // KEYCHAIN_ANSWER_MS: the first call is stuck, the second waits behind it; both callers are told.
    const notAnswering = (label: string) => (line: string) => stateOf(label, 'error')(line) && /^The keychain did not answer within 20 s\. /.test(String(json(line).message));
    await w.waitForLine('stdout', notAnswering('Prod'));
    await w.waitForLine('stdout', notAnswering('Outbound'));
    w.child.kill('SIGINT');
    const exit = await w.exited;
    bus.close();
    assert.deepEqual(exit, { code: null, signal: 'SIGINT' }, w.transcript());
    assert.match(w.lines.stderr.join('\n'), /headroom: the keychain has not answered; ending without waiting for it/);
    assert.equal(currentWriter(history), null, 'the history lock is released');
    const log = readFileSync(join(dir, 'logs', 'watch.log'), 'utf8');
    assert.match(log, /INFO stopping: SIGINT\n(.*\n)*.*INFO watch stopped: history and alert memory saved/, log);
  });

  test('a second signal while stopping ends the process at once, by that signal', async (t) => {
    if (keyring) return t.skip(keyring);
    // The stuck keychain call holds the stop up for a second (STOP_POLLS_WAIT_MS): all the time the
    // second signal needs, however busy the machine.
    const bus = await silentBus();
    const w = watch(dir, [], { DBUS_SESSION_BUS_ADDRESS: `unix:path=${bus.path}` });
    await bus.connected;
    w.child.kill('SIGINT');
    w.child.kill('SIGTERM');
    const exit = await w.exited;
    bus.close();
    // Either may arrive first: the first starts the stop, the second ends the process.
    const second = /headroom: (SIGINT|SIGTERM) again: exiting at once/.exec(w.lines.stderr.join('\n'));
    assert.ok(second, `${JSON.stringify(exit)}\n${w.transcript()}`);
    assert.deepEqual(exit, { code: null, signal: second[1] });
  });

  test('with no accounts it waits for the first one added', async (t) => {
    if (keyring) return t.skip(keyring);
    const empty = dataDir();
    const w = watch(empty);
    await w.waitForLine('stderr', /no accounts yet: waiting for the first/);
    await sim.addAccount('retell', { apiKey: SECRETS.late }, { current: 5, limit: 10 });
    const added = await run(['accounts', 'add', '--provider', 'retell', '--label', 'Late', '--base-url', sim.baseUrls.retell], empty, { stdin: `${SECRETS.late}\n` });
    assert.equal(added.code, 0, added.stderr);
    await w.waitForLine('stdout', stateOf('Late', 'ok', 5));
    w.child.kill('SIGINT');
    assert.deepEqual(await w.exited, { code: 0, signal: null }, w.transcript());
    dirs.push(empty);
  });

  test('secrets are in no output, no command line, no file (config, history, alerts, logs)', (t) => {
    if (keyring) return t.skip(keyring);
    const files = dirs.filter(existsSync).flatMap(filesUnder);
    const logs = files.filter((f) => f.includes(`${join('logs', '')}`));
    assert.ok(logs.some((f) => f.endsWith('watch.log')), `logs written: ${logs.join(', ')}`);
    const everything = [...seen, ...files.map((f) => readFileSync(f, 'latin1'))].join('\n');
    for (const s of Object.values(SECRETS)) assert.ok(!everything.includes(s), `secret ${s} leaked`);
    assert.ok(everything.includes('Outbound') && everything.includes('INFO account'), 'the scan sees output and logs');
  });
});

describe('closed pipes', () => {
  test('watch --demo | head -1: one line, exit 0, no stack trace, demo history lock released', async () => {
    const dir = dataDir();
    const r = await runPipeline('"$NODE" "$BIN" watch --demo --no-notify | head -1; echo "headroom exited ${PIPESTATUS[0]}" >&2', cleanEnv({ HEADROOM_DATA_DIR: dir }));
    assert.equal(r.stdout.trim().split('\n').length, 1, r.stdout);
    assert.match(r.stderr, /headroom exited (0|141)\n$/);
    assert.doesNotMatch(r.stderr, NO_STACK);
    assert.equal(currentWriter(join(dir, 'demo', 'history')), null);
    assert.match(readFileSync(join(dir, 'logs', 'watch.log'), 'utf8'), /stopping: output closed/);
  });
});

// watch and serve are restarted in place with LONG_LIVED_NODE_FLAGS (main/cli/runtime-tuning.ts):
// the kernel's view of the process shows it, under the PID the caller started.
describe('the process of a long-lived command', () => {
  const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

  test('watch runs under the same PID with V8 flags for a long-lived process, and stops on SIGTERM as before', async () => {
    const dir = dataDir();
    const w = startCli(['watch', '--demo', '--no-notify'], { env: cleanEnv({ HEADROOM_DATA_DIR: dir }) });
    started.push(w);
    await w.waitForLine('stdout', /Demo · /);
    assert.deepEqual(cmdline(w.child.pid!).slice(1), [...LONG_LIVED_NODE_FLAGS, BIN, 'watch', '--demo', '--no-notify']);
    assert.equal(currentWriter(join(dir, 'demo', 'history')), w.child.pid, 'the restarted process is the history writer');
    w.child.kill('SIGTERM');
    assert.deepEqual(await w.exited, { code: 0, signal: null }, w.transcript());
    assert.doesNotMatch(w.lines.stderr.join('\n'), NO_STACK);
  });

  test("serve too; a --max-opt of the caller's own is kept and nothing is added", async () => {
    const serve = startCli(['serve', '--demo', '--listen', '127.0.0.1:0', '--no-notify'], { env: cleanEnv({ HEADROOM_DATA_DIR: dataDir() }) });
    const own = startCli(['watch', '--demo', '--no-notify'], { env: cleanEnv({ HEADROOM_DATA_DIR: dataDir() }), nodeFlags: ['--max-opt=999'] });
    started.push(serve, own);
    await serve.waitForLine('stdout', /listening on http:/);
    await own.waitForLine('stdout', /Demo · /);
    assert.deepEqual(cmdline(serve.child.pid!).slice(1), [...LONG_LIVED_NODE_FLAGS, BIN, 'serve', '--demo', '--listen', '127.0.0.1:0', '--no-notify']);
    assert.deepEqual(cmdline(own.child.pid!).slice(1), ['--max-opt=999', BIN, 'watch', '--demo', '--no-notify']);
    serve.child.kill('SIGINT');
    own.child.kill('SIGINT');
    assert.deepEqual(await serve.exited, { code: 0, signal: null }, serve.transcript());
    assert.deepEqual(await own.exited, { code: 0, signal: null }, own.transcript());
  });
});
