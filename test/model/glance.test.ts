import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agoText, byAttention, clockText, freshnessOf, glanceLine, LEVEL_WORDS, levelOf, toneOf } from '../../main/model/glance.ts';
import { LEVELS } from '../../main/model/state.ts';
import { percentText, wholePercent } from '../../main/model/usage.ts';
import { accountState } from '../helpers/state.ts';

const T = { warnPct: 80, criticalPct: 95, limitPct: 100 };
const ux = { provider: 'ultravox', noCap: false } as const;
const reading = (current: number, limit: number | null) => ({ current, limit, utilization: limit ? current / limit : null, extras: ux });

test('level by the thresholds, each with words and a tone; colour never alone', () => {
  assert.deepEqual(
    [reading(79, 100), reading(80, 100), reading(95, 100), reading(100, 100), reading(120, 100), reading(5, null), reading(0, 0)].map((r) => levelOf(r, T)),
    ['normal', 'high', 'critical', 'at-limit', 'at-limit', 'no-cap', 'at-limit'],
  );
  assert.equal(levelOf({ current: 57, limit: 100, utilization: 0.57, extras: ux }, { ...T, warnPct: 57 }), 'high', '57 % is at a 57 % threshold despite floating point');
  const retell = { current: 22, limit: 20, utilization: 1.1, extras: { provider: 'retell', inBurst: true } } as const;
  assert.equal(levelOf(retell, T), 'in-burst');
  assert.equal(levelOf(undefined, T), 'no-data');
  for (const level of LEVELS) assert.ok(LEVEL_WORDS[level].length > 0, `${level} has words`);
  assert.deepEqual(LEVELS.map(toneOf), ['none', 'none', 'ok', 'warn', 'critical', 'critical', 'critical']);
});

test('one percent rule: rounded down, so 100% only when the limit is reached', () => {
  assert.deepEqual([0.996, 0.999999, 1, 1.104, 0.5].map(wholePercent), [99, 99, 100, 110, 50]);
  assert.equal(percentText(249 / 250), '99%');
  assert.equal(percentText(null), '');
});

test('freshness in words for every status', () => {
  const now = new Date(2026, 5, 1, 14, 8).getTime();
  const at = new Date(2026, 5, 1, 14, 2).getTime();
  const text = (over: Parameters<typeof accountState>[1]) => freshnessOf(accountState('a', over), now).text;
  assert.equal(text({ current: 1, limit: 2 }), 'live');
  assert.equal(text({ current: 1, limit: 2, status: 'stale', lastSuccessAt: at }), 'stale since 14:02');
  assert.equal(text({ status: 'error', errorKind: 'network', message: 'x' }), 'failing: unreachable');
  assert.equal(text({ status: 'error', message: 'The keyring is locked' }), 'failing: The keyring is locked');
  assert.equal(text({ status: 'pending' }), 'waiting for the first poll');
  assert.equal(text({ status: 'needs-credentials' }), 'needs credentials');
  assert.deepEqual(['paused', 'offline', 'disabled'].map((status) => text({ status: status as 'paused' })), ['paused', 'offline', 'disabled']);
  assert.equal(freshnessOf(accountState('a', { current: 1, limit: 2 }), now).current, true);
  assert.equal(freshnessOf(accountState('a', { current: 1, limit: 2, status: 'stale' }), now).current, false);
  assert.equal(clockText(at - 86_400_000 * 2, now), 'May 30 14:02');
  assert.deepEqual([now, now - 6 * 60_000, now - 3 * 3_600_000, now - 86_400_000].map((t) => agoText(t, now)), ['just now', '6 min ago', '3 h ago', '1 day ago']);
});

test('one line, both facts; old numbers said to be old', () => {
  const now = Date.UTC(2026, 5, 1, 12);
  const line = (over: Parameters<typeof accountState>[1]) => glanceLine(accountState('a', over), now);
  assert.equal(line({ current: 19, limit: 20, level: 'critical' }), '19/20 (95%) · critical · live', 'never "OK" on a full account');
  assert.equal(line({ current: 3, limit: null }), '3 calls, no cap · live');
  assert.equal(line({ current: 12, limit: 20, level: 'normal', status: 'error', errorKind: 'server' }), 'failing: provider error · last 12/20 (60%) · normal');
  assert.equal(line({ current: 12, limit: 20, status: 'disabled' }), 'disabled');
  assert.equal(glanceLine(accountState('a', { current: 12, limit: 20, level: 'normal', status: 'paused' }), now, { sharedStatus: true }), '12/20 (60%) · normal');
});

test('attention order: failing first, then fullest, uncapped and unread after, disabled last', () => {
  const list = [
    accountState('off', { current: 19, limit: 20, status: 'disabled', level: 'critical' }),
    accountState('calm', { current: 2, limit: 20, level: 'normal' }),
    accountState('nocap', { current: 90, limit: null }),
    accountState('busy', { current: 17, limit: 20, level: 'high' }),
    accountState('broken', { status: 'error', errorKind: 'auth' }),
    accountState('full', { current: 20, limit: 20, level: 'at-limit' }),
    accountState('new'),
  ];
  assert.deepEqual([...list].sort(byAttention).map((a) => a.label), ['broken', 'full', 'busy', 'calm', 'nocap', 'new', 'off']);
});
