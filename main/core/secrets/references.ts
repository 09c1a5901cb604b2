/**
 * Secret references for servers without a keychain (`headroom serve --accounts FILE`): a secret is
 * named by where it lives, an environment variable or a file (Docker and systemd credentials,
 * Kubernetes secrets), and read when a poll needs it. Nothing here writes a secret anywhere, and
 * no message carries one: messages name the variable or the path only.
 */
import { readFileSync } from 'node:fs';
import type { Keychain } from './keychain.ts';

export type SecretReference = { env: string } | { file: string };

/** Secret references of one account by field name. */
export type AccountReferences = Record<string, SecretReference>;

export interface ReferenceIO {
  env: NodeJS.ProcessEnv;
  readFile: (path: string) => string;
}

export const defaultReferenceIO = (env: NodeJS.ProcessEnv = process.env): ReferenceIO => ({ env, readFile: (path) => readFileSync(path, 'utf8') });

/** A secret file larger than this is a mistake (a whole key store, a log), not a token. */
const MAX_SECRET_BYTES = 64 * 1024;

export class SecretReferenceError extends Error {
  override readonly name = 'SecretReferenceError';
}

export function describeReference(ref: SecretReference): string {
  return 'env' in ref ? `environment variable ${ref.env}` : `file ${ref.file}`;
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

function readSecretFile(path: string, io: ReferenceIO): string {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new SecretReferenceError(`cannot read file ${path}: ${FS_REASONS[code] ?? code}`);
  }
  if (Buffer.byteLength(text) > MAX_SECRET_BYTES) throw new SecretReferenceError(`file ${path} is too large to hold a secret`);
  return text;
}

/** The secret a reference points at, trimmed; throws SecretReferenceError saying what is wrong. */
export function resolveReference(ref: SecretReference, io: ReferenceIO): string {
  const raw = 'env' in ref ? io.env[ref.env] : readSecretFile(ref.file, io);
  if (raw === undefined) throw new SecretReferenceError(`environment variable ${(ref as { env: string }).env} is not set`);
  const value = raw.trim();
  if (!value) throw new SecretReferenceError(`${describeReference(ref)} is empty`);
  return value;
}

/** Every secret field of an account resolved, or the first problem, worded for the account's status. */
export function resolveAccount(refs: AccountReferences, io: ReferenceIO): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const [field, ref] of Object.entries(refs)) {
    try {
      secrets[field] = resolveReference(ref, io);
    } catch (err) {
      if (err instanceof SecretReferenceError) throw new SecretReferenceError(`${field}: ${err.message} (secret reference of the accounts file)`);
      throw err;
    }
  }
  return secrets;
}

export interface ReferenceKeychain extends Keychain {
  /** Accounts whose references can't be resolved right now, with the reason (checked at start, told to the operator). */
  problems(): Array<{ accountId: string; message: string }>;
}

/**
 * Stands in for the OS keychain: each read resolves the account's references afresh (so a rotated
 * secret file is picked up at the next poll); a reference that can't be resolved fails that
 * account's poll with a clear message, not the process. Writing is refused: there is nowhere to write.
 */
export function createReferenceKeychain(references: ReadonlyMap<string, AccountReferences>, source: string, io: ReferenceIO = defaultReferenceIO()): ReferenceKeychain {
  const refuse = async (): Promise<never> => {
    throw new Error(`secrets of accounts from ${source} are references (environment variables or files) and can't be changed here`);
  };
  return {
    async getPassword(_service, accountId) {
      const refs = references.get(accountId);
      return refs ? JSON.stringify(resolveAccount(refs, io)) : null;
    },
    setPassword: refuse,
    deletePassword: refuse,
    problems() {
      const list: Array<{ accountId: string; message: string }> = [];
      for (const [accountId, refs] of references) {
        try {
          resolveAccount(refs, io);
        } catch (err) {
          list.push({ accountId, message: err instanceof Error ? err.message : String(err) });
        }
      }
      return list;
    },
  };
}
