import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Account } from '../../../main/core/accounts/types.ts';
import { createAlertEngine } from '../../../main/core/alerts/engine.ts';
import type { NotificationSink } from '../../../main/core/core-types.ts';
import { DEFAULT_SETTINGS, type AlertSettings } from '../../../main/core/settings/types.ts';
import type { PollEvent } from '../../../main/core/state/types.ts';
import { tempDir } from '../../helpers/core.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const acct: Account = { id: 'a', provider: 'vobiz', label: 'main', fields: { authId: 'MA_1' }, enabled: true, createdAt: 't', updatedAt: 't' };
const poll = (current: number, at: number): PollEvent => ({ accountId: 'a', at, snapshot: { current, limit: 50, utilization: current / 50, sampledAt: at, extras: { provider: 'vobiz', accountId: 'MA_1' } } });

function engine(opts: { sink?: NotificationSink; settings?: Partial<AlertSettings>; dir?: string; now?: () => number } = {}) {
  const dir = opts.dir ?? tempDir();
  if (!opts.dir) dirs.push(dir);
  const sent: string[] = [];
  const sink: NotificationSink = opts.sink ?? { notify: async (n) => void sent.push(n.body) };
  const clock = { t: Date.UTC(2026, 0, 1, 12) };
  const e = createAlertEngine({ dataDir: dir, sink, settings: () => ({ ...DEFAULT_SETTINGS.alerts, ...opts.settings }), now: opts.now ?? (() => clock.t) });
  return { e, dir, sent, clock };
}

describe('alert engine', () => {
  test('delivers, logs newest first, persists across a restart without re-notifying', async () => {
    const { e, dir, sent, clock } = engine();
    await e.observe(poll(48, clock.t), acct);
    clock.t += 30_000;
    const events = await e.observe(poll(48, clock.t), acct);
    assert.equal(events.length, 1);
    assert.equal(events[0].delivered, true);
    assert.deepEqual(sent, ['main (Vobiz) is critical at 96%: 48/50 concurrent calls.']);
    assert.equal(e.log('a')[0].type, 'critical');
    await e.flush();
    const again = engine({ dir });
    again.clock.t = clock.t + 60_000;
    assert.deepEqual(await again.e.observe(poll(48, again.clock.t), acct), []);
    assert.equal(again.e.log().length, 1, 'the log survived');
  });

  test('snooze holds an account back; quiet hours hold back all but critical when allowed', async () => {
    const { e, sent, clock } = engine({ settings: { sustainPolls: 1 } });
    e.snooze('a', clock.t + 3_600_000);
    assert.equal(e.snoozedUntil('a'), clock.t + 3_600_000);
    assert.deepEqual(await e.observe(poll(48, clock.t), acct), []);
    e.snooze('a', null);
    assert.equal(e.snoozedUntil('a'), null);
    const hour = new Date(clock.t).getHours();
    const quiet = { enabled: true, start: `${String(hour).padStart(2, '0')}:00`, end: `${String((hour + 1) % 24).padStart(2, '0')}:00`, allowCritical: true };
    const q = engine({ settings: { sustainPolls: 1, quietHours: quiet } });
    q.clock.t = clock.t;
    assert.deepEqual(await q.e.observe(poll(42, q.clock.t), acct), [], 'warn held back in quiet hours');
    q.clock.t += 30_000;
    assert.equal((await q.e.observe(poll(48, q.clock.t), acct))[0].type, 'critical', 'critical comes through');
    assert.equal(sent.length, 0);
  });

  test('a failing sink: logged as not delivered with the reason, reported, never thrown; test notification', async () => {
    const { e } = engine({ sink: { notify: async () => { throw new Error('no notification service is running on the desktop session'); } } });
    const t = await e.sendTest();
    assert.equal(t.delivered, false);
    assert.match(t.deliveryError!, /no notification service/);
    assert.match(e.deliveryProblem()!, /no notification service/);
  });

  test('the log keeps the last 200 events; a corrupt alerts.json is set aside', async () => {
    const { e, dir } = engine();
    for (let i = 0; i < 205; i++) await e.sendTest();
    assert.equal(e.log().length, 200);
    await e.flush();
    writeFileSync(join(dir, 'alerts.json'), '{oops');
    const again = engine({ dir });
    assert.match(again.e.startupProblem!, /unreadable.*moved to/);
    assert.deepEqual(again.e.log(), []);
    await again.e.flush();
    assert.equal(JSON.parse(readFileSync(join(dir, 'alerts.json'), 'utf8')).version, 1);
  });
});
