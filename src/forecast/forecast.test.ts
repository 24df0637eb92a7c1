import { describe, expect, it } from 'vitest';
import { forecast } from './forecast.js';
import { mase, predictLinear, seasonalNaive } from './evaluate.js';

const FIVE_MINUTES = 300_000;
const DAY = 288;

function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
}

describe('forecast', () => {
  it('continues a daily wave, and its 90% interval holds most of what comes', () => {
    const rand = noise(3);
    const series = Array.from({ length: 12 * DAY }, (_, i) => 100 + 40 * Math.sin((2 * Math.PI * i) / DAY) + 10 * rand());
    const history = series.slice(0, 10 * DAY);
    const actual = series.slice(10 * DAY);
    const f = forecast({ values: history, stepMs: FIVE_MINUTES }, actual.length);
    expect(f.season).toBe(DAY);
    const inside = actual.filter((v, i) => v >= f.lower[i]! && v <= f.upper[i]!).length / actual.length;
    expect(inside).toBeGreaterThan(0.8);
    expect(mase(actual, f.mean, history, DAY)).toBeLessThan(mase(actual, seasonalNaive(history, actual.length, DAY), history, DAY));
  });

  it('follows a steady leak upward, as predict_linear would', () => {
    const rand = noise(5);
    const series = Array.from({ length: 6 * DAY }, (_, i) => 1000 + 2 * i + 5 * rand());
    const f = forecast({ values: series, stepMs: FIVE_MINUTES }, DAY);
    expect(f.trendPerStep).toBeGreaterThan(1.5);
    expect(f.mean.at(-1)!).toBeGreaterThan(series.at(-1)! + 200);
  });

  it('carries a steady leak on undamped when the backtest says it runs on, days ahead', () => {
    const rand = noise(9);
    const series = Array.from({ length: 7 * DAY }, (_, i) => 1000 - 0.5 * i + 3 * rand());
    const f = forecast({ values: series, stepMs: FIVE_MINUTES }, 3 * DAY);
    // The line itself, 3 days on: 1000 - 0.5 x (10 days of steps). A damped trend would stop ~200 steps in.
    expect(f.mean.at(-1)!).toBeCloseTo(1000 - 0.5 * 10 * DAY, -1);
    expect(f.lower.at(-1)!).toBeLessThan(f.mean.at(-1)!);
  });

  it('fills missing samples instead of failing', () => {
    const series = Array.from({ length: 200 }, (_, i) => (i % 17 === 0 ? NaN : 10));
    const f = forecast({ values: series, stepMs: 60_000 }, 5);
    expect(f.mean).toEqual([10, 10, 10, 10, 10]);
  });
});

describe('baselines', () => {
  it('seasonal naive repeats the last season; predict_linear extends the fitted line', () => {
    expect(seasonalNaive([1, 2, 3, 4], 3, 2)).toEqual([3, 4, 3]);
    expect(predictLinear([0, 2, 4, 6], 2, 4)).toEqual([8, 10]);
  });

  it('MASE is 1 for an error as large as the in-sample naive error', () => {
    expect(mase([5, 5], [6, 4], [0, 1, 2, 3], 1)).toBeCloseTo(1);
  });
});
