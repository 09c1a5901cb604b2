import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Account } from '../../../main/model/account.ts';
import { createAlertEngine } from '../../../main/core/alerts/engine.ts';
import type { NotificationSink } from '../../../main/core/alerts/notifier.ts';
import { pendingNotices } from '../../../main/core/notices/pending.ts';
import { DEFAULT_SETTINGS, type AlertSettings } from '../../../main/model/settings.ts';
import type { PollEvent } from '../../../main/model/state.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-alerts-'));
  dirs.push(dir);
  return dir;
}

const main: Account = { id: 'a', provider: 'vobiz', label: 'main', fields: { authId: 'MA_1' }, enabled: true, createdAt: 't', updatedAt: 't' };
const spare: Account = { ...main, id: 'b', label: 'spare' };
const MIN = 60_000;
/** Noon local time: outside the default quiet hours. */
const NOON = new Date(2026, 0, 1, 12).getTime();

function poll(account: Account, current: number, at: number): PollEvent {
  return { accountId: account.id, at, snapshot: { current, limit: 50, utilization: current / 50, sampledAt: at, extras: { provider: 'vobiz', accountId: 'MA_1' } } };
}

interface Sent {
  title: string;
  body: string;
  accountId: string | null;
}

/** An engine on a throwaway data dir with a fake clock and a recording sink. */
function setup(opts: { sink?: NotificationSink; settings?: Partial<AlertSettings>; dir?: string; t?: number } = {}) {
  const dir = opts.dir ?? tempDir();
  const sent: Sent[] = [];
  const sink: NotificationSink = opts.sink ?? { notify: async (n) => void sent.push(n) };
  const clock = { t: opts.t ?? NOON };
  const settings = { ...DEFAULT_SETTINGS.alerts, ...opts.settings };
  const engine = createAlertEngine({ dataDir: dir, sink, settings: () => settings, now: () => clock.t });
  /** One poll of `account` at `current`/50, then the clock moves on 30 s. */
  const observe = async (account: Account, current: number) => {
    const events = await engine.observe(poll(account, current, clock.t), account);
    clock.t += 30_000;
    return events.map((e) => e.type);
  };
  return { engine, dir, sent, clock, settings, observe };
}

