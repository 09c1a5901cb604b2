/**
 * icon_draw_us: microseconds to draw one tray icon at both sizes (16 and 32 px, PNG encoded), the
 * work a changed poll costs; averaged over many draws of varied states. Target: under 1000.
 * icon_template_draw_us: the same for the macOS template images.
 */
import { drawIcon, drawTemplateIcon, type IconInput, type IconKind } from '../../main/core/icon/draw.ts';

const KINDS: IconKind[] = ['ok', 'warn', 'critical', 'stale', 'none', 'error', 'offline', 'paused'];

function inputs(n: number): IconInput[] {
  return Array.from({ length: n }, (_, i) => {
    const pct = (i * 7) % 120;
    return { kind: KINDS[i % KINDS.length], text: pct >= 100 ? '99+' : String(pct), fraction: Math.min(1, pct / 100) };
  });
}

function timePerIcon(draw: (input: IconInput, size: 16 | 32) => Buffer, all: IconInput[]): number {
  const both = (input: IconInput) => [draw(input, 16), draw(input, 32)];
  all.slice(0, 200).forEach(both); // warm-up
  const started = performance.now();
  for (const input of all) both(input);
  return ((performance.now() - started) * 1000) / all.length;
}

export async function run(): Promise<Record<string, number>> {
  const all = inputs(2000);
  return {
    icon_draw_us: Math.round(timePerIcon(drawIcon, all)),
    icon_template_draw_us: Math.round(timePerIcon(drawTemplateIcon, all)),
  };
}
