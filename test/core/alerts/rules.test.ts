import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../../main/model/account.ts';
import { evaluatePoll, inQuietHours, type AccountAlertMemory } from '../../../main/core/alerts/rules.ts';
import { ProviderError, type ErrorKind } from '../../../main/model/errors.ts';
import type { Snapshot } from '../../../main/model/provider.ts';
import { DEFAULT_SETTINGS, type AlertSettings } from '../../../main/model/settings.ts';
import type { PollEvent } from '../../../main/model/state.ts';
import { deepFreeze } from '../../../main/model/same.ts';

const acct: Account = { id: 'a', provider: 'retell', label: 'prod', fields: {}, enabled: true, createdAt: 't', updatedAt: 't' };
const T0 = Date.UTC(2026, 0, 1, 12);
const STEP = 30_000;

/** A poll: a count out of 100 (burst disabled), an error kind, or a full reading (in burst when above its limit). */
type Step = number | ErrorKind | { current: number; limit: number | null; burst?: boolean; burstEnabled?: boolean };

function pollOf(step: Step, at: number): PollEvent {
  if (typeof step === 'string') return { accountId: 'a', at, error: new ProviderError(step, `Retell AI 'prod': ${step === 'auth' ? 'credentials rejected (HTTP 401)' : 'connection refused'}`) };
  const { current, limit, burst, burstEnabled } = typeof step === 'number' ? { current: step, limit: 100, burst: false, burstEnabled: undefined } : step;
  const inBurst = burst ?? (limit !== null && current > limit);
  const snapshot: Snapshot = { current, limit, utilization: limit === null ? null : current / limit, sampledAt: at, extras: { provider: 'retell', inBurst, burstEnabled } };
  return { accountId: 'a', at, snapshot };
}

interface Run {
  fired: Array<[number, string]>;
  bodies: string[];
  memory: AccountAlertMemory;
}

/** Runs a sequence (one poll every 30 s from `start`) and returns the alert types fired at each step index. */
function run(steps: Step[], rules: Partial<AlertSettings> = {}, account: Account = acct, memory?: AccountAlertMemory, start = 0): Run {
  const settings = { ...DEFAULT_SETTINGS.alerts, ...rules };
  const fired: Array<[number, string]> = [];
  const bodies: string[] = [];
  let m = memory;
  steps.forEach((step, i) => {
    const at = T0 + (start + i) * STEP;
    const r = evaluatePoll(m, pollOf(step, at), account, settings, at);
    m = r.memory;
    for (const d of r.drafts) {
      fired.push([start + i, d.type]);
      bodies.push(d.body);
      assert.equal(d.title, 'Headroom');
      assert.equal(d.accountId, 'a');
    }
  });
  return { fired, bodies, memory: m! };
}

const repeat = (n: number, x: Step): Step[] => Array<Step>(n).fill(x);
const NO_LEVELS: Partial<AlertSettings> = { warnPct: 200, criticalPct: 300, limitPct: 400 };

