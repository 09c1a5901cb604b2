/**
 * The tray icon, drawn as pixels: a ring filled clockwise from the top by utilization and coloured
 * by level, the number (or '-', '!', a pause mark) in the middle on a dark disc so it reads on light
 * and dark panels alike. Stale is grey, offline hollow. Pure: same input, same bytes.
 */
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph, textWidth } from './font.ts';
import { encodePng } from './png.ts';

export type IconKind = 'none' | 'ok' | 'warn' | 'critical' | 'stale' | 'error' | 'offline' | 'paused';

export interface IconInput {
  kind: IconKind;
  /** '73', '99+', '-' */
  text: string;
  /** 0..1 share of the ring filled; null for none. */
  fraction: number | null;
}

type RGBA = readonly [number, number, number, number];

const COLORS: Record<IconKind, RGBA> = {
  none: [138, 144, 153, 255],
  ok: [47, 191, 113, 255],
  warn: [240, 160, 32, 255],
  critical: [229, 72, 77, 255],
  stale: [138, 144, 153, 255],
  error: [229, 72, 77, 255],
  offline: [138, 144, 153, 255],
  paused: [138, 144, 153, 255],
};
const TRACK: RGBA = [110, 118, 129, 110];
const DISC: RGBA = [24, 28, 34, 235];
const INK: RGBA = [255, 255, 255, 255];
const GREY_INK: RGBA = [200, 205, 212, 255];
const BLACK: RGBA = [0, 0, 0, 255];

class Canvas {
  readonly rgba: Uint8Array;
  constructor(readonly size: number) {
    this.rgba = new Uint8Array(size * size * 4);
  }

  /** Source-over blend of a colour with coverage 0..1. */
  blend(x: number, y: number, [r, g, b, a]: RGBA, coverage = 1): void {
    if (x < 0 || y < 0 || x >= this.size || y >= this.size || coverage <= 0) return;
    const i = (y * this.size + x) * 4;
    const sa = (a / 255) * Math.min(1, coverage);
    const da = this.rgba[i + 3] / 255;
    const oa = sa + da * (1 - sa);
    if (oa === 0) return;
    const mix = (s: number, d: number) => Math.round((s * sa + d * da * (1 - sa)) / oa);
    this.rgba[i] = mix(r, this.rgba[i]);
    this.rgba[i + 1] = mix(g, this.rgba[i + 1]);
    this.rgba[i + 2] = mix(b, this.rgba[i + 2]);
    this.rgba[i + 3] = Math.round(oa * 255);
  }

  /** Fills every pixel by its coverage 0..1, computed at the pixel centre (anti-aliased shapes). */
  fill(color: RGBA, coverage: (x: number, y: number) => number): void {
    for (let y = 0; y < this.size; y++) for (let x = 0; x < this.size; x++) this.blend(x, y, color, coverage(x + 0.5, y + 0.5));
  }

  rect(x0: number, y0: number, w: number, h: number, color: RGBA): void {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) this.blend(x, y, color);
  }
}

interface Geometry {
  c: number;
  outer: number;
  inner: number;
  scale: number;
}

function geometry(size: number): Geometry {
  const thickness = size === 16 ? 2.25 : size === 32 ? 4 : size / 8;
  return { c: size / 2, outer: size / 2, inner: size / 2 - thickness, scale: Math.max(1, Math.floor(size / 16)) };
}

