/**
 * Alerts: the rules per poll, then snooze and quiet hours, then delivery through the notification
 * sink. Every alert sent (or that failed to show) is logged; alerts held back by a snooze or quiet
 * hours are neither sent nor logged, but the rule memory still advances, so a snooze ending does
 * not release a burst of notifications. Memory, snoozes and the log persist in alerts.json.
 */
import { randomUUID } from 'node:crypto';
import type { AlertEvent } from '../../model/alerts.ts';
import type { Account } from '../../model/account.ts';
import type { Forecast } from '../../model/forecast.ts';
import type { NotificationSink } from './notifier.ts';
import type { AlertSettings } from '../../model/settings.ts';
import type { PollEvent } from '../../model/state.ts';
import { ALERT_TITLE, TEST_BODY } from './messages.ts';
import { LOG_SIZE, readAlertsFile, writeAlertsFile } from './memory-file.ts';
import { evaluateForecast } from './forecast-rule.ts';
import { evaluatePoll, freshMemory, inQuietHours, type AlertDraft } from './rules.ts';
import { log } from '../log/logger.ts';
import { same } from '../../model/same.ts';

export interface AlertEngine {
  /** Evaluates one poll, applies snooze and quiet hours, delivers, logs and persists. */
  observe(poll: PollEvent, account: Account): Promise<AlertEvent[]>;
  /**
   * Evaluates a forecast against alerts.forecastDays. A forecast alert held back by a snooze or
   * quiet hours stays pending (memory unchanged): told once, it would otherwise never be told.
   */
  observeForecast(forecast: Forecast, account: Account): Promise<AlertEvent[]>;
  /** Newest first, the last 200 kept. */
  log(accountId?: string): AlertEvent[];
  /** until: epoch ms; null (or a time already past) clears the snooze. */
  snooze(accountId: string, until: number | null): void;
  snoozedUntil(accountId: string): number | null;
  /** Always delivered: snooze and quiet hours don't apply. */
  sendTest(): Promise<AlertEvent>;
  /** The account was removed: its memory and snooze go (its past log entries stay). */
  forget(accountId: string): void;
  /** The last delivery failure, cleared by a later success. */
  deliveryProblem(): string | null;
  /** A problem reading alerts.json at start (it was set aside), for the notices. */
  readonly startupProblem: string | null;
  onAlert(listener: (e: AlertEvent) => void): () => void;
  /** Writes pending changes to alerts.json now. */
  flush(): Promise<void>;
}

export interface AlertEngineOptions {
  dataDir: string;
  sink: NotificationSink;
  settings: () => AlertSettings;
  now?: () => number;
}

const WRITE_DELAY_MS = 500;

export function createAlertEngine(opts: AlertEngineOptions): AlertEngine {
  const now = opts.now ?? Date.now;
  const { file, problem } = readAlertsFile(opts.dataDir, now());
  const persistence = debouncedWriter(() => writeAlertsFile(opts.dataDir, file));
  const listeners = new Set<(e: AlertEvent) => void>();
  let deliveryProblem: string | null = null;
  // One notification at a time, in order: a slow notification daemon never gets a pile of senders.
  let queue: Promise<unknown> = Promise.resolve();

  function snoozedUntil(accountId: string): number | null {
    const until = file.memory[accountId]?.snoozedUntil ?? null;
    return until !== null && until > now() ? until : null;
  }

  function heldBack(d: AlertDraft): boolean {
    if (snoozedUntil(d.accountId) !== null) return true;
    const quiet = opts.settings().quietHours;
    return inQuietHours(quiet, now()) && !(d.critical && quiet.allowCritical);
  }

  async function send(d: AlertDraft, label: string): Promise<AlertEvent> {
    const event: AlertEvent = { id: randomUUID(), at: now(), accountId: d.accountId, accountLabel: label, type: d.type, title: d.title, body: d.body, delivered: false };
    try {
      await opts.sink.notify({ title: d.title, body: d.body, accountId: d.accountId || null });
      event.delivered = true;
      deliveryProblem = null;
    } catch (err) {
      event.deliveryError = err instanceof Error ? err.message : String(err);
      deliveryProblem = event.deliveryError;
    }
    record(event);
    return event;
  }

  function record(event: AlertEvent): void {
    file.log.unshift(event);
    if (file.log.length > LOG_SIZE) file.log.length = LOG_SIZE;
    persistence.schedule();
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        log.error('an alert listener failed', err);
      }
    }
  }

  function deliver(d: AlertDraft, label: string): Promise<AlertEvent> {
    const sent = queue.then(() => send(d, label));
    queue = sent.catch(() => undefined);
    return sent;
  }

  return {
    async observe(poll, account) {
      const before = file.memory[account.id];
      const { memory, drafts } = evaluatePoll(before, poll, account, opts.settings(), now());
      if (memory.snoozedUntil !== null && memory.snoozedUntil <= now()) memory.snoozedUntil = null;
      file.memory[account.id] = memory;
      if (!same(memory, before)) persistence.schedule();
      const wanted = drafts.filter((d) => !heldBack(d));
      return Promise.all(wanted.map((d) => deliver(d, account.label)));
    },
    async observeForecast(forecast, account) {
      const before = file.memory[account.id];
      const { memory, drafts } = evaluateForecast(before, forecast, account, opts.settings(), now());
      if (drafts.some(heldBack)) return [];
      file.memory[account.id] = memory;
      if (!same(memory, before)) persistence.schedule();
      return Promise.all(drafts.map((d) => deliver(d, account.label)));
    },
    log: (accountId) => (accountId === undefined ? [...file.log] : file.log.filter((e) => e.accountId === accountId)),
    snooze(accountId, until) {
      const memory = (file.memory[accountId] ??= freshMemory());
      memory.snoozedUntil = until !== null && until > now() ? until : null;
      persistence.schedule();
    },
    snoozedUntil,
    sendTest: () => deliver({ type: 'test', title: ALERT_TITLE, body: TEST_BODY, accountId: '', critical: false }, ALERT_TITLE),
    forget(accountId) {
      delete file.memory[accountId];
      persistence.schedule();
    },
    deliveryProblem: () => deliveryProblem,
    startupProblem: problem,
    onAlert(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async flush() {
      persistence.flush();
    },
  };
}

/**
 * Coalesces writes: one write WRITE_DELAY_MS after the first change, or at flush. A failed write
 * stays pending for the next change or flush; each distinct failure is reported once.
 */
function debouncedWriter(write: () => void): { schedule(): void; flush(): void } {
  let timer: NodeJS.Timeout | null = null;
  let dirty = false;
  let lastError: string | null = null;
  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!dirty) return;
    try {
      write();
      dirty = false;
      lastError = null;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message !== lastError) log.error(`could not save alerts.json: ${message}`);
      lastError = message;
    }
  }
  return {
    schedule() {
      dirty = true;
      if (timer) return;
      timer = setTimeout(flush, WRITE_DELAY_MS);
      timer.unref?.();
    },
    flush,
  };
}
