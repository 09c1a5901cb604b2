/**
 * Checks of what comes into the account service from any host (the window's calls, the CLI's
 * arguments): the shape against the schemas of main/model, then each provider's own field rules
 * (required fields, formats). Messages name the field, never its value.
 */
import { accountInputSchema, accountPatchSchema, testTargetSchema, type AccountInput, type AccountPatch, type TestTarget } from '../../model/account.ts';
import { assertValid } from '../../model/check.ts';
import { ApiError } from '../../model/errors.ts';
import type { ProviderId } from '../../model/provider.ts';
import { getProvider, validateFields } from '../providers/registry.ts';

/** The provider's field rules as ApiError('invalid-argument'): "name: problem; …", and by field ("fields.name"). */
export function assertValidFields(provider: ProviderId, fields: Record<string, string>, requireSecrets: boolean): void {
  const errors = Object.entries(validateFields(provider, fields, { requireSecrets }));
  if (errors.length === 0) return;
  const byField = Object.fromEntries(errors.map(([name, problem]) => [`fields.${name}`, problem]));
  throw new ApiError('invalid-argument', errors.map(([name, problem]) => `${name}: ${problem}`).join('; '), byField);
}

export function checkInput(input: AccountInput): void {
  assertValid(accountInputSchema, input);
  assertValidFields(input.provider, input.fields, true);
}

export function checkPatch(patch: AccountPatch): void {
  assertValid(accountPatchSchema, patch);
}

export function checkTestTarget(target: TestTarget): void {
  assertValid(testTargetSchema, target);
  if ('input' in target) assertValidFields(target.input.provider, target.input.fields, true);
}

/** Secret fields (non-empty ones only: empty means "keep the saved one") apart from the rest. */
export function splitFields(provider: ProviderId, fields: Record<string, string>): { plain: Record<string, string>; secret: Record<string, string> } {
  const secretNames = new Set(getProvider(provider).fields.filter((f) => f.secret).map((f) => f.name));
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    const v = value.trim();
    if (secretNames.has(name)) {
      if (v) secret[name] = v;
    } else plain[name] = v;
  }
  return { plain, secret };
}
