/**
 * What a glance at an account says, in words, the same in the tray, the window, the CLI and the
 * metrics: two separate facts.
 *
 * - Freshness: can these numbers be trusted now? live · stale since 14:02 · failing: reason ·
 *   offline · paused · disabled · needs credentials · waiting for the first poll.
 * - Level: how full is it, by the account's own thresholds? normal · high · critical · at limit ·
 *   in burst · no cap · no data yet.
 *
 * A successful fetch is never called "OK": a 95 % account is live and critical. Colour follows the
 * level (its tone) but never carries meaning alone: the words are always there too.
 */
import type { ErrorKind } from './errors.ts';
import type { Snapshot } from './provider.ts';
import type { AlertSettings } from './settings.ts';
import type { AccountState, AccountStatus, Level } from './state.ts';
import { usageText } from './usage.ts';

export type Thresholds = Pick<AlertSettings, 'warnPct' | 'criticalPct' | 'limitPct'>;

/** Level words, and the order a list sorts by (fullest first). */
export const LEVEL_WORDS: Record<Level, string> = {
  'in-burst': 'in burst',
  'at-limit': 'at limit',
  critical: 'critical',
  high: 'high',
  normal: 'normal',
  'no-cap': 'no cap',
  'no-data': 'no data yet',
};

/** The colour family of a level: what the icon ring, bars and badges are painted with. */
export type Tone = 'none' | 'ok' | 'warn' | 'critical';

export function toneOf(level: Level): Tone {
  if (level === 'normal') return 'ok';
  if (level === 'high') return 'warn';
  if (level === 'critical' || level === 'at-limit' || level === 'in-burst') return 'critical';
  return 'none';
}

/** Percent with a tolerance, so 57/100 is 57 % (not 56.99…) against a 57 % threshold. */
function percentPoints(utilization: number): number {
  return Math.round(utilization * 1e6) / 1e4;
}

/**
 * The level of a reading by the account's thresholds. A limit of 0 allows no calls: at limit.
 * Retell above its normal limit with burst enabled is "in burst" (allowed, at a surcharge).
 */
export function levelOf(s: Pick<Snapshot, 'current' | 'limit' | 'utilization' | 'extras'> | undefined, t: Thresholds): Level {
  if (!s) return 'no-data';
  if (s.limit === null) return 'no-cap';
  if (s.limit === 0) return 'at-limit';
  if (s.extras.provider === 'retell' && s.extras.inBurst) return 'in-burst';
  const pct = percentPoints(s.utilization ?? s.current / s.limit);
  if (pct >= t.limitPct) return 'at-limit';
  if (pct >= t.criticalPct) return 'critical';
  if (pct >= t.warnPct) return 'high';
  return 'normal';
}

/** Short words for a failed poll, by kind: what a menu line or a table cell has room for. */
export const FAILURE_WORDS: Record<ErrorKind, string> = {
  auth: 'credentials rejected',
  'rate-limited': 'rate limited',
  server: 'provider error',
  network: 'unreachable',
  'bad-response': 'unexpected response',
};

/** "14:02" today, "Mar 3 14:02" on another day (local time). */
export function clockText(epochMs: number, now: number): string {
  const at = new Date(epochMs);
  const time = at.toTimeString().slice(0, 5);
  if (new Date(now).toDateString() === at.toDateString()) return time;
  return `${at.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })} ${time}`;
}

/** "just now", "6 min ago", "3 h ago", "2 days ago". */
export function agoText(epochMs: number, now: number): string {
  const s = Math.max(0, Math.round((now - epochMs) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  const days = Math.floor(s / 86_400);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

export interface Freshness {
  status: AccountStatus;
  /** "live", "stale since 14:02", "failing: unreachable", … */
  text: string;
  /** Whether the numbers shown are current (live): anything else shows them as old. */
  current: boolean;
}

/** The freshness of an account's numbers in words. */
export function freshnessOf(a: Pick<AccountState, 'status' | 'errorKind' | 'message' | 'lastSuccessAt'>, now: number): Freshness {
  const since = a.lastSuccessAt === undefined ? '' : ` since ${clockText(a.lastSuccessAt, now)}`;
  const text: Record<AccountStatus, string> = {
    ok: 'live',
    pending: 'waiting for the first poll',
    stale: `stale${since}`,
    error: `failing: ${a.errorKind ? FAILURE_WORDS[a.errorKind] : (a.message ?? 'unknown problem')}`,
    offline: 'offline',
    paused: 'paused',
    disabled: 'disabled',
    'needs-credentials': 'needs credentials',
  };
  return { status: a.status, text: text[a.status], current: a.status === 'ok' };
}

/** "last data 6 min ago" for numbers that are not live; '' for live ones or none. */
export function lastDataText(a: Pick<AccountState, 'status' | 'lastSuccessAt'>, now: number): string {
  if (a.status === 'ok' || a.lastSuccessAt === undefined) return '';
  return `last data ${agoText(a.lastSuccessAt, now)}`;
}

/**
 * How much an account asks for attention, highest first: failing or without credentials, then by
 * level (in burst, at limit, critical, high) and utilization, then uncapped and unread ones;
 * disabled accounts last. The overview's "worst first", the tray's worst few and the tooltip.
 */
export function attention(a: Pick<AccountState, 'status' | 'level' | 'snapshot'>): number {
  if (a.status === 'disabled') return -2;
  if (a.status === 'error' || a.status === 'needs-credentials') return 1e7;
  const rank: Record<Level, number> = { 'in-burst': 6e6, 'at-limit': 5e6, critical: 4e6, high: 3e6, normal: 2e6, 'no-cap': 1, 'no-data': 0 };
  return rank[a.level] + Math.max(0, Math.min(1e6 - 1, (a.snapshot?.utilization ?? 0) * 1e5));
}

/** Most attention first, then by label. */
export function byAttention(a: AccountState, b: AccountState): number {
  return attention(b) - attention(a) || a.label.localeCompare(b.label);
}

/**
 * An account in one line: "19/20 (95%) · critical · live", "12/20 (60%) · normal · stale since
 * 14:02", "failing: unreachable · last 12/20 (60%)", "needs credentials", "disabled". With
 * `sharedStatus` (pause, offline: said once for all), the freshness of such accounts is left out.
 */
export function glanceLine(a: AccountState, now: number, opts: { sharedStatus?: boolean } = {}): string {
  const fresh = freshnessOf(a, now);
  const s = a.snapshot;
  if (a.status === 'disabled' || a.status === 'needs-credentials' || !s) return fresh.text;
  // "no cap" and "limit 0, no calls possible" already say how full it is.
  const numbers = s.limit === null || s.limit === 0 ? usageText(s) : `${usageText(s)} · ${LEVEL_WORDS[a.level]}`;
  if (a.status === 'error') return `${fresh.text} · last ${numbers}`;
  if (opts.sharedStatus && (a.status === 'paused' || a.status === 'offline')) return numbers;
  return `${numbers} · ${fresh.text}`;
}
