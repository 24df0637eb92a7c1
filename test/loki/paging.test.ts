/**
 * Paging against a real Loki: 60,000 lines in 3 streams over 6 hours (past Loki's one-hour query
 * splits), every timestamp shared by all three streams and by several lines of a stream, and a few
 * timestamps crowded with more than a thousand lines, so page boundaries fall inside groups of
 * equal timestamps. Every line must come back exactly once, in order, in both directions, and a
 * --limit must cut at exactly that many lines and say so.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LokiClient } from '../../src/backends/loki/client.js';
import { compareNs } from '../../src/backends/loki/entries.js';
import type { LogEntry } from '../../src/backends/loki/types.js';
import { HttpClient } from '../../src/http/client.js';
import { runObs } from '../support/run-obs.js';
import { describeWithLoki, LOKI_MAX_ENTRIES, type PushStream, type RunningLoki, startLoki } from '../support/loki.js';

const SERVICES = ['api', 'web', 'worker'];
const SELECTOR = '{service=~"api|web|worker"}';
const SECOND = 1_000_000_000n;
const HOURS = 6n;

/** The pushed lines, and the window that holds them. */
function world(now: number) {
  const start = (BigInt(now) * 1_000_000n) - (HOURS + 1n) * 3600n * SECOND;
  const end = start + HOURS * 3600n * SECOND;
  const streams: PushStream[] = SERVICES.map((service) => ({ stream: { service }, values: [] }));
  const ticks = 1500;
  for (let t = 0; t < ticks; t++) {
    const ts = String(start + (BigInt(t) * HOURS * 3600n * SECOND) / BigInt(ticks));
    for (const [k, s] of streams.entries()) {
      // 4 to 15 lines per stream per timestamp; every 300th timestamp holds 1,200 per stream.
      const n = t % 300 === 150 ? 1200 : 4 + ((t * 7 + k * 3) % 12);
      for (let i = 0; i < n; i++) s.values.push([ts, `tick ${t} line ${i} ${s.stream.service} status=${200 + (i % 3)}`]);
    }
  }
  const entries: LogEntry[] = streams.flatMap((s) => s.values.map(([ts, line]) => ({ ts, line, labels: s.stream })));
  return { streams, entries, start, end };
}

let loki: RunningLoki;
let data: ReturnType<typeof world>;
let http: HttpClient;
let client: LokiClient;

