import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectPositionals, parseArguments, UsageError } from '../../main/cli/arguments.ts';

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
