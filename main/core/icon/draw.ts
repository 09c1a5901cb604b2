/**
 * The tray icon, drawn as pixels: a ring filled clockwise from 12 o'clock by utilization and
 * coloured by level, the number (or '-', '!', a pause mark) in the middle on a dark disc so it
 * reads on light and dark panels alike. Stale is grey, error a red disc with '!', offline a hollow
 * outline, paused a pause mark. Pure: the same input gives the same bytes.
 */
import { LARGE, SMALL, gapFor, glyph, textWidth, type PixelFont } from './font.ts';
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

const GREEN: RGBA = [47, 191, 113, 255];
const AMBER: RGBA = [240, 160, 32, 255];
const RED: RGBA = [229, 72, 77, 255];
const GREY: RGBA = [138, 144, 153, 255];
const TRACK: RGBA = [110, 118, 129, 110];
const DISC: RGBA = [24, 28, 34, 235];
const WHITE: RGBA = [255, 255, 255, 255];
const LIGHT_GREY: RGBA = [200, 205, 212, 255];
const BLACK: RGBA = [0, 0, 0, 255];
const BLACK_TRACK: RGBA = [0, 0, 0, 80];
const BLACK_FAINT: RGBA = [0, 0, 0, 150];

type Mark = 'text' | 'bang' | 'pause' | 'none';

/** How one state looks: which layers, in which colours. */
interface Look {
  disc: RGBA | null;
  track: RGBA | null;
  arc: RGBA | null;
  /** A thin dashed outline instead of the ring (offline: hollow, disconnected). */
  hollow: boolean;
  mark: Mark;
  ink: RGBA;
}

function colourLook(kind: IconKind): Look {
  const base: Look = { disc: DISC, track: TRACK, arc: null, hollow: false, mark: 'text', ink: WHITE };
  switch (kind) {
    case 'ok':
      return { ...base, arc: GREEN };
    case 'warn':
      return { ...base, arc: AMBER };
    case 'critical':
      return { ...base, arc: RED };
    case 'stale':
      return { ...base, arc: GREY, ink: LIGHT_GREY };
    case 'error':
      return { ...base, disc: RED, mark: 'bang' };
    case 'offline':
      return { ...base, disc: null, track: GREY, hollow: true, ink: GREY };
    case 'paused':
      return { ...base, mark: 'pause' };
    case 'none':
      return base;
  }
}

/** macOS template: black plus alpha, no number (it goes in the tray title); stale fills faintly. */
function templateLook(kind: IconKind): Look {
  const look = colourLook(kind);
  return {
    disc: null,
    track: look.hollow ? BLACK : BLACK_TRACK,
    arc: look.arc === null ? null : kind === 'stale' ? BLACK_FAINT : BLACK,
    hollow: look.hollow,
    mark: look.mark === 'text' ? 'none' : look.mark,
    ink: BLACK,
  };
}

interface Geometry {
  size: number;
  c: number;
  outer: number;
  inner: number;
  font: PixelFont;
  /** Pixels per unit of the 16 px design (pause mark). */
  unit: number;
}

