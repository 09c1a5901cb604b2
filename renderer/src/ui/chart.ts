/** The history chart: uPlot with current (avg), peak, limit, and the warn/critical lines. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HistorySeries } from '../../../main/model/history.ts';

export interface ChartLines {
  warnPct: number;
  criticalPct: number;
}

/** A theme colour as the canvas needs it: resolved (the variables hold light-dark() pairs). */
function cssVar(el: Element, name: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${name})`;
  el.appendChild(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color || '#888';
}

export function historyData(series: HistorySeries, lines: ChartLines): uPlot.AlignedData {
  const p = series.points;
  const limit = p.map((x) => x.limit);
  return [
    p.map((x) => x.t / 1000),
    p.map((x) => x.current),
    p.map((x) => x.max),
    limit,
    limit.map((l) => (l === null ? null : (l * lines.warnPct) / 100)),
    limit.map((l) => (l === null ? null : (l * lines.criticalPct) / 100)),
  ];
}

export function createChart(container: HTMLElement, width: number): uPlot {
  const el = container;
  const opts: uPlot.Options = {
    width,
    height: 180,
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: [
      { stroke: cssVar(el, '--muted'), grid: { stroke: cssVar(el, '--grid') }, ticks: { stroke: cssVar(el, '--grid') } },
      { stroke: cssVar(el, '--muted'), grid: { stroke: cssVar(el, '--grid') }, ticks: { stroke: cssVar(el, '--grid') }, size: 36 },
    ],
    series: [
      {},
      { label: 'Calls', stroke: cssVar(el, '--accent'), width: 1.5, fill: cssVar(el, '--accent-fill') },
      { label: 'Peak', stroke: cssVar(el, '--muted'), width: 1, dash: [2, 3] },
      { label: 'Limit', stroke: cssVar(el, '--fg'), width: 1.5 },
      { label: 'Warn', stroke: cssVar(el, '--warn'), width: 1, dash: [6, 4] },
      { label: 'Critical', stroke: cssVar(el, '--critical'), width: 1, dash: [6, 4] },
    ],
  };
  return new uPlot(opts, [[], [], [], [], [], []], container);
}
