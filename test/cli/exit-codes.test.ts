import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { UsageError } from '../../main/cli/arguments.ts';
import { EXIT, EXIT_CODE_TABLE, exitCodeFor } from '../../main/cli/exit-codes.ts';
import { ApiError, ProviderError } from '../../main/model/errors.ts';

describe('exit codes', () => {
  test('usage and validation 64; provider errors by kind, also wrapped; the rest 1; internal 70', () => {
    assert.equal(exitCodeFor(new UsageError('x')), EXIT.usage);
    assert.equal(exitCodeFor(new ApiError('invalid-argument', 'baseUrl: must be an absolute URL')), 64);
    assert.equal(exitCodeFor(new ProviderError('auth', 'x')), 2);
    assert.equal(exitCodeFor(new ProviderError('rate-limited', 'x')), 3);
    assert.equal(exitCodeFor(new ProviderError('server', 'x')), 4);
    assert.equal(exitCodeFor(new ProviderError('network', 'x')), 5);
    assert.equal(exitCodeFor(new ProviderError('bad-response', 'x')), 6);
    const wrapped = Object.assign(new ApiError('provider', 'rejected'), { cause: new ProviderError('auth', 'rejected') });
    assert.equal(exitCodeFor(wrapped), 2);
    assert.equal(exitCodeFor(new ApiError('not-found', 'x')), 1);
    assert.equal(exitCodeFor(new ApiError('conflict', 'x')), 1);
    assert.equal(exitCodeFor(new ApiError('internal', 'x')), 70);
    assert.equal(exitCodeFor(new Error('EACCES')), 1);
  });

  test('one table: --help and the README list the same codes, and every code the CLI uses is in it', () => {
    const helpCodes = [...EXIT_CODE_TABLE.matchAll(/^ {2}([\d, ]+?)\s{2,}/gm)].map((m) => m[1].trim());
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const readmeCodes = [...readme.matchAll(/^\| ([\d, ]+) \|/gm)].map((m) => m[1].trim());
    assert.deepEqual(readmeCodes, helpCodes);
    for (const code of Object.values(EXIT)) assert.ok(helpCodes.some((c) => c.split(', ').includes(String(code))), `exit ${code}`);
  });
});
