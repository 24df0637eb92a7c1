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

  describe('rankings that overlap', () => {
    /** A Loki read the test answers when it likes, and the signal it was given. */
    function controllableSource() {
      const reads: { signal: AbortSignal; answer: (patterns: Record<string, number>) => void }[] = [];
      const source = (_services: string[], _window: unknown, signal: AbortSignal) =>
        new Promise<Record<string, number>>((resolve, reject) => {
          reads.push({ signal, answer: resolve });
          signal.addEventListener('abort', () => reject(new Error('This operation was aborted')));
        });
      return { reads, patterns: reusedLogPatterns(source, { maxAgeMs: 60_000, now: () => 0 }) };
    }

    it('keeps a shared read going for the ranking still waiting when the first one gives up', async () => {
      const { reads, patterns } = controllableSource();
      const first = new AbortController();
      const second = new AbortController();
      const forFirst = patterns(['payments'], window, first.signal);
      forFirst.catch(() => undefined);
      const forSecond = patterns(['payments'], window, second.signal);
      first.abort();
      expect(reads).toHaveLength(1);
      expect(reads[0]!.signal.aborted).toBe(false);
      reads[0]!.answer({ payments: 3 });
      expect(await forSecond).toEqual({ payments: 3 });
    });

    it('gives the read up once every ranking sharing it has, and reads afresh for the next', async () => {
      const { reads, patterns } = controllableSource();
      const first = new AbortController();
      const second = new AbortController();
      const given = [patterns(['payments'], window, first.signal), patterns(['payments'], window, second.signal)];
      first.abort();
      second.abort();
      expect(reads[0]!.signal.aborted).toBe(true);
      await expect(given[0]).rejects.toThrow('aborted');
      const next = patterns(['payments'], window, new AbortController().signal);
      expect(reads).toHaveLength(2);
      reads[1]!.answer({ payments: 1 });
      expect(await next).toEqual({ payments: 1 });
    });

    it('lets a ranking give up after the read it shared has answered without harming the answer kept', async () => {
      const { reads, patterns } = controllableSource();
      const first = new AbortController();
      const forFirst = patterns(['payments'], window, first.signal);
      reads[0]!.answer({ payments: 2 });
      expect(await forFirst).toEqual({ payments: 2 });
      first.abort();
      expect(reads[0]!.signal.aborted).toBe(false);
      expect(await patterns(['payments'], window, new AbortController().signal)).toEqual({ payments: 2 });
      expect(reads).toHaveLength(1);
    });
  });
});
