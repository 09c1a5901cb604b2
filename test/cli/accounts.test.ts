import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createAccountsCommand } from '../../main/cli/commands/accounts.ts';
import type { CliCommand, CliIO } from '../../main/cli/types.ts';
import { type Keychain, KeychainUnavailableError, loadKeytar, MemoryKeychain } from '../../main/core/secrets/keychain.ts';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { tempDir } from '../helpers/core.ts';
import { useSimulator } from '../helpers/simulator.ts';
import { skipWithoutKeyring } from '../helpers/keyring.ts';

const box = useSimulator();
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dataDir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

/** Runs the command with a fake io; `tty` answers the no-echo prompt with the given lines. */
async function runWith(command: CliCommand, args: string[], opts: { env: NodeJS.ProcessEnv; stdin?: string; tty?: string[] }): Promise<CliResult & { prompts: string[] }> {
  let stdout = '';
  let stderr = '';
  const prompts: string[] = [];
  const answers = [...(opts.tty ?? [])];
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: opts.env,
    readStdin: async () => opts.stdin ?? '',
    isTTY: Boolean(opts.tty),
    promptSecret: opts.tty ? async (q) => (prompts.push(q), answers.shift() ?? '') : undefined,
    interrupted: new Promise(() => {}),
  };
  const code = await command.run(args, io);
  return { code, stdout, stderr, prompts };
}

