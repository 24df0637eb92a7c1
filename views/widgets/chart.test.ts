import { describe, expect, it } from 'vitest';
import { bandCaption, chartLines } from './chart.js';

describe('chartLines', () => {
  it('draws a series with gaps, NaN and infinities without throwing', () => {
    const lines = chartLines([NaN, NaN, 1, 2, NaN, Infinity, 3, 2], 30, 4, (v) => v.toFixed(1));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.join('\n')).toContain('3.0');
  });
  it('draws a steady ratio that Prometheus returns with rounding noise as one flat row', () => {
    const lines = chartLines([0.3, 0.30000000000000004, 0.29999999999999993, 0.3], 40, 6, (v) => `${(v * 100).toFixed(0)}%`);
    expect(lines.map((l) => l.trimEnd())).toEqual([' 30% ┼───']);
  });
  it('says so when there is nothing to draw', () => {
    expect(chartLines([NaN, NaN], 30, 4, String)).toEqual(['  no data in this range']);
  });
  it('draws the band\'s edges in grey behind the line, the axis spanning both', () => {
    const values = [5, 5, 5, 5, 5, 5];
    const band = { low: [3, 3, 3, 3, 3, 3], high: [8, 8, 8, 8, 8, 8], lineColor: '\x1b[36m' };
    const plain = chartLines(values, 30, 6, (v) => v.toFixed(0)).join('\n');
    const banded = chartLines(values, 30, 6, (v) => v.toFixed(0), true, band).join('\n');
    expect(plain).not.toMatch(/^ *8[^\d]/m);
    expect(banded).toMatch(/^ *8[^\d]/m);
    expect(banded).toMatch(/^ *3[^\d]/m);
    expect(banded).toContain('\x1b[90m');
    expect(banded).toContain('\x1b[36m');
  });

  it('leaves out a band with no numbers', () => {
    const band = { low: [NaN, NaN], high: [NaN, NaN], lineColor: '\x1b[36m' };
    expect(chartLines([1, 2], 20, 4, String, true, band)).toEqual(chartLines([1, 2], 20, 4, String));
  });

  it('has an ASCII form', () => {
    expect(chartLines([1, 2, 3], 20, 3, String, false).join('')).not.toMatch(/[^\x00-\x7f]/);
  });
});

describe('bandCaption (the band in words, for terminals without colour)', () => {
  const format = (v: number) => v.toFixed(0);
  it('says the band at the latest point that has one', () => {
    expect(bandCaption([5, 6, 7], { low: [3, 4, NaN], high: [8, 9, NaN] }, format)).toBe('  usual 4 to 9');
  });
  it('says where the value is when it lies outside the band', () => {
    expect(bandCaption([5, 12], { low: [3, 3], high: [8, 8] }, format)).toBe('  usual 3 to 8, now 12, above');
    expect(bandCaption([5, 1], { low: [3, 3], high: [8, 8] }, format)).toBe('  usual 3 to 8, now 1, below');
  });
  it('says nothing about a band with no numbers', () => {
    expect(bandCaption([1, 2], { low: [NaN, NaN], high: [NaN, NaN] }, format)).toBeUndefined();
  });
});
