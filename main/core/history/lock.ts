/**
 * The single-writer lock of the history directory.
 *
 * Design. The lock is a series of generations: files `LOCK.1`, `LOCK.2`, … in the history folder,
 * each created with O_EXCL and holding its writer's identity. The writer is the holder of the
 * newest generation while that holder is alive. Taking over a stale lock means creating the NEXT
 * generation exclusively: of several processes that found `LOCK.<n>` stale at the same moment,
 * exactly one can create `LOCK.<n+1>`; the others get EEXIST, look again and find a live writer.
 * (Deleting the stale file and re-creating the same name, as before, let two processes both
 * "take over": the second deleted the first one's fresh lock.) A winner then checks that no newer
 * generation appeared meanwhile (a slow process may create a generation whose successor already
 * exists: it steps back) and deletes the older files. The newest file is never deleted, so
 * generations only grow; releasing marks it "released" instead.
 *
 * A live pid is not enough to call a lock live: after a crash and a reboot (or just many
 * processes later) the pid may belong to another program, and history would stay read-only
 * forever. So a lock also records the writer's start time: on Linux the start time of the pid in
 * /proc plus the boot id, elsewhere what `ps -o lstart=` says. A lock is live when a process with
 * that pid runs AND started at that moment. Where the start time can't be read (Windows), the
 * writer refreshes the file's mtime at every maintenance, and a lock not refreshed for
 * HEARTBEAT_STALE_MS is stale even if its pid runs. A writer also confirms at every maintenance
 * that its generation is still the newest, and steps down if not.
 *
 * The plain `LOCK` file (pid only) of earlier builds counts as generation 0.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HistoryLock {
  held: boolean;
  /** Why the lock is not ours (set when held is false). */
  reason: string | null;
  /** Writer only: refreshes the heartbeat; false when the lock is no longer ours (then step down). */
  confirm(): boolean;
  release(): void;
}

interface Holder {
  pid: number | null;
  /** The holder's start time (see startOf); null when it could not be read or the file predates it. */
  start: string | null;
  token: string | null;
  released: boolean;
  /** mtime, ms: the heartbeat. */
  touchedAt: number;
}

const LOCK_NAME = 'LOCK';
/** A lock file that can't be parsed yet may be being written: live this long after its mtime. */
const FRESH_MS = 5_000;
/** Ten maintenance intervals without a heartbeat: stale, where the start time can't decide. */
export const HEARTBEAT_STALE_MS = 10 * 60_000;
const ATTEMPTS = 8;

/** Lock files held by stores of this process, by path, with their tokens. */
const heldHere = new Map<string, string>();

// ---- who is running ----

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLinuxStart(pid: number | 'self'): string | 'gone' | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' && pid !== 'self' && linuxProc() ? 'gone' : null;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses; field 22 is the start time in clock ticks since boot.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = fields[19];
  return ticks && /^\d+$/.test(ticks) ? `${bootId()}:${ticks}` : null;
}

let procChecked: boolean | null = null;
function linuxProc(): boolean {
  procChecked ??= readLinuxStart('self') !== null;
  return procChecked;
}

let boot: string | null = null;
function bootId(): string {
  if (boot === null) {
    try {
      boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      boot = '';
    }
  }
  return boot;
}

function readPsStart(pid: number): string | 'gone' | null {
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 }).trim();
    return out || 'gone';
  } catch (err) {
    // ps exits 1 (and prints nothing) when there is no such process; anything else: can't tell.
    return (err as { status?: number }).status === 1 && psWorks() ? 'gone' : null;
  }
}

let psChecked: boolean | null = null;
/** Whether ps reports our own start: only then does its silence about another pid mean "gone". */
function psWorks(): boolean {
  if (psChecked === null) {
    psChecked = false; // readPsStart asks again when ps fails: answer "no" meanwhile
    const own = readPsStart(process.pid);
    psChecked = own !== null && own !== 'gone';
  }
  return psChecked;
}

/** When process `pid` started, as a string two processes never share; 'gone' when it does not run; null when the platform won't say. */
function startOf(pid: number): string | 'gone' | null {
  if (process.platform === 'linux') return readLinuxStart(pid);
  if (process.platform === 'win32') return null;
  return readPsStart(pid);
}

let ownStart: string | null | undefined;
function myStart(): string | null {
  if (ownStart === undefined) {
    const s = startOf(process.pid);
    ownStart = s === 'gone' ? null : s;
  }
  return ownStart;
}

// ---- lock files ----

/** The lock generations present, oldest first (the plain LOCK of earlier builds is 0). */
function generations(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const name of names) {
    if (name === LOCK_NAME) found.push(0);
    const m = /^LOCK\.([1-9]\d{0,14})$/.exec(name);
    if (m) found.push(Number(m[1]));
  }
  return found.sort((a, b) => a - b);
}