describe('headroom accounts (in-memory keychain)', () => {
  const keychain = new MemoryKeychain();
  const removed: Array<[string, boolean]> = [];
  const command = createAccountsCommand({ keychain, onRemove: async (id, deleteHistory) => void removed.push([id, deleteHistory]) });
  const dir = dataDir();
  const env = { HEADROOM_DATA_DIR: dir };
  const outputs: string[] = [];
  const cli = async (args: string[], opts: { stdin?: string; tty?: string[]; env?: NodeJS.ProcessEnv } = {}) => {
    const r = await runWith(command, args, { ...opts, env: { ...env, ...opts.env } });
    outputs.push(r.stdout, r.stderr, ...r.prompts);
    return r;
  };
  const SECRETS = { retell: 'key_cli_mem_R1', vobiz: 'tok_cli_mem_V2', puretalk: 'pt_cli_mem_P3', ultravox: 'uv_cli_mem_U4', edited: 'key_cli_mem_R5' };

  test('add: secrets from stdin, a no-echo prompt, or the environment, never argv', async () => {
    box.sim.addAccount('vobiz', { authId: 'MA_CLIMEM', authToken: SECRETS.vobiz }, { current: 4, limit: 8 });
    box.sim.addAccount('retell', { apiKey: SECRETS.retell }, { current: 1, limit: 20 });
    box.sim.addAccount('puretalk', { apiKey: SECRETS.puretalk }, { current: 0, limit: 3 });
    const viaStdin = await cli(['add', '--provider', 'vobiz', '--label', 'Main', '--field', 'authId=MA_CLIMEM', '--base-url', box.sim.baseUrls.vobiz], { stdin: `${SECRETS.vobiz}\n` });
    assert.equal(viaStdin.code, 0, viaStdin.stderr);
    assert.match(viaStdin.stdout, /^added Main\tVobiz\t[0-9a-f-]{36}\tauthId=MA_CLIMEM\n$/);
    const viaTty = await cli(['add', '--provider=retell', '--label=Staging', `--base-url=${box.sim.baseUrls.retell}`], { tty: [SECRETS.retell] });
    assert.equal(viaTty.code, 0, viaTty.stderr);
    assert.deepEqual(viaTty.prompts, ['Retell AI API key: '], 'asked for on the terminal, by name');
    const viaEnv = await cli(['add', '--provider', 'puretalk', '--label', 'PT', '--base-url', box.sim.baseUrls.puretalk], { env: { HEADROOM_SECRET_APIKEY: SECRETS.puretalk } });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    const onArgv = await cli(['add', '--provider', 'retell', '--label', 'r', '--field', `apiKey=${SECRETS.retell}`]);
    assert.equal(onArgv.code, 64);
    assert.match(onArgv.stderr, /is secret: don't pass it on the command line/);
    const untested = await cli(['add', '--provider', 'ultravox', '--label', 'UV', '--base-url', 'http://127.0.0.1:9', '--no-test'], { stdin: SECRETS.ultravox });
    assert.equal(untested.code, 0, untested.stderr);
  });

  test('add failures: wrong credentials exit with the auth code, duplicate label, bad values, bad usage', async () => {
    const wrong = await cli(['add', '--provider', 'retell', '--label', 'w', '--base-url', box.sim.baseUrls.retell], { stdin: 'key_cli_wrong\n' });
    assert.equal(wrong.code, 2, 'EXIT.auth');
    assert.match(wrong.stderr, /^headroom accounts: .*rejected/);
    const dup = await cli(['add', '--provider', 'retell', '--label', 'main', '--base-url', box.sim.baseUrls.retell], { stdin: `${SECRETS.retell}\n` });
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /an account named 'Main' already exists/);
    const badUrl = await cli(['add', '--provider', 'retell', '--label', 'u', '--base-url', 'not a url'], { stdin: 'k\n' });
    assert.match(badUrl.stderr, /baseUrl must be an absolute URL/);
    assert.equal(badUrl.code, 64, 'a validation error is a usage error');
    const noSecret = await cli(['add', '--provider', 'retell', '--label', 'n'], { stdin: '' });
    assert.match(noSecret.stderr, /apiKey: .*required/);
    for (const args of [['add', '--provider', 'twilio', '--label', 'x'], ['add', '--provider', 'retell'], ['add', '--provider', 'retell', '--label', 'x', '--bogus'], ['list', 'extra'], ['bogus'], [], ['remove'], ['add', '--label']]) {
      const r = await cli(args);
      assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
    }
  });

  test('list, test, edit, enable, disable, needs credentials', async () => {
    const text = await cli(['list']);
    assert.match(text.stdout, /^Main\tVobiz\t.*\tauthId=MA_CLIMEM\nStaging\tRetell AI\t.*\nPT\t.*\nUV\t/);
    const views = JSON.parse((await cli(['list', '--json'])).stdout);
    assert.deepEqual(views.map((v: { label: string; needsCredentials: boolean }) => [v.label, v.needsCredentials]), [['Main', false], ['Staging', false], ['PT', false], ['UV', false]]);
    const t = await cli(['test', 'main']);
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.stdout, 'Main: 4 / 8 concurrent calls (50%)\n');
    const offline = await cli(['test', 'UV']);
    assert.equal(offline.code, 5, 'EXIT.network');
    assert.match(offline.stderr, /^UV: /);
    assert.equal((await cli(['test', 'nobody'])).code, 1);
    const renamed = await cli(['edit', 'staging', '--label', 'Prod']);
    assert.equal(renamed.code, 0, renamed.stderr);
    assert.match(renamed.stdout, /^updated Prod\t/);
    box.sim.addAccount('retell', { apiKey: SECRETS.edited }, { current: 2, limit: 20 });
    const newSecret = await cli(['edit', 'Prod', '--secrets'], { tty: [SECRETS.edited] });
    assert.equal(newSecret.code, 0, newSecret.stderr);
    const prod = views.find((v: { label: string }) => v.label === 'Staging');
    assert.deepEqual(JSON.parse((await keychain.getPassword('Headroom', prod.id))!), { apiKey: SECRETS.edited });
    const badSecret = await cli(['edit', 'Prod', '--secrets'], { stdin: 'key_cli_bad\n' });
    assert.equal(badSecret.code, 2);
    assert.deepEqual(JSON.parse((await keychain.getPassword('Headroom', prod.id))!), { apiKey: SECRETS.edited }, 'a rejected secret is not saved');
    assert.match((await cli(['disable', 'Prod'])).stdout, /^disabled 'Prod'\n$/);
    assert.match((await cli(['list'])).stdout, /Prod\t.*\(disabled\)/);
    assert.match((await cli(['enable', prod.id])).stdout, /^enabled 'Prod'\n$/);
    await keychain.deletePassword('Headroom', prod.id);
    assert.match((await cli(['list'])).stdout, /Prod\t.*\(needs credentials\)/);
    assert.match((await cli(['test', 'Prod'])).stderr, /'Prod' needs credentials: enter its API key again/i);
    assert.equal((await cli(['edit', 'Prod', '--secrets'], { stdin: `${SECRETS.edited}\n` })).code, 0);
    assert.equal(JSON.parse((await cli(['list', '--json'])).stdout).find((v: { label: string }) => v.label === 'Prod').needsCredentials, false);
  });

  test('remove: history kept unless --delete-history; the hook is told which', async () => {
    const ids = JSON.parse((await cli(['list', '--json'])).stdout).map((v: { id: string }) => v.id);
    assert.equal((await cli(['remove', 'PT', '--keep-history', '--delete-history'])).code, 64);
    assert.equal((await cli(['remove', 'PT'])).stdout, "removed 'PT' (history kept)\n");
    assert.equal((await cli(['remove', 'UV', '--delete-history'])).stdout, "removed 'UV' (history deleted)\n");
    assert.equal((await cli(['remove', 'Main', '--keep-history'])).stdout, "removed 'Main' (history kept)\n");
    assert.deepEqual(removed, [[ids[2], false], [ids[3], true], [ids[0], false]]);
    assert.equal(await keychain.getPassword('Headroom', ids[0]), null, 'the keychain entry went with the account');
    assert.deepEqual(JSON.parse((await cli(['list', '--json'])).stdout).map((v: { label: string }) => v.label), ['Prod']);
  });

  test('secrets never appear in any output or any file under the data dir', () => {
    const seen = [...outputs, ...filesUnder(dir).map((f) => readFileSync(f, 'latin1'))].join('\n');
    for (const s of Object.values(SECRETS)) assert.ok(!seen.includes(s), `secret ${s} leaked`);
    assert.ok(seen.includes('MA_CLIMEM'), 'the scan sees non-secret fields');
  });
});