/** Angle clockwise from 12 o'clock, 0..1. */
function turn(x: number, y: number, c: number): number {
  const a = Math.atan2(x - c, c - y) / (2 * Math.PI);
  return a < 0 ? a + 1 : a;
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Share of a pixel at distance d from the centre that lies between radii r0 and r1. */
function band(d: number, r0: number, r1: number): number {
  return clamp01(r1 - d + 0.5) * clamp01(d - r0 + 0.5);
}

/** Share of a pixel at (x, y) inside the clockwise arc [0, f] (f in turns), antialiased at both ends. */
function arc(x: number, y: number, c: number, f: number): number {
  if (f >= 1) return 1;
  const d = Math.max(0.5, Math.hypot(x - c, y - c));
  const w = 1 / (2 * Math.PI * d); // a pixel's width, in turns, at this radius
  const t = turn(x, y, c);
  const start = t > 1 - w ? clamp01((t - 1) / w + 0.5) : clamp01(t / w + 0.5); // just left of 12 o'clock: before the start
  return Math.min(start, clamp01((f - t) / w + 0.5));
}

function drawRing(cv: Canvas, g: Geometry, input: IconInput, color: RGBA, disc: boolean): void {
  const dist = (x: number, y: number) => Math.hypot(x - g.c, y - g.c);
  if (input.kind === 'offline') {
    // Hollow: a thin outline only, no track fill, no disc.
    const edge = g.scale === 1 ? 1.1 : 2;
    cv.fill(color, (x, y) => band(dist(x, y), g.outer - edge, g.outer));
    return;
  }
  if (disc) cv.fill(DISC, (x, y) => band(dist(x, y), -1, g.inner + 0.5));
  cv.fill(TRACK, (x, y) => band(dist(x, y), g.inner, g.outer));
  const f = Math.max(0, Math.min(1, input.fraction ?? 0));
  if (f > 0) cv.fill(color, (x, y) => band(dist(x, y), g.inner, g.outer) * arc(x, y, g.c, f));
}

function drawText(cv: Canvas, g: Geometry, text: string, color: RGBA): void {
  const s = g.scale;
  const w = textWidth(text) * s;
  const x0 = Math.round((cv.size - w) / 2);
  const y0 = Math.round((cv.size - GLYPH_HEIGHT * s) / 2);
  [...text].forEach((ch, i) => {
    const rows = glyph(ch);
    const gx = x0 + i * (GLYPH_WIDTH + 1) * s;
    rows.forEach((row, ry) => [...row].forEach((p, rx) => p === '#' && cv.rect(gx + rx * s, y0 + ry * s, s, s, color)));
  });
}

function drawPause(cv: Canvas, g: Geometry, color: RGBA): void {
  const s = g.scale;
  const h = 5 * s;
  const y0 = Math.round((cv.size - h) / 2);
  const x0 = Math.round(cv.size / 2 - 2 * s);
  cv.rect(x0, y0, s + (s === 1 ? 0 : 1), h, color);
  cv.rect(x0 + 3 * s, y0, s + (s === 1 ? 0 : 1), h, color);
}

function paint(input: IconInput, size: number, template: boolean): Uint8Array {
  const cv = new Canvas(size);
  const g = geometry(size);
  const ring = template ? BLACK : COLORS[input.kind];
  drawRing(cv, g, input, ring, !template);
  const ink = template ? BLACK : input.kind === 'stale' ? GREY_INK : input.kind === 'offline' ? COLORS.offline : INK;
  if (input.kind === 'paused') drawPause(cv, g, ink);
  else if (input.kind === 'error') drawText(cv, g, '!', template ? BLACK : COLORS.error);
  else if (!template) drawText(cv, g, input.text, ink);
  return cv.rgba;
}

/** The coloured icon (Windows, Linux). */
export function drawIcon(input: IconInput, size: 16 | 32): Buffer {
  return encodePng(size, size, paint(input, size, false));
}

/**
 * The macOS template image: black plus alpha (the menu bar tints it); the number goes in the
 * tray title instead, in monospaced digits.
 */
export function drawTemplateIcon(input: IconInput, size: 16 | 32): Buffer {
  const rgba = paint(input, size, true);
  // A template is a mask: black with alpha, the grey track kept faint.
  for (let i = 0; i < rgba.length; i += 4) {
    const dark = rgba[i] + rgba[i + 1] + rgba[i + 2] < 60;
    if (!dark) rgba[i + 3] = Math.round(rgba[i + 3] * 0.6);
    rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
  }
  return encodePng(size, size, rgba);
}

/** The application icon (assets/icon.png): the ring at a comfortable level, no number. */
export function drawAppIcon(size: number): Buffer {
  return encodePng(size, size, paint({ kind: 'ok', text: '', fraction: 0.72 }, size, false));
}
