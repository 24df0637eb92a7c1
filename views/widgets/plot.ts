import asciichart, { type PlotConfig } from 'asciichart';
import { flatUpToRounding } from '../../src/output/flat.js';

/** asciichart walks its rows with `++y` from round(min * height / range): past 2^53 that never ends. */
const SAFE_ROW = 2 ** 31;

/**
 * asciichart.plot for any finite numbers. asciichart never returns when the scaled values are too
 * large to count in (values that differ only by rounding, or large flat values), and labels a flat
 * series with its rounded value (0.3 as 0); such series are drawn relative to their minimum, a
 * flat one as one row, with labels that say the real values.
 */
export function plotSeries(series: number[][], config: PlotConfig & { height: number; format: (value: number) => string }): string {
  let min = config.min ?? Infinity;
  let max = config.max ?? -Infinity;
  for (const s of series) for (const v of s) (min = Math.min(min, v)), (max = Math.max(max, v));
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  const flat = flatUpToRounding(min, max);
  if (!flat && (magnitude * config.height) / (max - min) < SAFE_ROW) return asciichart.plot(series, config);
  const offset = flat ? max : min;
  return asciichart.plot(
    series.map((s) => s.map((v) => (flat ? 0 : v - offset))),
    { ...config, min: 0, max: flat ? 0 : max - offset, format: (v) => config.format(v + offset) },
  );
}

/** asciichart cannot draw NaN: gaps take the value before them (leading gaps the first value); undefined when there is no number. */
export function bridgeGaps(values: readonly number[]): number[] | undefined {
  const first = values.find((v) => Number.isFinite(v));
  if (first === undefined) return undefined;
  let last = first;
  return values.map((v) => (Number.isFinite(v) ? (last = v) : last));
}