describe('headroom accounts: problems are told, not crashed on', () => {
  test('no keychain: a clear message saying what to install, exit 1, nothing saved', async () => {
    const fail = async (): Promise<never> => {
      throw new KeychainUnavailableError('No Secret Service (keyring) is running', 'install gnome-keyring');
    };
    const broken: Keychain = { getPassword: fail, setPassword: fail, deletePassword: fail };
    const dir = dataDir();
    box.sim.addAccount('retell', { apiKey: 'key_cli_nokeychain' }, { current: 0, limit: 1 });
    const r = await runWith(createAccountsCommand({ keychain: broken }), ['add', '--provider', 'retell', '--label', 'r', '--base-url', box.sim.baseUrls.retell], { env: { HEADROOM_DATA_DIR: dir }, stdin: 'key_cli_nokeychain\n' });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'headroom accounts: No Secret Service (keyring) is running. install gnome-keyring\n');
    const list = await runWith(createAccountsCommand({ keychain: broken }), ['list', '--json'], { env: { HEADROOM_DATA_DIR: dir } });
    assert.deepEqual(JSON.parse(list.stdout), []);
    for (const f of filesUnder(dir)) assert.ok(!readFileSync(f, 'latin1').includes('key_cli_nokeychain'));
  });

  test('a corrupt config file: the repair notice on stderr, the readable accounts listed', async () => {
    const dir = dataDir();
    const ok = { id: 'c1', provider: 'retell', label: 'survivor', fields: {}, enabled: true, createdAt: 'x', updatedAt: 'x' };
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ configVersion: 1, accounts: [ok, { provider: 'nope' }] }));
    const r = await runWith(createAccountsCommand({ keychain: new MemoryKeychain() }), ['list'], { env: { HEADROOM_DATA_DIR: dir } });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^headroom: Your settings file had problems .*backed up to .*config\.corrupt-.*kept 1 account/);
    assert.match(r.stdout, /^survivor\tRetell AI\tc1\t\(needs credentials\)\n$/);
  });
});

const skip = await skipWithoutKeyring();

describe('headroom accounts through run() with the real keyring', { skip }, () => {
  const dir = dataDir();
  const env = { HEADROOM_DATA_DIR: dir };

  test('add with the secret from stdin, list, test, missing entry, edit --secrets, disable, remove', async () => {
    const secret = `tok_cli_real_${process.pid}`;
    box.sim.addAccount('vobiz', { authId: 'MA_CLI1', authToken: secret }, { current: 4, limit: 8 });
    const add = await runCli(['accounts', 'add', '--provider', 'vobiz', '--label', 'Main', '--field', 'authId=MA_CLI1', '--base-url', box.sim.baseUrls.vobiz], { env, stdin: `${secret}\n` });
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /^added Main\tVobiz\t/);
    const list = await runCli(['accounts', 'list', '--json'], { env });
    const [view] = JSON.parse(list.stdout);
    assert.equal(view.needsCredentials, false);
    assert.deepEqual(JSON.parse((await (await loadKeytar()).getPassword('Headroom', view.id))!), { authToken: secret }, 'one entry: service Headroom, account = id');
    const t = await runCli(['accounts', 'test', 'main'], { env });
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.stdout, 'Main: 4 / 8 concurrent calls (50%)\n');
    // The keychain entry deleted behind Headroom's back: the account stays, as "needs credentials".
    await (await loadKeytar()).deletePassword('Headroom', view.id);
    const [missing] = JSON.parse((await runCli(['accounts', 'list', '--json'], { env })).stdout);
    assert.equal(missing.label, 'Main');
    assert.equal(missing.needsCredentials, true);
    const restore = await runCli(['accounts', 'edit', 'Main', '--secrets'], { env, stdin: `${secret}\n` });
    assert.equal(restore.code, 0, restore.stderr);
    assert.equal(JSON.parse((await runCli(['accounts', 'list', '--json'], { env })).stdout)[0].needsCredentials, false);
    assert.equal((await runCli(['accounts', 'disable', 'Main'], { env })).code, 0);
    assert.match((await runCli(['accounts', 'list'], { env })).stdout, /\(disabled\)/);
    const rm = await runCli(['accounts', 'remove', 'Main', '--delete-history'], { env });
    assert.equal(rm.code, 0, rm.stderr);
    assert.match(rm.stdout, /^removed 'Main' \(history deleted\)\n$/);
    assert.equal(await (await loadKeytar()).getPassword('Headroom', view.id), null);
    assert.match((await runCli(['accounts', 'list'], { env })).stdout, /no accounts yet/);
    const all = [add, list, t, restore, rm].map((r) => r.stdout + r.stderr).join('\n') + filesUnder(dir).map((f) => readFileSync(f, 'latin1')).join('\n');
    assert.ok(!all.includes(secret));
  });
});
