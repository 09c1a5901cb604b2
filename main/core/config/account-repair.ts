/**
 * Keeps every account of a damaged config file that can still be told apart: one with a provider
 * and a label. Missing or broken bookkeeping (id, enabled, times, fields) is filled in, broken
 * optional settings are dropped, clashing labels are renamed. Only what can't be an account goes.
 */
import { randomUUID } from 'node:crypto';
import { accountSchema, type Account } from '../../model/account.ts';
import { problemLine } from '../../model/check.ts';
import { isObject } from './settings-merge.ts';

type Raw = Record<string, unknown>;

/** Why a stored account is unreadable, or null when it is fine. */
const storedAccountProblem = (value: unknown) => problemLine(accountSchema, value, 'account');

/** A valid account each key is tried on by itself, so a key's own problem is told from others'. */
const SKELETON: Raw = { id: 'x', provider: 'retell', label: 'x', fields: {}, enabled: true, createdAt: 'x', updatedAt: 'x' };

/** Required keys a missing or broken value can be replaced for. */
const FILLABLE: Record<string, (nowIso: string) => unknown> = {
  id: () => randomUUID(),
  fields: () => ({}),
  enabled: () => true,
  createdAt: (now) => now,
  updatedAt: (now) => now,
};
const IDENTITY = ['provider', 'label'];
const REQUIRED = [...IDENTITY, ...Object.keys(FILLABLE)];
const OPTIONAL = ['baseUrl', 'pollIntervalSec', 'alerts', 'demo'];

function keyIsValid(key: string, value: unknown): boolean {
  return storedAccountProblem({ ...SKELETON, [key]: value }) === null;
}

/** The account with what could be fixed fixed, or why it can't be kept. */
function repairOne(item: unknown, nowIso: string): { account: Account; fixes: string[] } | { problem: string } {
  if (!isObject(item)) return { problem: 'it is not an object' };
  if (storedAccountProblem(item) === null) return { account: item as unknown as Account, fixes: [] };
  const out: Raw = {};
  const fixes: string[] = [];
  for (const [key, value] of Object.entries(item)) {
    if (keyIsValid(key, value)) out[key] = value;
    else if (IDENTITY.includes(key)) return { problem: `its ${key} is not valid` };
    else if (!REQUIRED.includes(key)) fixes.push(`dropped its ${OPTIONAL.includes(key) ? 'invalid' : 'unknown'} ${key.slice(0, 40)}`);
  }
  for (const key of IDENTITY) if (!(key in out)) return { problem: `it has no ${key}` };
  const filled = Object.keys(FILLABLE).filter((key) => !(key in out));
  for (const key of filled) out[key] = FILLABLE[key](nowIso);
  if (filled.length) fixes.push(`filled in its ${filled.map((k) => (k === 'id' ? 'id (enter its credentials again)' : k)).join(', ')}`);
  const problem = storedAccountProblem(out);
  return problem ? { problem } : { account: out as unknown as Account, fixes };
}

function uniqueLabel(label: string, taken: Set<string>): string {
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${label.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** Every account that can be kept, each fix and each loss described in `problems`. */
export function repairAccounts(raw: unknown, nowIso: string, problems: string[]): Account[] {
  if (raw === undefined) return [];
  let items: unknown[];
  if (Array.isArray(raw)) items = raw;
  else if (isObject(raw)) {
    problems.push('the account list was an object instead of a list');
    items = Object.values(raw);
  } else {
    problems.push('the account list was not readable');
    return [];
  }
  const accounts: Account[] = [];
  const ids = new Set<string>();
  const labels = new Set<string>();
  items.forEach((item, i) => {
    const name = isObject(item) && typeof item.label === 'string' ? `'${item.label.slice(0, 64)}'` : `#${i + 1}`;
    const result = repairOne(item, nowIso);
    if ('problem' in result) return void problems.push(`account ${name} could not be read (${result.problem}) and was left out`);
    const { account, fixes } = result;
    if (ids.has(account.id)) {
      account.id = randomUUID();
      fixes.push('gave it a new id, its old one was taken (enter its credentials again)');
    }
    if (labels.has(account.label.toLowerCase())) {
      account.label = uniqueLabel(account.label, labels);
      fixes.push(`renamed it '${account.label}', its label was taken`);
    }
    if (fixes.length) problems.push(`account ${name}: ${fixes.join(', ')}`);
    ids.add(account.id);
    labels.add(account.label.toLowerCase());
    accounts.push(account);
  });
  return accounts;
}
