import { badResponse, count, getJson, isObject, snapshotOf, who } from './parse.ts';
import type { FetchOptions, HistoryOptions, ProviderAdapter, ProviderHistoryPoint } from './types.ts';
import { PROVIDER_NAMES, type Credentials, type Snapshot } from '../../model/provider.ts';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function get(path: string, credentials: Credentials, options: FetchOptions, name: string, base: string) {
  return getJson({ base, path, headers: { 'X-API-Key': credentials.apiKey }, options, who: name, credentials, message: (b) => b.detail });
}

/**
 * Ultravox: live numbers from GET /api/accounts/me (activeCalls / allowedConcurrentCalls, null = no cap),
 * history from GET /api/accounts/me/usage/concurrency (seed 004).
 */
export const ultravox: ProviderAdapter = {
  id: 'ultravox',
  displayName: PROVIDER_NAMES.ultravox,
  defaultBaseUrl: 'https://api.ultravox.ai',
  fields: [{ name: 'apiKey', label: 'API key', secret: true, required: true }],

  async fetch(credentials: Credentials, options: FetchOptions = {}): Promise<Snapshot> {
    const name = who(this.displayName, options.accountLabel);
    const { body, sampledAt } = await get('/api/accounts/me', credentials, options, name, options.baseUrl ?? this.defaultBaseUrl);
    const current = count(body, 'activeCalls', name);
    if (!('allowedConcurrentCalls' in body)) throw badResponse(name, 'missing allowedConcurrentCalls');
    const limit = body.allowedConcurrentCalls === null ? null : count(body, 'allowedConcurrentCalls', name);
    return snapshotOf(current, limit, sampledAt, { provider: 'ultravox', noCap: limit === null });
  },

  async history(credentials: Credentials, options: HistoryOptions): Promise<ProviderHistoryPoint[]> {
    const name = who(this.displayName, options.accountLabel);
    const q = new URLSearchParams({ bucket: options.bucket, start: new Date(options.start).toISOString(), end: new Date(options.end).toISOString() });
    const { body } = await get(`/api/accounts/me/usage/concurrency?${q}`, credentials, options, name, options.baseUrl ?? this.defaultBaseUrl);
    if (!Array.isArray(body.timeSeries)) throw badResponse(name, 'missing timeSeries');
    return body.timeSeries.map((b: unknown) => {
      if (!isObject(b) || typeof b.timestamp !== 'string' || !RFC3339.test(b.timestamp)) throw badResponse(name, 'history bucket without a valid timestamp');
      const avg = b.avgTotalCalls;
      if (typeof avg !== 'number' || !Number.isFinite(avg) || avg < 0) throw badResponse(name, 'history bucket avgTotalCalls is not a count');
      return { at: Date.parse(b.timestamp), max: count(b, 'maxTotalCalls', name), avg };
    });
  },

  /** Nothing beyond the limit (or "no cap"), which is shown wherever the limit is. */
  describe() {
    return [];
  },
};
