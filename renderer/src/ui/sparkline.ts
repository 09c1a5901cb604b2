import type { HistoryPoint } from '../../../main/model/history.ts';
import { h } from './dom.ts';

const SPAN_MS = 3_600_000;

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
  if (points.length === 0) return;
  ctx.strokeStyle = ctx.fillStyle = getComputedStyle(canvas).color;
  const top = Math.max(1, ...points.map((p) => Math.max(p.max, p.limit ?? 0)));
  const y = (v: number) => hgt - 2 - (v / top) * (hgt - 4);
  if (points.length === 1) {
    // One reading so far (a fresh account): a dot at the right edge rather than nothing.
    ctx.beginPath();
    ctx.arc(w - 3, y(points[0].current), 2, 0, 2 * Math.PI);
    ctx.fill();
    return;
  }
  // The x axis is always the last hour, so a young account's line is short and on the right.
  const t1 = points[points.length - 1].t;
  const t0 = Math.min(points[0].t, t1 - SPAN_MS);
  const x = (t: number) => ((t - t0) / Math.max(1, t1 - t0)) * (w - 2) + 1;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  points.forEach((p, i) => (i ? ctx.lineTo(x(p.t), y(p.current)) : ctx.moveTo(x(p.t), y(p.current))));
  ctx.stroke();
}
