/**
 * The history chart: uPlot with calls (each bucket's average, or the sample itself), peak, limit and
 * the warn/critical lines, over exactly the chosen range (not just where the data is). Under it one
 * line that names the series while idle and, while hovering (or moving with the arrow keys), reads
 * the time and the values. With fewer than two points, words instead of an axis.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { clockText } from '../../../main/model/glance.ts';
import type { HistoryPoint, HistorySeries } from '../../../main/model/history.ts';
import { h, replaceChildren, setText } from './dom.ts';

export interface ChartLines {
  warnPct: number;
  criticalPct: number;
}

export interface ChartInput {
  points: HistoryPoint[];
  /** The resolution most of the points have (HistorySeries.resolution): finer points are drawn merged into it. */
  resolution: HistorySeries['resolution'];
  /** The range's bounds, epoch ms: the x axis spans exactly these. */
  start: number;
  end: number;
  lines: ChartLines;
  /** Words shown instead of the chart (too little history); '' shows the chart. */
  empty: string;
}

export interface HistoryChart {
  root: HTMLElement;
  update(input: ChartInput): void;
  /** Follow the container's width (window resized). */
  resize(): void;
  /** Drop the uPlot instance and its listeners (the view is hidden or left). */
  destroy(): void;
}

const SERIES = { calls: 1, peak: 2, limit: 3, warn: 4, critical: 5 } as const;
/** A hole in the data (Headroom not running, polls failing) longer than this and than its neighbours' spacing is drawn as a break. */
const MIN_BREAK_S = 10 * 60;