describe('alert rules: utilization levels', () => {
  const table: Array<[string, Step[], Partial<AlertSettings>, Array<[number, string]>]> = [
    ['below warn: nothing', [10, 50, 79, 79], {}, []],
    ['warn needs 2 consecutive polls', [85, 70, 85, 85], {}, [[3, 'warn']]],
    ['sustain 1 fires at once', [85], { sustainPolls: 1 }, [[0, 'warn']]],
    ['sustain 3 needs three in a row', [85, 85, 70, 85, 85, 85], { sustainPolls: 3 }, [[5, 'warn']]],
    ['straight to critical: one critical, no warn', [96, 96], {}, [[1, 'critical']]],
    ['warn then critical', [85, 85, 96, 96], {}, [[1, 'warn'], [3, 'critical']]],
    ['at limit and above (not clamped): one limit', [100, 120], {}, [[1, 'limit']]],
    ['flapping around 80 (sustain 1) gives one notification', [81, 79, 81, 80, 79, 81, 78, 80, 79, 81], { sustainPolls: 1 }, [[0, 'warn']]],
    ['flapping around 80 never sustained: none', [81, 79, 81, 79, 81, 79], {}, []],
    ['flapping around 95 under an active critical: one', [96, 96, 94, 96, 93, 96, 91, 96], {}, [[1, 'critical']]],
    ['clears only below level minus hysteresis, then fires again', [85, 85, 76, 85, 85, 74, 85, 85], {}, [[1, 'warn'], [7, 'warn']]],
    ['exactly level minus hysteresis does not clear', [85, 85, 75, 85, 85], {}, [[1, 'warn']]],
    ['hysteresis 0 clears just below the level', [85, 85, 79, 85, 85], { hysteresisPct: 0 }, [[1, 'warn'], [4, 'warn']]],
    ['critical clears to warn, then fires again', [96, 96, 85, 85, 96, 96], {}, [[1, 'critical'], [5, 'critical']]],
    ['limit falling back to critical says nothing', [100, 100, 96, 96, 96], {}, [[1, 'limit']]],
    ['recovery notification when asked for, once every level cleared', [96, 96, 85, 85, 60, 60], { notifyRecovery: true }, [[1, 'critical'], [4, 'recovered']]],
    ['no recovery notification by default', [96, 96, 50], {}, [[1, 'critical']]],
    ['thresholds compare exactly despite floating point (57/100 at 57 %)', [57, 57], { warnPct: 57 }, [[1, 'warn']]],
  ];
  for (const [name, steps, rules, expected] of table) {
    test(name, () => assert.deepEqual(run(steps, rules).fired, expected));
  }

  test('accounts with no cap get no utilization alerts, and losing the cap forgets active levels', () => {
    assert.deepEqual(run([{ current: 500, limit: null }, { current: 900, limit: null }]).fired, []);
    assert.deepEqual(run([96, 96, { current: 96, limit: null }, 96, 96]).fired, [[1, 'critical'], [4, 'critical']]);
  });

  test('per-account overrides win over the global rules', () => {
    const strict: Account = { ...acct, alerts: { warnPct: 50, criticalPct: 60, sustainPolls: 1 } };
    assert.deepEqual(run([55, 65], {}, strict).fired, [[0, 'warn'], [1, 'critical']]);
    assert.deepEqual(run(repeat(40, 97), {}, { ...acct, alerts: { renotifyMin: 5 } }).fired.map(([i]) => i), [1, 11, 21, 31]);
  });

  test('evaluatePoll is pure: the memory passed in is left as it was', () => {
    const { memory } = run([85]);
    const copy = structuredClone(memory);
    evaluatePoll(memory, pollOf(99, T0 + STEP), acct, DEFAULT_SETTINGS.alerts, T0 + STEP);
    assert.deepEqual(memory, copy);
  });
});

describe('alert rules: re-notify while critical persists', () => {
  test('every 15 minutes by default; 0 means never; warn never repeats', () => {
    const steps = repeat(65, 97); // 32 minutes
    assert.deepEqual(run(steps).fired, [[1, 'critical'], [31, 'critical'], [61, 'critical']]);
    assert.deepEqual(run(steps, { renotifyMin: 0 }).fired, [[1, 'critical']]);
    assert.deepEqual(run(repeat(65, 85)).fired, [[1, 'warn']]);
  });

  test('repeats say "still"; at limit repeats as at limit', () => {
    const r = run(repeat(32, 100));
    assert.deepEqual(r.fired, [[1, 'limit'], [31, 'limit']]);
    assert.match(r.bodies[1], /^prod \(Retell AI\) is still at its limit: /);
  });

  test('the clock restarts at the last notification, also across a fall from limit to critical', () => {
    // critical at step 1, limit at 12, back under the limit's hysteresis at 15: the next repeat is 15 min after the limit alert.
    const steps: Step[] = [...repeat(11, 97), 100, 100, 100, 100, ...repeat(30, 93)];
    assert.deepEqual(run(steps).fired, [[1, 'critical'], [12, 'limit'], [42, 'critical']]);
  });

  test('after a restart the persisted memory neither re-notifies at once nor loses the repeat clock', () => {
    const first = run([96, 96]);
    const restored = JSON.parse(JSON.stringify(first.memory)) as AccountAlertMemory;
    assert.deepEqual(run(repeat(30, 96), {}, acct, restored, 2).fired, [[31, 'critical']]);
  });
});

