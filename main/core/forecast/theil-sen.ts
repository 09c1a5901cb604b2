/**
 * The Theil–Sen line: the median of the slopes between every pair of points, so one spike moves
 * it no more than any other single point (an ordinary least-squares line is dragged by it), with
 * Sen's (1968) distribution-free confidence interval for the slope.
 */
export interface Point {
  x: number;
  y: number;
}

export interface SenFit {
  /** Median pairwise slope. */
  slope: number;
  /** Median of y - slope·x. */
  intercept: number;
  /** Confidence bounds of the slope; infinite when there are too few points to bound it. */
  lower: number;
  upper: number;
}

/** Two-sided 90 % (so each bound alone holds with 95 %). */
export const Z_90 = 1.6449;
/** Two-sided 99 %. */
export const Z_99 = 2.5758;

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Variance of Kendall's S under "no trend", less the share of tied y values. */
function varianceOfS(ys: readonly number[]): number {
  const n = ys.length;
  const ties = new Map<number, number>();
  for (const y of ys) ties.set(y, (ties.get(y) ?? 0) + 1);
  let tied = 0;
  for (const t of ties.values()) tied += t * (t - 1) * (2 * t + 5);
  return (n * (n - 1) * (2 * n + 5) - tied) / 18;
}

/** The fit of points with distinct x; null with fewer than two. */
export function theilSen(points: readonly Point[], z = Z_90): SenFit | null {
  const n = points.length;
  if (n < 2) return null;
  const slopes: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = points[j].x - points[i].x;
      if (dx !== 0) slopes.push((points[j].y - points[i].y) / dx);
    }
  }
  if (!slopes.length) return null;
  slopes.sort((a, b) => a - b);
  const slope = median(slopes);
  const intercept = median(points.map((p) => p.y - slope * p.x).sort((a, b) => a - b));
  // Sen: the bounds are the M1-th and (M2+1)-th smallest slopes, M1,2 = (N ∓ z·sqrt(Var S)) / 2.
  const c = z * Math.sqrt(varianceOfS(points.map((p) => p.y)));
  const m1 = Math.round((slopes.length - c) / 2);
  const m2 = Math.round((slopes.length + c) / 2);
  return {
    slope,
    intercept,
    lower: m1 >= 1 ? slopes[m1 - 1] : -Infinity,
    upper: m2 < slopes.length ? slopes[m2] : Infinity,
  };
}