function fileOf(dir: string, generation: number): string {
  return join(dir, generation === 0 ? LOCK_NAME : `${LOCK_NAME}.${generation}`);
}

/** The holder recorded in a lock file; null when the file is gone. */
function holderOf(path: string): Holder | null {
  let text: string;
  let touchedAt: number;
  try {
    text = readFileSync(path, 'utf8').trim();
    touchedAt = statSync(path).mtimeMs;
  } catch {
    return null;
  }
  if (/^\d+$/.test(text)) return { pid: Number(text), start: null, token: null, released: false, touchedAt };
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    return {
      pid: Number.isSafeInteger(o.pid) ? (o.pid as number) : null,
      start: typeof o.start === 'string' ? o.start : null,
      token: typeof o.token === 'string' ? o.token : null,
      released: o.released === true,
      touchedAt,
    };
  } catch {
    return { pid: null, start: null, token: null, released: false, touchedAt };
  }
}

function isLive(path: string, h: Holder, now: number): boolean {
  if (h.released) return false;
  if (h.pid === null) return now - h.touchedAt < FRESH_MS; // still being written, or garbage that will age out
  if (h.pid === process.pid) return h.token !== null && heldHere.get(path) === h.token;
  if (!isRunning(h.pid)) return false;
  if (h.start !== null) {
    const actual = startOf(h.pid);
    if (actual === 'gone') return false;
    if (actual !== null) return actual === h.start; // same pid, other start: the pid was reused
  }
  return now - h.touchedAt < HEARTBEAT_STALE_MS;
}

/** Creates the lock file of `generation` if no one has; false when it exists already. */
function create(path: string, token: string): boolean {
  try {
    writeFileSync(path, `${JSON.stringify({ pid: process.pid, start: myStart(), token })}\n`, { flag: 'wx', mode: 0o644 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function remove(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone (the newer writer cleans up older generations too)
  }
}

function notHeld(reason: string): HistoryLock {
  return { held: false, reason, confirm: () => false, release: () => {} };
}

function busy(h: Holder): HistoryLock {
  const who = h.pid === null ? 'another Headroom process' : h.pid === process.pid ? 'this process' : `another Headroom process (pid ${h.pid})`;
  return notHeld(`History is being recorded by ${who}; this one only reads it.`);
}

/** Takes the writer's lock of the history folder `dir`, or says who holds it. */
export function acquireLock(dir: string): HistoryLock {
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const before = generations(dir);
      const newest = before.length ? before[before.length - 1] : null;
      if (newest !== null) {
        const h = holderOf(fileOf(dir, newest));
        if (h === null) continue; // deleted under us: a newer generation exists, look again
        if (isLive(fileOf(dir, newest), h, Date.now())) return busy(h);
      }
      // Free, released or stale: the next generation is ours if we create it first.
      const mine = (newest ?? 0) + 1;
      const file = fileOf(dir, mine);
      const token = randomUUID();
      if (!create(file, token)) continue;
      const after = generations(dir);
      if (after[after.length - 1] !== mine) {
        remove(file); // a newer generation appeared while we were slow: that one decides
        continue;
      }
      heldHere.set(file, token);
      for (const g of after) if (g < mine) remove(fileOf(dir, g));
      return { held: true, reason: null, confirm: () => confirm(dir, file, token), release: () => release(file, token) };
    }
    return notHeld(`History is read-only: could not take over the stale lock in ${dir}.`);
  } catch (err) {
    return notHeld(`History is read-only: could not create a lock in ${dir} (${(err as Error).message}).`);
  }
}

function confirm(dir: string, file: string, token: string): boolean {
  if (heldHere.get(file) !== token) return false;
  const gens = generations(dir);
  const newest = gens.length ? fileOf(dir, gens[gens.length - 1]) : null;
  if (newest !== file || holderOf(file)?.token !== token) {
    heldHere.delete(file);
    return false;
  }
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // the heartbeat only matters where start times can't be read
  }
  return true;
}

/** Marks the lock released; the file stays, so generations keep growing (see the design above). */
function release(file: string, token: string): void {
  if (heldHere.get(file) !== token) return;
  heldHere.delete(file);
  if (holderOf(file)?.token !== token) return;
  try {
    writeFileSync(file, `${JSON.stringify({ released: true })}\n`);
  } catch {
    // the process is going away: the lock then reads as stale
  }
}

/** The pid of the process recording the history in `dir` now, or null when no live writer holds it. */
export function currentWriter(dir: string): number | null {
  const newest = generations(dir).at(-1);
  if (newest === undefined) return null;
  const h = holderOf(fileOf(dir, newest));
  return h && isLive(fileOf(dir, newest), h, Date.now()) ? h.pid : null;
}
