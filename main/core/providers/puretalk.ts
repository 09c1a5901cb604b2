import { ProviderError } from '../../model/errors.ts';
import { badResponse, count, getJson, isObject, safeDetail, snapshotOf, who } from './parse.ts';
import type { FetchOptions, ProviderAdapter } from './types.ts';
import { PROVIDER_NAMES, type Credentials, type Snapshot } from '../../model/provider.ts';

/** "2025-05-02T02:36:10.686259": no timezone, up to 6 fractional digits. Kept as text, never given to Date. */
const SERVER_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseServerTime(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = SERVER_TIME.exec(raw.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, , zone] = m;
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +s > 60) return undefined;
  return `${y}-${mo}-${d} ${h}:${mi}:${s}${zone ? ` ${zone}` : ' (no time zone given)'}`;
}

/**
 * Puretalk's API lives under /api (https://api.puretalk.ai/api): a base URL without it gets 404 on the
 * concurrency path, which says more when it says so.
 */
function withMissingApiHint(err: unknown, base: string, name: string): unknown {
  if (!(err instanceof ProviderError) || err.details.status !== 404) return err;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return err;
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/api$/i.test(path)) return err;
  return new ProviderError('bad-response', `${name}: not found (HTTP 404): the base URL probably lacks /api (try ${url.origin}${path}/api)`, err.details);
}

function isAuthMessage(msg: unknown): boolean {
  return typeof msg === 'string' && /(api[ _-]?key|unauthori[sz]ed|forbidden|invalid token|authenticat)/i.test(msg);
}

/**
 * Puretalk AI: GET /users/concurrency-usage with X-API-KEY (seed 003). The body's `err` flag is checked
 * too: HTTP 200 with err true is an error (auth when its message is about the key, else bad-response).
 */
export const puretalk: ProviderAdapter = {
  id: 'puretalk',
  displayName: PROVIDER_NAMES.puretalk,
  defaultBaseUrl: 'https://api.puretalk.ai/api',
  fields: [{ name: 'apiKey', label: 'API key', secret: true, required: true, help: "Puretalk dashboard → 'API Keys'." }],

  async fetch(credentials: Credentials, options: FetchOptions = {}): Promise<Snapshot> {
    const name = who(this.displayName, options.accountLabel);
    const base = options.baseUrl ?? this.defaultBaseUrl;
    const { body, sampledAt } = await getJson({ base, path: '/users/concurrency-usage', headers: { 'X-API-KEY': credentials.apiKey }, options, who: name, credentials, message: (b) => b.msg }).catch((err: unknown) => {
      throw withMissingApiHint(err, base, name);
    });
    if (body.err !== false && body.err !== undefined) {
      const detail = safeDetail(body.msg, credentials);
      if (isAuthMessage(body.msg)) throw new ProviderError('auth', `${name}: credentials rejected${detail ? `: ${detail}` : ''}`);
      throw badResponse(name, `the API reported an error${detail ? `: ${detail}` : ''}`);
    }
    if (!isObject(body.results)) throw badResponse(name, 'missing results');
    const current = count(body.results, 'concurrency_count', name);
    const limit = count(body.results, 'concurrency_limit', name);
    const serverTime = parseServerTime(body.results.timestamp);
    return snapshotOf(current, limit, sampledAt, serverTime ? { provider: 'puretalk', serverTime } : { provider: 'puretalk' });
  },

  describe(snapshot: Snapshot) {
    const x = snapshot.extras;
    if (x.provider !== 'puretalk') return [];
    return [{ label: 'Server time', value: x.serverTime ?? '—' }];
  },
};
