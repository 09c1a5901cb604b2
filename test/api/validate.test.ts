import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { API_METHODS } from '../../main/api/contract.ts';
import { isApiErrorShape, toApiErrorShape } from '../../main/api/ipc-channels.ts';
import { validateArgs } from '../../main/api/validate.ts';
import { ApiError } from '../../main/model/errors.ts';
import { DEFAULT_SETTINGS } from '../../main/model/settings.ts';

const bad: Array<[string, unknown[], RegExp]> = [
  ['nope', [], /unknown method/],
  ['getState', [1], /at most 0/],
  ['addAccount', [], /argument 1 \(input\) is required/],
  ['addAccount', [{ provider: 'twilio', label: 'x', fields: {} }], /provider/],
  ['addAccount', [{ provider: 'retell', label: '', fields: {} }], /label/],
  ['addAccount', [{ provider: 'retell', label: 'x'.repeat(65), fields: {} }], /label/],
  ['addAccount', [{ provider: 'retell', label: 'x', fields: { apiKey: 'a'.repeat(5000) } }], /apiKey/],
  ['addAccount', [{ provider: 'retell', label: 'x', fields: {}, baseUrl: 'javascript:alert(1)' }], /baseUrl/],
  ['addAccount', [{ provider: 'retell', label: 'x', fields: {}, extra: 1 }], /unknown key 'extra'/],
  ['addAccount', [{ provider: 'retell', label: 'x', fields: {}, __proto__: { polluted: true } }], /./],
  ['updateAccount', ['../../etc', {}], /id/],
  ['removeAccount', ['a', {}], /deleteHistory/],
  ['pauseAll', [0], /minutes/],
  ['pauseAll', ['15'], /minutes/],
  ['getHistory', ['a', '1y'], /range/],
  ['snooze', ['a', -5], /until/],
  ['updateSettings', [{ pollIntervalSec: 9 }], /pollIntervalSec/],
  ['updateSettings', [{ theme: 'purple' }], /theme/],
  ['updateSettings', [{ alerts: { ...DEFAULT_SETTINGS.alerts, warnPct: 96 } }], /warnPct must be below criticalPct/],
  ['updateSettings', [{ alerts: { ...DEFAULT_SETTINGS.alerts, quietHours: { ...DEFAULT_SETTINGS.alerts.quietHours, start: '25:00' } } }], /start/],
  ['testConnection', [{ somethingElse: true }], /input.*id/],
];

describe('API argument validation', () => {
  for (const [method, args, message] of bad) {
    test(`${method}(${JSON.stringify(args).slice(0, 60)}) is refused`, () => {
      assert.throws(
        () => validateArgs(method as never, args),
        (e: unknown) => e instanceof ApiError && e.code === 'invalid-argument' && message.test(e.message),
      );
    });
  }

  test('valid calls pass through, trailing undefined dropped', () => {
    assert.deepEqual(validateArgs('refreshNow', [undefined]), []);
    assert.deepEqual(validateArgs('refreshNow', ['acct-1']), ['acct-1']);
    assert.deepEqual(validateArgs('pauseAll', [null]), [null]);
    assert.deepEqual(validateArgs('updateSettings', [{ pollIntervalSec: 60, theme: 'dark' }]), [{ pollIntervalSec: 60, theme: 'dark' }]);
    const input = { provider: 'vobiz', label: 'Main', fields: { authId: 'MA_1', authToken: 't' }, baseUrl: 'https://api.vobiz.ai' };
    assert.deepEqual(validateArgs('addAccount', [input]), [input]);
  });

  test('every API method has a validator', () => {
    for (const m of API_METHODS) {
      try {
        validateArgs(m, []);
      } catch (e) {
        assert.doesNotMatch((e as Error).message, /unknown method/);
      }
    }
  });
});

describe('labels are safe to print anywhere', () => {
  for (const [what, label] of [['an escape', 'prod\u001b[31m'], ['an 8-bit CSI', 'prod\u009b31m'], ['a bidi override', 'prod\u202eevil'], ['a bidi isolate', '\u2067prod'], ['a line separator', 'a\u2028b']] as const) {
    test(`a label with ${what} is refused`, () => {
      assert.throws(() => validateArgs('addAccount', [{ provider: 'retell', label, fields: {} }]), (e: unknown) => e instanceof ApiError && /label must not contain control characters or bidi marks/.test(e.message));
    });
  }
  test('emoji with joiners and accents are fine', () => {
    const input = { provider: 'retell', label: 'Équipe 👩‍💻 prod', fields: {} };
    assert.deepEqual(validateArgs('addAccount', [input]), [input]);
  });
});

describe('problems by field cross the bridge', () => {
  test('every problem at once, each at its field, in the error the window receives', () => {
    let caught: unknown;
    try {
      validateArgs('updateSettings', [{ pollIntervalSec: 5, alerts: { warnPct: 99, criticalPct: 50 }, theme: 'purple' }]);
    } catch (err) {
      caught = err;
    }
    const shape = toApiErrorShape(caught);
    assert.equal(shape.code, 'invalid-argument');
    assert.deepEqual(shape.fields, {
      pollIntervalSec: 'must be between 10 and 86400',
      'alerts.warnPct': 'must be below criticalPct',
      theme: "must be one of 'system', 'light', 'dark'",
    });
    assert.ok(isApiErrorShape(shape));
    assert.ok(!isApiErrorShape({ ...shape, fields: { theme: 3 } }), 'field messages are text');
  });
});
