import { describe, expect, it } from 'vitest';
import { chartLines } from './chart.js';

describe('chartLines', () => {
  it('draws a series with gaps, NaN and infinities without throwing', () => {
    const lines = chartLines([NaN, NaN, 1, 2, NaN, Infinity, 3, 2], 30, 4, (v) => v.toFixed(1));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.join('\n')).toContain('3.0');
  });
  it('says so when there is nothing to draw', () => {
    expect(chartLines([NaN, NaN], 30, 4, String)).toEqual(['  no data in this range']);
  });
  it('has an ASCII form', () => {
    expect(chartLines([1, 2, 3], 20, 3, String, false).join('')).not.toMatch(/[^\x00-\x7f]/);
  });
});
