import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { encodePng } from '../../../main/core/icon/png.ts';
import { decodePng } from '../../helpers/png-decode.ts';

function pseudoRandom(n: number, seed: number): Uint8Array {
  let x = seed;
  return new Uint8Array(n).map(() => ((x = (x * 1103515245 + 12345) >>> 0) >>> 24));
}

/** A PNG whose rows use the given filter types (what other encoders write), built by hand. */
function filteredPng(width: number, height: number, rgba: Uint8Array, filters: number[]): Buffer {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  const at = (x: number, y: number) => (x < 0 || y < 0 ? 0 : rgba[y * stride + x]);
  for (let y = 0; y < height; y++) {
    const f = filters[y % filters.length];
    raw[y * (stride + 1)] = f;
    for (let x = 0; x < stride; x++) {
      const a = at(x - 4, y), b = at(x, y - 1), c = at(x - 4, y - 1);
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][f];
      raw[y * (stride + 1) + 1 + x] = (rgba[y * stride + x] - pred) & 0xff;
    }
  }
  // encodePng's signature, IHDR and IEND around the filtered IDAT; its CRC is left zero (decodePng does not check it).
  const plain = encodePng(width, height, rgba);
  const idatStart = 8 + 25;
  const idat = deflateSync(raw);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(idat.length, 0);
  head.write('IDAT', 4, 'ascii');
  return Buffer.concat([plain.subarray(0, idatStart), head, idat, Buffer.alloc(4), plain.subarray(plain.length - 12)]);
}

/** zlib.crc32 of 'IHDR' + the 13 header bytes of a 2x3 8-bit RGBA image, computed independently (Python's zlib). */
const IHDR_2x3_RGBA_CRC = 0xb9eade81;

describe('PNG encode and decode', () => {
  test('round trip of assorted sizes and pixel values', () => {
    for (const [w, h] of [[1, 1], [3, 2], [16, 16], [32, 32], [7, 13]]) {
      const rgba = pseudoRandom(w * h * 4, w * 31 + h);
      assert.deepEqual(decodePng(encodePng(w, h, rgba)), { width: w, height: h, rgba });
    }
  });

  test('the file is a real PNG: signature, IHDR for 8-bit RGBA, and the well-known IEND CRC', () => {
    const png = encodePng(2, 3, new Uint8Array(24));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.toString('ascii', 12, 16), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]], [2, 3, 8, 6]);
    assert.equal(png.readUInt32BE(29), IHDR_2x3_RGBA_CRC);
    assert.equal(png.toString('ascii', png.length - 8, png.length - 4), 'IEND');
    assert.equal(png.readUInt32BE(png.length - 4), 0xae426082);
  });

  test('decodes every row filter (sub, up, average, paeth) as other encoders write them', () => {
    const rgba = pseudoRandom(9 * 6 * 4, 7);
    assert.deepEqual(decodePng(filteredPng(9, 6, rgba, [1, 2, 3, 4, 0])).rgba, rgba);
  });

  test('wrong input is refused', () => {
    assert.throws(() => encodePng(3, 2, new Uint8Array(5)), /expected 24 bytes/);
    assert.throws(() => decodePng(Buffer.from('not a png at all')), /not a PNG/);
  });
});
