/** icon_draw_us: microseconds to draw one tray icon at both sizes (16 and 32 px, PNG encoded). */
import { drawIcon, type IconInput } from '../../main/core/icon/draw.ts';

export async function run(): Promise<Record<string, number>> {
  const inputs: IconInput[] = Array.from({ length: 100 }, (_, i) => ({ kind: i % 3 === 0 ? 'ok' : i % 3 === 1 ? 'warn' : 'critical', text: String(i % 100), fraction: (i % 100) / 100 }));
  const drawBoth = (input: IconInput) => [drawIcon(input, 16), drawIcon(input, 32)];
  inputs.forEach(drawBoth); // warm-up
  const rounds = 5;
  const started = performance.now();
  for (let r = 0; r < rounds; r++) inputs.forEach(drawBoth);
  const us = ((performance.now() - started) * 1000) / (rounds * inputs.length);
  return { icon_draw_us: Math.round(us) };
}
