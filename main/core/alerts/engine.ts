/**
 * Alerts: the rules per poll, then snooze and quiet hours, then delivery through the notification
 * sink. Every sent (or failed) alert is logged; the memory persists across restarts.
 */
import { randomUUID } from 'node:crypto';
import type { AlertEvent } from '../../api/contract.ts';
import type { Account } from '../accounts/types.ts';
import type { NotificationSink } from '../core-types.ts';
import type { AlertSettings } from '../settings/types.ts';
import type { PollEvent } from '../state/types.ts';
import { LOG_SIZE, readAlertsFile, writeAlertsFile } from './memory-file.ts';
import { evaluatePoll, inQuietHours, type AlertDraft } from './rules.ts';

export interface AlertEngine {
  observe(poll: PollEvent, account: Account): Promise<AlertEvent[]>;
  /** Newest first. */
  log(accountId?: string): AlertEvent[];
  snooze(accountId: string, until: number | null): void;
  snoozedUntil(accountId: string): number | null;
  sendTest(): Promise<AlertEvent>;
  forget(accountId: string): void;
  /** The last delivery failure, cleared by a later success. */
  deliveryProblem(): string | null;
  /** Problems reading alerts.json at start. */
  readonly startupProblem: string | null;
  onAlert(listener: (e: AlertEvent) => void): () => void;
  flush(): Promise<void>;
}

const WRITE_DELAY_MS = 500;

export function createAlertEngine(opts: { dataDir: string; sink: NotificationSink; settings: () => AlertSettings; now?: () => number }): AlertEngine {
  const now = opts.now ?? Date.now;
  const { file, problem } = readAlertsFile(opts.dataDir, now());
  const listeners = new Set<(e: AlertEvent) => void>();
  let deliveryProblem: string | null = null;
  let writeTimer: NodeJS.Timeout | null = null;

  function persist(): void {
    if (writeTimer) return;
    writeTimer = setTimeout(flushNow, WRITE_DELAY_MS);
    writeTimer.unref?.();
  }

  function flushNow(): void {
    if (writeTimer) clearTimeout(writeTimer);
    writeTimer = null;
    try {
      writeAlertsFile(opts.dataDir, file);
    } catch (err) {
      console.error(`headroom: could not save alerts.json: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  function snoozedUntil(accountId: string): number | null {
    const until = file.snoozes[accountId];
    return until !== undefined && until > now() ? until : null;
  }

  function heldBack(d: AlertDraft): boolean {
    if (d.accountId && snoozedUntil(d.accountId) !== null) return true;
    const quiet = opts.settings().quietHours;
    return inQuietHours(quiet, now()) && !(d.critical && quiet.allowCritical);
  }

  async function deliver(d: AlertDraft, label: string): Promise<AlertEvent> {
    const event: AlertEvent = { id: randomUUID(), at: now(), accountId: d.accountId, accountLabel: label, type: d.type, title: d.title, body: d.body, delivered: false };
    try {
      await opts.sink.notify({ title: d.title, body: d.body, accountId: d.accountId || null });
      event.delivered = true;
      deliveryProblem = null;
    } catch (err) {
      event.deliveryError = err instanceof Error ? err.message : String(err);
      deliveryProblem = event.deliveryError;
    }
    file.log.unshift(event);
    file.log.length = Math.min(file.log.length, LOG_SIZE);
    persist();
    for (const l of listeners) l(event);
    return event;
  }

  return {
    async observe(poll, account) {
      const { memory, drafts } = evaluatePoll(file.memory[account.id], poll, account, opts.settings(), now());
      const before = JSON.stringify(file.memory[account.id]);
      file.memory[account.id] = memory;
      if (JSON.stringify(memory) !== before) persist();
      const events: AlertEvent[] = [];
      for (const d of drafts) if (!heldBack(d)) events.push(await deliver(d, account.label));
      return events;
    },
    log: (accountId) => (accountId === undefined ? [...file.log] : file.log.filter((e) => e.accountId === accountId)),
    snooze(accountId, until) {
      if (until === null) delete file.snoozes[accountId];
      else file.snoozes[accountId] = until;
      persist();
    },
    snoozedUntil,
    sendTest: () => deliver({ type: 'test', title: 'Headroom', body: 'Test notification: alerts from Headroom will look like this.', accountId: '', critical: false }, 'Headroom'),
    forget(accountId) {
      delete file.memory[accountId];
      delete file.snoozes[accountId];
      persist();
    },
    deliveryProblem: () => deliveryProblem,
    startupProblem: problem,
    onAlert(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async flush() {
      flushNow();
    },
  };
}
