import type { AccountState } from '../../../main/model/state.ts';
import { percentText, usageText } from '../../../main/model/usage.ts';

/** The one percent rule (rounded down), or a dash without a cap. */
export function pct(u: number | null | undefined): string {
  return percentText(u) || '—';
}

export function ago(ms: number, now: number = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

export function duration(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

export function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function dateTime(ms: number): string {
  return new Date(ms).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "12 / 20", "12 calls · no cap", "limit 0, no calls possible", or "—". */
export function numbers(a: AccountState): string {
  const s = a.snapshot;
  if (!s) return '—';
  return s.limit === null ? `${s.current} calls · no cap` : usageText(s, { spaced: true, percent: false });
}

const STATUS: Record<AccountState['status'], string> = {
  pending: 'Waiting for the first poll',
  ok: 'OK',
  stale: 'Stale',
  error: 'Error',
  offline: 'Offline',
  paused: 'Paused',
  'needs-credentials': 'Needs credentials',
  disabled: 'Disabled',
};

/** The status line: the error's own message, stale with its age, or the status name. */
export function statusText(a: AccountState, now: number = Date.now()): string {
  if (a.status === 'error') return a.message ?? 'Error';
  if (a.status === 'stale' && a.lastSuccessAt) return `Stale: last good reading ${ago(a.lastSuccessAt, now)}`;
  return STATUS[a.status];
}

