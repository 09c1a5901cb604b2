/**
 * The alert rules as a pure state machine: one poll in, the account's next alert memory and the
 * notifications to send out. No clock, no I/O. Snooze and quiet hours are applied by the engine,
 * after the rules, so the memory still advances while alerts are held back (no burst of
 * notifications when a snooze ends).
 */
import type { AlertEvent } from '../../model/alerts.ts';
import type { Account } from '../../model/account.ts';
import type { ProviderError } from '../../model/errors.ts';
import type { Snapshot } from '../../model/provider.ts';
import { effectiveRules, type AlertSettings, type QuietHours } from '../../model/settings.ts';
import type { PollEvent } from '../../model/state.ts';
import { ALERT_TITLE, authBody, burstBody, levelBody, reachableBody, recoveredBody, unreachableBody, type LevelName } from './messages.ts';

export type { LevelName } from './messages.ts';

/** Highest first: the order a poll's newly fired levels are considered in. */
export const LEVELS: readonly LevelName[] = ['limit', 'critical', 'warn'];
/** Network or server errors continuously for longer than this make an account "unreachable". */
export const UNREACHABLE_AFTER_MS = 5 * 60_000;

export interface LevelMemory {
  /** Consecutive successful polls at or above the level. */
  streak: number;
  active: boolean;
  /** When a notification last covered this level (sent or held back), epoch ms. */
  lastSentAt: number | null;
}

export interface AccountAlertMemory {
  levels: Record<LevelName, LevelMemory>;
  inBurst: boolean;
  authNotified: boolean;
  /** First network/server failure since the service last answered, epoch ms. */
  unreachableSince: number | null;
  unreachableNotified: boolean;
  /** Delivery held back until then (epoch ms); the rules ignore it, the engine applies it. */
  snoozedUntil: number | null;
  forecast: ForecastAlertMemory;
}

/** The forecast alert (forecast-rule.ts): told once per episode. */
export interface ForecastAlertMemory {
  /** The account was told its forecast dropped under alerts.forecastDays. */
  warned: boolean;
  /** The limit it was told about (a new limit is a new episode). */
  limit: number | null;
  /** Last evaluation with a forecast under the days, epoch ms. */
  underAt: number | null;
}

export interface AlertDraft {
  type: AlertEvent['type'];
  title: string;
  body: string;
  accountId: string;
  /** Critical, at-limit and burst alerts may come through quiet hours. */
  critical: boolean;
}

/**
 * A copy the rules may change: the memory's fields are flat values or, in levels and forecast,
 * objects of flat values, so two levels of spread copy it all (structuredClone, on every poll of
 * every account, cost more than the rules themselves).
 */
export function copyMemory(m: AccountAlertMemory): AccountAlertMemory {
  const { warn, critical, limit } = m.levels;
  return { ...m, levels: { warn: { ...warn }, critical: { ...critical }, limit: { ...limit } }, forecast: { ...m.forecast } };
}

export function freshLevel(): LevelMemory {
  return { streak: 0, active: false, lastSentAt: null };
}

export function freshMemory(): AccountAlertMemory {
  return {
    levels: { warn: freshLevel(), critical: freshLevel(), limit: freshLevel() },
    inBurst: false,
    authNotified: false,
    unreachableSince: null,
    unreachableNotified: false,
    snoozedUntil: null,
    forecast: { warned: false, limit: null, underAt: null },
  };
}

function thresholdOf(level: LevelName, rules: AlertSettings): number {
  return level === 'warn' ? rules.warnPct : level === 'critical' ? rules.criticalPct : rules.limitPct;
}

/** Percent rounded to 1e-4 points, so 57/100 compares equal to a 57 % threshold despite floating point. */
function percentOf(utilization: number): number {
  return Math.round(utilization * 1e6) / 1e4;
}

function rank(level: LevelName | null): number {
  return level === null ? -1 : LEVELS.length - LEVELS.indexOf(level);
}

function topActive(m: AccountAlertMemory): LevelName | null {
  return LEVELS.find((level) => m.levels[level].active) ?? null;
}

function draft(type: AlertDraft['type'], account: Account, body: string, critical: boolean): AlertDraft {
  return { type, title: ALERT_TITLE, body, accountId: account.id, critical };
}

/** A notification about `level` also covers every active level below it (for re-notify timing). */
function markCovered(m: AccountAlertMemory, level: LevelName, now: number): void {
  for (const l of LEVELS) if (rank(l) <= rank(level) && m.levels[l].active) m.levels[l].lastSentAt = now;
}

/** Advances streaks and active flags; returns the newly fired levels (highest first) and whether one cleared. */
function stepLevels(m: AccountAlertMemory, pct: number, rules: AlertSettings): { fired: LevelName[]; cleared: boolean } {
  const fired: LevelName[] = [];
  let cleared = false;
  for (const level of LEVELS) {
    const lm = m.levels[level];
    const threshold = thresholdOf(level, rules);
    // Counted up to what the rule needs and no further: a steady reading then leaves the memory
    // as it was, so alerts.json is not rewritten at every poll of an account that stays high.
    lm.streak = pct >= threshold ? Math.min(lm.streak + 1, Math.max(1, rules.sustainPolls)) : 0;
    if (!lm.active && lm.streak >= Math.max(1, rules.sustainPolls)) {
      lm.active = true;
      fired.push(level);
    } else if (lm.active && pct < threshold - rules.hysteresisPct) {
      Object.assign(lm, { active: false, lastSentAt: null });
      cleared = true;
    }
  }
  return { fired, cleared };
}

