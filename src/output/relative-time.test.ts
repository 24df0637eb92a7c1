import { describe, expect, it } from 'vitest';
import { ago, since } from './relative-time.js';

const NOW = Date.parse('2026-12-07T23:00:00Z');

describe('relative times', () => {
  it('says how long ago, and how far ahead for what has not happened yet (a silence that ends)', () => {
    expect(ago(NOW - 3 * 60_000, NOW)).toBe('3m ago');
    expect(ago(NOW + 2 * 3_600_000, NOW)).toBe('in 2h');
  });

  it('shows a start in the future as the clock skew it is, never "in 56m"', () => {
    expect(since(NOW - 6 * 60_000, NOW)).toBe('6m ago');
    expect(since(NOW + 56 * 60_000, NOW)).toBe('skew 56m');
    expect(since(NOW + 3 * 3_600_000, NOW)).toBe('skew 3h');
  });

  it('reads a start a few seconds ahead, drift between two hosts, as just started', () => {
    expect(since(NOW + 4_000, NOW)).toBe('0s ago');
    expect(since(NOW + 30_000, NOW)).toBe('0s ago');
    expect(since(NOW + 31_000, NOW)).toBe('skew 31s');
  });
});
