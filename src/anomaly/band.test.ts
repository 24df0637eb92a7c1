import { describe, expect, it } from 'vitest';
import { expectedBand } from './band.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Five-minute points of a daily wave with a little noise; from `jumpAt` on, 200 higher. */
function wave(days: number, jumpAt = Infinity) {
  return Array.from({ length: (days * DAY) / (5 * MINUTE) }, (_, i) => {
    const time = i * 5 * MINUTE;
    const value = 100 + 30 * Math.sin((2 * Math.PI * time) / DAY) + ((i * 7919) % 13) / 4 + (time >= jumpAt ? 200 : 0);
    return { time, value };
  });
}

describe('expectedBand', () => {
  it('follows the daily wave: the usual points of the last hours lie inside or near their band', () => {
    const points = wave(7);
    const from = 7 * DAY - 6 * 60 * MINUTE;
    const band = expectedBand(points, from);
    expect(band.length).toBe(points.filter((p) => p.time >= from).length);
    const byTime = new Map(points.map((p) => [p.time, p.value]));
    const inside = band.filter((b) => byTime.get(b.time)! >= b.low - 5 && byTime.get(b.time)! <= b.high + 5).length;
    expect(inside / band.length).toBeGreaterThan(0.9);
    // The band moves with the wave instead of spanning all of it.
    expect(Math.max(...band.map((b) => b.high - b.low))).toBeLessThan(60);
  });

  it('never expects a series that was never negative below zero, and lets one that was go there', () => {
    const noisyNearZero = Array.from({ length: 600 }, (_, i) => ({ time: i * 5 * MINUTE, value: (i * 7919) % 13 === 0 ? 0.5 : 0 }));
    expect(Math.min(...expectedBand(noisyNearZero, 0).map((b) => b.low))).toBe(0);
    const signed = noisyNearZero.map((p) => ({ ...p, value: p.value - 0.25 }));
    expect(Math.min(...expectedBand(signed, 0).map((b) => b.low))).toBeLessThan(-0.25);
  });

  it('leaves a sudden jump outside the band it expected', () => {
    const jump = 7 * DAY - 30 * MINUTE;
    const points = wave(7, jump);
    const band = expectedBand(points, jump);
    expect(points.find((p) => p.time === jump)!.value).toBeGreaterThan(band[0]!.high);
  });
});
