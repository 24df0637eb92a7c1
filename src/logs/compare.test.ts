import { describe, expect, it } from 'vitest';
import { comparePatterns } from './compare.js';

const HOUR = 3_600_000;
// An incident window of 30 minutes against a baseline of 24 hours: the baseline rate predicts
// 1/48 of its count.
const windows = { incidentMs: HOUR / 2, baselineMs: 24 * HOUR };

describe('comparePatterns', () => {
  it('classifies NEW, SURGING, STEADY and GONE by rate', () => {
    const changes = comparePatterns(
      { payment_error: 40, login: 100, checkout: 20, tiny: 1 },
      { login: 4800, checkout: 240, cache_warm: 960, tiny: 10 },
      windows,
    );
    const byId = Object.fromEntries(changes.map((c) => [c.id, c]));
    expect(byId.payment_error).toMatchObject({ status: 'NEW', ratio: null, expected: 0 });
    expect(byId.login).toMatchObject({ status: 'STEADY', expected: 100, ratio: 1 });
    expect(byId.checkout).toMatchObject({ status: 'SURGING', expected: 5, ratio: 4 });
    expect(byId.cache_warm).toMatchObject({ status: 'GONE', incidentCount: 0, ratio: 0 });
    expect(byId.tiny!.status).toBe('STEADY');
  });

  it('orders what rose (NEW, SURGING), then GONE, then STEADY, each by how much the rate changed', () => {
    const changes = comparePatterns(
      { a: 5, b: 50, c: 10, d: 100, e: 30 },
      { c: 48, d: 4800, e: 240, f: 480, g: 4800 },
      windows,
    );
    expect(changes.map((c) => [c.id, c.status])).toEqual([
      ['b', 'NEW'],
      ['a', 'NEW'],
      ['c', 'SURGING'],
      ['e', 'SURGING'],
      ['g', 'GONE'],
      ['f', 'GONE'],
      ['d', 'STEADY'],
    ]);
    expect(changes[2]!.ratio).toBe(10);
  });

  it('puts a strong surge before a new pattern of one line, and errors before warnings', () => {
    const changes = comparePatterns({ once: 1, surge: 120, warn: 40 }, { surge: 48 }, windows);
    expect(changes.map((c) => [c.id, c.status])).toEqual([['surge', 'SURGING'], ['warn', 'NEW'], ['once', 'NEW']]);
    const severity = new Map([['once', 3], ['surge', 2], ['warn', 2]]);
    expect(comparePatterns({ once: 1, surge: 120, warn: 40 }, { surge: 48 }, windows, { severity }).map((c) => c.id)).toEqual(['once', 'surge', 'warn']);
  });

  it('does not call a small excess a surge', () => {
    // 2 lines where 0.5 were expected is a ratio of 4, but only 1.5 lines more than expected.
    const [c] = comparePatterns({ x: 2 }, { x: 24 }, windows);
    expect(c).toMatchObject({ status: 'STEADY', ratio: 4 });
    const [strict] = comparePatterns({ x: 2 }, { x: 24 }, windows, { minExcess: 1 });
    expect(strict!.status).toBe('SURGING');
  });

  it('does not call a rare pattern gone because it was absent from a short window', () => {
    const [c] = comparePatterns({}, { rare: 24 }, windows);
    expect(c).toMatchObject({ status: 'STEADY', expected: 0.5 });
    expect(comparePatterns(new Map(), new Map([['often', 48]]), windows)[0]!.status).toBe('GONE');
  });

  it('rejects windows without length', () => {
    expect(() => comparePatterns({}, {}, { incidentMs: 0, baselineMs: HOUR })).toThrow(/positive/);
  });
});
