/**
 * Golden images of every icon state at both sizes, coloured and macOS template, compared pixel by
 * pixel after decoding. Regenerate with UPDATE_GOLDENS=1 and look at the PNGs in test/core/icon/golden/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { drawAppIcon, drawIcon, drawTemplateIcon, type IconInput } from '../../../main/core/icon/draw.ts';
import { decodePng } from '../../helpers/png-decode.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDENS === '1';

const STATES: Record<string, IconInput> = {
  'none': { kind: 'none', text: '-', fraction: null },
  'ok-0': { kind: 'ok', text: '0', fraction: 0 },
  'ok-7': { kind: 'ok', text: '7', fraction: 0.07 },
  'ok-42': { kind: 'ok', text: '42', fraction: 0.42 },
  'warn-85': { kind: 'warn', text: '85', fraction: 0.85 },
  'critical-97': { kind: 'critical', text: '97', fraction: 0.97 },
  'critical-99plus': { kind: 'critical', text: '99+', fraction: 1 },
  'stale-60': { kind: 'stale', text: '60', fraction: 0.6 },
  'error': { kind: 'error', text: '!', fraction: null },
  'offline-27': { kind: 'offline', text: '27', fraction: null },
  'offline-dash': { kind: 'offline', text: '-', fraction: null },
  'paused': { kind: 'paused', text: '', fraction: null },
};
const SIZES = [16, 32] as const;
const VARIANTS = { '': drawIcon, '-template': drawTemplateIcon } as const;

const goldenName = (state: string, variant: string, size: number) => `${state}${variant}-${size}.png`;

function compare(name: string, png: Buffer): void {
  const path = join(GOLDEN, name);
  if (update) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, png);
    return;
  }
  assert.ok(existsSync(path), `missing golden ${name}: run with UPDATE_GOLDENS=1 and look at it`);
  const want = decodePng(readFileSync(path));
  const got = decodePng(png);
  assert.deepEqual([got.width, got.height], [want.width, want.height]);
  const differing: string[] = [];
  for (let p = 0; p < got.rgba.length; p += 4) {
    if (got.rgba.subarray(p, p + 4).some((v, k) => v !== want.rgba[p + k])) differing.push(`(${(p / 4) % got.width},${Math.floor(p / 4 / got.width)})`);
  }
  assert.equal(differing.length, 0, `${name}: ${differing.length} pixels differ from the golden, first ${differing.slice(0, 5).join(' ')}`);
}

/** [r, g, b, a] of one pixel. */
function pixel(png: Buffer, x: number, y: number): number[] {
  const { width, rgba } = decodePng(png);
  return [...rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];
}

/** Pixels in the middle (inside the ring) that are opaque white: the drawn number. */
function whiteInk(png: Buffer): number {
  const { width, rgba } = decodePng(png);
  let n = 0;
  const m = width / 4;
  for (let y = m; y < width - m; y++) for (let x = m; x < width - m; x++) if (rgba[(y * width + x) * 4] === 255 && rgba[(y * width + x) * 4 + 3] === 255) n++;
  return n;
}

describe('tray icon goldens', () => {
  for (const [state, input] of Object.entries(STATES)) {
    for (const [variant, draw] of Object.entries(VARIANTS)) {
      for (const size of SIZES) {
        const name = goldenName(state, variant, size);
        test(name, () => compare(name, draw(input, size)));
      }
    }
  }

  test('every golden file belongs to a state drawn above', { skip: update }, () => {
    const expected = new Set(Object.keys(STATES).flatMap((s) => Object.keys(VARIANTS).flatMap((v) => SIZES.map((z) => goldenName(s, v, z)))));
    assert.deepEqual(readdirSync(GOLDEN).filter((f) => !expected.has(f)), []);
  });
});

describe('tray icon drawing', () => {
  test('every state looks different at 16 px, and differently again at 32 px', () => {
    for (const size of SIZES) {
      const pngs = Object.values(STATES).map((s) => drawIcon(s, size).toString('base64'));
      assert.equal(new Set(pngs).size, pngs.length);
    }
  });

  test('drawing is pure: the same input gives the same bytes', () => {
    for (const input of Object.values(STATES)) assert.ok(drawIcon(input, 16).equals(drawIcon({ ...input }, 16)));
  });

  test('PNGs are the requested size with transparent corners', () => {
    for (const size of SIZES) {
      const { width, height } = decodePng(drawIcon(STATES['ok-42'], size));
      assert.deepEqual([width, height], [size, size]);
      assert.equal(pixel(drawIcon(STATES['ok-42'], size), 0, 0)[3], 0);
    }
  });

  test('the ring colour follows the level; the ring fills clockwise from 12 o\'clock', () => {
    // Just right of the top centre, in the ring band: filled for any fraction above a few percent.
    const top = (input: IconInput) => pixel(drawIcon(input, 32), 17, 1);
    assert.deepEqual(top(STATES['ok-42']), [47, 191, 113, 255]);
    assert.deepEqual(top(STATES['warn-85']), [240, 160, 32, 255]);
    assert.deepEqual(top(STATES['critical-97']), [229, 72, 77, 255]);
    // 9 o'clock is filled at 85 % and not at 42 %.
    const left = (input: IconInput) => pixel(drawIcon(input, 32), 1, 16);
    assert.deepEqual(left(STATES['warn-85']), [240, 160, 32, 255]);
    assert.notDeepEqual(left({ ...STATES['ok-42'] }).slice(0, 3), [47, 191, 113]);
  });

  test('the number is drawn in white in the middle; a dash has far less ink; a template has no number', () => {
    for (const size of SIZES) {
      assert.ok(whiteInk(drawIcon(STATES['ok-42'], size)) > whiteInk(drawIcon(STATES['none'], size)) * 3);
      assert.equal(whiteInk(drawIcon(STATES['ok-42'], size)), whiteInk(drawIcon({ kind: 'warn', text: '42', fraction: 0.9 }, size)), 'the level changes the ring, not the number');
    }
    assert.ok(drawTemplateIcon(STATES['ok-42'], 16).equals(drawTemplateIcon({ ...STATES['ok-42'], text: '43' }, 16)));
  });

  test('template icons are black plus alpha only', () => {
    for (const input of Object.values(STATES)) {
      for (const size of SIZES) {
        const { rgba } = decodePng(drawTemplateIcon(input, size));
        for (let i = 0; i < rgba.length; i += 4) assert.equal(rgba[i] + rgba[i + 1] + rgba[i + 2], 0);
      }
    }
  });

  test('offline is hollow: the centre is transparent apart from the number', () => {
    assert.equal(pixel(drawIcon(STATES['offline-dash'], 32), 16, 8)[3], 0);
    assert.ok(pixel(drawIcon(STATES['none'], 32), 16, 8)[3] > 200);
  });

  test('the app icon is drawn at any size', () => {
    for (const size of [16, 256, 512]) assert.equal(decodePng(drawAppIcon(size)).width, size);
  });

  test('a character the font does not have is an error, not a blank', () => {
    assert.throws(() => drawIcon({ kind: 'ok', text: 'x', fraction: 0 }, 16), /no glyph/);
  });
});
