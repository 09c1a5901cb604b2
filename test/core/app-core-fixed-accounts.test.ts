import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseAccountsFile } from '../../main/core/accounts/accounts-file.ts';
import { createReferenceKeychain, defaultReferenceIO } from '../../main/core/secrets/references.ts';
import type { PollEvent } from '../../main/model/state.ts';
import { tempDir, testCore, waitForState } from '../helpers/core.ts';
import { useSimulator } from '../helpers/simulator.ts';

const box = useSimulator();

describe('createCore with accounts from a file (headroom serve --accounts)', () => {
  test('polls them with secrets from references, writes none of it, refuses edits', async () => {
    const { sim } = box;
    sim.addAccount('retell', { apiKey: 'key_fixed_retell_secret' }, { current: 6, limit: 20 });
    sim.addAccount('ultravox', { apiKey: 'ux_fixed_secret' }, { current: 1, limit: 5 });
    const dir = tempDir();
    const secretFile = join(dir, 'retell.key');
    writeFileSync(secretFile, 'key_fixed_retell_secret\n');
    const file = parseAccountsFile(
      JSON.stringify({
        accounts: [
          { provider: 'retell', label: 'prod', baseUrl: sim.baseUrls.retell, secrets: { apiKey: { file: 'retell.key' } } },
          { provider: 'ultravox', label: 'agents', baseUrl: sim.baseUrls.ultravox, secrets: { apiKey: { env: 'UX_KEY_NOT_SET' } } },
        ],
      }),
      { source: 'team.json', baseDir: dir },
    );
    const keychain = createReferenceKeychain(file.references, file.source, defaultReferenceIO({}));
    const { core, dispose } = await testCore({ dataDir: dir, keychain, fixedAccounts: file });
    try {
      const polls: PollEvent[] = [];
      core.onPoll((e) => polls.push(e));
      await core.start();
      const state = await waitForState(core, (s) => s.accounts.find((a) => a.label === 'prod')?.status === 'ok' && s.accounts.find((a) => a.label === 'agents')?.status === 'error');
      assert.equal(state.accounts.find((a) => a.label === 'prod')!.snapshot!.current, 6);
      const agents = state.accounts.find((a) => a.label === 'agents')!;
      assert.equal(agents.message, 'apiKey: environment variable UX_KEY_NOT_SET is not set (secret reference of the accounts file)');
      assert.ok(polls.some((e) => e.snapshot?.current === 6), 'poll events reach onPoll');
      await assert.rejects(core.api.addAccount({ provider: 'retell', label: 'new', baseUrl: sim.baseUrls.retell, fields: { apiKey: 'key_fixed_retell_secret' } }), /team\.json/);
      await assert.rejects(core.api.setEnabled(agents.id, false), /accounts come from team\.json: edit that file/);
      await assert.rejects(core.api.removeAccount(agents.id, { deleteHistory: false }), /accounts come from team\.json/);
      const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
      assert.deepEqual(config.accounts, [], 'the file accounts never reach config.json');
    } finally {
      await dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
