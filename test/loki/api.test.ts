/**
 * obs's Loki client and commands against a real Loki 3.4: the label, series and volume APIs,
 * Loki 3's `service_name`, `/patterns` next to the local engine (and `--engine auto` choosing
 * between them by coverage), and a live tail that goes on across a Loki restart.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LokiClient } from '../../src/backends/loki/client.js';
import type { LogEntry } from '../../src/backends/loki/types.js';
import { HttpClient } from '../../src/http/client.js';
import { minePatterns } from '../../src/logs/from-loki.js';
import { describeWithLoki, type PushStream, type RunningLoki, startLoki } from '../support/loki.js';
import { runObs } from '../support/run-obs.js';

const MS = 1_000_000n;
let loki: RunningLoki;
let http: HttpClient;
let client: LokiClient;
const now = Date.now();
// The last 20 minutes, within what the pattern ingester keeps. The lines begin on a whole minute:
// the pattern ingester counts in 10-second buckets stamped with their start, and a query from
// within a bucket leaves that bucket out (up to 21 lines here, depending on the clock).
const start = BigInt(Math.floor((now - 20 * 60_000) / 60_000) * 60_000) * MS;
const end = BigInt(now) * MS;

/** Three events a second apart for 15 minutes in `checkout` (labels app/env), and a few lines of a stream with no service label. */
function streams(): PushStream[] {
  const checkout: PushStream = { stream: { app: 'checkout', env: 'prod' }, values: [] };
  const batch: PushStream = { stream: { host: 'node-1', env: 'prod' }, values: [] };
  for (let i = 0; i < 900; i++) {
    const ts = start + BigInt(i) * 1000n * MS;
    checkout.values.push([String(ts), `order ${1000 + i} placed by user u${i % 37} total ${(i * 7) % 300}.50 EUR`]);
    checkout.values.push([String(ts + 1n), `payment for order ${1000 + i} took ${(i * 13) % 900}ms`]);
    if (i % 10 === 0) checkout.values.push([String(ts + 2n), `cart ${i} abandoned after ${i % 60} minutes`]);
    if (i % 100 === 0) batch.values.push([String(ts), `nightly batch step ${i / 100} done`]);
  }
  return [checkout, batch];
}

