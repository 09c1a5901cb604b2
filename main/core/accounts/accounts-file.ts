/**
 * The accounts file of `headroom serve --accounts FILE`, for servers and containers without a
 * keychain:
 *
 *   { "accounts": [ { "provider": "vobiz", "label": "prod", "baseUrl": "…", "fields": { "authId": "MA_…" },
 *                     "secrets": { "authToken": { "env": "VOBIZ_PROD_TOKEN" } } } ] }
 *
 * Non-secret fields follow each provider's form; secret fields are references only
 * ({"env": "VAR"} or {"file": "/path"}, a relative path from the file's folder). A literal secret
 * is refused, so the file can be committed and shared. Messages name keys, never values.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Account } from '../../model/account.ts';
import { ApiError } from '../../model/errors.ts';
import { LIMITS } from '../../model/limits.ts';
import type { ProviderId } from '../../model/provider.ts';
import { getProvider, isProviderId, PROVIDER_IDS } from '../providers/registry.ts';
import type { AccountReferences, SecretReference } from '../secrets/references.ts';
import { checkInput } from './input.ts';

export class AccountsFileError extends Error {
  override readonly name = 'AccountsFileError';
}

export interface AccountsFromFile {
  accounts: Account[];
  /** Secret references by account id. */
  references: Map<string, AccountReferences>;
  /** The file's name, for messages. */
  source: string;
}