describe('alert rules: burst, credentials, reachability', () => {
  const b = (current: number, burstEnabled = true): Step => ({ current, limit: 20, burstEnabled });

  test('Retell burst: once per entry into burst; off when the setting is off', () => {
    assert.deepEqual(run([b(10), b(22), b(23), b(10), b(25)], NO_LEVELS).fired, [[1, 'burst'], [4, 'burst']]);
    assert.deepEqual(run([b(22)], { ...NO_LEVELS, burstAlert: false }).fired, []);
  });

  test('entering burst is one notification, not burst and then at limit', () => {
    assert.deepEqual(run([b(10), b(22), b(22), b(22)]).fired, [[1, 'burst']]);
    const r = run([b(10), b(22), b(22)], { burstAlert: false });
    assert.deepEqual(r.fired, [[2, 'limit']]);
    assert.equal(r.bodies[0], 'prod (Retell AI) is at its limit: 22/20 concurrent calls (110%). Calls above it run in burst at a surcharge.');
  });

  test('credentials rejected: once per change of state', () => {
    assert.deepEqual(run(['auth', 'auth', 'auth', 10, 'auth']).fired, [[0, 'auth'], [4, 'auth']]);
    assert.deepEqual(run(['auth', 'network', 'rate-limited', 'auth']).fired, [[0, 'auth']], 'only a success shows the credentials work');
  });

  test('unreachable for more than 5 minutes: once, and once more when back', () => {
    const r = run([10, ...repeat(14, 'network'), 10, 10]);
    assert.deepEqual(r.fired, [[12, 'unreachable'], [15, 'reachable']]);
    assert.equal(r.bodies[0], "prod (Retell AI) has been unreachable for 5 min: Retell AI 'prod': connection refused");
    assert.equal(r.bodies[1], 'prod (Retell AI) is reachable again.');
  });

  const reach: Array<[string, Step[], Array<[number, string]>]> = [
    ['a short blip says nothing', [10, 'network', 'network', 10], []],
    ['server errors count as unreachable too', repeat(12, 'server'), [[11, 'unreachable']]],
    ['never reached since start counts from the first failure', repeat(20, 'network'), [[11, 'unreachable']]],
    ['a rate-limited answer means reachable: the 5 minutes start again', [...repeat(8, 'network'), 'rate-limited', ...repeat(8, 'network')], []],
    ['back by an answer other than success', [...repeat(12, 'network'), 'rate-limited'], [[11, 'unreachable'], [12, 'reachable']]],
    ['back with rejected credentials: just the auth alert', [...repeat(12, 'network'), 'auth', 10], [[11, 'unreachable'], [12, 'auth']]],
    ['bad responses are not unreachable', repeat(20, 'bad-response'), []],
  ];
  for (const [name, steps, expected] of reach) test(name, () => assert.deepEqual(run(steps).fired, expected));

  test('levels are left alone by failed polls', () => {
    assert.deepEqual(run([96, 'network', 96]).fired, [[2, 'critical']], 'a failure does not break the streak');
    assert.deepEqual(run([96, 96, 'network', 'network', 96]).fired, [[1, 'critical']]);
  });
});

