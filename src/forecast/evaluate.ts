/**
 * The yardsticks a forecast is judged by: the seasonal naive forecast (the last season again), the
 * forecast of Prometheus' `predict_linear` (a least-squares line through a recent window), and MASE,
 * the mean absolute scaled error (Hyndman & Koehler, 2006): the forecast's mean absolute error
 * divided by the in-sample mean absolute error of the one-step seasonal naive forecast, so that it
 * can be compared across series of any scale. Below 1 beats the in-sample naive forecast.
 */

/** The last `season` values repeated (the last value when season < 1). */
export function seasonalNaive(history: number[], horizon: number, season: number): number[] {
  const m = Math.max(1, Math.min(season, history.length));
  return Array.from({ length: horizon }, (_, h) => history[history.length - m + (h % m)]!);
}

/** What `predict_linear(v[window], t)` gives: the least-squares line through the last `window` values. */
export function predictLinear(history: number[], horizon: number, window: number): number[] {
  const n = Math.min(window, history.length);
  const start = history.length - n;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const y = history[start + i]!;
    sx += i;
    sy += y;
    sxx += i * i;
    sxy += i * y;
  }
  const denominator = n * sxx - sx * sx;
  const slope = denominator === 0 ? 0 : (n * sxy - sx * sy) / denominator;
  const intercept = n === 0 ? 0 : (sy - slope * sx) / n;
  return Array.from({ length: horizon }, (_, h) => intercept + slope * (n - 1 + h + 1));
}

/** Mean absolute scaled error of `predicted` against `actual`, scaled on `history` with lag `season`. */
export function mase(actual: number[], predicted: number[], history: number[], season: number): number {
  const m = season >= 1 && season < history.length ? season : 1;
  let scale = 0;
  for (let i = m; i < history.length; i++) scale += Math.abs(history[i]! - history[i - m]!);
  scale /= Math.max(1, history.length - m);
  let error = 0;
  for (let i = 0; i < actual.length; i++) error += Math.abs(actual[i]! - predicted[i]!);
  error /= Math.max(1, actual.length);
  if (scale === 0) return error === 0 ? 0 : Infinity;
  return error / scale;
}