describeWithLoki('a real Loki 3.4 through obs', () => {
  const pushed = streams();
  const total = pushed.reduce((n, s) => n + s.values.length, 0);

  beforeAll(async () => {
    loki = await startLoki();
    await loki.push(pushed);
    await loki.settle('{env="prod"}', start, end, total);
    http = new HttpClient({ backend: 'loki', baseUrl: loki.url, timeoutMs: 30_000, retries: 0 });
    client = new LokiClient(http);
  }, 120_000);
  afterAll(async () => {
    await http?.close();
    await loki?.stop();
  });

  it('adds service_name to every stream: from app, else "unknown_service"', async () => {
    const series = await client.series(['{env="prod"}'], { start, end });
    expect(series.map((s) => s.service_name).sort()).toEqual(['checkout', 'unknown_service']);
    expect(await client.labelValues('service_name', { start, end })).toEqual(['checkout', 'unknown_service']);
    const result = await client.queryRange('{service_name="checkout"}', { start, end, limit: 1 });
    // Loki 3 also detects a level and returns it with each line.
    expect(result.resultType === 'streams' && result.entries[0]!.labels).toEqual({ app: 'checkout', env: 'prod', service_name: 'checkout', detected_level: 'unknown' });
  });

  it('detected_level filters lines and splits counts, but selects no stream (the demo world answers the same)', async () => {
    const all = await client.queryRange('{env="prod"} | detected_level="unknown"', { start, end, limit: total });
    expect(all.resultType === 'streams' && all.entries.length).toBe(total);
    const none = await client.queryRange('{env="prod", detected_level="unknown"}', { start, end, limit: total });
    expect(none.resultType === 'streams' && none.entries.length).toBe(0);
    expect(await client.labels({ start, end })).not.toContain('detected_level');
  });

  it('lists labels, scoped by a selector, and label values', async () => {
    expect(await client.labels({ start, end })).toEqual(['app', 'env', 'host', 'service_name']);
    expect(await client.labels({ start, end, query: '{host="node-1"}' })).toEqual(['env', 'host', 'service_name']);
    expect(await client.labelValues('host', { start, end })).toEqual(['node-1']);
    expect(await client.labelValues('no_such_label', { start, end })).toEqual([]);
  });

  it('gives the volume in bytes by the selector’s labels', async () => {
    const bytes = (s: PushStream) => s.values.reduce((n, [, line]) => n + Buffer.byteLength(line), 0);
    // Loki counts what it stores with each line (structured metadata too), so at least the text.
    const [all, ...more] = await client.volume('{env="prod"}', { start, end });
    expect(more).toEqual([]);
    expect(all!.labels).toEqual({ env: 'prod' });
    expect(all!.bytes).toBeGreaterThanOrEqual(bytes(pushed[0]!) + bytes(pushed[1]!));
    const byService = await client.volume('{env="prod"}', { start, end, targetLabels: ['service_name'] });
    expect(byService.map((v) => v.labels)).toEqual([{ service_name: 'checkout' }, { service_name: 'unknown_service' }]);
    expect(byService[0]!.bytes).toBeGreaterThanOrEqual(bytes(pushed[0]!));
    const byName = await client.volume('{env="prod"}', { start, end, aggregateBy: 'labels' });
    expect(byName.map((v) => v.labels)).toEqual(expect.arrayContaining([{ env: '' }, { service_name: '' }, { app: '' }, { host: '' }]));
  });

  it("finds the same three events with the same counts in Loki's /patterns and the local engine", async () => {
    const incident = { start: Number(start / MS), end: Number(end / MS) + 1 };
    // The pattern ingester sees pushed lines a moment later, and counts a few lines fewer than
    // there are (1,887 of 1,890 when measured): wait on the plain /patterns answer, then mine.
    const nearly = (n: number | undefined) => n !== undefined && n >= 1890 * 0.99 && n <= 1890;
    const counted = async () => {
      const answer = await client.patterns('{app="checkout"}', incident);
      return answer.available ? answer.patterns.reduce((n, p) => n + p.samples.reduce((m, x) => m + x.count, 0), 0) : 0;
    };
    for (let i = 0; i < 120 && !nearly(await counted()); i++) await new Promise((r) => setTimeout(r, 500));
    const loki3 = await minePatterns(client, '{app="checkout"}', { incident, engine: 'loki', limit: 50_000 });
    expect(nearly(loki3.result.lines)).toBe(true);
    const local = await minePatterns(client, '{app="checkout"}', { incident, engine: 'local', limit: 50_000 });
    const counts = (o: typeof local) => o.result.patterns.map((p) => p.count).sort((a, b) => b - a);
    expect(counts(local)).toEqual([900, 900, 90]);
    expect(loki3.result.patterns).toHaveLength(3);
    for (const [i, n] of counts(loki3).entries()) expect(Math.abs(n - counts(local)[i]!)).toBeLessThanOrEqual(Math.max(3, counts(local)[i]! * 0.01));
    const lokiPayment = loki3.result.patterns.find((p) => p.template.startsWith('payment'))!;
    expect(lokiPayment.template).toBe('payment for order <_> took <_>');
    expect(lokiPayment.samples[0]).toMatch(/^payment for order \d+ took \d+ms$/);
    expect(local.result.patterns.find((p) => p.template.startsWith('payment'))!.template).toBe('payment for order <*> took <*>');

    const auto = await runObs(['logs', 'patterns', '{app="checkout"}', '--from', new Date(incident.start).toISOString(), '--to', new Date(incident.end).toISOString(), '-o', 'json'], { env: { OBS_LOKI_URL: loki.url } });
    expect(auto.code).toBe(0);
    const report = JSON.parse(auto.stdout) as { engine: string; lines: number };
    expect(report.engine).toBe('loki');
    expect(nearly(report.lines)).toBe(true);
  }, 120_000);

  it('tails live lines across a Loki restart, each once; after it, auto mines locally as the restarted pattern ingester lost its patterns', async () => {
    const got: LogEntry[] = [];
    const controller = new AbortController();
    const tailStart = BigInt(Date.now()) * MS;
    const tail = client.tail('{app="tail"}', { start: tailStart, onLines: (e) => got.push(...e), signal: controller.signal, pollIntervalMs: 500 });
    const live = (from: number, n: number): PushStream => ({
      stream: { app: 'tail' },
      values: Array.from({ length: n }, (_, i) => [String(BigInt(Date.now()) * MS + BigInt(i)), `live line ${from + i}`] as [string, string]),
    });
    const until = async (n: number) => {
      for (let i = 0; i < 120 && got.length < n; i++) await new Promise((r) => setTimeout(r, 250));
      expect(got.length).toBeGreaterThanOrEqual(n);
    };
    await new Promise((r) => setTimeout(r, 1000));
    await loki.push([live(0, 50)]);
    await until(50);
    await loki.restart();
    await loki.push([live(50, 50)]);
    await until(100);
    controller.abort();
    await tail;
    expect(got.map((e) => e.line).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `live line ${i}`).sort());

    const incident = { from: new Date(Number(start / MS)).toISOString(), to: new Date(Number(end / MS) + 1).toISOString() };
    const auto = await runObs(['logs', 'patterns', '{app="checkout"}', '--from', incident.from, '--to', incident.to, '-o', 'json'], { env: { OBS_LOKI_URL: loki.url } });
    expect(auto.code).toBe(0);
    const report = JSON.parse(auto.stdout) as { engine: string; engineReason: string; lines: number };
    expect(report).toMatchObject({ engine: 'local', lines: 1890 });
    expect(report.engineReason).toMatch(/^Loki's patterns cover \d+ of the 1,890 lines of the incident window/);
  }, 90_000);
});
