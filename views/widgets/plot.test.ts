import asciichart from 'asciichart';
import { describe, expect, it } from 'vitest';
import { bridgeGaps, plotSeries } from './plot.js';

const percent = (v: number) => `${(v * 100).toFixed(0)}%`;

describe('plotSeries', () => {
  it('draws a series that differs only by rounding as one flat row, labelled with its value', () => {
    // A steady 30% error ratio as Prometheus returns it; asciichart alone never returns on it.
    const text = plotSeries([[0.29999999999999977, 0.3, 0.3000000000000004, 0.3]], { height: 5, format: percent });
    expect(text.trimEnd()).toBe('30% ┼───');
  });

  it('draws large flat values, which asciichart alone would count rows up to forever', () => {
    const text = plotSeries([[1e20, 1e20, 1e20]], { height: 5, format: (v) => v.toExponential(1) });
    expect(text.trimEnd()).toBe('1.0e+20 ┼──');
  });

  it('labels a flat series with its value, not its rounded value', () => {
    expect(plotSeries([[0.4, 0.4]], { height: 3, format: (v) => v.toFixed(2) }).trimEnd()).toBe('0.40 ┼─');
  });

  it('draws a small rise on a large level relative to its minimum, with the real values on the axis', () => {
    // 5,000 on a level of 10^12: asciichart alone would count its rows from about 4 * 10^9.
    const level = 1e12;
    const lines = plotSeries([[level, level + 2500, level + 5000]], { height: 20, format: (v) => (v - level).toFixed(0).padStart(4) }).split('\n');
    expect(lines).toHaveLength(21);
    expect([lines[0]!.slice(0, 4), lines[10]!.slice(0, 4), lines[20]!.slice(0, 4)]).toEqual(['5000', '2500', '   0']);
    expect(lines[20]!.trimEnd()).toBe('   0 ┼╯');
  });

  it('leaves every other series to asciichart as it is', () => {
    const config = { height: 4, format: (v: number) => v.toFixed(1) };
    expect(plotSeries([[1, 3, 2, 5]], config)).toBe(asciichart.plot([[1, 3, 2, 5]], config));
    expect(plotSeries([[1, 3], [2, 0]], { ...config, min: -1, max: 6 })).toBe(asciichart.plot([[1, 3], [2, 0]], { ...config, min: -1, max: 6 }));
  });
});

describe('bridgeGaps', () => {
  it('fills a gap with the value before it, and leading gaps with the first value', () => {
    expect(bridgeGaps([NaN, 2, NaN, NaN, 5])).toEqual([2, 2, 2, 2, 5]);
  });

  it('has nothing to draw without a number', () => {
    expect(bridgeGaps([NaN, Infinity])).toBeUndefined();
  });
});
