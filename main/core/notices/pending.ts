/**
 * Notices a person must see: a settings file or the alert memory that had to be repaired. The
 * process that finds the damage may be a short CLI run or an app window nobody opened; so the
 * notice is kept in <dataDir>/notices.json until something has shown it to a person (the window,
 * `headroom status`, `watch` or `accounts`), which then marks it seen. Mode 0600: a notice may
 * quote file names of the user's data dir.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Notice } from '../../model/alerts.ts';

export const PENDING_NOTICES_FILE = 'notices.json';
/** More than this many unseen notices: the oldest go (a data dir damaged again and again). */
const MAX_PENDING = 20;
const LEVELS: ReadonlySet<string> = new Set<Notice['level']>(['info', 'warn', 'error']);

function pathOf(dataDir: string): string {
  return join(dataDir, PENDING_NOTICES_FILE);
}

function isNotice(x: unknown): x is Notice {
  const o = x as Record<string, unknown> | null;
  return typeof o === 'object' && o !== null && typeof o.id === 'string' && typeof o.message === 'string' && typeof o.level === 'string' && LEVELS.has(o.level);
}

/** The unseen notices, oldest first; an unreadable file counts as none (it is only a reminder). */
export function pendingNotices(dataDir: string): Notice[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(pathOf(dataDir), 'utf8'));
  } catch {
    return [];
  }
  const list = (parsed as { notices?: unknown } | null)?.notices;
  return Array.isArray(list) ? list.filter(isNotice).map(({ id, level, message }) => ({ id, level, message })) : [];
}

function save(dataDir: string, notices: Notice[]): void {
  const path = pathOf(dataDir);
  if (notices.length === 0) {
    rmSync(path, { force: true });
    return;
  }
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ version: 1, notices }, null, '\t')}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** Keeps a notice until it is marked seen; one with the same id replaces the earlier one. */
export function addPendingNotice(dataDir: string, notice: Notice): void {
  const list = pendingNotices(dataDir).filter((n) => n.id !== notice.id);
  list.push({ id: notice.id, level: notice.level, message: notice.message });
  try {
    save(dataDir, list.slice(-MAX_PENDING));
  } catch (err) {
    // The notice still reaches this process's own output; it just won't wait for a later one.
    console.error(`headroom: could not keep a notice in ${pathOf(dataDir)}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Drops the given notices: a person has seen them. Returns the notices that were pending among them. */
export function markNoticesSeen(dataDir: string, ids: readonly string[]): Notice[] {
  const list = pendingNotices(dataDir);
  const seen = list.filter((n) => ids.includes(n.id));
  if (seen.length === 0) return [];
  try {
    save(dataDir, list.filter((n) => !ids.includes(n.id)));
  } catch {
    // it will be shown once more next time: better than never
  }
  return seen;
}

/** An id that stays unique across processes and restarts, e.g. config-repaired-2025-01-01T10-00-00-000Z. */
export function noticeId(kind: string, now: number): string {
  return `${kind}-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
}
