/**
 * alerts.json: which alerts are active and when each was last sent (so a restart while an account
 * sits at 96 % does not notify again at once), snoozes, and the last 200 alert events. Written
 * atomically (temp file + rename), debounced; a corrupt file is set aside and ignored.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertEvent } from '../../api/contract.ts';
import type { AccountAlertMemory } from './rules.ts';

export interface AlertsFile {
  version: 1;
  memory: Record<string, AccountAlertMemory>;
  snoozes: Record<string, number>;
  log: AlertEvent[];
}

export const LOG_SIZE = 200;

export function emptyAlertsFile(): AlertsFile {
  return { version: 1, memory: {}, snoozes: {}, log: [] };
}

export function readAlertsFile(dataDir: string, now: number): { file: AlertsFile; problem: string | null } {
  const path = join(dataDir, 'alerts.json');
  if (!existsSync(path)) return { file: emptyAlertsFile(), problem: null };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<AlertsFile>;
    if (parsed.version !== 1 || typeof parsed.memory !== 'object' || !Array.isArray(parsed.log)) throw new Error('unexpected layout');
    return { file: { version: 1, memory: parsed.memory ?? {}, snoozes: parsed.snoozes ?? {}, log: parsed.log.slice(0, LOG_SIZE) }, problem: null };
  } catch (err) {
    const aside = join(dataDir, `alerts.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}.json`);
    renameSync(path, aside);
    return { file: emptyAlertsFile(), problem: `The alert memory was unreadable (${err instanceof Error ? err.message : String(err)}) and was moved to ${aside}; alerts start fresh.` };
  }
}

export function writeAlertsFile(dataDir: string, file: AlertsFile): void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'alerts.json');
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(file));
  renameSync(tmp, path);
}
