import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../../main/core/accounts/types.ts';
import { evaluatePoll, inQuietHours, type AccountAlertMemory } from '../../../main/core/alerts/rules.ts';
import { ProviderError } from '../../../main/core/errors.ts';
import type { Snapshot } from '../../../main/core/providers/types.ts';
import { DEFAULT_SETTINGS, type AlertSettings } from '../../../main/core/settings/types.ts';
import type { PollEvent } from '../../../main/core/state/types.ts';

const acct: Account = { id: 'a', provider: 'retell', label: 'prod', fields: {}, enabled: true, createdAt: 't', updatedAt: 't' };
const T0 = Date.UTC(2026, 0, 1, 12);
const STEP = 30_000;

type Step = number | 'auth' | 'network' | { current: number; limit: number | null; burst?: boolean };

function pollOf(step: Step, at: number): PollEvent {
  if (step === 'auth') return { accountId: 'a', at, error: new ProviderError('auth', 'Retell AI \'prod\': credentials rejected (HTTP 401)') };
  if (step === 'network') return { accountId: 'a', at, error: new ProviderError('network', 'Retell AI \'prod\': connection refused') };
  const { current, limit, burst } = typeof step === 'number' ? { current: step, limit: 100, burst: false } : step;
  const snapshot: Snapshot = { current, limit, utilization: limit === null ? null : current / limit, sampledAt: at, extras: { provider: 'retell', inBurst: burst ?? (limit !== null && current > limit) } };
  return { accountId: 'a', at, snapshot };
}

/** Runs a sequence (one poll every 30 s) and returns the alert types fired at each step index. */
function run(steps: Step[], rules: Partial<AlertSettings> = {}, account: Account = acct, memory?: AccountAlertMemory): { fired: Array<[number, string]>; bodies: string[]; memory: AccountAlertMemory } {
  const settings = { ...DEFAULT_SETTINGS.alerts, ...rules };
  const fired: Array<[number, string]> = [];
  const bodies: string[] = [];
  let m = memory;
  steps.forEach((step, i) => {
    const at = T0 + i * STEP;
    const r = evaluatePoll(m, pollOf(step, at), account, settings, at);
    m = r.memory;
    for (const d of r.drafts) {
      fired.push([i, d.type]);
      bodies.push(d.body);
    }
  });
  return { fired, bodies, memory: m! };
}

describe('alert rules', () => {
  const table: Array<[string, Step[], Partial<AlertSettings>, Array<[number, string]>]> = [
    ['below warn: nothing', [10, 50, 79, 79], {}, []],
    ['warn needs 2 consecutive polls', [85, 70, 85, 85], {}, [[3, 'warn']]],
    ['sustain 1 fires at once', [85], { sustainPolls: 1 }, [[0, 'warn']]],
    ['straight to critical: one critical, no warn', [96, 96], {}, [[1, 'critical']]],
    ['warn then critical', [85, 85, 96, 96], {}, [[1, 'warn'], [3, 'critical']]],
    ['at limit and above (not clamped)', [100, 120], {}, [[1, 'limit']]],
    ['flapping around 80 gives one notification', [81, 79, 81, 80, 79, 81, 78, 80, 79, 81], { sustainPolls: 1 }, [[0, 'warn']]],
    ['clears only below level minus hysteresis, then fires again', [85, 85, 76, 85, 85, 74, 85, 85], {}, [[1, 'warn'], [7, 'warn']]],
    ['recovery notification when asked for', [96, 96, 50], { notifyRecovery: true }, [[1, 'critical'], [2, 'recovered']]],
    ['no recovery notification by default', [96, 96, 50], {}, [[1, 'critical']]],
  ];
  for (const [name, steps, rules, expected] of table) {
    test(name, () => assert.deepEqual(run(steps, rules).fired, expected));
  }

  test('critical re-notifies every 15 minutes while it persists; 0 means never', () => {
    const steps: Step[] = Array(65).fill(97); // 32 minutes
    assert.deepEqual(run(steps).fired, [[1, 'critical'], [31, 'critical'], [61, 'critical']]);
    assert.deepEqual(run(steps, { renotifyMin: 0 }).fired, [[1, 'critical']]);
    assert.deepEqual(run(Array(65).fill(85)).fired, [[1, 'warn']], 'warn does not repeat');
  });

  test('accounts with no cap get no utilization alerts', () => {
    assert.deepEqual(run([{ current: 500, limit: null }, { current: 900, limit: null }]).fired, []);
  });

  test('per-account overrides', () => {
    assert.deepEqual(run([55, 55], {}, { ...acct, alerts: { warnPct: 50, criticalPct: 60 } }).fired, [[1, 'warn']]);
  });

  test('Retell burst: once per entry into burst; off when the setting is off', () => {
    const b = (current: number): Step => ({ current, limit: 20, burst: current > 20 });
    assert.deepEqual(run([b(10), b(22), b(23), b(10), b(25)], { warnPct: 200, criticalPct: 300, limitPct: 400 }).fired, [[1, 'burst'], [4, 'burst']]);
    assert.deepEqual(run([b(22)], { burstAlert: false, warnPct: 200, criticalPct: 300, limitPct: 400 }).fired, []);
  });

  test('credentials rejected: once per change of state', () => {
    assert.deepEqual(run(['auth', 'auth', 'auth', 10, 'auth']).fired, [[0, 'auth'], [4, 'auth']]);
  });

  test('unreachable for more than 5 minutes: once, and once more when back', () => {
    const steps: Step[] = [10, ...Array(14).fill('network'), 10, 10];
    const r = run(steps);
    assert.deepEqual(r.fired, [[11, 'unreachable'], [15, 'reachable']]);
    assert.match(r.bodies[0], /prod \(Retell AI\) has been unreachable for 5 min: .*connection refused/);
    assert.deepEqual(run([10, 'network', 'network', 10]).fired, [], 'a short blip says nothing');
  });

  test('restart: the persisted memory does not notify again at once', () => {
    const first = run([96, 96]);
    assert.deepEqual(first.fired, [[1, 'critical']]);
    const restored = JSON.parse(JSON.stringify(first.memory)) as AccountAlertMemory;
    assert.deepEqual(run([96, 96, 96], {}, acct, restored).fired, []);
  });

  test('the body names the account, provider, current/limit and %', () => {
    const { bodies } = run([48, 96, 96].map((c) => ({ current: c === 48 ? 10 : 48, limit: 50 })));
    assert.equal(bodies[0], 'prod (Retell AI) is critical at 96%: 48/50 concurrent calls.');
  });
});

describe('quiet hours', () => {
  const at = (h: number, m = 0) => new Date(2026, 0, 1, h, m).getTime();
  const q = { enabled: true, start: '22:00', end: '07:00', allowCritical: true };
  test('wraps past midnight', () => {
    assert.equal(inQuietHours(q, at(23)), true);
    assert.equal(inQuietHours(q, at(3)), true);
    assert.equal(inQuietHours(q, at(7)), false);
    assert.equal(inQuietHours(q, at(12)), false);
    assert.equal(inQuietHours({ ...q, start: '09:00', end: '17:00' }, at(12)), true);
    assert.equal(inQuietHours({ ...q, enabled: false }, at(23)), false);
  });
});
