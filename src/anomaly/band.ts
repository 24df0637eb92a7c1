import { Detector } from './detector.js';
import type { Point } from './assess.js';

/** What the detector expected at a point and the band of usual values around it. */
export interface BandPoint {
  time: number;
  low: number;
  high: number;
}

/**
 * The expected band (expected ± the usual spread, as `obs anomalies` reports it) of a series at
 * each of its points from `from` on, each judged only on the points before it: the history before
 * `from` teaches the detector what is usual.
 */
export function expectedBand(points: readonly Point[], from: number): BandPoint[] {
  const detector = new Detector();
  const out: BandPoint[] = [];
  // Rates, ratios and latencies are never negative: a series never seen below zero is not expected there.
  let floor = 0;
  for (const p of points) {
    if (!Number.isFinite(p.value)) continue;
    detector.push(p.time, p.value);
    floor = Math.min(floor, p.value);
    if (p.time < from) continue;
    const { expected, band } = detector.explain();
    if (Number.isFinite(expected) && Number.isFinite(band)) out.push({ time: p.time, low: Math.max(floor === 0 ? 0 : -Infinity, expected - band), high: expected + band });
  }
  return out;
}
