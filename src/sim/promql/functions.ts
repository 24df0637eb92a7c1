/**
 * Function kernels, following Prometheus 2.42 (promql/functions.go) operation for operation, so results
 * agree with a real server to the last few bits.
 */
import { quantile } from './quantile.js';

/** Samples of one series inside one window: indices [a, b) of t/v. */
export interface Window {
  t: ArrayLike<number>;
  v: ArrayLike<number>;
  a: number;
  b: number;
  /** window bounds, unix ms, both inclusive */
  start: number;
  end: number;
  rangeMs: number;
}

/** undefined: no output sample for this series at this step */
export type RangeKernel = (w: Window, param: number) => number | undefined;

function kahanSumInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
  else c += inc - t + sum;
  return [t, c];
}

/**
 * What rate/increase/delta need from a window: its first and last samples, how many samples, and the
 * counter-reset correction (the value before every drop, added in time order). Storage can answer this
 * without materialising the samples (a 30-day increase() reads two values per series).
 */
export interface CounterSummary {
  firstT: number;
  firstV: number;
  lastT: number;
  lastV: number;
  count: number;
  correction: number;
}

export function summarize(w: Window): CounterSummary {
  let correction = 0;
  let last = 0;
  for (let i = w.a; i < w.b; i++) {
    if (w.v[i] < last) correction += last;
    last = w.v[i];
  }
  return { firstT: w.t[w.a], firstV: w.v[w.a], lastT: w.t[w.b - 1], lastV: w.v[w.b - 1], count: w.b - w.a, correction };
}

/** Prometheus 2.42 extrapolatedRate, over [start, end] (ms) of a range of rangeMs. */
export function extrapolatedRate(s: CounterSummary, start: number, end: number, rangeMs: number, isCounter: boolean, isRate: boolean): number | undefined {
  if (s.count < 2) return undefined;
  let result = s.lastV - s.firstV;
  if (isCounter) result += s.correction;
  let durationToStart = (s.firstT - start) / 1000;
  const durationToEnd = (end - s.lastT) / 1000;
  const sampledInterval = (s.lastT - s.firstT) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (s.count - 1);
  if (isCounter && result > 0 && s.firstV >= 0) {
    const durationToZero = sampledInterval * (s.firstV / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageDurationBetweenSamples * 1.1;
  let extrapolateToInterval = sampledInterval;
  extrapolateToInterval += durationToStart < threshold ? durationToStart : averageDurationBetweenSamples / 2;
  extrapolateToInterval += durationToEnd < threshold ? durationToEnd : averageDurationBetweenSamples / 2;
  result = result * (extrapolateToInterval / sampledInterval);
  if (isRate) result = result / (rangeMs / 1000);
  return result;
}

/** rate, increase and delta: the functions a CounterSummary is enough for */
export const SUMMARY_FUNCTIONS: Record<string, { isCounter: boolean; isRate: boolean }> = {
  rate: { isCounter: true, isRate: true },
  increase: { isCounter: true, isRate: false },
  delta: { isCounter: false, isRate: false },
};

function instantValue(w: Window, isRate: boolean): number | undefined {
  const { t, v, a, b } = w;
  if (b - a < 2) return undefined;
  const last = v[b - 1];
  const prev = v[b - 2];
  let result = isRate && last < prev ? last : last - prev;
  const interval = t[b - 1] - t[b - 2];
  if (interval === 0) return undefined;
  if (isRate) result /= interval / 1000;
  return result;
}

function stdvar(w: Window): number {
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (let i = w.a; i < w.b; i++) {
    const x = w.v[i];
    count++;
    const delta = x - (mean + cMean);
    [mean, cMean] = kahanSumInc(delta / count, mean, cMean);
    [aux, cAux] = kahanSumInc(delta * (x - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

/** Kernels over a non-empty window (the engine skips series with no samples in the window). */
export const RANGE_KERNELS: Record<string, RangeKernel> = {
  ...Object.fromEntries(
    Object.entries(SUMMARY_FUNCTIONS).map(([name, f]): [string, RangeKernel] => [
      name,
      (w) => extrapolatedRate(summarize(w), w.start, w.end, w.rangeMs, f.isCounter, f.isRate),
    ]),
  ),
  irate: (w) => instantValue(w, true),
  idelta: (w) => instantValue(w, false),
  changes: (w) => {
    let changes = 0;
    for (let i = w.a + 1; i < w.b; i++) {
      const cur = w.v[i];
      const prev = w.v[i - 1];
      if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) changes++;
    }
    return changes;
  },
  resets: (w) => {
    let resets = 0;
    for (let i = w.a + 1; i < w.b; i++) if (w.v[i] < w.v[i - 1]) resets++;
    return resets;
  },
  avg_over_time: (w) => {
    let mean = 0;
    let count = 0;
    let c = 0;
    for (let i = w.a; i < w.b; i++) {
      const x = w.v[i];
      count++;
      if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
        if (!Number.isFinite(x) && !Number.isNaN(x) && mean > 0 === x > 0) continue;
        if (Number.isFinite(x)) continue;
      }
      [mean, c] = kahanSumInc(x / count - mean / count, mean, c);
    }
    return !Number.isFinite(mean) && !Number.isNaN(mean) ? mean : mean + c;
  },
  sum_over_time: (w) => {
    let sum = 0;
    let c = 0;
    for (let i = w.a; i < w.b; i++) [sum, c] = kahanSumInc(w.v[i], sum, c);
    return !Number.isFinite(sum) && !Number.isNaN(sum) ? sum : sum + c;
  },
  min_over_time: (w) => {
    let min = w.v[w.a];
    for (let i = w.a; i < w.b; i++) if (w.v[i] < min || Number.isNaN(min)) min = w.v[i];
    return min;
  },
  max_over_time: (w) => {
    let max = w.v[w.a];
    for (let i = w.a; i < w.b; i++) if (w.v[i] > max || Number.isNaN(max)) max = w.v[i];
    return max;
  },
  count_over_time: (w) => w.b - w.a,
  last_over_time: (w) => w.v[w.b - 1],
  present_over_time: () => 1,
  stdvar_over_time: (w) => stdvar(w),
  stddev_over_time: (w) => Math.sqrt(stdvar(w)),
  quantile_over_time: (w, q) => {
    const values: number[] = [];
    for (let i = w.a; i < w.b; i++) values.push(w.v[i]);
    return quantile(q, values);
  },
};

/** Range functions whose output keeps the metric name. */
export const KEEPS_NAME = new Set(['last_over_time']);

/** Element-wise functions on instant vectors (all drop the metric name). */
export const SIMPLE_FUNCTIONS: Record<string, (x: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
  sgn: (x) => (x < 0 ? -1 : x > 0 ? 1 : x),
};

/** Go math.Pow special cases that differ from JS `**`. */
export function goPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return x ** y;
}
