/**
 * The single-writer lock of the history directory: a LOCK file holding the writer's pid, created
 * with O_EXCL. A lock whose pid is no longer running (a crash, kill -9) is stale and taken over.
 */
import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';

export interface HistoryLock {
  held: boolean;
  /** Why the lock is not ours (set when held is false). */
  reason: string | null;
  release(): void;
}

/** Locks held by stores of this process: a LOCK with our own pid that is not in here is stale. */
const heldHere = new Set<string>();

/** A freshly created LOCK may not have its pid written yet. */
const FRESH_MS = 5_000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(path: string): { pid: number | null; fresh: boolean } | null {
  try {
    const text = readFileSync(path, 'utf8').trim();
    const pid = /^\d+$/.test(text) ? Number(text) : null;
    return { pid, fresh: Date.now() - statSync(path).mtimeMs < FRESH_MS };
  } catch {
    return null;
  }
}

function isLive(path: string, holder: { pid: number | null; fresh: boolean }): boolean {
  if (holder.pid === null) return holder.fresh;
  if (holder.pid === process.pid) return heldHere.has(path);
  return isRunning(holder.pid);
}

export function acquireLock(path: string): HistoryLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(path);
      return { held: true, reason: null, release: () => releaseLock(path) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        return { held: false, reason: `History is read-only: could not create ${path} (${(err as Error).message}).`, release: () => {} };
      }
    }
    const holder = holderOf(path);
    if (holder && isLive(path, holder)) {
      const who = holder.pid === null ? 'another Headroom process' : holder.pid === process.pid ? 'this process' : `another Headroom process (pid ${holder.pid})`;
      return { held: false, reason: `History is being recorded by ${who}; this one only reads it.`, release: () => {} };
    }
    try {
      unlinkSync(path);
    } catch {
      // someone else removed the stale lock first: try again
    }
  }
  return { held: false, reason: `History is read-only: could not take over the stale lock ${path}.`, release: () => {} };
}

function releaseLock(path: string): void {
  if (!heldHere.delete(path)) return;
  const holder = holderOf(path);
  if (holder?.pid !== process.pid) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
