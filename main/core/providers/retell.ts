import { count, dropUndefined, fmtInt, getJson, optionalBoolean, optionalCount, snapshotOf, who } from './parse.ts';
import type { FetchOptions, ProviderAdapter } from './types.ts';
import { PROVIDER_NAMES, type Credentials, type RetellExtras, type Snapshot } from '../../model/provider.ts';

/** Retell AI: GET /get-concurrency with a Bearer API key (seeds 000, 001). Every field is optional in the SDK. */
export const retell: ProviderAdapter = {
  id: 'retell',
  displayName: PROVIDER_NAMES.retell,
  defaultBaseUrl: 'https://api.retellai.com',
  fields: [
    { name: 'apiKey', label: 'API key', secret: true, required: true, placeholder: 'key_…', help: 'Retell dashboard → API Keys. One key = one workspace.' },
  ],

  async fetch(credentials: Credentials, options: FetchOptions = {}): Promise<Snapshot> {
    const name = who(this.displayName, options.accountLabel);
    const { body, sampledAt } = await getJson({ base: options.baseUrl ?? this.defaultBaseUrl, path: '/get-concurrency', headers: { Authorization: `Bearer ${credentials.apiKey}` }, options, who: name, credentials, message: (b) => b.message });
    const current = count(body, 'current_concurrency', name);
    const limit = count(body, 'concurrency_limit', name);
    const extras: RetellExtras = {
      provider: 'retell',
      base: optionalCount(body, 'base_concurrency', name),
      purchased: optionalCount(body, 'purchased_concurrency', name),
      purchaseLimit: optionalCount(body, 'concurrency_purchase_limit', name),
      remainingPurchase: optionalCount(body, 'remaining_purchase_limit', name),
      burstEnabled: optionalBoolean(body, 'concurrency_burst_enabled', name),
      burstLimit: optionalCount(body, 'concurrency_burst_limit', name),
      reservedInbound: optionalCount(body, 'reserved_inbound_concurrency', name),
      // A limit of 0 allows no calls: calls still running then are not burst (model/usage.ts words it).
      inBurst: limit > 0 && current > limit,
    };
    return snapshotOf(current, limit, sampledAt, dropUndefined(extras));
  },

  describe(snapshot: Snapshot) {
    const x = snapshot.extras;
    if (x.provider !== 'retell') return [];
    const rows = [
      { label: 'Base concurrency', value: fmtInt(x.base) },
      { label: 'Purchased', value: fmtInt(x.purchased) },
      { label: 'Purchase limit', value: fmtInt(x.purchaseLimit) },
      { label: 'Remaining purchasable', value: fmtInt(x.remainingPurchase) },
      { label: 'Burst', value: x.burstEnabled ? `enabled, up to ${fmtInt(x.burstLimit)}` : x.burstEnabled === false ? 'disabled' : '—' },
    ];
    if (x.reservedInbound !== undefined) rows.push({ label: 'Reserved for inbound', value: String(x.reservedInbound) });
    if (x.inBurst) rows.push({ label: 'In burst', value: 'yes: calls above the limit cost a surcharge' });
    return rows;
  },
};
