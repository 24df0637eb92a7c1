import { describe, expect, it } from 'vitest';
import { alertState, alertThresholds, burnRate, burnRateThreshold, errorBudget, exhaustionInstant, timeToExhaustionMs, windowRatio } from './math.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('ratios per window', () => {
  it('divides bad (or good) by total', () => {
    expect(windowRatio('bad', 25, 10_000)).toEqual({ sli: 0.9975, errorRatio: 0.0025 });
    expect(windowRatio('good', 9_975, 10_000)).toEqual({ sli: 0.9975, errorRatio: 1 - 0.9975 });
  });

  it('keeps the exact quotient Prometheus would compute for bad/total', () => {
    expect(windowRatio('bad', 7, 3).errorRatio).toBe(7 / 3);
    expect(windowRatio('bad', 1, 3).errorRatio).toBe(1 / 3);
  });

  it('treats no traffic and a missing total as no data, never 0% or 100%', () => {
    expect(windowRatio('bad', 0, 0)).toEqual({ sli: null, errorRatio: null });
    expect(windowRatio('good', null, 0)).toEqual({ sli: null, errorRatio: null });
    expect(windowRatio('bad', 5, null)).toEqual({ sli: null, errorRatio: null });
    expect(windowRatio('bad', 5, NaN)).toEqual({ sli: null, errorRatio: null });
  });

  it('counts a missing numerator series as zero events', () => {
    expect(windowRatio('bad', null, 400)).toEqual({ sli: 1, errorRatio: 0 });
    expect(windowRatio('good', null, 400)).toEqual({ sli: 0, errorRatio: 1 });
  });
});

describe('budget and burn', () => {
  it('burn rate is the error ratio over the allowed error ratio', () => {
    expect(burnRate(0.0144, 0.999)).toBeCloseTo(14.4, 10);
    expect(burnRate(0.001, 0.999)).toBeCloseTo(1, 10);
    expect(burnRate(null, 0.999)).toBeNull();
  });

  it('budget consumed and remaining over the period', () => {
    const b = errorBudget(0.0004, 0.999)!;
    expect(b.total).toBeCloseTo(0.001, 15);
    expect(b.consumed).toBeCloseTo(0.4, 10);
    expect(b.remaining).toBeCloseTo(0.6, 10);
    const overspent = errorBudget(0.003, 0.999)!;
    expect(overspent.consumed).toBeCloseTo(3, 10);
    expect(overspent.remaining).toBeCloseTo(-2, 10);
    expect(errorBudget(null, 0.99)).toBeNull();
  });

  it('time to exhaustion: remaining × period / burn', () => {
    // 60% left of a 30-day budget, burning 2×: 0.6 × 30d / 2 = 9 days.
    expect(timeToExhaustionMs(0.6, 2, 30 * DAY)).toBeCloseTo(9 * DAY, 3);
    // burning exactly the budget rate with half left: half a period.
    expect(timeToExhaustionMs(0.5, 1, 28 * DAY)).toBeCloseTo(14 * DAY, 3);
    expect(timeToExhaustionMs(-0.2, 5, 30 * DAY)).toBe(0);
    expect(timeToExhaustionMs(0.5, 0, 30 * DAY)).toBeNull();
    expect(timeToExhaustionMs(0.5, null, 30 * DAY)).toBeNull();
    expect(timeToExhaustionMs(null, 3, 30 * DAY)).toBeNull();
  });
});

describe('multi-window multi-burn-rate alerts', () => {
  const shape = (periodMs: number) => alertThresholds(periodMs).map((a) => [a.severity, a.longMs / HOUR, a.shortMs / HOUR, a.threshold]);

  it('uses 14.4 / 6 / 3 / 1 for a 30-day period', () => {
    expect(shape(30 * DAY)).toEqual([
      ['page', 1, 5 / 60, 14.4],
      ['page', 6, 0.5, 6],
      ['ticket', 24, 2, 3],
      ['ticket', 72, 6, 1],
    ]);
  });

  it('scales like Sloth for 28 and 7 days: the same budget fractions in the same windows', () => {
    const t28 = alertThresholds(28 * DAY).map((a) => a.threshold);
    [13.44, 5.6, 2.8, 28 / 30].forEach((x, i) => expect(t28[i]).toBeCloseTo(x, 12));
    const t7 = alertThresholds(7 * DAY).map((a) => a.threshold);
    [3.36, 1.4, 0.7, 0.7 / 3].forEach((x, i) => expect(t7[i]).toBeCloseTo(x, 12));
    // 2% of a 7-day budget in one hour:
    expect(burnRateThreshold(2, 7 * DAY, HOUR) * (HOUR / (7 * DAY))).toBeCloseTo(0.02, 15);
  });

  it('leaves out rules whose long window is longer than the period', () => {
    expect(shape(2 * DAY).map(([severity, long]) => `${severity} ${long}h`)).toEqual(['page 1h', 'page 6h', 'ticket 24h']);
  });

  it('fires only when both windows exceed the threshold', () => {
    const [page] = alertThresholds(30 * DAY);
    expect(alertState(page, 20, 15).firing).toBe(true);
    expect(alertState(page, 20, 14.4).firing).toBe(false);
    expect(alertState(page, 14, 30).firing).toBe(false);
    expect(alertState(page, 20, null).firing).toBe(false);
    expect(alertState(page, 20, 15)).toMatchObject({ longBurn: 20, shortBurn: 15, threshold: 14.4, severity: 'page' });
  });
});

describe('exhaustionInstant', () => {
  const at = Date.parse('2026-12-07T00:00:00Z');

  it('is when the budget runs out at the current burn', () => {
    expect(exhaustionInstant(at, 0.5, 1, 28 * DAY)).toBe(at + 14 * DAY);
    expect(exhaustionInstant(at, 0, 3, 28 * DAY)).toBe(at);
  });

  it('is null for a burn so slow that no date can show the instant (a healthy SLO, tiny but not zero burn)', () => {
    const instant = exhaustionInstant(at, 0.999, 1e-12, 30 * DAY);
    expect(instant).toBeNull();
    expect(exhaustionInstant(at, 0.999, 0, 30 * DAY)).toBeNull();
  });
});
