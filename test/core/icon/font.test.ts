import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LARGE, SMALL, glyph, textWidth } from '../../../main/core/icon/font.ts';

const CHARS = [...'0123456789+-!'];

describe('pixel fonts', () => {
  for (const [name, font] of [['SMALL', SMALL], ['LARGE', LARGE]] as const) {
    test(`${name}: every character the icon shows, rectangular, only ink and blank`, () => {
      for (const ch of CHARS) {
        const rows = glyph(font, ch);
        assert.equal(rows.length, font.height, `'${ch}' height`);
        assert.ok(rows.every((r) => r.length === rows[0].length && /^[#.]+$/.test(r)), `'${ch}' rows`);
        assert.ok(rows.some((r) => r.includes('#')), `'${ch}' has ink`);
      }
    });

    test(`${name}: digits share one width (numbers do not jiggle as they change) and all differ`, () => {
      const digits = [...'0123456789'].map((d) => glyph(font, d));
      assert.equal(new Set(digits.map((g) => g[0].length)).size, 1);
      assert.equal(new Set(digits.map((g) => g.join('/'))).size, 10);
    });
  }

  test('text fits inside the ring: "99+" at 16 px within the 12 px disc, at 32 px within the 24 px disc', () => {
    assert.equal(textWidth(SMALL, '99+'), 11);
    assert.ok(textWidth(LARGE, '99+') <= 20);
    assert.equal(textWidth(LARGE, '42'), 14);
    assert.equal(textWidth(SMALL, ''), 0);
  });
});
