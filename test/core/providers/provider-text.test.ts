import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { plainText, providerText, scrubSecrets } from '../../../main/core/providers/provider-text.ts';

const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

describe('plainText: one line, nothing a terminal or a notification would interpret', () => {
  test('escape sequences, C0/C1 controls, bidi controls, zero-width characters and separators go', () => {
    const raw = '\u001b[31mred\u001b[0m \u009b1mC1 \u0007bell\u0000 \u202eabc\u202c \u2067iso\u2069 \u200e\u200f\u061c mark z\u200bw\u200dj \ufeffbom \u00adsoft';
    const clean = plainText(raw);
    assert.doesNotMatch(clean, UNSAFE);
    assert.equal(clean, '[31mred[0m 1mC1 bell abc iso mark zwj bom soft');
  });
  test('line breaks, tabs and the Unicode line/paragraph separators become single spaces', () => {
    assert.equal(plainText(' a\r\n\tb\u2028c\u2029d\u0085e \n '), 'a b c d e');
  });
  test('ordinary text in any script is kept as it is', () => {
    assert.equal(plainText('Límite alcanzado: 超过限制 — שגיאה 😀'), 'Límite alcanzado: 超过限制 — שגיאה 😀');
  });
});

describe('scrubSecrets: an echoed secret in any of its common disguises', () => {
  const secret = 'Tok/Echo+Secret=42 x';
  const cases: Array<[string, string]> = [
    ['as sent', secret],
    ['upper case', secret.toUpperCase()],
    ['lower case', secret.toLowerCase()],
    ['URL-encoded', encodeURIComponent(secret)],
    ['URL-encoded, lower-case hex', encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ['form-encoded', encodeURIComponent(secret).replace(/%20/g, '+')],
    ['encodeURI', encodeURI(secret)],
    ['base64', Buffer.from(secret).toString('base64')],
    ['base64 without padding', Buffer.from(secret).toString('base64').replace(/=+$/, '')],
    ['base64url', Buffer.from(secret).toString('base64url')],
    ['hex', Buffer.from(secret).toString('hex')],
    ['HEX', Buffer.from(secret).toString('hex').toUpperCase()],
  ];
  for (const [name, echoed] of cases) {
    test(name, () => {
      const out = scrubSecrets(`error: key "${echoed}" is not valid`, [secret]);
      assert.equal(out, 'error: key "…" is not valid');
    });
  }
  test('base64 of a longer string holding the secret at any byte alignment (e.g. a Basic header)', () => {
    for (const prefix of ['', 'a', 'ab', 'MA_1:', 'MA_12:', 'MA_123:']) {
      const basic = Buffer.from(`${prefix}${secret}`).toString('base64');
      const out = scrubSecrets(`Authorization: Basic ${basic}`, [secret]);
      assert.ok(!out.includes(basic), `${prefix}: ${out}`);
      // What is left can no longer be decoded back to the secret.
      const left = out.replace(/^Authorization: Basic /, '').split('…');
      for (const part of left) assert.ok(!Buffer.from(part, 'base64').toString('latin1').includes('Echo+Secret'), `${prefix}: ${part}`);
    }
  });
  test('several secrets, longest first; short values (under 4 characters) and empty ones are left alone', () => {
    assert.equal(scrubSecrets('id MA_1 token abcd-efgh and abcd', ['abcd-efgh', 'abcd', '', undefined, 'ab']), 'id MA_1 token … and …');
  });
  test('regular-expression characters in a secret are matched literally', () => {
    assert.equal(scrubSecrets('k=a.*b(c) vs aXXb(c)', ['a.*b(c)']), 'k=… vs aXXb(c)');
  });
});

describe('providerText: what reaches a message', () => {
  test('cleaned, scrubbed (also when an invisible character splits the echoed secret), short', () => {
    const secret = 'key_live_12345';
    assert.equal(providerText('Bad key key_\u200blive_12345\u001b[0m!', [secret]), 'Bad key …[0m!');
    const long = providerText('x'.repeat(10) + ' ' + 'word '.repeat(60), []);
    assert.equal([...long!].length, 120);
    assert.ok(long!.endsWith('…'));
  });
  test('long token-like runs are hidden unless asked to keep them (ids shown on purpose)', () => {
    assert.equal(providerText('request abcdefghijklmnopqrstuvwxyz0123 failed', []), 'request … failed');
    assert.equal(providerText('MA_ABCDEFGHIJKLMNOPQRSTUVWXYZ', [], { hideTokens: false }), 'MA_ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  });
  test('nothing readable left, or not a string: undefined', () => {
    assert.equal(providerText('\u202e\u0000 ', []), undefined);
    assert.equal(providerText('key_live_12345', ['key_live_12345']), undefined);
    assert.equal(providerText(42, []), undefined);
  });
  test('a cut never splits a surrogate pair', () => {
    const text = providerText('😀'.repeat(200), [], { max: 10 })!;
    assert.equal([...text].length, 10);
    assert.doesNotMatch(text, /[\ud800-\udfff](?![\udc00-\udfff])/u);
  });
});
