/**
 * Two pixel fonts for the few characters the tray icon shows: digits, '+', '-', '!'.
 * SMALL (3x5, one-pixel strokes) is drawn at 16 px; LARGE (6x10, two-pixel strokes, chamfered
 * corners) at 32 px, the @2x image, so it reads as the same lettering at twice the resolution
 * rather than a blocky scale-up. '#' is ink. Glyphs may be narrower than the font's width.
 */
export interface PixelFont {
  height: number;
  glyphs: Record<string, readonly string[]>;
  /** Pixels between glyphs: [two or fewer glyphs, three or more]. */
  gap: readonly [number, number];
}

export const SMALL: PixelFont = {
  height: 5,
  gap: [1, 1],
  glyphs: {
    '0': ['###', '#.#', '#.#', '#.#', '###'],
    '1': ['.#.', '##.', '.#.', '.#.', '###'],
    '2': ['###', '..#', '###', '#..', '###'],
    '3': ['###', '..#', '.##', '..#', '###'],
    '4': ['#.#', '#.#', '###', '..#', '..#'],
    '5': ['###', '#..', '###', '..#', '###'],
    '6': ['###', '#..', '###', '#.#', '###'],
    '7': ['###', '..#', '.#.', '.#.', '.#.'],
    '8': ['###', '#.#', '###', '#.#', '###'],
    '9': ['###', '#.#', '###', '..#', '###'],
    '+': ['...', '.#.', '###', '.#.', '...'],
    '-': ['...', '...', '###', '...', '...'],
    '!': ['##', '##', '##', '..', '##'],
  },
};

export const LARGE: PixelFont = {
  height: 10,
  gap: [2, 1],
  glyphs: {
    '0': ['.####.', '######', '##..##', '##..##', '##..##', '##..##', '##..##', '##..##', '######', '.####.'],
    '1': ['..##..', '.###..', '####..', '..##..', '..##..', '..##..', '..##..', '..##..', '######', '######'],
    '2': ['.####.', '######', '##..##', '....##', '...###', '..###.', '.###..', '###...', '######', '######'],
    '3': ['.####.', '######', '##..##', '....##', '..###.', '..###.', '....##', '##..##', '######', '.####.'],
    '4': ['##..##', '##..##', '##..##', '##..##', '######', '######', '....##', '....##', '....##', '....##'],
    '5': ['######', '######', '##....', '##....', '#####.', '######', '....##', '##..##', '######', '.####.'],
    '6': ['.####.', '######', '##....', '##....', '#####.', '######', '##..##', '##..##', '######', '.####.'],
    '7': ['######', '######', '....##', '...###', '..###.', '..##..', '..##..', '..##..', '..##..', '..##..'],
    '8': ['.####.', '######', '##..##', '##..##', '.####.', '.####.', '##..##', '##..##', '######', '.####.'],
    '9': ['.####.', '######', '##..##', '##..##', '######', '.#####', '....##', '##..##', '######', '.####.'],
    '+': ['......', '......', '..##..', '..##..', '######', '######', '..##..', '..##..', '......', '......'],
    '-': ['......', '......', '......', '......', '######', '######', '......', '......', '......', '......'],
    '!': ['##', '##', '##', '##', '##', '##', '..', '..', '##', '##'],
  },
};

export function glyph(font: PixelFont, ch: string): readonly string[] {
  const g = font.glyphs[ch];
  if (!g) throw new Error(`no glyph for '${ch}'`);
  return g;
}

export function gapFor(font: PixelFont, text: string): number {
  return text.length >= 3 ? font.gap[1] : font.gap[0];
}

/** Width in pixels of a line of text. */
export function textWidth(font: PixelFont, text: string): number {
  const chars = [...text];
  if (chars.length === 0) return 0;
  return chars.reduce((w, ch) => w + glyph(font, ch)[0].length, 0) + gapFor(font, text) * (chars.length - 1);
}
