/**
 * alerts.json: each account's alert memory (active levels, when each was last sent, snooze), so a
 * restart while an account sits at 96 % does not notify again at once, and the last 200 alert
 * events. Written atomically (temp file + rename), mode 0600; a corrupt file is set aside and
 * ignored, malformed entries are repaired and said (see readAlertsFile).
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertEvent } from '../../model/alerts.ts';
import { addPendingNotice, noticeId } from '../notices/pending.ts';
import { freshMemory, LEVELS, type AccountAlertMemory, type ForecastAlertMemory, type LevelMemory } from './rules.ts';

export interface AlertsFile {
  version: 1;
  memory: Record<string, AccountAlertMemory>;
  log: AlertEvent[];
}

export const LOG_SIZE = 200;
export const ALERTS_FILE = 'alerts.json';

const EVENT_TYPES: ReadonlySet<string> = new Set<AlertEvent['type']>(['warn', 'critical', 'limit', 'recovered', 'burst', 'auth', 'unreachable', 'reachable', 'test', 'delivery-failed', 'forecast']);

export function emptyAlertsFile(): AlertsFile {
  return { version: 1, memory: {}, log: [] };
}

type Loose = Record<string, unknown>;
const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

function levelFrom(x: unknown): LevelMemory {
  const o = isObject(x) ? x : {};
  return { streak: Math.max(0, Math.floor(num(o.streak) ?? 0)), active: o.active === true, lastSentAt: num(o.lastSentAt) };
}

function forecastFrom(x: unknown): ForecastAlertMemory {
  const o = isObject(x) ? x : {};
  return { warned: o.warned === true, limit: num(o.limit), underAt: num(o.underAt) };
}

/** Whatever was stored, as a well-formed memory (fields missing or odd fall back to "nothing pending"). */
export function memoryFrom(x: unknown, legacySnooze?: unknown): AccountAlertMemory {
  const o = isObject(x) ? x : {};
  const levels = isObject(o.levels) ? o.levels : {};
  const m = freshMemory();
  for (const level of LEVELS) m.levels[level] = levelFrom(levels[level]);
  m.inBurst = o.inBurst === true;
  m.authNotified = o.authNotified === true;
  m.unreachableSince = num(o.unreachableSince) ?? num(o.failingSince);
  m.unreachableNotified = o.unreachableNotified === true;
  m.snoozedUntil = num(o.snoozedUntil) ?? num(legacySnooze);
  m.forecast = forecastFrom(o.forecast);
  return m;
}

function isEvent(x: unknown): x is AlertEvent {
  return (
    isObject(x) &&
    typeof x.id === 'string' &&
    num(x.at) !== null &&
    typeof x.accountId === 'string' &&
    typeof x.accountLabel === 'string' &&
    typeof x.type === 'string' &&
    EVENT_TYPES.has(x.type) &&
    typeof x.title === 'string' &&
    typeof x.body === 'string' &&
    typeof x.delivered === 'boolean'
  );
}

const isBool = (x: unknown) => x === undefined || typeof x === 'boolean';
const isTime = (x: unknown) => x === undefined || x === null || num(x) !== null;

function isLevelMemory(x: unknown): boolean {
  if (x === undefined) return true;
  return isObject(x) && (x.streak === undefined || (num(x.streak) !== null && (x.streak as number) >= 0)) && isBool(x.active) && isTime(x.lastSentAt);
}

