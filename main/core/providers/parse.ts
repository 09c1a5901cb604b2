/** Shared strict readers for provider bodies: anything odd is a bad-response, never a gauge. */
import { ProviderError } from '../../model/errors.ts';
import { httpGet, joinUrl, statusError, type HttpResponse } from '../http/client.ts';
import { providerText } from './provider-text.ts';
import type { FetchOptions } from './types.ts';
import type { Credentials, Snapshot } from '../../model/provider.ts';
import { utilizationOf } from '../../model/usage.ts';

export type Json = Record<string, unknown>;

export function badResponse(who: string, what: string): ProviderError {
  return new ProviderError('bad-response', `${who}: ${what}`);
}

function looksLikeHtml(text: string): boolean {
  return /^\s*<(!doctype|html|\?xml|body|head)/i.test(text);
}

/** Parses a JSON object body; HTML error pages and other non-JSON become bad-response. */
export function parseObject(res: HttpResponse, who: string): Json {
  const text = res.text.trim();
  if (looksLikeHtml(text)) throw badResponse(who, `got an HTML page instead of JSON (HTTP ${res.status})`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badResponse(who, `response is not JSON (HTTP ${res.status})`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badResponse(who, 'response is not a JSON object');
  return body as Json;
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A count: a finite, non-negative integer. */
export function count(body: Json, key: string, who: string): number {
  const v = body[key];
  if (v === undefined || v === null) throw badResponse(who, `missing ${key}`);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badResponse(who, `${key} is not a number`);
  if (!Number.isInteger(v) || v < 0) throw badResponse(who, `${key} is not a non-negative whole number (${v})`);
  if (v > 10_000_000) throw badResponse(who, `${key} is implausibly large (${v})`);
  return v;
}

/** An optional count: undefined when absent, bad-response when present but wrong. */
export function optionalCount(body: Json, key: string, who: string): number | undefined {
  return body[key] === undefined || body[key] === null ? undefined : count(body, key, who);
}

export function optionalBoolean(body: Json, key: string, who: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw badResponse(who, `${key} is not true/false`);
  return v;
}

/** A limit of 0 is a real (unusable) plan: its utilization is null, never a division by zero (see model/usage). */
export function snapshotOf(current: number, limit: number | null, sampledAt: number, extras: Snapshot['extras']): Snapshot {
  return { current, limit, utilization: utilizationOf(current, limit), sampledAt, extras };
}

/** A provider's own error text, made safe to show (provider-text.ts): every credential value scrubbed. */
export function safeDetail(raw: unknown, credentials: Credentials): string | undefined {
  return providerText(raw, Object.values(credentials));
}

/** Throws the right ProviderError for a non-2xx response, using the provider's message if any. */
export function throwIfNotOk(res: HttpResponse, who: string, credentials: Credentials, pickMessage: (b: Json) => unknown): void {
  if (res.status >= 200 && res.status < 300) return;
  if (![401, 403, 429].includes(res.status) && looksLikeHtml(res.text)) {
    // A gateway's or proxy's HTML page carries no provider message. With a 5xx it is still the
    // provider's side failing (server, retried with backoff); other statuses are answers we don't understand.
    if (res.status >= 500) throw statusError(res, who, 'got an HTML error page');
    throw badResponse(who, `got an HTML error page (HTTP ${res.status})`);
  }
  let detail: string | undefined;
  try {
    const body = JSON.parse(res.text) as unknown;
    if (isObject(body)) detail = safeDetail(pickMessage(body), credentials);
  } catch {
    /* non-JSON error bodies carry no detail worth showing */
  }
  throw statusError(res, who, detail);
}

export function who(displayName: string, label?: string): string {
  return label ? `${displayName} '${label}'` : displayName;
}

export function fmtInt(n: number | undefined): string {
  return n === undefined ? '—' : String(n);
}

export function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export interface JsonRequest {
  base: string;
  path: string;
  headers: Record<string, string>;
  options: FetchOptions;
  /** "Retell AI 'prod'": prefixes every error message. */
  who: string;
  credentials: Credentials;
  /** Where the provider puts its own error message in an error body. */
  message: (body: Json) => unknown;
}

/** One GET through the shared HTTP layer: non-2xx turned into its error kind, the body parsed as an object. */
export async function getJson(r: JsonRequest): Promise<{ body: Json; sampledAt: number }> {
  const res = await httpGet({ url: joinUrl(r.base, r.path), headers: r.headers, timeoutMs: r.options.timeoutMs, signal: r.options.signal, who: r.who });
  const sampledAt = (r.options.now ?? Date.now)();
  throwIfNotOk(res, r.who, r.credentials, r.message);
  return { body: parseObject(res, r.who), sampledAt };
}
