import { describe, expect, it } from 'vitest';
import { hash01, smoothNoise, hash32 } from './random.js';
import { SCENARIOS, createWorld } from './world.js';

const MIN = 60_000;
const ONSET = Date.UTC(2026, 2, 10, 14, 0);

describe('hash01', () => {
  it('is deterministic, in [0, 1), and sensitive to every part', () => {
    expect(hash01(1, 'a', 2)).toBe(hash01(1, 'a', 2));
    expect(hash01(1, 'a', 2)).not.toBe(hash01(2, 'a', 2));
    expect(hash01(1, 'a', 2)).not.toBe(hash01(1, 'b', 2));
    expect(hash01(1, 'a', 2)).not.toBe(hash01(1, 'a', 3));
    expect(hash01(1, 'ab')).not.toBe(hash01(1, 'a', 'b'));
    const xs = Array.from({ length: 10_000 }, (_, i) => hash01(7, 'u', i));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('handles large integers and fractions', () => {
    expect(hash01(1, 1_795_449_377_172)).not.toBe(hash01(1, 1_795_449_377_173));
    expect(hash01(1, 0.5)).not.toBe(hash01(1, 0.25));
  });

  it('smooth noise stays in [-1, 1] and is continuous', () => {
    const key = hash32(3, 'n');
    for (let x = 0; x < 50; x += 0.01) {
      const v = smoothNoise(key, x);
      expect(Math.abs(v)).toBeLessThanOrEqual(1);
      expect(Math.abs(smoothNoise(key, x + 0.001) - v)).toBeLessThan(0.01);
    }
  });
});

describe('createWorld', () => {
  it('describes the topology, with frontend at the edge and an inference service', () => {
    const w = createWorld({ seed: 1, scenario: 'calm', onsetMs: ONSET });
    expect(w.services.map((s) => s.name)).toEqual(
      expect.arrayContaining(['frontend', 'checkout', 'payments', 'payments-db', 'cart', 'cart-cache', 'auth', 'inference']),
    );
    for (const [parent, child] of [
      ['frontend', 'checkout'], ['checkout', 'payments'], ['payments', 'payments-db'], ['checkout', 'cart'],
      ['cart', 'cart-cache'], ['frontend', 'auth'], ['frontend', 'inference'],
    ]) {
      expect(w.edges).toContainEqual({ parent, child });
    }
    expect(w.services.find((s) => s.name === 'inference')!.kind).toBe('inference');
    expect(SCENARIOS).toEqual([
      'payments-db-latency', 'checkout-bad-deploy', 'cart-cache-saturation', 'peak-traffic-loss', 'calm', 'payments-errors-noisy-queue', 'node-memory-pressure',
    ]);
  });

  it('is a pure function of seed, scenario, service and time', () => {
    const a = createWorld({ seed: 5, scenario: 'payments-db-latency', onsetMs: ONSET });
    const b = createWorld({ seed: 5, scenario: 'payments-db-latency', onsetMs: ONSET });
    const c = createWorld({ seed: 6, scenario: 'payments-db-latency', onsetMs: ONSET });
    for (const t of [ONSET - 3 * 86_400_000, ONSET + 17 * MIN + 123]) {
      expect(b.stateAt('checkout', t)).toEqual(a.stateAt('checkout', t));
    }
    expect(c.stateAt('frontend', ONSET).rps).not.toBe(a.stateAt('frontend', ONSET).rps);
  });

  it('follows the day: more traffic in the evening than at night (UTC)', () => {
    const w = createWorld({ seed: 1, scenario: 'calm', onsetMs: ONSET });
    const day = Date.UTC(2026, 2, 11);
    expect(w.stateAt('frontend', day + 17 * 3_600_000).rps).toBeGreaterThan(2 * w.stateAt('frontend', day + 5 * 3_600_000).rps);
  });

  it('payments-db-latency propagates up the call graph, then recovers', () => {
    const w = createWorld({ seed: 2, scenario: 'payments-db-latency', onsetMs: ONSET });
    const before = (s: string) => w.stateAt(s, ONSET - 5 * MIN);
    const peak = (s: string) => w.stateAt(s, w.scenario.peakMs + 20 * MIN);
    expect(peak('payments-db').latencyScale).toBeGreaterThan(20);
    expect(peak('payments-db').incident).toMatchObject({ phase: 'peak', cause: true });
    expect(peak('payments').latencyMs.p50).toBeGreaterThan(5 * before('payments').latencyMs.p50);
    expect(peak('checkout').errorRatio).toBeGreaterThan(0.05);
    expect(peak('checkout').incident).toMatchObject({ cause: false, symptom: expect.stringMatching(/payments/) });
    expect(peak('frontend').routes['/checkout'].errorRatio).toBeGreaterThan(0.05);
    expect(peak('frontend').routes['/product'].errorRatio).toBeLessThan(0.01);
    expect(before('checkout').incident).toBeUndefined();
    expect(w.stateAt('payments', w.scenario.endMs + MIN).incident).toBeUndefined();
    expect(w.stateAt('payments-db', w.scenario.endMs + MIN).latencyScale).toBeLessThan(1.3);
  });

  it('checkout-bad-deploy changes the version at onset and errors follow right after, until rollback', () => {
    const w = createWorld({ seed: 3, scenario: 'checkout-bad-deploy', onsetMs: ONSET });
    const before = w.stateAt('checkout', ONSET - 1000);
    const after = w.stateAt('checkout', ONSET + 2 * MIN);
    expect(after.version).not.toBe(before.version);
    expect(after.startedAtMs).toBeGreaterThanOrEqual(ONSET);
    expect(after.errorRatio).toBeGreaterThan(10 * before.errorRatio);
    expect(after.incident).toMatchObject({ cause: true });
    const rolledBack = w.stateAt('checkout', w.scenario.recoveryMs + MIN);
    expect(rolledBack.version).toBe(before.version);
    expect(w.restartsBetween('checkout', ONSET - 1000, w.scenario.endMs)).toHaveLength(2);
    expect(w.stateAt('checkout', ONSET + 10 * MIN).instancesUp).toBe(2);
  });

  it('cart-cache-saturation collapses the hit ratio and slows cart', () => {
    const w = createWorld({ seed: 4, scenario: 'cart-cache-saturation', onsetMs: ONSET });
    const peak = w.scenario.peakMs + 10 * MIN;
    expect(w.stateAt('cart-cache', peak).hitRatio).toBeLessThan(0.5);
    expect(w.stateAt('cart-cache', ONSET - MIN).hitRatio).toBeGreaterThan(0.9);
    expect(w.stateAt('cart-cache', peak).saturation).toBeGreaterThan(0.9);
    expect(w.stateAt('cart', peak).latencyScale).toBeGreaterThan(3);
  });

  it('payments-errors-noisy-queue: payments fails while orders-queue runs hot but answers as fast as ever', () => {
    const w = createWorld({ seed: 4, scenario: 'payments-errors-noisy-queue', onsetMs: ONSET });
    const peak = w.scenario.peakMs + 10 * MIN;
    expect(w.stateAt('payments', peak).errorRatio).toBeGreaterThan(0.25);
    expect(w.stateAt('orders-queue', peak).cpu).toBeGreaterThan(1);
    expect(w.stateAt('orders-queue', ONSET - MIN).cpu).toBeLessThan(0.2);
    expect(w.stateAt('orders-queue', peak).errorRatio).toBeLessThan(0.001);
    expect(w.stateAt('orders-queue', peak).latencyScale).toBeLessThan(1.2);
  });

  it('node-memory-pressure degrades every service with an instance on node-2, and no other', () => {
    const w = createWorld({ seed: 4, scenario: 'node-memory-pressure', onsetMs: ONSET });
    const peak = w.scenario.peakMs + 10 * MIN;
    const onNode = ['frontend', 'auth', 'checkout', 'cart', 'payments', 'orders-queue'];
    for (const s of onNode) expect(w.stateAt(s, peak).errorRatio, s).toBeGreaterThan(0.05);
    for (const s of ['inference', 'cart-cache', 'payments-db']) expect(w.stateAt(s, peak).errorRatio, s).toBeLessThan(0.001);
  });

  // Onsets on every day of a week, each at another hour: the fault always lands in the day's peak.
  it('peak-traffic-loss takes the peak traffic to a level that is ordinary at other hours, whenever it starts', () => {
    for (let day = 0; day < 7; day++) {
      const onset = Date.UTC(2026, 11, 7 + day, (3 + 7 * day) % 24, 20);
      const w = createWorld({ seed: 1, scenario: 'peak-traffic-loss', onsetMs: onset });
      const rps = (t: number) => w.stateAt('frontend', t).rps;
      const now = w.scenario.peakMs + 15 * MIN;
      const week = Array.from({ length: 7 * 48 }, (_, i) => rps(onset - (i + 1) * 30 * MIN)); // newest first
      // No fixed threshold can tell: last week went both below and above it...
      expect(Math.min(...week)).toBeLessThan(rps(now));
      expect(Math.max(...week)).toBeGreaterThan(rps(now));
      // ...but against the same time yesterday and a week ago it is less than half.
      expect(rps(now)).toBeLessThan(0.5 * rps(now - 86_400_000));
      expect(rps(now)).toBeLessThan(0.5 * rps(now - 7 * 86_400_000));
      // The peak: the hours before the onset were far busier than the day before it on average.
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(week.slice(0, 4))).toBeGreaterThan(1.2 * mean(week.slice(0, 48)));
      expect(w.stateAt('frontend', now).incident).toMatchObject({ cause: true, phase: 'peak' });
    }
  });

  it('calm has no incident at any time', () => {
    const w = createWorld({ seed: 1, scenario: 'calm', onsetMs: ONSET });
    expect(w.scenario.rootCause).toBe('');
    for (let t = ONSET - 60 * MIN; t < ONSET + 180 * MIN; t += 7 * MIN) {
      for (const s of w.services) expect(w.stateAt(s.name, t).incident).toBeUndefined();
    }
  });

  it('rejects an unknown scenario', () => {
    expect(() => createWorld({ seed: 1, scenario: 'nope', onsetMs: ONSET })).toThrow(/unknown scenario "nope"/);
  });
});
