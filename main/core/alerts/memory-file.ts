/**
 * alerts.json: each account's alert memory (active levels, when each was last sent, snooze), so a
 * restart while an account sits at 96 % does not notify again at once, and the last 200 alert
 * events. Written atomically (temp file + rename); a corrupt file is set aside and ignored.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertEvent } from '../../model/alerts.ts';
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

function parseAlertsFile(text: string): AlertsFile {
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed) || parsed.version !== 1 || !isObject(parsed.memory) || !Array.isArray(parsed.log)) throw new Error('unexpected layout');
  const snoozes = isObject(parsed.snoozes) ? parsed.snoozes : {}; // older layout kept snoozes apart
  const memory: Record<string, AccountAlertMemory> = {};
  for (const id of new Set([...Object.keys(parsed.memory), ...Object.keys(snoozes)])) {
    if (id !== '__proto__') memory[id] = memoryFrom(parsed.memory[id], snoozes[id]);
  }
  return { version: 1, memory, log: parsed.log.filter(isEvent).slice(0, LOG_SIZE) };
}

function setAside(path: string, now: number): string {
  const aside = path.replace(/\.json$/, `.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}.json`);
  try {
    renameSync(path, aside);
  } catch {
    copyFileSync(path, aside);
  }
  return aside;
}

export function readAlertsFile(dataDir: string, now: number): { file: AlertsFile; problem: string | null } {
  const path = join(dataDir, ALERTS_FILE);
  if (!existsSync(path)) return { file: emptyAlertsFile(), problem: null };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { file: emptyAlertsFile(), problem: `The alert memory could not be read (${messageOf(err)}); alerts start fresh.` };
  }
  try {
    return { file: parseAlertsFile(text), problem: null };
  } catch (err) {
    try {
      const aside = setAside(path, now);
      return { file: emptyAlertsFile(), problem: `The alert memory was unreadable (${messageOf(err)}) and was moved to ${aside}; alerts start fresh.` };
    } catch (moveErr) {
      return { file: emptyAlertsFile(), problem: `The alert memory was unreadable (${messageOf(err)}) and could not be set aside (${messageOf(moveErr)}); alerts start fresh.` };
    }
  }
}

/** Throws when the file can't be written; the caller reports it. */
export function writeAlertsFile(dataDir: string, file: AlertsFile): void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, ALERTS_FILE);
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(file));
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
