/**
 * Provider text on its way to where people read it: the account's status (window, tray, CLI), the
 * desktop notification and alerts.json hold no control, escape or bidi character and no echoed secret.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { testCore } from '../helpers/core.ts';
import { useSimulator } from '../helpers/simulator.ts';

const box = useSimulator();
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

test('an unreachable alert quoting a hostile provider message: clean in the state, the notification and alerts.json', async () => {
  const secret = 'sk_sink_Secret/42+x';
  const key = box.sim.addAccount('retell', { apiKey: secret }, { current: 1, limit: 10 });
  let clock = Date.UTC(2026, 2, 1, 12);
  const { core, dir, sent, dispose } = await testCore({ now: () => clock }); // never started: only the manual refreshes below poll
  try {
    const view = await core.api.addAccount({ provider: 'retell', label: 'prod', fields: { apiKey: secret }, baseUrl: box.sim.baseUrls.retell });
    const message = `\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u202egnorw\u202c key=${encodeURIComponent(secret).toLowerCase()} ${secret.toUpperCase()}\r\n\u009b2J down`;
    box.sim.fail(key, { kind: 'status', status: 503, body: JSON.stringify({ status: 'error', message }) });
    await core.api.refreshNow(view.id);
    clock += 6 * 60_000; // past the five minutes after which an account counts as unreachable
    const alerted = new Promise((resolve, reject) => {
      core.on('alert', (e) => e.type === 'unreachable' && resolve(e));
      setTimeout(() => reject(new Error(`no unreachable alert; sent: ${JSON.stringify(sent)}`)), 30_000).unref(); // last-resort guard
    });
    await core.api.refreshNow(view.id);
    await alerted; // alerts are evaluated after the poll is reported
    const state = core.state().accounts.find((a) => a.id === view.id)!;
    assert.equal(state.message, "Retell AI 'prod': provider error (HTTP 503): ]8;;https://evil.exampleclick]8;; gnorw key=… 2J down");
    const alert = sent.find((n) => n.accountId === view.id);
    assert.ok(alert, JSON.stringify(sent));
    assert.match(alert.body, /^prod \(Retell AI\) has been unreachable for 6 min: Retell AI 'prod': provider error \(HTTP 503\)/);
    await core.stop();
    const file = readFileSync(join(dir, 'alerts.json'), 'utf8');
    assert.ok(file.includes('has been unreachable'), 'the alert is in the log file');
    for (const text of [state.message!, alert.body, alert.title, file]) {
      assert.doesNotMatch(text.replace(/\n/g, ''), UNSAFE, text);
      assert.ok(!text.toLowerCase().includes(secret.toLowerCase()) && !text.toLowerCase().includes(encodeURIComponent(secret).toLowerCase()), text);
    }
  } finally {
    await dispose();
  }
});
