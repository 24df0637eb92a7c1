import { describe, expect, it } from 'vitest';
import { reusedLogPatterns } from './reused-log-patterns.js';

const window = { start: 0, end: 1 };
const signal = new AbortController().signal;

describe('reusedLogPatterns', () => {
  it('reads the same suspects at most once a minute, and other suspects at once', async () => {
    let now = 0;
    const reads: string[][] = [];
    const patterns = reusedLogPatterns(async (services) => (reads.push(services), { [services[0]!]: reads.length }), { maxAgeMs: 60_000, now: () => now });
    expect(await patterns(['payments', 'checkout'], window, signal)).toEqual({ payments: 1 });
    now += 15_000;
    expect(await patterns(['checkout', 'payments'], window, signal)).toEqual({ payments: 1 });
    now += 15_000;
    expect(await patterns(['payments-db', 'payments'], window, signal)).toEqual({ 'payments-db': 2 });
    now += 60_000;
    expect(await patterns(['payments-db', 'payments'], window, signal)).toEqual({ 'payments-db': 3 });
    expect(reads).toEqual([['payments', 'checkout'], ['payments-db', 'payments'], ['payments-db', 'payments']]);
  });

  it('reads again after a read that failed or was given up', async () => {
    let calls = 0;
    const patterns = reusedLogPatterns(async () => {
      if (++calls === 1) throw new Error('aborted');
      return { payments: 2 };
    }, { maxAgeMs: 60_000, now: () => 0 });
    await expect(patterns(['payments'], window, signal)).rejects.toThrow('aborted');
    expect(await patterns(['payments'], window, signal)).toEqual({ payments: 2 });
    expect(await patterns(['payments'], window, signal)).toEqual({ payments: 2 });
    expect(calls).toBe(2);
  });
});
