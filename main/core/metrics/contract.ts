/**
 * The metric names, types, help and labels of `headroom serve`: a contract, since dashboards and
 * alert rules (deploy/) depend on them. Every account series carries provider, account (the
 * account's label) and account_id.
 */
export const ACCOUNT_LABELS = ['provider', 'account', 'account_id'] as const;

export type AccountLabels = Record<(typeof ACCOUNT_LABELS)[number], string>;

export interface MetricFamily {
  name: string;
  type: 'gauge' | 'counter';
  help: string;
  labels: readonly string[];
}

export const METRICS = {
  concurrentCalls: { name: 'headroom_concurrent_calls', type: 'gauge', help: 'Concurrent calls in progress at the provider, from the last successful poll.', labels: ACCOUNT_LABELS },
  limit: { name: 'headroom_concurrent_calls_limit', type: 'gauge', help: 'Concurrent-call limit of the account; absent for an account without a cap.', labels: ACCOUNT_LABELS },
  utilization: { name: 'headroom_utilization_ratio', type: 'gauge', help: 'Concurrent calls over the limit (0-1, above 1 in burst); absent without a cap.', labels: ACCOUNT_LABELS },
  burstLimit: { name: 'headroom_burst_limit', type: 'gauge', help: 'Concurrent calls allowed in burst, where the provider reports one.', labels: ACCOUNT_LABELS },
  up: { name: 'headroom_account_up', type: 'gauge', help: '1 when the last poll of the account succeeded, else 0.', labels: ACCOUNT_LABELS },
  lastSuccess: { name: 'headroom_last_success_timestamp_seconds', type: 'gauge', help: 'Unix time of the last successful poll of the account.', labels: ACCOUNT_LABELS },
  pollErrors: { name: 'headroom_poll_errors_total', type: 'counter', help: 'Failed polls of the account by kind (auth, rate-limited, server, network, bad-response).', labels: [...ACCOUNT_LABELS, 'kind'] },
  daysToLimit: { name: 'headroom_days_to_limit', type: 'gauge', help: 'Days until the daily peak reaches the limit at the current trend; absent when there is no forecast (not enough history, flat or falling, no cap).', labels: ACCOUNT_LABELS },
  buildInfo: { name: 'headroom_build_info', type: 'gauge', help: 'Always 1; the version label says which Headroom serves these metrics.', labels: ['version'] },
} as const satisfies Record<string, MetricFamily>;

export type MetricKey = keyof typeof METRICS;