function geometry(size: number, hollow: boolean): Geometry {
  const thickness = hollow ? (size <= 16 ? 1.25 : 2) : size <= 16 ? 2 : size / 8;
  return { size, c: size / 2, outer: size / 2, inner: size / 2 - thickness, font: size >= 32 ? LARGE : SMALL, unit: Math.max(1, Math.floor(size / 16)) };
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
const TAU = 2 * Math.PI;

/** Share of the pixel centred at (dx, dy) from the centre that lies in the clockwise arc [0, f] turns. */
function arcCoverage(dx: number, dy: number, d: number, f: number): number {
  if (f >= 1) return 1;
  if (f <= 0) return 0;
  let t = Math.atan2(dx, -dy) / TAU;
  if (t < 0) t += 1;
  const w = 1 / (TAU * Math.max(0.5, d)); // one pixel, in turns, at this radius
  const start = t > 1 - w ? clamp01((t - 1) / w + 0.5) : clamp01(t / w + 0.5);
  return Math.min(start, clamp01((f - t) / w + 0.5));
}

const DASHES = 8;
const DASH_DUTY = 0.6;

/** Share of the pixel that lies on a dash of a ring broken into DASHES dashes, the first at 12 o'clock. */
function dashCoverage(dx: number, dy: number, d: number): number {
  let t = Math.atan2(dx, -dy) / TAU;
  if (t < 0) t += 1;
  const w = DASHES / (TAU * Math.max(0.5, d)); // one pixel, in dash periods
  const phase = (t * DASHES + DASH_DUTY / 2) % 1; // dashes centred on 12, 3, 6 and 9 o'clock
  const on = Math.min(clamp01(phase / w + 0.5), clamp01((DASH_DUTY - phase) / w + 0.5));
  return Math.max(on, clamp01((phase - 1) / w + 0.5));
}

/**
 * Disc, track and arc in one pass, composited source-over in premultiplied floats; coverage is
 * analytic at each pixel centre (anti-aliased edges without supersampling).
 */
function paintRing(rgba: Uint8Array, g: Geometry, look: Look, fraction: number): void {
  const { size, c, inner, outer } = g;
  const layers: Array<[RGBA, (d: number, dx: number, dy: number) => number]> = [];
  if (look.disc) layers.push([look.disc, (d) => clamp01(inner + 1 - d)]);
  const ring = (d: number) => clamp01(outer - d + 0.5) * clamp01(d - inner + 0.5);
  if (look.track) layers.push([look.track, look.hollow ? (d, dx, dy) => { const r = ring(d); return r > 0 ? r * dashCoverage(dx, dy, d) : 0; } : ring]);
  if (look.arc && fraction > 0) layers.push([look.arc, (d, dx, dy) => { const r = ring(d); return r > 0 ? r * arcCoverage(dx, dy, d, fraction) : 0; }]);
  for (let y = 0; y < size; y++) {
    const dy = y + 0.5 - c;
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - c;
      const d = Math.sqrt(dx * dx + dy * dy);
      let r = 0, gr = 0, b = 0, a = 0;
      for (const [col, coverage] of layers) {
        const sa = (col[3] / 255) * coverage(d, dx, dy);
        if (sa <= 0) continue;
        r = col[0] * sa + r * (1 - sa);
        gr = col[1] * sa + gr * (1 - sa);
        b = col[2] * sa + b * (1 - sa);
        a = sa + a * (1 - sa);
      }
      if (a <= 0) continue;
      const i = (y * size + x) * 4;
      rgba[i] = Math.round(r / a);
      rgba[i + 1] = Math.round(gr / a);
      rgba[i + 2] = Math.round(b / a);
      rgba[i + 3] = Math.round(a * 255);
    }
  }
}

/** Opaque ink replaces what is under it. */
function rect(rgba: Uint8Array, size: number, x0: number, y0: number, w: number, h: number, [r, g, b, a]: RGBA): void {
  for (let y = Math.max(0, y0); y < Math.min(size, y0 + h); y++) {
    for (let x = Math.max(0, x0); x < Math.min(size, x0 + w); x++) {
      const i = (y * size + x) * 4;
      rgba[i] = r;
      rgba[i + 1] = g;
      rgba[i + 2] = b;
      rgba[i + 3] = a;
    }
  }
}

function paintText(rgba: Uint8Array, g: Geometry, text: string, ink: RGBA): void {
  const { font, size } = g;
  let x = Math.floor((size - textWidth(font, text)) / 2);
  const y0 = Math.floor((size - font.height) / 2);
  const gap = gapFor(font, text);
  for (const ch of text) {
    const rows = glyph(font, ch);
    rows.forEach((row, ry) => {
      for (let rx = 0; rx < row.length; rx++) if (row[rx] === '#') rect(rgba, size, x + rx, y0 + ry, 1, 1, ink);
    });
    x += rows[0].length + gap;
  }
}

/** Two bars, 2x6 units with a 2-unit gap, centred. */
function paintPause(rgba: Uint8Array, g: Geometry, ink: RGBA): void {
  const u = g.unit;
  const x0 = g.size / 2 - 3 * u;
  const y0 = g.size / 2 - 3 * u;
  rect(rgba, g.size, x0, y0, 2 * u, 6 * u, ink);
  rect(rgba, g.size, x0 + 4 * u, y0, 2 * u, 6 * u, ink);
}

function paint(input: IconInput, size: number, template: boolean): Uint8Array {
  const look = template ? templateLook(input.kind) : colourLook(input.kind);
  const g = geometry(size, look.hollow);
  const rgba = new Uint8Array(size * size * 4);
  paintRing(rgba, g, look, clamp01(input.fraction ?? 0));
  if (look.mark === 'pause') paintPause(rgba, g, look.ink);
  else if (look.mark === 'bang') paintText(rgba, g, '!', look.ink);
  else if (look.mark === 'text' && input.text) paintText(rgba, g, input.text, look.ink);
  return rgba;
}

/** The coloured icon (Windows, Linux). */
export function drawIcon(input: IconInput, size: 16 | 32): Buffer {
  return encodePng(size, size, paint(input, size, false));
}

/**
 * The macOS template image: black plus alpha, which the menu bar tints for light and dark mode.
 * The number goes in the tray title instead, in monospaced digits.
 */
export function drawTemplateIcon(input: IconInput, size: 16 | 32): Buffer {
  return encodePng(size, size, paint(input, size, true));
}

/** The application icon (assets/icon.png and friends): the ring at a comfortable level, no number. */
export function drawAppIcon(size: number): Buffer {
  return encodePng(size, size, paint({ kind: 'ok', text: '', fraction: 0.72 }, size, false));
}
