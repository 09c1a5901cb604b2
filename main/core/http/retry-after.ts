/** Retry-After headers: parsed (seconds or an HTTP date) and capped at what the scheduler will really wait. */
import { RETRY_AFTER_CAP_MS } from '../../model/limits.ts';

/** A Retry-After as the wait Headroom will really keep: capped, in milliseconds. */
export function cappedRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const ms = parseRetryAfter(value, now);
  return ms === undefined ? undefined : Math.min(ms, RETRY_AFTER_CAP_MS);
}

/** "7 s", "2 min", "60 min": a wait of at most RETRY_AFTER_CAP_MS in words. */
export function waitText(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.ceil(s / 60)} min`;
}

/** Parses a Retry-After header (delay in seconds, or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[a-z]/i.test(trimmed)) return undefined; // not a number and not a date
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
