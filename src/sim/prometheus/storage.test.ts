import { describe, expect, it } from 'vitest';
import { createWorld } from '../world/world.js';
import { instantQuery } from '../promql/index.js';
import { summarize } from '../promql/functions.js';
import { matcher } from '../promql/labels.js';
import { exportOpenMetrics } from './openmetrics.js';
import { SimStorage } from './storage.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.UTC(2026, 4, 20, 18, 7, 30);
const world = createWorld({ seed: 11, scenario: 'checkout-bad-deploy', onsetMs: NOW - 40 * MIN });
const storage = new SimStorage(world, { now: () => NOW });

function series(name: string, extra: Record<string, string> = {}) {
  return storage.select([matcher('__name__', '=', name), ...Object.entries(extra).map(([k, v]) => matcher(k, '=', v))], NOW - HOUR, NOW);
}

function value(query: string, t = NOW): Record<string, number> {
  const r = instantQuery(storage, query, t);
  if (r.resultType !== 'vector') throw new Error('vector expected');
  return Object.fromEntries(r.result.map((s) => [s.labels.service ?? s.labels.service_name ?? JSON.stringify(s.labels), s.value]));
}

describe('SimStorage counters', () => {
  it('are monotonic on the 15 s grid except where the service restarted, where they start again from 0', () => {
    const restarts = new Set(world.restartsBetween('checkout', NOW - 2 * HOUR, NOW));
    expect(restarts.size).toBeGreaterThan(0);
    for (const s of series('http_requests_total', { service: 'checkout' })) {
      const { t, v } = s.samples(NOW - 2 * HOUR, NOW);
      expect(t.length).toBe((2 * HOUR) / 15_000 + (NOW % 15_000 === 0 ? 1 : 0));
      for (let i = 1; i < t.length; i++) {
        expect(t[i] - t[i - 1]).toBe(15_000);
        if (restarts.has(t[i])) expect(v[i]).toBe(0);
        else expect(v[i]).toBeGreaterThanOrEqual(v[i - 1]);
      }
    }
  });

  it('give the same value for a sample whatever window it is read through', () => {
    const [s] = series('process_cpu_seconds_total', { service: 'frontend' });
    const wide = s.samples(NOW - 6 * HOUR, NOW);
    const narrow = s.samples(NOW - 3 * HOUR - 45_000, NOW - 3 * HOUR);
    const at = Array.from(wide.t).indexOf(narrow.t[0]);
    expect(Array.from(narrow.v)).toEqual(Array.from(wide.v).slice(at, at + narrow.t.length));
  });

  it('are identical in a fresh storage of the same world', () => {
    const again = new SimStorage(createWorld({ seed: 11, scenario: 'checkout-bad-deploy', onsetMs: NOW - 40 * MIN }), { now: () => NOW });
    const m = [matcher('__name__', '=', 'http_request_duration_seconds_sum'), matcher('service', '=', 'payments')];
    expect(Array.from(again.select(m, 0, NOW)[0].samples(NOW - HOUR, NOW).v)).toEqual(Array.from(storage.select(m, 0, NOW)[0].samples(NOW - HOUR, NOW).v));
  });

  it('summarise a window for rate/increase exactly as its samples would, across restarts', () => {
    const from = NOW - 26 * HOUR - 7_000;
    expect(world.restartsBetween('checkout', from, NOW).length).toBeGreaterThan(0);
    for (const s of [...series('http_requests_total', { service: 'checkout' }), ...series('process_cpu_seconds_total')]) {
      const { t, v } = s.samples(from, NOW);
      expect(s.summary!(from, NOW)).toEqual(summarize({ t, v, a: 0, b: t.length, start: from, end: NOW, rangeMs: NOW - from }));
    }
  });

  it('agree with the model: request rates match each service state', () => {
    const rates = value('sum by (service) (rate(http_requests_total[10m]))', NOW - 2 * HOUR);
    // auth is instrumented with OpenTelemetry: its requests are its histogram's _count, by service_name.
    const otel = value('sum by (service_name) (rate(http_server_request_duration_seconds_count[10m]))', NOW - 2 * HOUR);
    for (const [svc, rate] of [['frontend', rates.frontend], ['checkout', rates.checkout], ['payments', rates.payments], ['auth', otel.auth]] as const) {
      const rps = world.stateAt(svc, NOW - 2 * HOUR - 5 * MIN).rps;
      expect(rate! / rps).toBeGreaterThan(0.9);
      expect(rate! / rps).toBeLessThan(1.1);
    }
    expect(rates.auth).toBeUndefined();
  });

  it('show the bad deploy: checkout 5xx right after the version changes', () => {
    const ratio = 'sum by (service) (rate(http_requests_total{code=~"5.."}[2m])) / sum by (service) (rate(http_requests_total[2m]))';
    expect(value(ratio, NOW - 45 * MIN).checkout).toBeLessThan(0.01);
    expect(value(ratio, NOW - 30 * MIN).checkout).toBeGreaterThan(0.05);
    const versionAt = (t: number) => {
      const r = instantQuery(storage, 'deploy_version_info{service="checkout"}', t);
      return r.resultType === 'vector' && r.result.length === 1 ? r.result[0].labels.version : undefined;
    };
    expect(versionAt(NOW)).toBe(world.stateAt('checkout', NOW).version);
    expect(versionAt(NOW - 50 * MIN)).toBe(world.stateAt('checkout', NOW - 50 * MIN).version);
    expect(versionAt(NOW)).not.toBe(versionAt(NOW - 50 * MIN));
  });

  it('keep histogram buckets monotonic in le, with +Inf equal to _count', () => {
    const buckets = series('http_request_duration_seconds_bucket', { service: 'frontend' });
    const count = series('http_request_duration_seconds_count', { service: 'frontend' })[0].samples(NOW - HOUR, NOW).v;
    const bound = (le: string) => (le === '+Inf' ? Infinity : Number(le));
    const sorted = buckets.sort((a, b) => bound(a.labels.le) - bound(b.labels.le)).map((s) => s.samples(NOW - HOUR, NOW).v);
    for (let i = 0; i < count.length; i++) {
      for (let k = 1; k < sorted.length; k++) expect(sorted[k][i]).toBeGreaterThanOrEqual(sorted[k - 1][i]);
      expect(sorted[sorted.length - 1][i]).toBe(count[i]);
    }
  });
});

