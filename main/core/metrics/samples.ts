/**
 * The metric samples of one scrape, from the core's latest state and the error counts: a pure
 * function of what is already known, so a scrape never calls a provider. Disabled accounts are
 * left out, as in the status report.
 */
import { ERROR_KINDS } from '../../model/errors.ts';
import type { Forecast } from '../../model/forecast.ts';
import type { AccountState, AppState } from '../../model/state.ts';
import type { Snapshot } from '../../model/provider.ts';
import { METRICS, type AccountLabels, type MetricKey } from './contract.ts';
import type { PollErrorCounter } from './poll-errors.ts';

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export type Samples = Record<MetricKey, Sample[]>;

/** The burst allowance where the provider reports one (Retell with burst enabled). */
function burstLimit(s: Snapshot): number | undefined {
  const x = s.extras;
  if (x.provider !== 'retell' || x.burstEnabled === false || !x.burstLimit) return undefined;
  return x.burstLimit;
}

/** "The last poll succeeded": ok, or stale (succeeded, but long ago: polling stopped). */
const isUp = (a: AccountState) => a.status === 'ok' || a.status === 'stale';

function addAccount(out: Samples, a: AccountState, errors: PollErrorCounter, forecast: Forecast): void {
  const labels: AccountLabels = { provider: a.provider, account: a.label, account_id: a.id };
  out.up.push({ labels, value: isUp(a) ? 1 : 0 });
  if (a.lastSuccessAt !== undefined) out.lastSuccess.push({ labels, value: a.lastSuccessAt / 1000 });
  const s = a.snapshot;
  if (s) {
    out.concurrentCalls.push({ labels, value: s.current });
    if (s.limit !== null) out.limit.push({ labels, value: s.limit });
    if (s.utilization !== null) out.utilization.push({ labels, value: s.utilization });
    const burst = burstLimit(s);
    if (burst !== undefined) out.burstLimit.push({ labels, value: burst });
  }
  if (forecast.daysToLimit !== null) out.daysToLimit.push({ labels, value: forecast.daysToLimit });
  const counts = errors.of(a.id);
  for (const kind of ERROR_KINDS) out.pollErrors.push({ labels: { ...labels, kind }, value: counts[kind] });
}

export function collectSamples(state: AppState, errors: PollErrorCounter, version: string, forecast: (accountId: string) => Forecast): Samples {
  const out = Object.fromEntries(Object.keys(METRICS).map((k) => [k, []])) as unknown as Samples;
  for (const a of state.accounts) if (a.status !== 'disabled') addAccount(out, a, errors, forecast(a.id));
  out.buildInfo.push({ labels: { version }, value: 1 });
  return out;
}
