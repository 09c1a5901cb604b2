/**
 * Demo mode: simulated accounts of all four providers on the local simulator, whose load rises and
 * falls smoothly over minutes (a deterministic function of time), now and then crossing 80/95/100%.
 * One account's load also grew week by week up to the day the demo was first set up, so its
 * history shows a forecast (the others are flat, or uncapped).
 */
import type { AccountInput } from '../../model/account.ts';
import type { ProviderId } from '../../model/provider.ts';
import type { ProviderHistoryPoint } from '../providers/types.ts';
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
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How far back demo history reaches: three weeks, enough for a forecast. */
export const DEMO_HISTORY_DAYS = 21;

/**
 * Provider-style history points of `load` in whole buckets over [from, to): each bucket's average
 * and max over instants 2.5 minutes apart (one instant for shorter buckets), as a provider's own
 * history would report them. The average is a real one, as the simulator's history API computes
 * when it merges minutes into hours: an hour's average taken at a single instant would swing like
 * raw samples, and the hours from the two sources would not read as one series.
 */
export function demoPoints(load: (t: number) => number, from: number, to: number, bucketMs: number): ProviderHistoryPoint[] {
  const step = Math.min(bucketMs, FIVE_MIN / 2);
  const points: ProviderHistoryPoint[] = [];
  for (let t = Math.ceil(from / bucketMs) * bucketMs; t + bucketMs <= to; t += bucketMs) {
    let max = 0;
    let sum = 0;
    let n = 0;
    for (let x = t; x < t + bucketMs; x += step, n++) {
      const calls = load(x);
      max = Math.max(max, calls);
      sum += calls;
    }
    points.push({ at: t, max, avg: Math.round((sum / n) * 1000) / 1000 });
  }
  return points;
}

/** Three weeks for Ultravox backfill: hours, then the last day in minutes. */
function demoHistory(load: (t: number) => number, now: number): ProviderHistoryPoint[] {
  const minutesFrom = Math.floor((now - DAY) / HOUR) * HOUR;
  return [...demoPoints(load, now - DEMO_HISTORY_DAYS * DAY, minutesFrom, HOUR), ...demoPoints(load, minutesFrom, now, MINUTE)];
}
