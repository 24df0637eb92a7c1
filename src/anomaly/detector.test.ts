import { describe, expect, it } from 'vitest';
import { Detector } from './detector.js';

const FIVE_MINUTES = 300_000;

/** A deterministic pseudo-random stream, so the tests never depend on luck. */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
}

function scoreAll(values: number[]): number[] {
  const detector = new Detector();
  return values.map((v, i) => detector.push(i * FIVE_MINUTES, v));
}

function dailyWave(days: number, seed = 1): number[] {
  const rand = noise(seed);
  return Array.from({ length: days * 288 }, (_, i) => 50 + 20 * Math.sin((2 * Math.PI * i) / 288) + 2 * rand());
}

describe('Detector', () => {
  it('stays below the alarm threshold on a noisy daily wave with nothing wrong', () => {
    const scores = scoreAll(dailyWave(10));
    expect(Math.max(...scores.slice(500))).toBeLessThan(0.5);
  });

  it('alarms at a level shift, once, right where it starts', () => {
    const values = dailyWave(10);
    for (let i = 2000; i < values.length; i++) values[i]! += 30;
    const scores = scoreAll(values);
    // An alarm: a score well above anything the same wave scored before the shift.
    const alarm = Math.max(...scores.slice(500, 2000)) + 0.15;
    const first = scores.findIndex((s, i) => i > 500 && s >= alarm);
    expect(first).toBeGreaterThanOrEqual(2000);
    expect(first).toBeLessThan(2010);
    const alarms = scores.slice(2000, 2300).filter((s) => s >= alarm).length;
    expect(alarms).toBeLessThanOrEqual(3);
  });

  it('notices a daily peak that did not come (seasonal memory)', () => {
    const values = dailyWave(10);
    for (let i = 8 * 288 + 30; i < 8 * 288 + 110; i++) values[i] = 50 + 2 * noise(i)();
    const scores = scoreAll(values);
    const normalDays = Math.max(...scores.slice(500, 8 * 288));
    expect(Math.max(...scores.slice(8 * 288, 8 * 288 + 140))).toBeGreaterThan(normalDays + 0.1);
  });

  it('does not rescale on an episode: a bigger second event scores higher than the first', () => {
    const values = dailyWave(10);
    for (let i = 2000; i < 2100; i++) values[i]! += 10;
    for (let i = 2200; i < 2300; i++) values[i]! += 40;
    const detector = new Detector({ holdHalfLife: 1 });
    const surprises = values.map((v, i) => {
      detector.push(i * FIVE_MINUTES, v);
      return detector.explain().surprise;
    });
    expect(Math.max(...surprises.slice(2200, 2300))).toBeGreaterThan(Math.max(...surprises.slice(2000, 2100)));
  });

  it('gives the same scores to the same input, and a prefix the same scores as the whole', () => {
    const values = dailyWave(4, 7);
    const whole = scoreAll(values);
    expect(scoreAll(values)).toEqual(whole);
    expect(scoreAll(values.slice(0, 600))).toEqual(whole.slice(0, 600));
  });

  it('on a flat line, ranks the first move above everything before it and says which way', () => {
    const detector = new Detector();
    const before: number[] = [];
    for (let i = 0; i < 300; i++) before.push(detector.push(i * FIVE_MINUTES, 5));
    detector.push(300 * FIVE_MINUTES, 0);
    const drop = detector.explain();
    expect(drop.direction).toBe(-1);
    expect(drop.score).toBeLessThanOrEqual(1);
    expect(drop.score).toBeGreaterThan(Math.max(...before));
  });
});
