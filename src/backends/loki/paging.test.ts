import { describe, expect, it } from 'vitest';
import { mergeStreams } from './entries.js';
import { type FetchPage, pageLogs, type PagingReport } from './paging.js';
import type { Direction, LogEntry } from './types.js';

/** `n` lines a second apart in each of `streams` streams, all sharing their timestamps. */
function log(n: number, streams = 3): LogEntry[] {
  const out: LogEntry[] = [];
  for (let s = 0; s < streams; s++) for (let i = 0; i < n; i++) out.push({ ts: String(BigInt(i) * 1_000_000_000n), line: `line ${i}`, labels: { app: `s${s}` } });
  return out;
}

/** Answers as a real Loki 3.4 was measured to: when the window holds more than `limit`, an equal share of each stream's first lines. */
function lokiLike(entries: LogEntry[], direction: Direction): { fetch: FetchPage; asked: number[] } {
  const asked: number[] = [];
  const fetch: FetchPage = async (w, limit) => {
    asked.push(limit);
    const inRange = entries.filter((e) => BigInt(e.ts) >= w.start && BigInt(e.ts) < w.end);
    const ordered = mergeStreams(groups(inRange), direction);
    if (ordered.length <= limit) return ordered;
    const apps = [...new Set(ordered.map((e) => e.labels.app))];
    const share = Math.ceil(limit / apps.length);
    return mergeStreams(groups(apps.flatMap((a) => ordered.filter((e) => e.labels.app === a).slice(0, share)).slice(0, limit)), direction);
  };
  return { fetch, asked };
}

/**
 * Also drops, as a real Loki 3.4 did when a timestamp's lines lay in two chunks, half the lines at
 * exactly the request's start.
 */
function lokiDroppingAtStart(entries: LogEntry[], direction: Direction): FetchPage {
  const { fetch } = lokiLike(entries, direction);
  return async (w, limit) => {
    let dropped = 0;
    return (await fetch(w, limit)).filter((e) => BigInt(e.ts) !== w.start || dropped++ % 2 === 1);
  };
}

function groups(entries: LogEntry[]) {
  const by = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
  for (const e of entries) {
    const g = by.get(e.labels.app!) ?? { stream: e.labels, values: [] };
    g.values.push([e.ts, e.line]);
    by.set(e.labels.app!, g);
  }
  return [...by.values()];
}

async function collect(fetch: FetchPage, want: number, direction: Direction, end: bigint) {
  const report: PagingReport = { truncated: false, warnings: [], requests: 0 };
  const lines: LogEntry[] = [];
  for await (const page of pageLogs(fetch, { start: 0n, end, direction, want, maxPerRequest: 100 }, report)) lines.push(...page);
  return { lines, report };
}

describe('pageLogs', () => {
  for (const direction of ['backward', 'forward'] as const) {
    it(`reads every line once, in order, ${direction}, though full pages are per-stream prefixes`, async () => {
      const all = log(400);
      const { fetch } = lokiLike(all, direction);
      const { lines, report } = await collect(fetch, 10_000, direction, 400n * 1_000_000_000n);
      expect(lines).toHaveLength(1200);
      expect(new Set(lines.map((e) => `${e.labels.app} ${e.ts}`)).size).toBe(1200);
      const ts = lines.map((e) => BigInt(e.ts));
      expect(ts.every((t, i) => i === 0 || (direction === 'forward' ? t >= ts[i - 1]! : t <= ts[i - 1]!))).toBe(true);
      expect(report).toMatchObject({ truncated: false, warnings: [] });
      // about one request per two-thirds of a page, plus the few full pages that taught it the density
      expect(report.requests).toBeLessThan(1200 / 66 + 8);
    });
  }

  for (const direction of ['backward', 'forward'] as const) {
    it(`reads every line ${direction} from a Loki that drops lines at a request's exact start, crowded timestamps included`, async () => {
      // 3 streams, a line each every millisecond, and 30 lines per stream at every 100th millisecond
      // (90 in all: fewer than a request returns).
      const all: LogEntry[] = [];
      for (let ms = 1; ms < 1000; ms++) {
        for (let s = 0; s < 3; s++) {
          const n = ms % 100 === 50 ? 30 : 1;
          for (let i = 0; i < n; i++) all.push({ ts: String(BigInt(ms) * 1_000_000n), line: `ms ${ms} line ${i}`, labels: { app: `s${s}` } });
        }
      }
      const { lines, report } = await collect(lokiDroppingAtStart(all, direction), 100_000, direction, 1000n * 1_000_000n);
      expect(lines).toHaveLength(all.length);
      expect(new Set(lines.map((e) => `${e.labels.app} ${e.ts} ${e.line}`)).size).toBe(all.length);
      expect(report).toMatchObject({ truncated: false, warnings: [] });
    });
  }

  it('stops at `want` lines, says the range had more, and asks for no more than it needs', async () => {
    const { fetch, asked } = lokiLike(log(400), 'backward');
    const { lines, report } = await collect(fetch, 50, 'backward', 400n * 1_000_000_000n);
    expect(lines).toHaveLength(50);
    expect(lines[0]!.ts).toBe(String(399n * 1_000_000_000n));
    expect(report.truncated).toBe(true);
    expect(Math.max(...asked)).toBeLessThanOrEqual(101);
    expect(report.requests).toBeLessThanOrEqual(6);
  });
});
