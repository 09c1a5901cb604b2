/**
 * Demo mode: simulated accounts of all four providers on the local simulator, whose load rises and
 * falls smoothly over minutes (a deterministic function of time), now and then crossing 80/95/100%.
 * One account's load also grew week by week up to the day the demo was first set up, so its
 * history shows a forecast (the others are flat, or uncapped).
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
  /** Growth per week (fraction of the cap) up to the anchor, the demo's first set-up; flat after it. */
  risePerWeek?: number;
  extra?: Partial<Numbers>;
}

const SPECS: DemoSpec[] = [
  { provider: 'retell', label: 'Production', fields: { apiKey: 'demo_retell_prod' }, limit: 100, mean: 0.78, swing: 0.3, periodMin: 6, extra: { base_concurrency: 20, concurrency_burst_enabled: true } },
  { provider: 'retell', label: 'Staging', fields: { apiKey: 'demo_retell_staging' }, limit: 20, mean: 0.25, swing: 0.2, periodMin: 9, extra: { base_concurrency: 20 } },
  { provider: 'vobiz', label: 'Main account', fields: { authId: 'MA_DEMO0001', authToken: 'demo_vobiz_main' }, limit: 46, mean: 0.6, swing: 0.35, periodMin: 7, risePerWeek: 0.04 },
  { provider: 'vobiz', label: 'Sub-account', fields: { authId: 'SA_DEMO0002', authToken: 'demo_vobiz_sub' }, limit: 10, mean: 0.4, swing: 0.3, periodMin: 5 },
  { provider: 'puretalk', label: 'Outbound', fields: { apiKey: 'demo_puretalk' }, limit: 20, mean: 0.55, swing: 0.4, periodMin: 8 },
  { provider: 'ultravox', label: 'Agents', fields: { apiKey: 'demo_ultravox_capped' }, limit: 30, mean: 0.5, swing: 0.3, periodMin: 11 },
  { provider: 'ultravox', label: 'Enterprise', fields: { apiKey: 'demo_ultravox_nocap' }, limit: null, mean: 0.5, swing: 0.4, periodMin: 13, scale: 120 },
];

export const DEMO_LABEL_PREFIX = 'Demo · ';

const WEEK_MS = 7 * 86_400_000;

/**
 * Calls at time t: two sines of different periods, so the curve never repeats exactly, on a level
 * that was lower by risePerWeek for every week before `anchor` (epoch ms).
 */
export function demoLoad(spec: Pick<DemoSpec, 'limit' | 'mean' | 'swing' | 'periodMin' | 'scale' | 'risePerWeek'>, t: number, phase = 0, anchor = t): number {
  const cap = spec.limit ?? spec.scale ?? 100;
  const minutes = t / 60_000;
  const wave = Math.sin((2 * Math.PI * minutes) / spec.periodMin + phase) * 0.75 + Math.sin((2 * Math.PI * minutes) / (spec.periodMin * 2.7) + phase * 2) * 0.25;
  const growth = (spec.risePerWeek ?? 0) * Math.min(0, (t - anchor) / WEEK_MS);
  return Math.max(0, Math.round(cap * (spec.mean + growth + spec.swing * wave)));
}

export interface DemoAccount {
  /** Stable across restarts, so demo history accumulates. */
  id: string;
  input: AccountInput;
  limit: number | null;
  /** Calls at time t (epoch ms), as the simulator will report them. */
  load: (t: number) => number;
}

/**
 * Registers the demo accounts on the simulator and returns them ready to be added as accounts.
 * anchorOf: when an account was first set up (epoch ms), so a rising load stays continuous across runs.
 */
export function demoAccounts(sim: ProviderSimulator, anchorOf: (id: string) => number | undefined = () => undefined): DemoAccount[] {
  const now = Date.now();
  return SPECS.map((spec, i) => {
    const id = `demo-${spec.provider}-${spec.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    const anchor = anchorOf(id) ?? now;
    const load = (t: number) => demoLoad(spec, t, i * 1.3, anchor);
    const key = sim.addAccount(spec.provider, spec.fields, { current: load(now), limit: spec.limit, ...spec.extra }, { live: (t) => ({ current: load(t) }) });
    if (spec.provider === 'ultravox') sim.setHistory(key, demoHistory(load, now));
    const input: AccountInput = { provider: spec.provider, label: DEMO_LABEL_PREFIX + spec.label, fields: { ...spec.fields }, baseUrl: sim.baseUrls[spec.provider] };
    return { id, input, limit: spec.limit, load };
  });
}

const MINUTE = 60_000;
const FIVE_MIN = 5 * MINUTE;
const DAY = 86_400_000;
/** Ultravox demo history: three weeks, the last day in minutes, so backfill and forecasts have something. */
const HISTORY_DAYS = 21;

/** Three weeks of 5-minute buckets, then a day of minute buckets, for Ultravox backfill. */
function demoHistory(load: (t: number) => number, now: number) {
  const points = [];
  const minutesFrom = Math.floor((now - DAY) / MINUTE) * MINUTE;
  for (let t = Math.floor((now - HISTORY_DAYS * DAY) / FIVE_MIN) * FIVE_MIN; t < minutesFrom; t += FIVE_MIN) {
    const v = load(t);
    points.push({ at: t, max: Math.max(v, load(t + FIVE_MIN / 2)), avg: v });
  }
  for (let t = minutesFrom; t < now; t += MINUTE) {
    const v = load(t);
    points.push({ at: t, max: v, avg: v });
  }
  return points;
}