const ACCOUNT_KEYS = ['id', 'provider', 'label', 'baseUrl', 'fields', 'secrets', 'enabled', 'pollIntervalSec'];
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REFERENCE_HINT = 'write {"env": "VARIABLE"} or {"file": "/path/to/secret"} instead, so that no secret sits in this file';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A stable id from provider and label, shaped like the app's UUIDs: history and alerts survive restarts. */
export function fileAccountId(provider: ProviderId, label: string): string {
  const h = createHash('sha256').update(`headroom-accounts-file\n${provider}\n${label.trim().toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** JSON.parse's own messages may quote the text around the error, which may be a secret: say where only (when known). */
function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '');
    if (!at) throw new AccountsFileError(`${source} is not valid JSON`);
    const before = text.slice(0, Number(at[1])).split('\n');
    throw new AccountsFileError(`${source} is not valid JSON (line ${before.length}, column ${before[before.length - 1].length + 1})`);
  }
}

function secretNames(provider: ProviderId): string[] {
  return getProvider(provider).fields.filter((f) => f.secret).map((f) => f.name);
}

function parseReference(value: unknown, where: string, baseDir: string): SecretReference {
  if (typeof value === 'string' || typeof value === 'number') throw new AccountsFileError(`${where} is a literal secret, which Headroom refuses: ${REFERENCE_HINT}`);
  if (!isObject(value)) throw new AccountsFileError(`${where} must be {"env": "VARIABLE"} or {"file": "/path"}`);
  const keys = Object.keys(value);
  if (keys.length !== 1 || !['env', 'file'].includes(keys[0])) throw new AccountsFileError(`${where} must have exactly one key, "env" or "file"`);
  const target = value[keys[0]];
  if (typeof target !== 'string' || !target.trim()) throw new AccountsFileError(`${where}.${keys[0]} must be a non-empty string`);
  if (keys[0] === 'env') {
    if (!ENV_NAME.test(target)) throw new AccountsFileError(`${where}.env must be an environment variable name (letters, digits and _)`);
    return { env: target };
  }
  return { file: resolve(baseDir, target) };
}

function parseSecrets(provider: ProviderId, value: unknown, where: string, baseDir: string): AccountReferences {
  if (value !== undefined && !isObject(value)) throw new AccountsFileError(`${where}.secrets must be an object of references`);
  const given = value ?? {};
  const allowed = secretNames(provider);
  const refs: AccountReferences = {};
  for (const [name, ref] of Object.entries(given)) {
    if (!allowed.includes(name)) throw new AccountsFileError(`${where}.secrets.${name} is not a secret field of ${getProvider(provider).displayName} (its secret fields: ${allowed.join(', ')})`);
    refs[name] = parseReference(ref, `${where}.secrets.${name}`, baseDir);
  }
  for (const f of getProvider(provider).fields) {
    if (f.secret && f.required && !refs[f.name]) throw new AccountsFileError(`${where}.secrets.${f.name} is missing: ${getProvider(provider).displayName} needs its ${f.label} (${REFERENCE_HINT.replace(' instead', '')})`);
  }
  return refs;
}

function parseFields(provider: ProviderId, value: unknown, where: string): Record<string, string> {
  if (value !== undefined && !isObject(value)) throw new AccountsFileError(`${where}.fields must be an object of non-secret field values`);
  const fields = (value ?? {}) as Json;
  for (const [name, v] of Object.entries(fields)) {
    if (secretNames(provider).includes(name)) throw new AccountsFileError(`${where}.fields.${name} is a secret field given as a literal, which Headroom refuses: put it under "secrets" and ${REFERENCE_HINT}`);
    if (typeof v !== 'string') throw new AccountsFileError(`${where}.fields.${name} must be a string`);
  }
  return fields as Record<string, string>;
}

/** The rules every account follows (label, base URL, interval, each provider's fields), with stand-ins for the secrets. */
function checkShared(provider: ProviderId, entry: Json, fields: Record<string, string>, where: string): void {
  const standIns = Object.fromEntries(secretNames(provider).map((n) => [n, 'reference']));
  try {
    checkInput({ provider, label: entry.label as string, fields: { ...fields, ...standIns }, baseUrl: entry.baseUrl as string | undefined, pollIntervalSec: entry.pollIntervalSec as number | undefined });
  } catch (err) {
    if (err instanceof ApiError) throw new AccountsFileError(`${where}: ${err.message}`);
    throw err;
  }
}

function parseAccount(entry: unknown, i: number, baseDir: string, at: string): { account: Account; refs: AccountReferences } {
  let where = `accounts[${i}]`;
  if (!isObject(entry)) throw new AccountsFileError(`${where} must be an object`);
  if (typeof entry.label === 'string') where += ` ("${entry.label.slice(0, LIMITS.labelLength)}")`;
  const unknown = Object.keys(entry).find((k) => !ACCOUNT_KEYS.includes(k));
  if (unknown) throw new AccountsFileError(`${where} has an unknown key "${unknown.slice(0, 64)}" (known: ${ACCOUNT_KEYS.join(', ')})`);
  if (!isProviderId(entry.provider)) throw new AccountsFileError(`${where}.provider must be one of ${PROVIDER_IDS.join(', ')}`);
  const provider = entry.provider;
  const fields = parseFields(provider, entry.fields, where);
  const refs = parseSecrets(provider, entry.secrets, where, baseDir);
  checkShared(provider, entry, fields, where);
  if (entry.enabled !== undefined && typeof entry.enabled !== 'boolean') throw new AccountsFileError(`${where}.enabled must be true or false`);
  if (entry.id !== undefined && (typeof entry.id !== 'string' || entry.id.length > LIMITS.idLength || !ID_PATTERN.test(entry.id))) {
    throw new AccountsFileError(`${where}.id must be up to ${LIMITS.idLength} letters, digits, '.', '_' or '-'`);
  }
  const label = (entry.label as string).trim();
  const account: Account = {
    id: (entry.id as string | undefined) ?? fileAccountId(provider, label),
    provider,
    label,
    fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.trim()])),
    ...(typeof entry.baseUrl === 'string' ? { baseUrl: entry.baseUrl } : {}),
    enabled: entry.enabled !== false,
    ...(typeof entry.pollIntervalSec === 'number' ? { pollIntervalSec: entry.pollIntervalSec } : {}),
    createdAt: at,
    updatedAt: at,
  };
  return { account, refs };
}

/** Parses and checks the file's text; throws AccountsFileError naming the first problem. */
export function parseAccountsFile(text: string, opts: { source: string; baseDir: string; now?: number }): AccountsFromFile {
  const body = parseJson(text, opts.source);
  if (!isObject(body) || !Array.isArray(body.accounts)) throw new AccountsFileError(`${opts.source} must be a JSON object with an "accounts" array`);
  const extra = Object.keys(body).find((k) => k !== 'accounts');
  if (extra) throw new AccountsFileError(`${opts.source} has an unknown key "${extra.slice(0, 64)}" (only "accounts")`);
  const at = new Date(opts.now ?? Date.now()).toISOString();
  const accounts: Account[] = [];
  const references = new Map<string, AccountReferences>();
  body.accounts.forEach((entry, i) => {
    const { account, refs } = parseAccount(entry, i, opts.baseDir, at);
    const sameLabel = accounts.some((a) => a.label.toLowerCase() === account.label.toLowerCase());
    if (sameLabel || accounts.some((a) => a.id === account.id)) throw new AccountsFileError(`accounts[${i}] ("${account.label}") has the same ${sameLabel ? 'label' : 'id'} as another account: each must be unique`);
    accounts.push(account);
    references.set(account.id, refs);
  });
  return { accounts, references, source: opts.source };
}

export function loadAccountsFile(path: string, now?: number): AccountsFromFile {
  const source = basename(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AccountsFileError(`cannot read the accounts file ${path}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
  }
  return parseAccountsFile(text, { source, baseDir: dirname(resolve(path)), now });
}
