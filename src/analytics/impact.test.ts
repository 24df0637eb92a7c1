import { describe, expect, it } from 'vitest';
import { computeImpact, conversionPairs, windowTotal, HOUR_MS } from './impact.js';

const T = Date.parse('2026-11-23T10:00:00Z');
const MIN = 60_000;

describe('windowTotal', () => {
  const buckets = [
    { start: T, value: 60 },
    { start: T + HOUR_MS, value: 120 },
  ];

  it('takes the share of each hour the window covers', () => {
    expect(windowTotal(buckets, { start: T + 30 * MIN, end: T + 90 * MIN })).toBe(30 + 60);
    expect(windowTotal(buckets, { start: T, end: T + 2 * HOUR_MS })).toBe(180);
  });

  it('spreads the current hour over the part of it that has happened', () => {
    // At 11:30 the 11:00 bucket holds 30 minutes of events: the last 15 minutes are half of them.
    expect(windowTotal([{ start: T + HOUR_MS, value: 40 }], { start: T + 75 * MIN, end: T + 90 * MIN }, { now: T + 90 * MIN })).toBe(20);
  });

  it('is undefined when no bucket overlaps: no data is not zero', () => {
    expect(windowTotal(buckets, { start: T + 3 * HOUR_MS, end: T + 4 * HOUR_MS })).toBeUndefined();
    expect(windowTotal([{ start: T, value: 0 }], { start: T, end: T + MIN })).toBe(0);
  });
});

describe('conversionPairs', () => {
  it('pairs <x>_started with <x>_completed when both are key events', () => {
    expect(conversionPairs(['page_view', 'checkout_started', 'checkout_completed', 'signup_started'])).toEqual([{ from: 'checkout_started', to: 'checkout_completed' }]);
  });
});

describe('computeImpact', () => {
  const window = { start: T, end: T + 30 * MIN };
  const keyEvents = ['page_view', 'checkout_started', 'checkout_completed'];
  const healthy = { activeUsers: 400, events: { page_view: 1000, checkout_started: 100, checkout_completed: 80 } };

  it('compares with the mean of the comparison windows and counts lost events and conversions', () => {
    const impact = computeImpact({
      window,
      keyEvents,
      current: { activeUsers: 400, events: { page_view: 1000, checkout_started: 100, checkout_completed: 20 } },
      comparisons: [
        { name: 'day before', offsetMs: 86_400_000, measure: healthy },
        { name: 'week before', offsetMs: 7 * 86_400_000, measure: { activeUsers: 400, events: { page_view: 1000, checkout_started: 100, checkout_completed: 60 } } },
      ],
    });
    const completed = impact.events.find((e) => e.name === 'checkout_completed')!;
    expect(completed).toMatchObject({ current: 20, baseline: 70, lost: 50, before: { 'day before': 80, 'week before': 60 } });
    expect(completed.change).toBeCloseTo(20 / 70 - 1);
    expect(impact.conversions).toEqual([
      expect.objectContaining({ from: 'checkout_started', to: 'checkout_completed', current: 0.2, baseline: 0.7, lost: 50 }),
    ]);
    // Nobody stayed away; 50 checkouts failed.
    expect(impact.usersAffected).toBe(50);
    expect(impact.estimate).toEqual([
      '0 users did not come: 400 active users per hour against 400 (baseline) over 0.5 h',
      '50 users failed at checkout_completed: 50 fewer than checkout_started x the baseline conversion 70.0%',
    ]);
  });

  it('adds users who did not come to those who failed, judging events by the traffic that came', () => {
    const impact = computeImpact({
      window: { start: T, end: T + HOUR_MS },
      keyEvents: ['page_view', 'add_to_cart'],
      current: { activeUsers: 300, events: { page_view: 750, add_to_cart: 30 } },
      comparisons: [{ name: 'day before', offsetMs: 86_400_000, measure: { activeUsers: 400, events: { page_view: 1000, add_to_cart: 100 } } }],
    });
    // 100 users per hour missing for an hour; of those who came, add_to_cart expected 300 x 0.25 = 75, got 30.
    expect(impact.usersAffected).toBe(100 + 45);
    expect(impact.events.map((e) => e.lost)).toEqual([250, 70]);
  });

  it('leaves the estimate out when there is nothing to compare with', () => {
    const impact = computeImpact({ window, keyEvents, current: healthy, comparisons: [{ name: 'day before', offsetMs: 1, measure: { events: {} } }] });
    expect(impact.usersAffected).toBeUndefined();
    expect(impact.events[0]).toEqual({ name: 'page_view', current: 1000, before: { 'day before': undefined } });
    expect(impact.estimate).toEqual([]);
  });

  it('does not count a zero baseline as a change', () => {
    const impact = computeImpact({
      window,
      keyEvents: ['page_view'],
      current: { events: { page_view: 5 } },
      comparisons: [{ name: 'day before', offsetMs: 1, measure: { events: { page_view: 0 } } }],
    });
    expect(impact.events[0]).toMatchObject({ current: 5, baseline: 0, lost: 0 });
    expect(impact.events[0].change).toBeUndefined();
  });
});

describe('computeImpact and the usual spread', () => {
  const window = { start: T, end: T + HOUR_MS };
  const comparisons = [
    { name: 'day before', offsetMs: 86_400_000, measure: { activeUsers: 500, events: { add_to_cart: 100 } } },
    { name: 'week before', offsetMs: 7 * 86_400_000, measure: { activeUsers: 300, events: { add_to_cart: 60 } } },
  ];

  it('blames nothing on the incident that lies within the day-to-day spread', () => {
    const impact = computeImpact({ window, keyEvents: ['add_to_cart'], current: { activeUsers: 350, events: { add_to_cart: 70 } }, comparisons });
    expect(impact.activeUsers).toMatchObject({ current: 350, baseline: 400, low: false });
    expect(impact.events[0]).toMatchObject({ baseline: 80, low: false, lost: 0 });
    expect(impact.usersAffected).toBe(0);
    expect(impact.estimate).toEqual([
      '0 users did not come: 350 active users per hour against 400 (baseline) over 1 h',
      'no key event or conversion was below its usual range',
    ]);
  });

  it('measures a figure below every comparison window against the baseline', () => {
    const impact = computeImpact({ window, keyEvents: ['add_to_cart'], current: { activeUsers: 200, events: { add_to_cart: 10 } }, comparisons });
    expect(impact.events[0]).toMatchObject({ low: true, lost: 70 });
    // 200 users missing; of the 200 who came, 40 should have added to their cart (0.2 per user), 10 did.
    expect(impact.usersAffected).toBe(200 + 30);
  });
});
