/**
 * The alert rules as a pure state machine: one poll in, the account's new alert memory and the
 * notifications to send out. No clock, no I/O. Snooze and quiet hours are applied by the engine,
 * after the rules, so the memory still advances while alerts are held back.
 */
import type { AlertEvent } from '../../api/contract.ts';
import type { Account } from '../accounts/types.ts';
import { getProvider } from '../providers/registry.ts';
import type { Snapshot } from '../providers/types.ts';
import type { AlertSettings } from '../settings/types.ts';
import type { PollEvent } from '../state/types.ts';

export type LevelName = 'warn' | 'critical' | 'limit';
/** Highest first: the order a poll's newly fired levels are considered in. */
const LEVELS: readonly LevelName[] = ['limit', 'critical', 'warn'];
export const UNREACHABLE_AFTER_MS = 5 * 60_000;

export interface LevelMemory {
  /** Consecutive polls at or above the level. */
  streak: number;
  active: boolean;
  lastSentAt: number | null;
}

export interface AccountAlertMemory {
  levels: Record<LevelName, LevelMemory>;
  inBurst: boolean;
  authNotified: boolean;
  /** First failed poll since the last success. */
  failingSince: number | null;
  unreachableNotified: boolean;
}

export interface AlertDraft {
  type: AlertEvent['type'];
  title: string;
  body: string;
  accountId: string;
  /** Critical and at-limit alerts may come through quiet hours. */
  critical: boolean;
}

export function freshMemory(): AccountAlertMemory {
  const level = (): LevelMemory => ({ streak: 0, active: false, lastSentAt: null });
  return { levels: { warn: level(), critical: level(), limit: level() }, inBurst: false, authNotified: false, failingSince: null, unreachableNotified: false };
}

export function effectiveRules(account: Account, settings: AlertSettings): AlertSettings {
  return { ...settings, ...account.alerts };
}

function thresholdOf(level: LevelName, rules: AlertSettings): number {
  return level === 'warn' ? rules.warnPct : level === 'critical' ? rules.criticalPct : rules.limitPct;
}

function who(account: Account): string {
  return `${account.label} (${getProvider(account.provider).displayName})`;
}

function numbers(s: Snapshot): string {
  return `${s.current}/${s.limit} concurrent calls`;
}

function pctOf(s: Snapshot): number {
  return Math.round((s.utilization ?? 0) * 100);
}

function levelBody(level: LevelName, account: Account, s: Snapshot, repeat: boolean): string {
  const still = repeat ? 'still ' : '';
  if (level === 'limit') return `${who(account)} is ${still}at its limit: ${numbers(s)} (${pctOf(s)}%). New calls are refused.`;
  if (level === 'critical') return `${who(account)} is ${still}critical at ${pctOf(s)}%: ${numbers(s)}.`;
  return `${who(account)} is running high at ${pctOf(s)}%: ${numbers(s)}.`;
}

function draft(type: AlertDraft['type'], account: Account, body: string, critical = false): AlertDraft {
  return { type, title: 'Headroom', body, accountId: account.id, critical };
}

function onFailure(m: AccountAlertMemory, poll: PollEvent, account: Account, now: number): AlertDraft[] {
  const out: AlertDraft[] = [];
  const err = poll.error!;
  if (err.kind === 'auth') {
    if (!m.authNotified) out.push(draft('auth', account, `${who(account)}: credentials rejected. Polling stopped; edit the account to enter new ones.`));
    m.authNotified = true;
    return out;
  }
  m.failingSince ??= poll.at;
  if (!m.unreachableNotified && now - m.failingSince >= UNREACHABLE_AFTER_MS) {
    m.unreachableNotified = true;
    out.push(draft('unreachable', account, `${who(account)} has been unreachable for ${Math.round((now - m.failingSince) / 60_000)} min: ${err.message}`));
  }
  return out;
}

function onUtilization(m: AccountAlertMemory, s: Snapshot, account: Account, rules: AlertSettings, now: number): AlertDraft[] {
  if (s.limit === null || s.utilization === null) {
    for (const level of LEVELS) m.levels[level] = { streak: 0, active: false, lastSentAt: null };
    return [];
  }
  const pct = s.utilization * 100;
  const fired: LevelName[] = [];
  let cleared = false;
  for (const level of LEVELS) {
    const lm = m.levels[level];
    const threshold = thresholdOf(level, rules);
    lm.streak = pct >= threshold ? lm.streak + 1 : 0;
    if (!lm.active && lm.streak >= rules.sustainPolls) {
      lm.active = true;
      fired.push(level);
    } else if (lm.active && pct < threshold - rules.hysteresisPct) {
      lm.active = false;
      lm.lastSentAt = null;
      cleared = true;
    }
  }
  const out: AlertDraft[] = [];
  if (fired.length > 0) {
    // One notification for the highest level reached; the lower ones count as told.
    for (const level of fired) m.levels[level].lastSentAt = now;
    out.push(draft(fired[0], account, levelBody(fired[0], account, s, false), fired[0] !== 'warn'));
  } else {
    const top = LEVELS.find((level) => level !== 'warn' && m.levels[level].active);
    const lm = top && m.levels[top];
    if (top && lm && rules.renotifyMin > 0 && lm.lastSentAt !== null && now - lm.lastSentAt >= rules.renotifyMin * 60_000) {
      lm.lastSentAt = now;
      out.push(draft(top, account, levelBody(top, account, s, true), true));
    }
  }
  if (cleared && rules.notifyRecovery && LEVELS.every((level) => !m.levels[level].active)) {
    out.push(draft('recovered', account, `${who(account)} is back to ${pctOf(s)}%: ${numbers(s)}.`));
  }
  return out;
}

function onSuccess(m: AccountAlertMemory, s: Snapshot, account: Account, rules: AlertSettings, now: number): AlertDraft[] {
  const out: AlertDraft[] = [];
  m.authNotified = false;
  if (m.unreachableNotified) out.push(draft('reachable', account, `${who(account)} is reachable again.`));
  m.failingSince = null;
  m.unreachableNotified = false;
  const inBurst = s.extras.provider === 'retell' && s.extras.inBurst;
  if (inBurst && !m.inBurst && rules.burstAlert) {
    out.push(draft('burst', account, `${who(account)} is in burst: ${s.current} calls, above its limit of ${s.limit}. Calls above the limit cost a surcharge.`));
  }
  m.inBurst = inBurst;
  return [...out, ...onUtilization(m, s, account, rules, now)];
}

/** One poll through the rules: the account's next memory and what to notify. */
export function evaluatePoll(memory: AccountAlertMemory | undefined, poll: PollEvent, account: Account, settings: AlertSettings, now: number): { memory: AccountAlertMemory; drafts: AlertDraft[] } {
  const m = structuredClone(memory ?? freshMemory());
  const rules = effectiveRules(account, settings);
  if (poll.snapshot) return { memory: m, drafts: onSuccess(m, poll.snapshot, account, rules, now) };
  if (poll.error) return { memory: m, drafts: onFailure(m, poll, account, now) };
  return { memory: m, drafts: [] };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Whether local time `now` falls in the quiet hours; a window like 22:00-07:00 wraps past midnight. */
export function inQuietHours(q: AlertSettings['quietHours'], now: number): boolean {
  if (!q.enabled) return false;
  const d = new Date(now);
  const t = d.getHours() * 60 + d.getMinutes();
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  if (start === end) return false;
  return start < end ? t >= start && t < end : t >= start || t < end;
}
