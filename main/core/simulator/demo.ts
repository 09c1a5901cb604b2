/**
 * Demo mode: simulated accounts of all four providers on the local simulator, whose load rises and
 * falls smoothly over minutes (a deterministic function of time), now and then crossing 80/95/100%.
 */
import type { AccountInput } from '../../model/account.ts';
import type { ProviderId } from '../../model/provider.ts';
import type { Numbers, ProviderSimulator } from './server.ts';

interface DemoSpec {
  provider: ProviderId;
  label: string;
  fields: Record<string, string>;
  limit: number | null;
  /** Typical load as a fraction of the limit (or of `scale` when uncapped), and how far it swings. */
  mean: number;
  swing: number;
  periodMin: number;
  scale?: number;
  extra?: Partial<Numbers>;
}

const SPECS: DemoSpec[] = [
  { provider: 'retell', label: 'Production', fields: { apiKey: 'demo_retell_prod' }, limit: 100, mean: 0.78, swing: 0.3, periodMin: 6, extra: { base_concurrency: 20, concurrency_burst_enabled: true } },
  { provider: 'retell', label: 'Staging', fields: { apiKey: 'demo_retell_staging' }, limit: 20, mean: 0.25, swing: 0.2, periodMin: 9, extra: { base_concurrency: 20 } },
  { provider: 'vobiz', label: 'Main account', fields: { authId: 'MA_DEMO0001', authToken: 'demo_vobiz_main' }, limit: 46, mean: 0.6, swing: 0.35, periodMin: 7 },
  { provider: 'vobiz', label: 'Sub-account', fields: { authId: 'SA_DEMO0002', authToken: 'demo_vobiz_sub' }, limit: 10, mean: 0.4, swing: 0.3, periodMin: 5 },
  { provider: 'puretalk', label: 'Outbound', fields: { apiKey: 'demo_puretalk' }, limit: 20, mean: 0.55, swing: 0.4, periodMin: 8 },
  { provider: 'ultravox', label: 'Agents', fields: { apiKey: 'demo_ultravox_capped' }, limit: 30, mean: 0.5, swing: 0.3, periodMin: 11 },
  { provider: 'ultravox', label: 'Enterprise', fields: { apiKey: 'demo_ultravox_nocap' }, limit: null, mean: 0.5, swing: 0.4, periodMin: 13, scale: 120 },
];

export const DEMO_LABEL_PREFIX = 'Demo · ';

/** Calls at time t: two sines of different periods, so the curve never repeats exactly. */
export function demoLoad(spec: Pick<DemoSpec, 'limit' | 'mean' | 'swing' | 'periodMin' | 'scale'>, t: number, phase = 0): number {
  const cap = spec.limit ?? spec.scale ?? 100;
  const minutes = t / 60_000;
  const wave = Math.sin((2 * Math.PI * minutes) / spec.periodMin + phase) * 0.75 + Math.sin((2 * Math.PI * minutes) / (spec.periodMin * 2.7) + phase * 2) * 0.25;
  return Math.max(0, Math.round(cap * (spec.mean + spec.swing * wave)));
}

export interface DemoAccount {
  /** Stable across restarts, so demo history accumulates. */
  id: string;
  input: AccountInput;
  limit: number | null;
  /** Calls at time t (epoch ms), as the simulator will report them. */
  load: (t: number) => number;
}

/** Registers the demo accounts on the simulator and returns them ready to be added as accounts. */
export function demoAccounts(sim: ProviderSimulator): DemoAccount[] {
  return SPECS.map((spec, i) => {
    const load = (t: number) => demoLoad(spec, t, i * 1.3);
    const key = sim.addAccount(spec.provider, spec.fields, { current: load(Date.now()), limit: spec.limit, ...spec.extra }, { live: (now) => ({ current: load(now) }) });
    if (spec.provider === 'ultravox') sim.setHistory(key, demoHistory(spec, i));
    const input: AccountInput = { provider: spec.provider, label: DEMO_LABEL_PREFIX + spec.label, fields: { ...spec.fields }, baseUrl: sim.baseUrls[spec.provider] };
    return { id: `demo-${spec.provider}-${spec.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, input, limit: spec.limit, load };
  });
}

/** A day of minute buckets, so Ultravox backfill has something to fill from. */
function demoHistory(spec: DemoSpec, i: number) {
  const now = Date.now();
  const start = Math.floor((now - 86_400_000) / 60_000) * 60_000;
  const points = [];
  for (let t = start; t < now; t += 60_000) {
    const v = demoLoad(spec, t, i * 1.3);
    points.push({ at: t, max: v, avg: v });
  }
  return points;
}
