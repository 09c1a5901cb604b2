import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createReferenceKeychain, defaultReferenceIO, resolveReference, SecretReferenceError } from '../../../main/core/secrets/references.ts';
import { createSecretStore } from '../../../main/core/secrets/secret-store.ts';
import { tempDir } from '../../helpers/core.ts';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

describe('secret references', () => {
  test('environment variables and files, trimmed', () => {
    const path = join(dir, 'token');
    writeFileSync(path, 'file-secret\n');
    const io = defaultReferenceIO({ KEY: '  env-secret ' });
    assert.equal(resolveReference({ env: 'KEY' }, io), 'env-secret');
    assert.equal(resolveReference({ file: path }, io), 'file-secret');
  });

  test('what is missing or unreadable is named, never a value', () => {
    const io = defaultReferenceIO({ EMPTY: ' ' });
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    mkdirSync(join(dir, 'folder'));
    const cases: Array<[Parameters<typeof resolveReference>[0], RegExp]> = [
      [{ env: 'UNSET_VAR' }, /^environment variable UNSET_VAR is not set$/],
      [{ env: 'EMPTY' }, /^environment variable EMPTY is empty$/],
      [{ file: join(dir, 'nope') }, /^cannot read file .*nope: no such file$/],
      [{ file: join(dir, 'folder') }, /^cannot read file .*folder: it is a directory$/],
      [{ file: empty }, /^file .*empty is empty$/],
    ];
    for (const [ref, message] of cases) assert.throws(() => resolveReference(ref, io), (err: unknown) => err instanceof SecretReferenceError && message.test(err.message));
  });

  test('an unreadable file (permissions) is named as such', (t) => {
    if (process.getuid?.() === 0) return t.skip('root reads every file: permission errors cannot happen here');
    const locked = join(dir, 'locked');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0);
    assert.throws(() => resolveReference({ file: locked }, defaultReferenceIO({})), /permission denied/);
  });

  test('the keychain stand-in: each read resolves afresh, problems are listed, writes refused', async () => {
    const path = join(dir, 'rotating');
    writeFileSync(path, 'first');
    const env: NodeJS.ProcessEnv = {};
    const keychain = createReferenceKeychain(
      new Map([
        ['a', { apiKey: { file: path } }],
        ['b', { apiKey: { env: 'B_KEY' } }],
      ]),
      'accounts.json',
      defaultReferenceIO(env),
    );
    const secrets = createSecretStore(keychain);
    assert.deepEqual(await secrets.get('a'), { apiKey: 'first' });
    writeFileSync(path, 'second');
    assert.deepEqual(await secrets.get('a'), { apiKey: 'second' }, 'a rotated file is read at the next poll');
    await assert.rejects(secrets.get('b'), /^Error: apiKey: environment variable B_KEY is not set \(secret reference of the accounts file\)$|apiKey: environment variable B_KEY is not set/);
    assert.deepEqual(keychain.problems(), [{ accountId: 'b', message: 'apiKey: environment variable B_KEY is not set (secret reference of the accounts file)' }]);
    env.B_KEY = 'now-set';
    assert.deepEqual(keychain.problems(), []);
    assert.equal(await secrets.get('unknown'), null);
    await assert.rejects(secrets.set('a', { apiKey: 'x' }), /accounts\.json are references .* can't be changed here/);
    await assert.rejects(secrets.delete('a'), /can't be changed here/);
  });
});