describe('SimStorage bounds', () => {
  it('has data for the last 30 days and nothing after now', () => {
    const [up] = series('up', { instance: 'frontend-0:8080' });
    expect(up.samples(NOW, NOW + HOUR).t).toHaveLength(NOW % 15_000 === 0 ? 1 : 0);
    expect(up.samples(NOW - 31 * 24 * HOUR, NOW - 30 * 24 * HOUR - 1).t).toHaveLength(0);
    expect(up.samples(NOW - 30 * 24 * HOUR, NOW - 30 * 24 * HOUR + MIN).t.length).toBeGreaterThan(0);
  });

  it('moves with the clock', () => {
    let clock = NOW;
    const live = new SimStorage(world, { now: () => clock });
    const [up] = live.select([matcher('__name__', '=', 'up')], 0, Infinity);
    const before = up.samples(NOW - MIN, NOW + MIN).t.length;
    clock += MIN;
    expect(up.samples(NOW - MIN, NOW + MIN).t.length).toBe(before + 4);
  });
});

describe('exportOpenMetrics', () => {
  it('writes untyped families with second timestamps and ends with # EOF', () => {
    const text = exportOpenMetrics(world, { startMs: NOW - 2 * MIN - 7_500, endMs: NOW - 7_500, metrics: ['up', 'queue_depth'] });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('# TYPE queue_depth unknown');
    expect(lines.at(-1)).toBe('# EOF');
    expect(lines).toContain('# TYPE up unknown');
    const sample = lines.find((l) => l.startsWith('up{'))!;
    expect(sample).toMatch(/^up\{instance="[^"]+",job="[^"]+",service="[^"]+"\} [01] \d+$/);
    expect(Number(sample.split(' ')[2]) % 15).toBe(0);
    expect(lines.filter((l) => l.startsWith('queue_depth{'))).toHaveLength(8);
  });

  it('thins samples to stepMs', () => {
    const text = exportOpenMetrics(world, { startMs: NOW - 10 * MIN, endMs: NOW, stepMs: 60_000, metrics: ['queue_depth'] });
    expect(text.split('\n').filter((l) => l.startsWith('queue_depth{'))).toHaveLength(10);
  });
});