describe('alert engine: delivery and log', () => {
  test('delivers through the sink, logs newest first, and the log filters by account', async () => {
    const { engine, sent, observe } = setup();
    assert.deepEqual(await observe(main, 42), []);
    assert.deepEqual(await observe(main, 42), ['warn']);
    assert.deepEqual(await observe(spare, 48), []);
    assert.deepEqual(await observe(spare, 48), ['critical']);
    assert.deepEqual(sent, [
      { title: 'Headroom', body: 'main (Vobiz) is running high at 84%: 42/50 concurrent calls.', accountId: 'a' },
      { title: 'Headroom', body: 'spare (Vobiz) is critical at 96%: 48/50 concurrent calls.', accountId: 'b' },
    ]);
    assert.deepEqual(engine.log().map((e) => [e.accountLabel, e.type, e.delivered]), [['spare', 'critical', true], ['main', 'warn', true]]);
    assert.deepEqual(engine.log('a').map((e) => e.type), ['warn']);
    assert.deepEqual(engine.log('nobody'), []);
  });

  test('the log keeps the last 200 events', async () => {
    const { engine } = setup();
    for (let i = 0; i < 205; i++) await engine.sendTest();
    assert.equal(engine.log().length, 200);
  });

  test('a failing sink: logged as not delivered with the reason, reported until a later success, never thrown', async () => {
    let failure: Error | null = new Error('no notification service is running in the desktop session');
    const sink: NotificationSink = {
      notify: async () => {
        if (failure) throw failure;
      },
    };
    const { engine } = setup({ sink });
    const t = await engine.sendTest();
    assert.equal(t.delivered, false);
    assert.equal(t.deliveryError, 'no notification service is running in the desktop session');
    assert.equal(engine.deliveryProblem(), 'no notification service is running in the desktop session');
    assert.equal(engine.log()[0].delivered, false);
    failure = null;
    assert.equal((await engine.sendTest()).delivered, true);
    assert.equal(engine.deliveryProblem(), null);
    const throwsAtOnce: NotificationSink = {
      notify: () => {
        throw new Error('sink broke');
      },
    };
    assert.equal((await setup({ sink: throwsAtOnce }).engine.sendTest()).deliveryError, 'sink broke');
  });

  test('the test notification ignores snooze and quiet hours', async () => {
    const { engine, sent } = setup({ settings: { quietHours: { enabled: true, start: '00:00', end: '23:59', allowCritical: false } } });
    const e = await engine.sendTest();
    assert.equal(e.type, 'test');
    assert.equal(e.accountId, '');
    assert.equal(sent.length, 1);
    assert.match(sent[0].body, /Test notification/);
    assert.equal(sent[0].accountId, null);
  });

  test('listeners get every logged event, can unsubscribe, and a throwing one breaks nothing', async () => {
    const { engine } = setup();
    const seen: string[] = [];
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      engine.onAlert(() => {
        throw new Error('listener bug');
      });
      const off = engine.onAlert((e) => seen.push(e.type));
      assert.equal((await engine.sendTest()).delivered, true);
      off();
      await engine.sendTest();
    } finally {
      console.error = original;
    }
    assert.deepEqual(seen, ['test']);
    assert.equal(errors.length, 2);
  });

  test('notifications go out one at a time, in order, even from concurrent polls', async () => {
    let inFlight = 0;
    let most = 0;
    const order: string[] = [];
    const sink: NotificationSink = {
      notify: async (n) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        order.push(n.accountId ?? '');
        inFlight--;
      },
    };
    const { engine, clock } = setup({ sink, settings: { sustainPolls: 1 } });
    const accounts = ['a', 'b', 'c', 'd'].map((id) => ({ ...main, id, label: id }));
    const events = await Promise.all(accounts.map((acc) => engine.observe(poll(acc, 49, clock.t), acc)));
    assert.deepEqual(events.map((e) => e.map((x) => x.type)), [['critical'], ['critical'], ['critical'], ['critical']]);
    assert.equal(most, 1);
    assert.deepEqual(order, ['a', 'b', 'c', 'd']);
  });
});

describe('alert engine: snooze and quiet hours', () => {
  test('a snoozed account is neither notified nor logged, but its rules advance: no flood when the snooze ends', async () => {
    const { engine, sent, clock, observe } = setup();
    engine.snooze('a', clock.t + 60 * MIN);
    assert.equal(engine.snoozedUntil('a'), clock.t + 60 * MIN);
    assert.equal(engine.snoozedUntil('b'), null);
    assert.deepEqual(await observe(main, 48), []);
    assert.deepEqual(await observe(main, 48), [], 'critical fired while snoozed');
    assert.deepEqual(await observe(spare, 48), []);
    assert.deepEqual(await observe(spare, 48), ['critical'], 'other accounts are not snoozed');
    assert.deepEqual(engine.log('a'), []);
    clock.t += 60 * MIN; // the snooze is over
    assert.equal(engine.snoozedUntil('a'), null);
    assert.deepEqual(await observe(main, 48), ['critical'], 'the critical that fired an hour ago is due for its repeat');
    assert.deepEqual(await observe(main, 48), [], 'and then not again until the next repeat');
    assert.equal(sent.filter((s) => s.accountId === 'a').length, 1);
  });

  test('the snooze is cleared by null or a time already past, and it survives a restart', async () => {
    const { engine, dir, clock } = setup();
    engine.snooze('a', clock.t + MIN);
    engine.snooze('a', null);
    assert.equal(engine.snoozedUntil('a'), null);
    engine.snooze('a', clock.t - MIN);
    assert.equal(engine.snoozedUntil('a'), null);
    engine.snooze('a', clock.t + 8 * 60 * MIN);
    await engine.flush();
    const again = setup({ dir, t: clock.t + MIN });
    assert.equal(again.engine.snoozedUntil('a'), clock.t + 8 * 60 * MIN);
    assert.deepEqual([await again.observe(main, 48), await again.observe(main, 48)], [[], []]);
  });

  test('quiet hours hold back all but critical and at-limit alerts, and those too unless allowed', async () => {
    const quiet = { enabled: true, start: '22:00', end: '07:00', allowCritical: true };
    const night = new Date(2026, 0, 1, 23, 30).getTime();
    const q = setup({ settings: { quietHours: quiet }, t: night });
    assert.deepEqual([await q.observe(main, 42), await q.observe(main, 42)], [[], []], 'warn held back');
    assert.deepEqual([await q.observe(spare, 48), await q.observe(spare, 48)], [[], ['critical']], 'critical comes through');
    assert.deepEqual(q.engine.log().map((e) => e.type), ['critical']);
    const strict = setup({ settings: { quietHours: { ...quiet, allowCritical: false } }, t: night });
    assert.deepEqual([await strict.observe(main, 50), await strict.observe(main, 50)], [[], []], 'at limit held back too');
    const day = setup({ settings: { quietHours: quiet }, t: new Date(2026, 0, 2, 7, 0).getTime() });
    assert.deepEqual([await day.observe(main, 42), await day.observe(main, 42)], [[], ['warn']], 'from 07:00 on, all alerts');
  });

  test('forget drops an account’s memory and snooze', async () => {
    const { engine, observe, clock } = setup();
    await observe(main, 48);
    assert.deepEqual(await observe(main, 48), ['critical']);
    engine.snooze('a', clock.t + 60 * MIN);
    engine.forget('a');
    assert.equal(engine.snoozedUntil('a'), null);
    assert.deepEqual([await observe(main, 48), await observe(main, 48)], [[], ['critical']], 'starts from scratch');
  });
});

