import type { HistoryPoint } from '../../../main/api/contract.ts';
import { h } from './dom.ts';

/** A tiny canvas line of the last hour (current), scaled to the limit where there is one. */
export function sparkline(): HTMLCanvasElement {
  return h('canvas', { class: 'sparkline', width: 120, height: 28, 'aria-hidden': 'true' });
}

export function drawSparkline(canvas: HTMLCanvasElement, points: HistoryPoint[]): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 120;
  const hgt = canvas.clientHeight || 28;
  canvas.width = Math.round(w * ratio);
  canvas.height = Math.round(hgt * ratio);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, hgt);
  if (points.length < 2) return;
  const t0 = points[0].t;
  const t1 = points[points.length - 1].t;
  const top = Math.max(1, ...points.map((p) => Math.max(p.max, p.limit ?? 0)));
  const x = (t: number) => ((t - t0) / Math.max(1, t1 - t0)) * (w - 2) + 1;
  const y = (v: number) => hgt - 2 - (v / top) * (hgt - 4);
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = getComputedStyle(canvas).color;
  ctx.beginPath();
  points.forEach((p, i) => (i ? ctx.lineTo(x(p.t), y(p.current)) : ctx.moveTo(x(p.t), y(p.current))));
  ctx.stroke();
}
