/**
 * Golden images of every icon state at both sizes, compared pixel by pixel after decoding.
 * Regenerate with UPDATE_GOLDENS=1 and look at the PNGs in test/core/icon/golden/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { drawIcon, drawTemplateIcon, type IconInput } from '../../../main/core/icon/draw.ts';
import { decodePng, encodePng } from '../../../main/core/icon/png.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDENS === '1';

const STATES: Record<string, IconInput> = {
  'none': { kind: 'none', text: '-', fraction: null },
  'ok-42': { kind: 'ok', text: '42', fraction: 0.42 },
  'ok-0': { kind: 'ok', text: '0', fraction: 0 },
  'warn-85': { kind: 'warn', text: '85', fraction: 0.85 },
  'critical-97': { kind: 'critical', text: '97', fraction: 0.97 },
  'critical-99plus': { kind: 'critical', text: '99+', fraction: 1 },
  'stale-60': { kind: 'stale', text: '60', fraction: 0.6 },
  'error': { kind: 'error', text: '!', fraction: null },
  'offline': { kind: 'offline', text: '-', fraction: null },
  'paused': { kind: 'paused', text: '', fraction: null },
};

function compare(name: string, png: Buffer): void {
  const path = join(GOLDEN, `${name}.png`);
  if (update || !existsSync(path)) {
    assert.ok(update, `missing golden ${name}.png: run with UPDATE_GOLDENS=1`);
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, png);
    return;
  }
  const want = decodePng(readFileSync(path));
  const got = decodePng(png);
  assert.equal(got.width, want.width);
  assert.equal(got.height, want.height);
  let diff = 0;
  for (let i = 0; i < got.rgba.length; i++) if (got.rgba[i] !== want.rgba[i]) diff++;
  assert.equal(diff, 0, `${name}: ${diff} channel values differ from the golden image`);
}

describe('tray icon drawing', () => {
  for (const [name, input] of Object.entries(STATES)) {
    for (const size of [16, 32] as const) {
      test(`${name} at ${size}x${size} matches its golden`, () => compare(`${name}-${size}`, drawIcon(input, size)));
    }
    test(`${name} template (macOS) at 32 matches its golden`, () => compare(`${name}-template-32`, drawTemplateIcon(input, 32)));
  }

  test('states look different from each other', () => {
    const pngs = Object.values(STATES).map((s) => drawIcon(s, 16).toString('base64'));
    assert.equal(new Set(pngs).size, pngs.length);
  });

  test('the number is drawn in the middle: white ink in the centre for "42", none for "-" at 16 px', () => {
    const ink = (input: IconInput) => {
      const { rgba } = decodePng(drawIcon(input, 16));
      let white = 0;
      for (let y = 5; y < 11; y++) for (let x = 4; x < 12; x++) if (rgba[(y * 16 + x) * 4] === 255 && rgba[(y * 16 + x) * 4 + 1] === 255) white++;
      return white;
    };
    assert.ok(ink(STATES['ok-42']) >= 15);
    assert.ok(ink(STATES['none']) <= 4);
  });

  test('template icons are black plus alpha only', () => {
    const { rgba } = decodePng(drawTemplateIcon(STATES['warn-85'], 32));
    for (let i = 0; i < rgba.length; i += 4) assert.equal(rgba[i] + rgba[i + 1] + rgba[i + 2], 0);
  });

  test('PNG round trip', () => {
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) % 256);
    assert.deepEqual(decodePng(encodePng(3, 2, rgba)), { width: 3, height: 2, rgba });
    assert.throws(() => encodePng(3, 2, new Uint8Array(5)), /expected 24 bytes/);
  });
});