describe('alert engine: alerts.json', () => {
  test('restarting while an account sits at 96 % does not notify again at once; the log survives', async () => {
    const first = setup();
    await first.observe(main, 48);
    assert.deepEqual(await first.observe(main, 48), ['critical']);
    await first.engine.flush();
    assert.deepEqual(readdirSync(first.dir).sort(), ['alerts.json'], 'written by rename: no temp file left');
    const again = setup({ dir: first.dir, t: first.clock.t + MIN });
    assert.deepEqual(await again.observe(main, 48), []);
    assert.deepEqual(again.engine.log().map((e) => e.type), ['critical']);
    again.clock.t = first.clock.t + 15 * MIN;
    assert.deepEqual(await again.observe(main, 48), ['critical'], 'the repeat clock carried over');
  });

  test('a corrupt alerts.json is set aside and ignored, never a crash', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'alerts.json'), '{"version":1,"memory":{"a":');
    const { engine, observe } = setup({ dir });
    assert.match(engine.startupProblem!, /^The alert memory was unreadable \(.*\) and was moved to .*alerts\.corrupt-.*\.json; alerts start fresh\.$/);
    const aside = readdirSync(dir).find((f) => f.startsWith('alerts.corrupt-'))!;
    assert.equal(readFileSync(join(dir, aside), 'utf8'), '{"version":1,"memory":{"a":');
    assert.deepEqual(engine.log(), []);
    assert.deepEqual([await observe(main, 48), await observe(main, 48)], [[], ['critical']]);
    await engine.flush();
    assert.equal(JSON.parse(readFileSync(join(dir, 'alerts.json'), 'utf8')).version, 1);
  });

  test('odd entries in a readable file are repaired field by field; the older snoozes map is honoured', async () => {
    const dir = tempDir();
    const goodEvent = { id: '1', at: NOON, accountId: 'a', accountLabel: 'main', type: 'warn', title: 'Headroom', body: 'x', delivered: true };
    const file = {
      version: 1,
      memory: { a: { levels: { critical: { streak: 'many', active: true, lastSentAt: NOON } }, unreachableSince: 'soon' }, c: 'nonsense' },
      snoozes: { b: NOON + 60 * MIN },
      log: [goodEvent, { id: 2 }, 'junk', { ...goodEvent, id: '3', type: 'weird' }],
    };
    writeFileSync(join(dir, 'alerts.json'), JSON.stringify(file));
    const { engine, observe } = setup({ dir });
    assert.match(engine.startupProblem!, /^The alert memory had malformed entries: the alert state of 2 accounts were reset; 3 alert log entries were dropped\. The original was kept at .*alerts\.corrupt-.*\.json\.$/);
    assert.deepEqual(engine.log().map((e) => e.id), ['1']);
    assert.equal(engine.snoozedUntil('b'), NOON + 60 * MIN);
    assert.deepEqual(await observe(main, 48), [], 'critical was already active');
    assert.deepEqual([await observe(main, 10), await observe(main, 10)], [[], []]);
  });

  test('a malformed entry: one notice kept until seen, the repaired file written at once, then quiet', async () => {
    const dir = tempDir();
    const goodEvent = { id: '1', at: NOON, accountId: 'a', accountLabel: 'main', type: 'warn', title: 'Headroom', body: 'x', delivered: true };
    writeFileSync(join(dir, 'alerts.json'), JSON.stringify({ version: 1, memory: { a: { levels: 'all of them', snoozedUntil: 'never' } }, log: [goodEvent, { id: 7 }] }), { mode: 0o644 });
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    try {
      const { engine, observe } = setup({ dir });
      assert.match(engine.startupProblem!, /the alert state of 1 account was reset; 1 alert log entry was dropped/);
      const aside = readdirSync(dir).find((f) => f.startsWith('alerts.corrupt-'))!;
      assert.equal(statSync(join(dir, aside)).mode & 0o777, 0o600, 'the original (provider text) kept private');
      assert.deepEqual(JSON.parse(readFileSync(join(dir, 'alerts.json'), 'utf8')).log.map((e: { id: string }) => e.id), ['1'], 'repaired file written at once');
      assert.equal(statSync(join(dir, 'alerts.json')).mode & 0o777, 0o600);
      for (let i = 0; i < 5; i++) await observe(main, 48);
      await engine.flush();
      const pending = pendingNotices(dir);
      assert.equal(pending.length, 1, 'one notice, kept for a person');
      assert.equal(pending[0].message, engine.startupProblem);
      assert.equal(setup({ dir }).engine.startupProblem, null, 'the next start finds nothing to repair');
      assert.equal(pendingNotices(dir).length, 1, 'and adds no second notice');
    } finally {
      console.error = original;
    }
    assert.deepEqual(errors, [], 'no error at any poll');
  });

  test('alerts.json is written private to the user (it holds provider text), also over an older 0644 file', async () => {
    const { engine, observe, dir } = setup();
    writeFileSync(join(dir, 'alerts.json'), JSON.stringify({ version: 1, memory: {}, log: [] }), { mode: 0o644 });
    await observe(main, 48);
    await observe(main, 48);
    await engine.flush();
    assert.equal(statSync(join(dir, 'alerts.json')).mode & 0o777, 0o600);
  });

  test('an alerts.json that can never be written (a directory in its place) is reported once, not at every poll', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'alerts.json'));
    writeFileSync(join(dir, 'alerts.json', 'keep'), 'not empty');
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    try {
      const { engine, observe } = setup({ dir });
      assert.match(engine.startupProblem!, /could not be read/);
      for (let i = 0; i < 6; i++) {
        await observe(main, i % 2 ? 48 : 10);
        await engine.flush();
      }
    } finally {
      console.error = original;
    }
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /could not save alerts\.json/);
  });

  test('a data dir that cannot be written is reported, not thrown', async () => {
    const parent = tempDir();
    const blocked = join(parent, 'not-a-dir');
    writeFileSync(blocked, 'a file where the data dir should be');
    const { engine, observe } = setup({ dir: blocked });
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.map(String).join(' '));
    try {
      await observe(main, 48);
      assert.deepEqual(await observe(main, 48), ['critical']);
      await engine.flush();
      await engine.flush();
    } finally {
      console.error = original;
    }
    assert.equal(errors.length, 1, 'reported once');
    assert.match(errors[0], /could not save alerts\.json/);
  });
});
