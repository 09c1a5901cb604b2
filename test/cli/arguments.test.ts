import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectPositionals, parseArguments, UsageError } from '../../main/cli/arguments.ts';
import { EXIT, exitCodeFor } from '../../main/cli/exit-codes.ts';
import { ApiError, ProviderError } from '../../main/model/errors.ts';

const OPTIONS = { json: { type: 'boolean' }, label: { type: 'string' }, field: { type: 'string', multiple: true } } as const;

describe('arguments (node:util parseArgs, strict)', () => {
  test('options, repeated options, positionals, and -- ending the options', () => {
    const { values, positionals } = parseArguments(['edit', '--label=Prod', '--field', 'a=1', '--field', 'b=2', '--json', '--', '--not-an-option'], OPTIONS);
    assert.deepEqual({ ...values }, { label: 'Prod', field: ['a=1', 'b=2'], json: true });
    assert.deepEqual(positionals, ['edit', '--not-an-option']);
  });

  test('an unknown option, a value given to a flag, a missing value: usage errors with short messages', () => {
    const cases: Array<[string[], string]> = [
      [['--bogus'], "unknown option '--bogus'"],
      [['--json=x'], "option '--json' does not take an argument"],
      [['--label'], "option '--label <value>' argument missing"],
    ];
    for (const [args, message] of cases) {
      assert.throws(() => parseArguments(args, OPTIONS), (err: unknown) => err instanceof UsageError && err.message === message, args.join(' '));
    }
  });

  test('expectPositionals names what is missing or extra', () => {
    assert.deepEqual(expectPositionals(['a'], ['an account']), ['a']);
    assert.throws(() => expectPositionals([], ['an account']), /missing an account/);
    assert.throws(() => expectPositionals(['a', 'b'], ['an account']), /unexpected argument 'b'/);
  });
});

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
});
