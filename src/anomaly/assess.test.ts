import { describe, expect, it } from 'vitest';
import { assessSeries, directionOf } from './assess.js';
import type { PointScore } from './detector.js';

const MINUTE = 60_000;

function wave(minutes: number, shiftFrom = Infinity): { time: number; value: number }[] {
  return Array.from({ length: minutes / 5 }, (_, i) => {
    const time = i * 5 * MINUTE;
    let value = 100 + 30 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 13) / 4;
    if (time >= shiftFrom) value += 200;
    return { time, value };
  });
}

describe('assessSeries', () => {
  it('calls a series that jumped an hour ago anomalous, upward, since the jump', () => {
    const week = 7 * 24 * 60;
    const jump = (week - 60) * MINUTE;
    const a = assessSeries(wave(week, jump), { recentMs: 6 * 60 * MINUTE, threshold: 0.6 });
    expect(a.anomalous).toBe(true);
    expect(a.direction).toBe('up');
    expect(a.since).toBe(jump);
    expect(a.actual).toBeGreaterThan(a.expected + a.band);
  });

  it('leaves a week of the same daily wave alone', () => {
    const a = assessSeries(wave(7 * 24 * 60), { recentMs: 6 * 60 * MINUTE, threshold: 0.6 });
    expect(a.anomalous).toBe(false);
    expect(a.since).toBeNull();
  });
});

describe('directionOf', () => {
  const point = (view: PointScore['view'], direction: PointScore['direction']): PointScore => ({ score: 0.7, surprise: 3, expected: 110, band: 6.5, direction, view });

  it('reads a level view\'s sign as the side of the usual value', () => {
    expect(directionOf(point('seasonal', -1), 42)).toBe('down');
    expect(directionOf(point('level', 1), 130)).toBe('up');
  });

  it('reads a volatility alarm by where the value went: a collapsed rate is down though its swings grew', () => {
    expect(directionOf(point('volatility', 1), 42)).toBe('down');
    expect(directionOf(point('volatility', 1), 150)).toBe('up');
    expect(directionOf(point('volatility', 1), 112)).toBe('none');
  });
});