describeWithLoki('paging a real Loki', () => {
  beforeAll(async () => {
    loki = await startLoki();
    data = world(Date.now());
    await loki.push(data.streams);
    await loki.settle(SELECTOR, data.start, data.end, data.entries.length);
    http = new HttpClient({ backend: 'loki', baseUrl: loki.url, timeoutMs: 60_000, retries: 0 });
    client = new LokiClient(http);
  }, 120_000);
  afterAll(async () => {
    await http?.close();
    await loki?.stop();
  });

  // Loki 3 adds service_name to each stream, so a line is known by its service, time and text.
  const key = (e: Pick<LogEntry, 'ts' | 'line' | 'labels'>) => `${e.labels.service} ${e.ts} ${e.line}`;
  const keys = (entries: Pick<LogEntry, 'ts' | 'line' | 'labels'>[]) => entries.map(key);
  /** The same lines, each once (a Set's deep equality is too slow at this size). */
  const sameLines = (a: Pick<LogEntry, 'ts' | 'line' | 'labels'>[], b: LogEntry[]) => {
    const want = new Set(keys(b));
    const got = new Set(keys(a));
    return got.size === a.length && got.size === want.size && [...got].every((k) => want.has(k));
  };

  it('holds more than 50,000 lines in 3 streams with shared timestamps', () => {
    expect(data.entries.length).toBeGreaterThan(50_000);
    const perTs = new Map<string, Set<string>>();
    for (const e of data.entries) perTs.set(e.ts, (perTs.get(e.ts) ?? new Set()).add(e.labels.service!));
    expect([...perTs.values()].every((s) => s.size === 3)).toBe(true);
    expect(Math.max(...[...perTs.keys()].map((ts) => data.entries.filter((e) => e.ts === ts).length))).toBeGreaterThan(LOKI_MAX_ENTRIES / 2);
  });

  for (const direction of ['backward', 'forward'] as const) {
    it(`returns every line exactly once, ${direction}`, async () => {
      const result = await client.queryRange(SELECTOR, { start: data.start, end: data.end, limit: 1_000_000, direction });
      if (result.resultType !== 'streams') throw new Error('expected streams');
      expect(result.entries).toHaveLength(data.entries.length);
      expect(sameLines(result.entries, data.entries)).toBe(true);
      const order = direction === 'forward' ? 1 : -1;
      const outOfOrder = result.entries.findIndex((e, i) => i > 0 && order * compareNs(result.entries[i - 1]!.ts, e.ts) > 0);
      expect(outOfOrder).toBe(-1);
      expect(result.truncated).toBe(false);
      expect(result.warnings).toEqual([]);
      expect(result.requests).toBeGreaterThan(data.entries.length / LOKI_MAX_ENTRIES);
    }, 120_000);
  }

  for (const direction of ['backward', 'forward'] as const) {
    it(`stops at --limit with exactly that many lines, the ${direction === 'backward' ? 'newest' : 'oldest'} ones, and says so`, async () => {
      const limit = 12_345;
      const result = await client.queryRange(SELECTOR, { start: data.start, end: data.end, limit, direction });
      if (result.resultType !== 'streams') throw new Error('expected streams');
      expect(result.entries).toHaveLength(limit);
      expect(new Set(keys(result.entries)).size).toBe(limit);
      expect(result.truncated).toBe(true);
      const order = direction === 'forward' ? 1 : -1;
      const sorted = [...data.entries].sort((a, b) => order * compareNs(a.ts, b.ts));
      const cut = result.entries.at(-1)!.ts;
      // Every line before the cut timestamp is there; at the cut, as many as fit.
      const before = sorted.filter((e) => order * compareNs(e.ts, cut) < 0);
      expect(sameLines(result.entries.filter((e) => e.ts !== cut), before)).toBe(true);
    }, 120_000);
  }

  it('is not truncated when --limit is exactly the number of lines', async () => {
    const result = await client.queryRange(SELECTOR, { start: data.start, end: data.end, limit: data.entries.length, direction: 'forward' });
    if (result.resultType !== 'streams') throw new Error('expected streams');
    expect(result.entries).toHaveLength(data.entries.length);
    expect(result.truncated).toBe(false);
  }, 120_000);
  it('obs logs query -o jsonl writes every line once, one object per line', async () => {
    const from = new Date(Number(data.start / 1_000_000n)).toISOString();
    const to = new Date(Number(data.end / 1_000_000n)).toISOString();
    const r = await runObs(['logs', 'query', SELECTOR, '--from', from, '--to', to, '--limit', '1000000', '-o', 'jsonl'], { env: { OBS_LOKI_URL: loki.url } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { ts: string; labels: Record<string, string>; line: string });
    expect(lines).toHaveLength(data.entries.length);
    expect(sameLines(lines, data.entries)).toBe(true);
  }, 120_000);

  it('obs logs query -o json writes one document as pages arrive, with the truncation at its end', async () => {
    const from = new Date(Number(data.start / 1_000_000n)).toISOString();
    const to = new Date(Number(data.end / 1_000_000n)).toISOString();
    const r = await runObs(['logs', 'query', SELECTOR, '--from', from, '--to', to, '--limit', '20000', '--forward', '-o', 'json'], { env: { OBS_LOKI_URL: loki.url } });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { resultType: string; entries: LogEntry[]; truncated: boolean; warnings: string[] };
    expect(doc.resultType).toBe('streams');
    expect(doc.entries).toHaveLength(20_000);
    expect(new Set(keys(doc.entries)).size).toBe(20_000);
    expect(doc.truncated).toBe(true);
    expect(doc.entries[0]!.ts).toBe(String(data.start));
  }, 120_000);
});
