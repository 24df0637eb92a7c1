import { describe, expect, it } from 'vitest';
import { chartLines } from './chart-lines.js';

const options = { width: 30, rows: 4, format: (v: number) => `${(v * 100).toFixed(0)}%`, color: false, unicode: true };

describe('chartLines (a board panel)', () => {
  it('is exactly `rows` lines high, each at most `width` columns', () => {
    const lines = chartLines([[0.1, 0.5, NaN, 0.2], [0.3, 0.3]], options);
    expect(lines).toHaveLength(4);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(30);
    expect(lines[0]).toMatch(/^50% /);
  });

  it('draws a steady ratio that Prometheus returns with rounding noise as a flat line labelled with its value', () => {
    const lines = chartLines([[0.29999999999999977, 0.3, 0.3000000000000004, 0.3]], options);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^30% ┼─+ *$/);
    expect(lines.slice(1).every((l) => l === '')).toBe(true);
  });

  it('says so when no series has a number', () => {
    expect(chartLines([[NaN]], options)).toEqual(['no data in this range']);
  });
});
