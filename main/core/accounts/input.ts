/**
 * Checks of what comes into the account service. The window's calls were already checked by the
 * IPC layer; the CLI's were not, so the service checks both the same way (main/api/validate.ts)
 * and then each provider's own field rules. Messages name the field, never its value.
 */
import { validateArgs } from '../../api/validate.ts';
import { ApiError } from '../../model/errors.ts';
import { getProvider, validateFields } from '../providers/registry.ts';
import type { ProviderId } from '../../model/provider.ts';
import type { AccountInput, AccountPatch } from '../../model/account.ts';

/** validateArgs, with "addAccount: argument 1 (input)." taken off its messages. */
function check(method: 'addAccount' | 'updateAccount' | 'testConnection', args: unknown[]): void {
  try {
    validateArgs(method, args);
  } catch (err) {
    if (err instanceof ApiError) throw new ApiError(err.code, err.message.replace(/^\w+: argument \d+ \((\w+)\)(\.?)/, (_, name: string, dot: string) => (dot ? '' : name)));
    throw err;
  }
}

/** The first field error of a provider's rules as ApiError('invalid-argument'), "name: problem". */
export function assertValidFields(provider: ProviderId, fields: Record<string, string>, requireSecrets: boolean): void {
  const first = Object.entries(validateFields(provider, fields, { requireSecrets }))[0];
  if (first) throw new ApiError('invalid-argument', `${first[0]}: ${first[1]}`);
}

export function checkInput(input: AccountInput): void {
  check('addAccount', [input]);
  assertValidFields(input.provider, input.fields, true);
}

export function checkPatch(id: string, patch: AccountPatch): void {
  check('updateAccount', [id, patch]);
}

export function checkTestTarget(target: { input: AccountInput } | { id: string; fields?: Record<string, string> }): void {
  check('testConnection', [target]);
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
