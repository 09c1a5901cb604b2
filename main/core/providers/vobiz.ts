import { ProviderError } from '../../model/errors.ts';
import { httpGet, joinUrl } from '../http/client.ts';
import { badResponse, count, dropUndefined, fmtInt, getJson, isObject, parseObject, snapshotOf, who, type Json } from './parse.ts';
import { providerText } from './provider-text.ts';
import type { FetchOptions, ProviderAdapter } from './types.ts';
import { PROVIDER_NAMES, type Credentials, type Snapshot, type VobizExtras } from '../../model/provider.ts';

const CPS_CACHE_MS = 10 * 60_000;
/** CPS limits change rarely: one auth/me call per account every 10 minutes at most. */
const cpsCache = new Map<string, { at: number; cps: number | undefined }>();

function vobizMessage(b: Json): unknown {
  if (isObject(b.error)) return b.error.message;
  return b.message ?? b.error;
}

function headers(c: Credentials): Record<string, string> {
  return { 'X-Auth-ID': c.authId, 'X-Auth-Token': c.authToken };
}

/** Server percentage, integer (current) or float (older shape); a cross-check only. */
function serverPct(body: Json, name: string): number | undefined {
  const v = body.utilization_pct;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw badResponse(name, 'utilization_pct is not a percentage');
  return v;
}

/** Optional extra: sub-accounts get 403 here while concurrency still works, so failures are ignored. */
async function cpsLimit(c: Credentials, base: string, options: FetchOptions, now: number, name: string): Promise<number | undefined> {
  const key = `${base}|${c.authId}|${c.authToken}`;
  const hit = cpsCache.get(key);
  if (hit && now - hit.at < CPS_CACHE_MS) return hit.cps;
  let cps: number | undefined;
  try {
    const res = await httpGet({ url: joinUrl(base, '/api/v1/auth/me'), headers: headers(c), timeoutMs: options.timeoutMs, signal: options.signal, who: name });
    if (res.status === 200) {
      const body = parseObject(res, name);
      const account = isObject(body.data) ? body.data : body;
      const v = account.cps_limit;
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) cps = v;
    }
  } catch (err) {
    // Any provider failure here (auth, a malformed redirect, an odd body...) only costs the CPS row.
    if (!(err instanceof ProviderError)) throw err;
  }
  if (cpsCache.size > 1000) cpsCache.clear();
  cpsCache.set(key, { at: now, cps });
  return cps;
}

/** Vobiz: GET /api/v1/Account/{auth_id}/concurrency with X-Auth-ID and X-Auth-Token (seed 002). */
export const vobiz: ProviderAdapter = {
  id: 'vobiz',
  displayName: PROVIDER_NAMES.vobiz,
  defaultBaseUrl: 'https://api.vobiz.ai',
  fields: [
    { name: 'authId', label: 'Auth ID', secret: false, required: true, placeholder: 'MA_… or SA_…', pattern: '^(MA|SA)_[A-Za-z0-9]+$', patternMessage: 'Starts with MA_ (main account) or SA_ (sub-account)' },
    { name: 'authToken', label: 'Auth Token', secret: true, required: true },
  ],

  async fetch(credentials: Credentials, options: FetchOptions = {}): Promise<Snapshot> {
    const name = who(this.displayName, options.accountLabel);
    const base = options.baseUrl ?? this.defaultBaseUrl;
    const now = options.now ?? Date.now;
    const [{ body, sampledAt }, cps] = await Promise.all([
      getJson({ base, path: `/api/v1/Account/${encodeURIComponent(credentials.authId)}/concurrency`, headers: headers(credentials), options, who: name, credentials, message: vobizMessage }),
      cpsLimit(credentials, base, options, now(), name),
    ]);
    const current = count(body, 'concurrent_calls', name);
    const limit = count(body, 'max_concurrent', name);
    // Shown in the details: provider text, so cleaned like any other (the token scrubbed, the id kept).
    const accountId = providerText(body.account_id ?? body.auth_id, [credentials.authToken], { max: 64, hideTokens: false });
    if (!accountId) throw badResponse(name, 'missing account_id');
    const extras: VobizExtras = { provider: 'vobiz', accountId, serverUtilizationPct: serverPct(body, name), cpsLimit: cps };
    return snapshotOf(current, limit, sampledAt, dropUndefined(extras));
  },

  describe(snapshot: Snapshot) {
    const x = snapshot.extras;
    if (x.provider !== 'vobiz') return [];
    return [
      { label: 'Account ID', value: x.accountId },
      { label: 'CPS limit', value: x.cpsLimit === undefined ? 'not available' : fmtInt(x.cpsLimit) },
      // Vobiz's own figure, which it may round otherwise than Headroom's percent rule: said so.
      { label: 'Utilization as Vobiz reports it', value: x.serverUtilizationPct === undefined ? '—' : `${x.serverUtilizationPct}%` },
    ];
  },
};
