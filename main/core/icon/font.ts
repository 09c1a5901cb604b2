/** A 3x5 pixel font for the few characters the tray icon shows; '#' is ink. Scaled x2 at 32 px. */
export const GLYPH_WIDTH = 3;
export const GLYPH_HEIGHT = 5;

const GLYPHS: Record<string, string[]> = {
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
  '!': ['.#.', '.#.', '.#.', '...', '.#.'],
};

export function glyph(ch: string): string[] {
  const g = GLYPHS[ch];
  if (!g) throw new Error(`no glyph for '${ch}'`);
  return g;
}

/** Width in font pixels of a text with one pixel between characters. */
export function textWidth(text: string): number {
  return text.length * (GLYPH_WIDTH + 1) - 1;
}