/** A theme colour as the canvas needs it: resolved (the variables hold light-dark() pairs). */
function cssVar(el: Element, name: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${name})`;
  el.appendChild(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color || '#888';
}

const BUCKET_MS: Record<HistorySeries['resolution'], number> = { raw: 0, '5min': 300_000, hour: 3_600_000 };

/** The average of points that may span different times (5-minute buckets beside raw samples): each weighs as long as it lasts until the next. */
function weightedAverage(group: readonly HistoryPoint[]): number {
  const weights = group.map((p, i) => (i + 1 < group.length ? group[i + 1].t - p.t : 0));
  if (group.length > 1) weights[group.length - 1] = weights[group.length - 2];
  const total = weights.reduce((a, b) => a + b, 0);
  const avg = total > 0 ? group.reduce((sum, p, i) => sum + p.current * weights[i], 0) / total : group.reduce((sum, p) => sum + p.current, 0) / group.length;
  return Math.round(avg * 1000) / 1000;
}

/**
 * The points at one resolution: a range's series may end in finer points than most of it has (the
 * last hour's raw polls after 5-minute buckets; live polls after an Ultravox account's hourly
 * backfill). Drawn as they are, the line would change character at that seam; merged into buckets
 * of the series' own resolution (average of the averages, highest peak, last limit) it reads as one
 * series. Points already alone at a bucket start stay as they are. Nothing is merged for raw series.
 */
export function atResolution(points: readonly HistoryPoint[], resolution: HistorySeries['resolution']): HistoryPoint[] {
  const size = BUCKET_MS[resolution];
  if (!size) return points.slice();
  const out: HistoryPoint[] = [];
  let group: HistoryPoint[] = [];
  const flush = () => {
    if (!group.length) return;
    const bucket = Math.floor(group[0].t / size) * size;
    if (group.length === 1 && group[0].t === bucket) out.push(group[0]);
    else {
      const limits = group.map((p) => p.limit).filter((l): l is number => l !== null);
      out.push({
        t: bucket,
        current: weightedAverage(group),
        min: Math.min(...group.map((p) => p.min)),
        max: Math.max(...group.map((p) => p.max)),
        limit: limits.length ? limits[limits.length - 1] : null,
      });
    }
    group = [];
  };
  for (const p of points) {
    if (group.length && Math.floor(p.t / size) !== Math.floor(group[0].t / size)) flush();
    group.push(p);
  }
  flush();
  return out;
}

/**
 * Columns for uPlot, time in seconds: calls, peak, limit, warn, critical. Where the data has a hole
 * much wider than the spacing around it, a row of nulls breaks the lines, so nothing is drawn where
 * nothing was measured.
 */
export function chartData(points: readonly HistoryPoint[], lines: ChartLines): uPlot.AlignedData {
  const rows: Array<HistoryPoint | { t: number; gap: true }> = [];
  for (let i = 0; i < points.length; i++) {
    if (i > 0) {
      const dt = points[i].t - points[i - 1].t;
      const before = i >= 2 ? points[i - 1].t - points[i - 2].t : 0;
      const after = i + 1 < points.length ? points[i + 1].t - points[i].t : 0;
      const spacing = Math.max(before, after);
      if (spacing > 0 && dt > 2.5 * spacing && dt > MIN_BREAK_S * 1000) rows.push({ t: (points[i - 1].t + points[i].t) / 2, gap: true });
    }
    rows.push(points[i]);
  }
  const of = (f: (p: HistoryPoint) => number | null) => rows.map((r) => ('gap' in r ? null : f(r)));
  const limitOf = (p: HistoryPoint) => p.limit;
  return [
    rows.map((r) => r.t / 1000),
    of((p) => p.current),
    of((p) => p.max),
    of(limitOf),
    of((p) => (p.limit === null ? null : (p.limit * lines.warnPct) / 100)),
    of((p) => (p.limit === null ? null : (p.limit * lines.criticalPct) / 100)),
  ];
}

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** Axis labels: times of day for a range up to a day and a half, dates beyond. */
function axisLabel(sec: number, spanMs: number): string {
  const d = new Date(sec * 1000);
  if (spanMs <= 36 * 3_600_000) return d.toTimeString().slice(0, 5);
  return d.toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
}

/** Indexes of a column's first and last values (gaps are null); last is -1 when it has none. */
function filledEnds(col: ArrayLike<number | null | undefined>): { first: number; last: number } {
  const filled = (i: number) => col[i] !== null && col[i] !== undefined;
  let first = 0;
  while (first < col.length && !filled(first)) first++;
  let last = col.length - 1;
  while (last >= 0 && !filled(last)) last--;
  return { first, last };
}

/** "14:02 · calls 12 · peak 15 · limit 20": what the hovered point holds, in words. */
export function readoutText(data: uPlot.AlignedData, idx: number, now: number): string {
  const at = clockText((data[0][idx] as number) * 1000, now);
  const calls = data[SERIES.calls][idx];
  if (calls === null || calls === undefined) return `${at} · no data`;
  const peak = data[SERIES.peak][idx];
  const limit = data[SERIES.limit][idx];
  return `${at} · calls ${num(calls)} · peak ${num(peak ?? calls)} · ${limit === null || limit === undefined ? 'no cap' : `limit ${num(limit)}`}`;
}

export function historyChart(): HistoryChart {
  const plot = h('div', { class: 'chart-plot' });
  const empty = h('p', { class: 'chart-empty', role: 'status' });
  const readout = h('p', { class: 'chart-readout' });
  const root = h(
    'div',
    { class: 'chart', tabindex: 0, role: 'group', 'aria-label': 'History chart: the arrow keys read the values' },
    plot,
    empty,
    readout,
  );
  let u: uPlot | null = null;
  let input: ChartInput | null = null;
  let data: uPlot.AlignedData = [[], [], [], [], [], []];
  let keyIdx: number | null = null;
  /** Series colours as resolved when the chart was made (the threshold labels use them too). */
  let colors: string[] = [];
  let muted = '#888';
  let background = '#fff';

  const width = () => Math.max(240, root.clientWidth || 320);
  const height = (w: number) => (w < 520 ? 170 : 190);

  /** The names of the lines with their colours, while nothing is hovered. */
  function legend(): void {
    const capped = input?.points.some((p) => p.limit !== null) ?? false;
    const levels = input?.points.some((p) => p.limit !== null && p.limit > 0) ?? false;
    const key = (cls: string, text: string) => h('span', { class: `key ${cls}` }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), text);
    replaceChildren(
      readout,
      key('calls', 'calls'),
      key('peak', 'peak'),
      ...(capped ? [key('limit', 'limit')] : [key('nocap', 'no cap')]),
      ...(levels && input ? [key('warn', `warn ${input.lines.warnPct}%`), key('critical', `critical ${input.lines.criticalPct}%`)] : []),
      since(),
    );
    readout.dataset.mode = 'legend';
  }

  /** "history since 14:02" when the data starts well inside the range (a new account): the empty left part is no gap. */
  function since(): HTMLElement | null {
    const first = input?.points[0];
    if (!input || !first || first.t - input.start < (input.end - input.start) * 0.1) return null;
    return h('span', { class: 'key since' }, `history since ${clockText(first.t, input.end)}`);
  }

  function show(idx: number | null): void {
    if (idx === null || idx < 0 || idx >= data[0].length) return legend();
    readout.dataset.mode = 'values';
    setText(readout, readoutText(data, idx, Date.now()));
  }

  /** Warn and critical levels named at the right end of their lines, in their colours. */
  function labelThresholds(chart: uPlot): void {
    if (!input) return;
    const ctx = chart.ctx;
    const px = uPlot.pxRatio;
    ctx.save();
    ctx.font = `${11 * px}px system-ui, sans-serif`;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    let taken: { y: number; left: number } | null = null;
    // Critical first, at the right edge; warn beside it when the two would overlap.
    for (const [i, pct] of [[SERIES.critical, input.lines.criticalPct], [SERIES.warn, input.lines.warnPct]] as const) {
      const col = data[i];
      const { last } = filledEnds(col);
      if (last < 0 || !((col[last] as number) > 0)) continue; // a limit of 0: no levels to name
      const y = chart.valToPos(col[last] as number, 'y', true);
      const right = chart.bbox.left + chart.bbox.width - 2 * px;
      const x: number = taken && Math.abs(taken.y - y) < 12 * px ? taken.left - 6 * px : right;
      taken = { y, left: x - ctx.measureText(`${pct}%`).width };
      // A halo in the background colour keeps the label legible over the lines it sits on.
      ctx.lineWidth = 3 * px;
      ctx.strokeStyle = background;
      ctx.strokeText(`${pct}%`, x, y - 2 * px);
      ctx.fillStyle = colors[i] ?? muted;
      ctx.fillText(`${pct}%`, x, y - 2 * px);
    }
    ctx.restore();
  }

  /**
   * Limit and levels carried faintly to both edges of the range: a young account's few minutes of
   * data would otherwise leave them as stubs at the right edge, too short to read as lines.
   */
  function extendLevels(chart: uPlot): void {
    const ctx = chart.ctx;
    const px = uPlot.pxRatio;
    const left = chart.bbox.left;
    const right = chart.bbox.left + chart.bbox.width;
    ctx.save();
    ctx.globalAlpha = 0.45;
    ctx.lineWidth = 1.5 * px;
    for (const i of [SERIES.limit, SERIES.warn, SERIES.critical]) {
      const col = data[i];
      const { first, last } = filledEnds(col);
      if (last < 0) continue;
      ctx.strokeStyle = colors[i] ?? muted;
      ctx.setLineDash(i === SERIES.limit ? [2 * px, 3 * px] : [6 * px, 4 * px]);
      const segment = (value: number, from: number, to: number) => {
        if (to - from < 2 * px) return;
        const y = chart.valToPos(value, 'y', true);
        ctx.beginPath();
        ctx.moveTo(from, y);
        ctx.lineTo(to, y);
        ctx.stroke();
      };
      segment(col[first] as number, left, chart.valToPos(data[0][first], 'x', true));
      segment(col[last] as number, chart.valToPos(data[0][last], 'x', true), right);
    }
    ctx.restore();
  }

  function create(): uPlot {
    const w = width();
    muted = cssVar(root, '--muted');
    background = cssVar(root, '--bg');
    const grid = cssVar(root, '--grid');
    colors = ['', cssVar(root, '--accent'), muted, cssVar(root, '--fg'), cssVar(root, '--warn'), cssVar(root, '--critical')];
    const stepped = uPlot.paths.stepped!({ align: 1 });
    const opts: uPlot.Options = {
      width: w,
      height: height(w),
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
      scales: {
        x: { time: true, range: () => (input ? [input.start / 1000, input.end / 1000] : [0, 1]) },
        y: { range: (_u, _min, max) => [0, Math.max(1, (max ?? 0) * 1.1)] },
      },
      axes: [
        { stroke: muted, grid: { stroke: grid }, ticks: { stroke: grid }, values: (_u, splits) => splits.map((s) => axisLabel(s, input ? input.end - input.start : 0)) },
        { stroke: muted, grid: { stroke: grid }, ticks: { stroke: grid }, size: 36, incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000] },
      ],
      series: [
        {},
        { label: 'Calls', stroke: colors[1], width: 1.5, fill: cssVar(root, '--accent-fill'), points: { show: fewPoints } },
        { label: 'Peak', stroke: muted, width: 1, dash: [2, 3], points: { show: false } },
        { label: 'Limit', stroke: colors[3], width: 1.5, paths: stepped, points: { show: false } },
        { label: 'Warn', stroke: colors[4], width: 1.5, dash: [6, 4], paths: stepped, points: { show: false } },
        { label: 'Critical', stroke: colors[5], width: 1.5, dash: [6, 4], paths: stepped, points: { show: false } },
      ],
      hooks: {
        setCursor: [(chart) => show(chart.cursor.idx ?? keyIdx)],
        // The span the x axis really has (epoch ms), for anyone checking that it spans the range.
        setScale: [
          (chart, key) => {
            if (key !== 'x') return;
            root.dataset.xMin = String(Math.round((chart.scales.x.min ?? 0) * 1000));
            root.dataset.xMax = String(Math.round((chart.scales.x.max ?? 0) * 1000));
          },
        ],
        draw: [extendLevels, labelThresholds],
      },
    };
    return new uPlot(opts, data, plot);
  }

  /** Dots on the calls line where the points are sparse, and always for a handful (a new account's first samples bunched at the right edge). */
  function fewPoints(chart: uPlot, _series: number, i0: number, i1: number): boolean {
    const count = i1 - i0 + 1;
    return count <= 3 || count <= chart.bbox.width / uPlot.pxRatio / 12;
  }

  /** Arrow keys walk the points (the cursor follows), Home/End jump to the ends. */
  root.addEventListener('keydown', (event) => {
    if (!u || data[0].length === 0) return;
    const last = data[0].length - 1;
    const moves: Record<string, () => number> = {
      ArrowLeft: () => Math.max(0, (keyIdx ?? last + 1) - 1),
      ArrowRight: () => Math.min(last, (keyIdx ?? -1) + 1),
      Home: () => 0,
      End: () => last,
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    keyIdx = move();
    const y = data[SERIES.calls][keyIdx] ?? 0;
    u.setCursor({ left: u.valToPos(data[0][keyIdx], 'x'), top: u.valToPos(y as number, 'y') });
    show(keyIdx);
  });
  root.addEventListener('blur', () => {
    keyIdx = null;
    u?.setCursor({ left: -10, top: -10 });
    legend();
  });

  return {
    root,
    update(next) {
      input = next;
      root.dataset.empty = String(Boolean(next.empty));
      setText(empty, next.empty);
      if (next.empty) {
        data = [[], [], [], [], [], []];
        u?.destroy();
        u = null;
        keyIdx = null;
        replaceChildren(readout);
        return;
      }
      data = chartData(atResolution(next.points, next.resolution), next.lines);
      keyIdx = null;
      if (u) u.setData(data);
      else u = create();
      legend();
    },
    resize() {
      if (!u) return;
      const w = width();
      u.setSize({ width: w, height: height(w) });
    },
    destroy() {
      u?.destroy();
      u = null;
    },
  };
}