describe('alert wording', () => {
  test('bodies name the account, provider, current/limit and %', () => {
    const of50 = (current: number): Step => ({ current, limit: 50 });
    const bodies = (steps: Step[], rules: Partial<AlertSettings> = {}) => run(steps, rules).bodies;
    assert.deepEqual(bodies([of50(41), of50(41)]), ['prod (Retell AI) is running high at 82%: 41/50 concurrent calls.']);
    assert.deepEqual(bodies([of50(48), of50(48)]), ['prod (Retell AI) is critical at 96%: 48/50 concurrent calls.']);
    assert.deepEqual(bodies([of50(50), of50(50)]), ['prod (Retell AI) is at its limit: 50/50 concurrent calls (100%). New calls may be refused.']);
    assert.deepEqual(bodies([of50(48), of50(48), of50(20)], { notifyRecovery: true })[1], 'prod (Retell AI) is back to 40%: 20/50 concurrent calls.');
    assert.deepEqual(bodies([{ current: 55, limit: 50, burstEnabled: true }], NO_LEVELS), ['prod (Retell AI) is in burst: 55 calls, above its limit of 50. Calls above the limit cost a surcharge.']);
    assert.deepEqual(bodies(['auth']), ['prod (Retell AI): credentials rejected. Edit the account to enter new ones.']);
    const vobiz: Account = { ...acct, provider: 'vobiz', label: 'main line' };
    assert.match(run([96, 96], {}, vobiz).bodies[0], /^main line \(Vobiz\) is critical at 96%/);
  });

  test('the percentage is rounded down: just under the limit never reads 100%', () => {
    assert.match(run([{ current: 999, limit: 1000 }, { current: 999, limit: 1000 }]).bodies[0], /critical at 99%: 999\/1000/);
  });
});

describe('quiet hours', () => {
  const at = (h: number, m = 0) => new Date(2026, 0, 1, h, m).getTime();
  const q = { enabled: true, start: '22:00', end: '07:00', allowCritical: true };
  const table: Array<[string, typeof q, number, boolean]> = [
    ['22:00 starts it', q, at(22), true],
    ['21:59 is before', q, at(21, 59), false],
    ['23:30 is inside', q, at(23, 30), true],
    ['past midnight, 03:00', q, at(3), true],
    ['06:59 is inside', q, at(6, 59), true],
    ['07:00 ends it', q, at(7), false],
    ['noon is outside', q, at(12), false],
    ['a same-day window 09:00-17:00 at noon', { ...q, start: '09:00', end: '17:00' }, at(12), true],
    ['a same-day window 09:00-17:00 at 18:00', { ...q, start: '09:00', end: '17:00' }, at(18), false],
    ['disabled', { ...q, enabled: false }, at(23), false],
    ['start equal to end is no window', { ...q, start: '08:00', end: '08:00' }, at(8), false],
    ['a malformed time is no window', { ...q, start: '25:00' }, at(23), false],
  ];
  for (const [name, quiet, time, expected] of table) test(name, () => assert.equal(inQuietHours(quiet, time), expected));
});

test('a steady high reading leaves the memory unchanged once the alert fired (alerts.json is not rewritten every poll)', () => {
  const settled = run(repeat(3, 97)).memory;
  const later = run(repeat(5, 97), {}, acct, structuredClone(settled), 3).memory;
  assert.deepEqual(later, settled);
  assert.deepEqual(run([85, 85, 85, 97, 97, 97], { sustainPolls: 3 }).fired, [[2, 'warn'], [5, 'critical']], 'each level still counts its own polls');
});

test('the rules never change the memory they are handed (the engine compares it with the new one)', () => {
  const before = run([85, 97, 'network', 100, 'auth', 60, 97]).memory;
  const kept = structuredClone(before);
  deepFreeze(before); // a change to it would now throw
  for (const step of [97, 100, 'network', 'auth', 10] as Step[]) evaluatePoll(before, pollOf(step, T0), acct, { ...DEFAULT_SETTINGS.alerts, sustainPolls: 1 }, T0);
  assert.deepEqual(before, kept);
});
