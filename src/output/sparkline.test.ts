import { describe, expect, it } from 'vitest';
import { sparkline } from './sparkline.js';

describe('sparkline', () => {
  it('maps the range of values onto the block ramp', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
  });
  it('shows gaps, NaN and Inf as spaces and a flat line as the lowest block', () => {
    expect(sparkline([1, undefined, NaN, Infinity, 1])).toBe('▁   ▁');
  });
  it('draws values that differ only by rounding as flat, not as noise magnified to the full ramp', () => {
    expect(sparkline([0.29999999999999977, 0.3, 0.3000000000000004, 0.3])).toBe('▁▁▁▁');
    expect(sparkline([0.3, 0.3000003, 0.3])).toBe('▁█▁');
  });
  it('has an ASCII form for terminals without UTF-8', () => {
    expect(sparkline([0, 3, 6], 3, { ascii: true })).toBe('_=#');
  });
  it('averages down to the requested width', () => {
    expect(sparkline([0, 0, 10, 10], 2)).toBe('▁█');
    expect(sparkline([], 5)).toBe('');
  });
});