/** Whether a stored memory entry is as Headroom writes it (fields may be missing: older files lack newer ones). */
function isWellFormedMemory(x: unknown): boolean {
  if (!isObject(x)) return false;
  const levels = x.levels;
  if (levels !== undefined && !(isObject(levels) && LEVELS.every((level) => isLevelMemory(levels[level])))) return false;
  return isBool(x.inBurst) && isBool(x.authNotified) && isBool(x.unreachableNotified) && isTime(x.unreachableSince) && isTime(x.failingSince) && isTime(x.snoozedUntil);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The file as Headroom's memory; `repaired` says what was malformed (reset or dropped), empty when nothing was. */
function parseAlertsFile(text: string): { file: AlertsFile; repaired: string[] } {
  const parsed: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (!isObject(parsed) || parsed.version !== 1 || !isObject(parsed.memory) || !Array.isArray(parsed.log)) throw new Error('unexpected layout');
  const snoozes = isObject(parsed.snoozes) ? parsed.snoozes : {}; // older layout kept snoozes apart
  const memory: Record<string, AccountAlertMemory> = {};
  let badMemory = 0;
  for (const id of new Set([...Object.keys(parsed.memory), ...Object.keys(snoozes)])) {
    if (id === '__proto__') continue;
    const entry = parsed.memory[id];
    if (entry !== undefined && !isWellFormedMemory(entry)) badMemory++;
    if (!isTime(snoozes[id])) badMemory++;
    memory[id] = memoryFrom(entry, snoozes[id]);
  }
  const log = parsed.log.filter(isEvent);
  const badLog = parsed.log.length - log.length;
  const repaired = [badMemory ? `the alert state of ${plural(badMemory, 'account was', 'accounts were')} reset` : '', badLog ? `${plural(badLog, 'alert log entry was', 'alert log entries were')} dropped` : ''].filter(Boolean);
  return { file: { version: 1, memory, log: log.slice(0, LOG_SIZE) }, repaired };
}

/** Moves (or copies) the file aside as alerts.corrupt-<time>.json, private to the user like the original. */
function setAside(path: string, now: number, how: 'move' | 'copy'): string {
  const aside = path.replace(/\.json$/, `.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}.json`);
  if (how === 'copy') copyFileSync(path, aside);
  else {
    try {
      renameSync(path, aside);
    } catch {
      copyFileSync(path, aside);
    }
  }
  chmodSync(aside, 0o600);
  return aside;
}

/**
 * alerts.json as memory, repaired where needed. A problem (unreadable, set aside, entries repaired)
 * is returned and also kept as a pending notice until a person has seen it; a repaired file is
 * written back at once, so the same damage is reported once, not at every start or poll.
 */
export function readAlertsFile(dataDir: string, now: number): { file: AlertsFile; problem: string | null } {
  const read = readOrRepair(dataDir, now);
  if (read.problem) addPendingNotice(dataDir, { id: noticeId('alerts-repaired', now), level: 'warn', message: read.problem });
  return read;
}

function readOrRepair(dataDir: string, now: number): { file: AlertsFile; problem: string | null } {
  const path = join(dataDir, ALERTS_FILE);
  if (!existsSync(path)) return { file: emptyAlertsFile(), problem: null };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { file: emptyAlertsFile(), problem: `The alert memory could not be read (${messageOf(err)}); alerts start fresh.` };
  }
  let parsed: { file: AlertsFile; repaired: string[] };
  try {
    parsed = parseAlertsFile(text);
  } catch (err) {
    try {
      const aside = setAside(path, now, 'move');
      return { file: emptyAlertsFile(), problem: `The alert memory was unreadable (${messageOf(err)}) and was moved to ${aside}; alerts start fresh.` };
    } catch (moveErr) {
      return { file: emptyAlertsFile(), problem: `The alert memory was unreadable (${messageOf(err)}) and could not be set aside (${messageOf(moveErr)}); alerts start fresh.` };
    }
  }
  const { file, repaired } = parsed;
  if (repaired.length === 0) return { file, problem: null };
  const what = `The alert memory had malformed entries: ${repaired.join('; ')}`;
  try {
    const aside = setAside(path, now, 'copy');
    writeAlertsFile(dataDir, file);
    return { file, problem: `${what}. The original was kept at ${aside}.` };
  } catch (err) {
    return { file, problem: `${what}. The repaired memory could not be saved yet (${messageOf(err)}).` };
  }
}

/**
 * Writes atomically, private to the user (it holds provider text). Throws when the file can't be
 * written; the caller reports it. The temp name is the same at every write of a process, so a
 * failure that persists reads the same each time and is reported once.
 */
export function writeAlertsFile(dataDir: string, file: AlertsFile): void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, ALERTS_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(file), { mode: 0o600 });
    chmodSync(tmp, 0o600); // a temp file left by a crash keeps its old mode: writeFileSync's mode applies to new files only
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
