import { describe, expect, it } from 'vitest';
import { layoutRow } from './layout.js';
import { seriesName } from './legend.js';
import type { Panel } from './model.js';
import { formatValue, parseUnit, thresholdColor } from './units.js';

describe('formatting values', () => {
  it('formats every unit', () => {
    expect(formatValue(1536, 'bytes')).toBe('1.5 KiB');
    expect(formatValue(3 * 1024 ** 3, 'bytes')).toBe('3 GiB');
    expect(formatValue(0.25, 'seconds')).toBe('250 ms');
    expect(formatValue(0.000042, 'seconds')).toBe('42 µs');
    expect(formatValue(90, 'seconds')).toBe('1.5 min');
    expect(formatValue(250, 'milliseconds')).toBe('250 ms');
    expect(formatValue(12.345, 'percent')).toBe('12.3%');
    expect(formatValue(0.0123, 'ratio')).toBe('1.23%');
    expect(formatValue(1234, 'reqps')).toBe('1.23k req/s');
    expect(formatValue(4.2, 'currency:USD')).toBe('$4.20');
    expect(formatValue(-3, 'currency:EUR')).toBe('-€3.00');
    expect(formatValue(12_500, 'currency:USD')).toBe('$12.5k');
    expect(formatValue(7, 'currency:CHF')).toBe('7.00 CHF');
    expect(formatValue(2_500_000, 'none')).toBe('2.5M');
    expect(formatValue(0.5, 'none')).toBe('0.5');
    expect(formatValue(0, 'none')).toBe('0');
  });

  it('honours decimals and prints the values Prometheus can send', () => {
    expect(formatValue(0.99512, 'ratio', { decimals: 2 })).toBe('99.51%');
    expect(formatValue(NaN, 'seconds')).toBe('NaN');
    expect(formatValue(Infinity, 'bytes')).toBe('+Inf');
    expect(formatValue(-Infinity, 'none')).toBe('-Inf');
    expect(formatValue(undefined, 'none')).toBe('-');
  });

  it('parses unit names', () => {
    expect(parseUnit('currency:GBP')).toBe('currency:GBP');
    expect(parseUnit('reqps')).toBe('reqps');
    expect(parseUnit('currency:gbp')).toBeUndefined();
    expect(parseUnit('kb')).toBeUndefined();
  });
});

describe('threshold colours', () => {
  const t = { base: 'green' as const, steps: [{ value: 0.01, color: 'yellow' as const }, { value: 0.05, color: 'red' as const }] };
  it('takes the colour of the highest step reached', () => {
    expect(thresholdColor(0, t)).toBe('green');
    expect(thresholdColor(0.01, t)).toBe('yellow');
    expect(thresholdColor(0.2, t)).toBe('red');
    expect(thresholdColor(NaN, t)).toBeUndefined();
    expect(thresholdColor(1, undefined)).toBeUndefined();
  });
});

describe('series names', () => {
  it('fills a legend template or prints the label set', () => {
    expect(seriesName({ service: 'checkout', code: '500' }, '{{service}} {{ code }} {{missing}}!')).toBe('checkout 500 !');
    expect(seriesName({ __name__: 'up', job: 'api', instance: 'a:1' })).toBe('up{instance="a:1", job="api"}');
    expect(seriesName({})).toBe('{}');
  });
});

describe('row layout', () => {
  const panel = (id: string, width?: number): Panel => ({
    id,
    title: id,
    kind: 'slo',
    slos: [],
    ...(width !== undefined ? { width } : {}),
  });

  it('shares a line equally when no widths are given, and fills the terminal', () => {
    const lines = layoutRow({ panels: [panel('a'), panel('b'), panel('c')] }, 80);
    expect(lines.map((l) => l.map((p) => [p.panel.id, p.x, p.width]))).toEqual([
      [
        ['a', 0, 27],
        ['b', 27, 26],
        ['c', 53, 27],
      ],
    ]);
  });

  it('wraps on the 24-column grid and when panels would get too narrow', () => {
    const grid = layoutRow({ panels: [panel('a', 12), panel('b', 12), panel('c', 8)] }, 200);
    expect(grid.map((l) => l.map((p) => p.panel.id))).toEqual([['a', 'b'], ['c']]);
    expect(grid[1][0]).toMatchObject({ x: 0, width: 200 });
    const narrow = layoutRow({ panels: [panel('a', 6), panel('b', 6), panel('c', 6), panel('d', 6)] }, 80, 30);
    expect(narrow.map((l) => l.map((p) => p.panel.id))).toEqual([['a', 'b'], ['c', 'd']]);
    expect(narrow.flat().every((p) => p.width >= 30)).toBe(true);
  });
});