function renotifyDue(lm: LevelMemory, rules: AlertSettings, now: number): boolean {
  return rules.renotifyMin > 0 && lm.lastSentAt !== null && now - lm.lastSentAt >= rules.renotifyMin * 60_000;
}

function onUtilization(m: AccountAlertMemory, s: Snapshot, account: Account, rules: AlertSettings, now: number): AlertDraft[] {
  if (s.limit === null || s.utilization === null || !Number.isFinite(s.utilization)) {
    m.levels = freshMemory().levels; // no cap: no utilization alerts, and none pending
    return [];
  }
  const pct = percentOf(s.utilization);
  const before = topActive(m);
  const { fired, cleared } = stepLevels(m, pct, rules);
  const out: AlertDraft[] = [];
  if (fired.length > 0 && rank(fired[0]) > rank(before)) {
    // One notification for the highest level reached; the lower ones count as told.
    markCovered(m, fired[0], now);
    // Entering burst was already announced (burst alerts are critical too): no second notification.
    const announced = fired[0] === 'limit' && m.inBurst && rules.burstAlert;
    if (!announced) out.push(draft(fired[0], account, levelBody(fired[0], account, s, pct, false), fired[0] !== 'warn'));
  } else {
    // A lower level firing under an active higher one was covered by that one's notification.
    for (const level of fired) m.levels[level].lastSentAt = before ? m.levels[before].lastSentAt : now;
    const top = topActive(m);
    if (top && top !== 'warn' && renotifyDue(m.levels[top], rules, now)) {
      markCovered(m, top, now);
      out.push(draft(top, account, levelBody(top, account, s, pct, true), true));
    }
  }
  if (cleared && rules.notifyRecovery && topActive(m) === null) out.push(draft('recovered', account, recoveredBody(account, s, pct), false));
  return out;
}

/** The service answered (success or an answer other than a network/server failure). */
function answered(m: AccountAlertMemory, account: Account): AlertDraft[] {
  const wasNotified = m.unreachableNotified;
  m.unreachableSince = null;
  m.unreachableNotified = false;
  return wasNotified ? [draft('reachable', account, reachableBody(account), false)] : [];
}

function onSuccess(m: AccountAlertMemory, s: Snapshot, account: Account, rules: AlertSettings, now: number): AlertDraft[] {
  const out = answered(m, account);
  m.authNotified = false;
  const inBurst = s.extras.provider === 'retell' && s.extras.inBurst;
  if (inBurst && !m.inBurst && rules.burstAlert) out.push(draft('burst', account, burstBody(account, s), true));
  m.inBurst = inBurst;
  return [...out, ...onUtilization(m, s, account, rules, now)];
}

function onFailure(m: AccountAlertMemory, err: ProviderError, account: Account, now: number): AlertDraft[] {
  if (err.kind === 'network' || err.kind === 'server') {
    m.unreachableSince ??= now;
    if (m.unreachableNotified || now - m.unreachableSince <= UNREACHABLE_AFTER_MS) return [];
    m.unreachableNotified = true;
    return [draft('unreachable', account, unreachableBody(account, Math.floor((now - m.unreachableSince) / 60_000), err), false)];
  }
  if (err.kind === 'auth') {
    // The auth alert says the service answered: no separate "reachable again".
    m.unreachableSince = null;
    m.unreachableNotified = false;
    const first = !m.authNotified;
    m.authNotified = true;
    return first ? [draft('auth', account, authBody(account), false)] : [];
  }
  return answered(m, account); // rate-limited or an odd answer: reachable, nothing else to say
}

/** One poll through the rules: the account's next memory and what to notify. */
export function evaluatePoll(
  memory: AccountAlertMemory | undefined,
  poll: PollEvent,
  account: Account,
  settings: AlertSettings,
  now: number,
): { memory: AccountAlertMemory; drafts: AlertDraft[] } {
  const m = memory ? copyMemory(memory) : freshMemory();
  const rules = effectiveRules(account, settings);
  if (poll.snapshot) return { memory: m, drafts: onSuccess(m, poll.snapshot, account, rules, now) };
  if (poll.error) return { memory: m, drafts: onFailure(m, poll.error, account, now) };
  return { memory: m, drafts: [] };
}

function minutesOf(hhmm: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!match) return null;
  const [h, m] = [Number(match[1]), Number(match[2])];
  return h < 24 && m < 60 ? h * 60 + m : null;
}

/** Whether local time `now` falls in the quiet hours (start inclusive, end exclusive); 22:00-07:00 wraps past midnight. */
export function inQuietHours(q: QuietHours, now: number): boolean {
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  if (!q.enabled || start === null || end === null || start === end) return false;
  const d = new Date(now);
  const t = d.getHours() * 60 + d.getMinutes();
  return start < end ? t >= start && t < end : t >= start || t < end;
}
