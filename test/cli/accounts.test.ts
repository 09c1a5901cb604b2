import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadKeytar } from '../../main/core/secrets/keychain.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/core.ts';
import { useSimulator } from '../helpers/simulator.ts';

const box = useSimulator();
const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));
const env = { HEADROOM_DATA_DIR: dir };

async function keyringUsable(): Promise<boolean> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return false;
  try {
    await (await loadKeytar()).getPassword('Headroom-test', 'probe');
    return true;
  } catch {
    return false;
  }
}
const skip = (await keyringUsable()) ? false : 'needs a Secret Service (npm test provides one in dbus-run-session)';

describe('headroom accounts (real keyring)', { skip }, () => {
  test('add with the secret from stdin, list, test, disable, remove', async () => {
    box.sim.addAccount('vobiz', { authId: 'MA_CLI1', authToken: 'tok_cli_secret_1' }, { current: 4, limit: 8 });
    const add = await runCli(['accounts', 'add', '--provider', 'vobiz', '--label', 'Main', '--field', 'authId=MA_CLI1', '--base-url', box.sim.baseUrls.vobiz], { env, stdin: 'tok_cli_secret_1\n' });
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /^added Main\tVobiz\t/);
    const list = await runCli(['accounts', 'list', '--json'], { env });
    const [view] = JSON.parse(list.stdout);
    assert.equal(view.label, 'Main');
    assert.equal(view.needsCredentials, false);
    assert.ok(!readFileSync(join(dir, 'config.json'), 'utf8').includes('tok_cli_secret_1'));
    assert.ok(!list.stdout.includes('tok_cli_secret_1'));
    const t = await runCli(['accounts', 'test', 'main'], { env });
    assert.equal(t.code, 0, t.stderr);
    assert.equal(t.stdout, 'Main: 4 / 8 concurrent calls (50%)\n');
    // The keychain entry deleted behind Headroom's back: the account stays, as "needs credentials".
    await (await loadKeytar()).deletePassword('Headroom', view.id);
    const [missing] = JSON.parse((await runCli(['accounts', 'list', '--json'], { env })).stdout);
    assert.equal(missing.label, 'Main');
    assert.equal(missing.needsCredentials, true);
    assert.match((await runCli(['accounts', 'list'], { env })).stdout, /needs credentials/);
    const restore = await runCli(['accounts', 'edit', 'Main', '--secrets'], { env, stdin: 'tok_cli_secret_1\n' });
    assert.equal(restore.code, 0, restore.stderr);
    assert.equal(JSON.parse((await runCli(['accounts', 'list', '--json'], { env })).stdout)[0].needsCredentials, false);
    assert.equal((await runCli(['accounts', 'disable', 'Main'], { env })).code, 0);
    assert.match((await runCli(['accounts', 'list'], { env })).stdout, /\(disabled\)/);
    assert.equal((await runCli(['accounts', 'remove', 'Main'], { env })).code, 64, 'must say what happens to history');
    const rm = await runCli(['accounts', 'remove', 'Main', '--delete-history'], { env });
    assert.equal(rm.code, 0, rm.stderr);
    assert.match(rm.stdout, /removed 'Main' \(history deleted\)/);
    assert.match((await runCli(['accounts', 'list'], { env })).stdout, /no accounts yet/);
  });

  test('secrets are refused on the command line; env secrets work; wrong credentials exit 1', async () => {
    const onArgv = await runCli(['accounts', 'add', '--provider', 'retell', '--label', 'r', '--field', 'apiKey=key_argv'], { env });
    assert.equal(onArgv.code, 64);
    assert.match(onArgv.stderr, /secret/);
    box.sim.addAccount('retell', { apiKey: 'key_env_cli' }, { current: 1, limit: 2 });
    const wrong = await runCli(['accounts', 'add', '--provider', 'retell', '--label', 'r', '--base-url', box.sim.baseUrls.retell], { env: { ...env, HEADROOM_SECRET_APIKEY: 'key_wrong_cli' } });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /credentials rejected/);
    assert.ok(!wrong.stderr.includes('key_wrong_cli'));
    const ok = await runCli(['accounts', 'add', '--provider', 'retell', '--label', 'r', '--base-url', box.sim.baseUrls.retell], { env: { ...env, HEADROOM_SECRET_APIKEY: 'key_env_cli' } });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((await runCli(['accounts', 'bogus'], { env })).code, 64);
  });
});
