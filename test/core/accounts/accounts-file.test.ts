import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { AccountsFileError, fileAccountId, loadAccountsFile, parseAccountsFile } from '../../../main/core/accounts/accounts-file.ts';
import { tempDir } from '../../helpers/core.ts';

const SECRET = 'key_LITERAL_do_not_print_0123456789';

function parse(accounts: unknown[], extra: Record<string, unknown> = {}) {
  return parseAccountsFile(JSON.stringify({ accounts, ...extra }), { source: 'accounts.json', baseDir: '/etc/headroom', now: Date.UTC(2026, 0, 1) });
}

/** The message of the AccountsFileError the input raises; it must never carry the secret. */
function problem(accounts: unknown[] | string): string {
  try {
    if (typeof accounts === 'string') parseAccountsFile(accounts, { source: 'accounts.json', baseDir: '/x' });
    else parse(accounts);
  } catch (err) {
    assert.ok(err instanceof AccountsFileError, String(err));
    assert.ok(!err.message.includes(SECRET), `the message carries the secret: ${err.message}`);
    return err.message;
  }
  assert.fail('no error');
}

describe('accounts file', () => {
  test('accounts with references: fields per provider, ids stable from provider and label', () => {
    const { accounts, references, source } = parse([
      { provider: 'retell', label: 'prod', secrets: { apiKey: { env: 'RETELL_PROD_KEY' } } },
      { provider: 'vobiz', label: 'main', baseUrl: 'https://vobiz.example/api', fields: { authId: 'MA_ABC123' }, secrets: { authToken: { file: 'secrets/vobiz' } }, pollIntervalSec: 60 },
      { id: 'ux-1', provider: 'ultravox', label: 'agents', secrets: { apiKey: { file: '/run/secrets/ux' } }, enabled: false },
    ]);
    assert.equal(source, 'accounts.json');
    assert.deepEqual(
      accounts.map((a) => [a.provider, a.label, a.fields, a.baseUrl, a.enabled, a.pollIntervalSec]),
      [
        ['retell', 'prod', {}, undefined, true, undefined],
        ['vobiz', 'main', { authId: 'MA_ABC123' }, 'https://vobiz.example/api', true, 60],
        ['ultravox', 'agents', {}, undefined, false, undefined],
      ],
    );
    assert.equal(accounts[0].id, fileAccountId('retell', 'prod'));
    assert.equal(accounts[0].id, fileAccountId('retell', ' PROD '), 'case and spaces do not change the id');
    assert.notEqual(accounts[0].id, fileAccountId('puretalk', 'prod'));
    assert.match(accounts[0].id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(accounts[2].id, 'ux-1');
    assert.deepEqual(references.get(accounts[0].id), { apiKey: { env: 'RETELL_PROD_KEY' } });
    assert.deepEqual(references.get(accounts[1].id), { authToken: { file: '/etc/headroom/secrets/vobiz' } }, 'relative to the file');
    assert.deepEqual(references.get('ux-1'), { apiKey: { file: '/run/secrets/ux' } });
  });

  test('a literal secret is refused, wherever it is put, without repeating it', () => {
    assert.match(problem([{ provider: 'retell', label: 'p', secrets: { apiKey: SECRET } }]), /accounts\[0\] \("p"\)\.secrets\.apiKey is a literal secret, which Headroom refuses: write \{"env": "VARIABLE"\} or \{"file": "\/path\/to\/secret"\} instead/);
    assert.match(problem([{ provider: 'vobiz', label: 'v', fields: { authId: 'MA_X1', authToken: SECRET }, secrets: { authToken: { env: 'T' } } }]), /fields\.authToken is a secret field given as a literal, which Headroom refuses/);
    assert.match(problem([{ provider: 'retell', label: 'p', apiKey: SECRET, secrets: { apiKey: { env: 'K' } } }]), /unknown key "apiKey"/);
    assert.match(problem([{ provider: 'retell', label: 'p', secrets: { apiKey: 12345678 } }]), /literal secret/);
  });

  test('JSON errors say where, never quote the text', () => {
    assert.equal(problem(`{"accounts": [{"provider": "retell", "secrets": {"apiKey": ${SECRET}}}]}`), 'accounts.json is not valid JSON');
    assert.equal(problem(`{"accounts": [\n  {"provider": "retell",}\n]}`), 'accounts.json is not valid JSON (line 2, column 25)');
  });

  test('what is wrong, named by key', () => {
    const retell = (extra: Record<string, unknown>) => [{ provider: 'retell', label: 'p', secrets: { apiKey: { env: 'K' } }, ...extra }];
    assert.match(problem([{ provider: 'nope', label: 'x' }]), /provider must be one of retell, vobiz, puretalk, ultravox/);
    assert.match(problem([{ provider: 'retell', label: 'p' }]), /secrets\.apiKey is missing: Retell AI needs its API key/);
    assert.match(problem([{ provider: 'vobiz', label: 'v', secrets: { authToken: { env: 'T' } } }]), /authId: Auth ID is required/);
    assert.match(problem([{ provider: 'vobiz', label: 'v', fields: { authId: 'XX' }, secrets: { authToken: { env: 'T' } } }]), /authId: Starts with MA_/);
    assert.match(problem(retell({ secrets: { apiKey: { env: 'K' }, other: { env: 'O' } } })), /secrets\.other is not a secret field of Retell AI/);
    assert.match(problem(retell({ secrets: { apiKey: { env: 'K', file: '/f' } } })), /exactly one key, "env" or "file"/);
    assert.match(problem(retell({ secrets: { apiKey: { env: 'NOT-A-NAME' } } })), /must be an environment variable name/);
    assert.match(problem(retell({ secrets: { apiKey: { file: '' } } })), /secrets\.apiKey\.file must be a non-empty string/);
    assert.match(problem(retell({ baseUrl: 'ftp://x' })), /baseUrl must be an http or https URL/);
    assert.match(problem(retell({ pollIntervalSec: 2 })), /pollIntervalSec must be between 10 and 86400/);
    assert.match(problem(retell({ enabled: 'yes' })), /enabled must be true or false/);
    assert.match(problem(retell({ id: 'has space' })), /id must be up to 64 letters/);
    assert.match(problem(retell({ label: '' })), /^accounts\[0\] \(""\): label must /, 'the shared account rules, named by key');
    assert.match(problem([...retell({}), ...retell({ label: 'P' })]), /accounts\[1\] \("P"\) has the same label as another account/);
    assert.match(problem([...retell({ id: 'same' }), ...retell({ id: 'same', label: 'q' })]), /accounts\[1\] \("q"\) has the same id as another account/);
    assert.match(problem('[]'), /must be a JSON object with an "accounts" array/);
    assert.match(problem('{"accounts": [], "token": "x"}'), /unknown key "token"/);
  });

  test('an empty list is a valid file', () => {
    assert.deepEqual(parse([]).accounts, []);
  });

  describe('from disk', () => {
    const dir = tempDir();
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('reads the file; a missing one is a clear error', () => {
      mkdirSync(join(dir, 'conf'));
      const path = join(dir, 'conf', 'team.json');
      writeFileSync(path, JSON.stringify({ accounts: [{ provider: 'puretalk', label: 'out', secrets: { apiKey: { file: 'pt.key' } } }] }));
      const loaded = loadAccountsFile(path);
      assert.equal(loaded.source, 'team.json');
      assert.deepEqual(loaded.references.get(loaded.accounts[0].id), { apiKey: { file: join(dir, 'conf', 'pt.key') } });
      assert.throws(() => loadAccountsFile(join(dir, 'missing.json')), /cannot read the accounts file .*missing\.json: no such file/);
    });
  });
});
