// The demo world speaks several conventions at once (OpenTelemetry-named auth and inference, classic
// services, a datastore, a queue, a job-only batch job, Loki 3 and shipper stream labels): obs must
// find every service by itself, with the numbers the demo's own Prometheus gives for its queries.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/sim/server.js';
import { runObs } from '../support/run-obs.js';

interface ServiceJson { service: string; convention: string | null; rps: number | null; errorRatio: number | null; p99: number | null; up: boolean | null; saturation: number | null; signals: string[] }

let demo: Demo;
let services: ServiceJson[];
const NOW = Date.now();

async function vector(query: string, label: string): Promise<Map<string, number>> {
  const res = await fetch(`${demo.urls.prometheus}/api/v1/query?${new URLSearchParams({ query, time: String(NOW / 1000) })}`);
  const body = (await res.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  return new Map(body.data.result.map((r) => [r.metric[label]!, Number(r.value[1])]));
}

describe('obs services on the demo world\'s mixed conventions', () => {
  beforeAll(async () => {
    // The world's clock stands at NOW, as obs's does: every run of obs reads the same history.
    demo = await startDemo({ now: () => NOW });
    const env = { OBS_PROMETHEUS_URL: demo.urls.prometheus, OBS_ALERTMANAGER_URL: demo.urls.alertmanager, OBS_LOKI_URL: demo.urls.loki, OBS_JAEGER_URL: demo.urls.jaeger };
    const r = await runObs(['--config-dir', mkdtempSync(join(tmpdir(), 'obs-home-')), 'services', '-o', 'json'], { env, now: NOW });
    expect(r.stderr).toBe('');
    services = (JSON.parse(r.stdout) as { services: ServiceJson[] }).services;
  }, 120_000);
  afterAll(async () => {
    await demo?.close();
  });
  const row = (name: string) => services.find((s) => s.service === name)!;

  it('lists every service with the convention it was found by', () => {
    expect(Object.fromEntries(services.map((s) => [s.service, s.convention]))).toEqual({
      frontend: 'classic', checkout: 'classic', cart: 'classic', payments: 'classic',
      auth: 'opentelemetry', inference: 'opentelemetry',
      'payments-db': 'db-client', 'cart-cache': 'up', 'orders-queue': 'up', 'nightly-billing': 'job',
    });
  });

  it('gives the demo Prometheus\'s own answers for each convention', async () => {
    const otelRps = await vector('sum by (service_name) (rate(http_server_request_duration_seconds_count[5m]))', 'service_name');
    const otelP99 = await vector('histogram_quantile(0.99, sum by (service_name, le) (rate(http_server_request_duration_seconds_bucket[5m])))', 'service_name');
    const classicErr = await vector('sum by (service) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (service) (rate(http_requests_total[5m]))', 'service');
    const dbP99 = await vector('histogram_quantile(0.99, sum by (service, le) (rate(db_query_duration_seconds_bucket[5m])))', 'service');
    expect(row('auth').rps).toBeCloseTo(otelRps.get('auth')!, 9);
    expect(row('inference').p99).toBeCloseTo(otelP99.get('inference')!, 9);
    expect(row('payments').errorRatio).toBeCloseTo(classicErr.get('payments')!, 9);
    // The root cause of the main scenario is a real row, not dashes.
    expect(row('payments-db')).toMatchObject({ up: true, p99: expect.closeTo(dbP99.get('payments-db')!, 9), signals: expect.arrayContaining(['requests', 'latency', 'up', 'saturation', 'logs', 'traces']) });
    expect(row('payments-db').rps).toBeGreaterThan(0);
    expect(row('payments-db').saturation).toBeGreaterThan(0);
    expect(row('nightly-billing')).toMatchObject({ up: true, rps: null, signals: ['up'] });
    // auth's logs are found under the shipper's and Loki 3's labels, not `service`.
    expect(row('auth').signals).toEqual(expect.arrayContaining(['logs', 'traces']));
  });

  it('is the JSON as data: the same fields, unrounded, empty where JSON has null, no percent signs or dashes', async () => {
    const env = { OBS_PROMETHEUS_URL: demo.urls.prometheus, OBS_ALERTMANAGER_URL: demo.urls.alertmanager, OBS_LOKI_URL: demo.urls.loki, OBS_JAEGER_URL: demo.urls.jaeger };
    const r = await runObs(['--config-dir', mkdtempSync(join(tmpdir(), 'obs-home-')), 'services', '-o', 'csv'], { env, now: NOW });
    const [header, ...rows] = r.stdout.trimEnd().split('\n').map((l) => l.split(','));
    expect(header).toEqual(['service', 'convention', 'rps', 'errorRatio', 'p50', 'p95', 'p99', 'latencyOverflow', 'up', 'saturation', 'backlog', 'budgetRemaining', 'firingAlerts', 'signals']);
    expect(rows.map((c) => c[0])).toEqual(services.map((s) => s.service));
    for (const cells of rows) {
      const json = row(cells[0]!) as unknown as Record<string, unknown>;
      for (const [i, key] of header!.entries()) {
        const value = key === 'signals' ? (json.signals as string[]).join(' ') : json[key];
        expect(cells[i], `${cells[0]} ${key}`).toBe(value === null ? '' : String(value));
      }
    }
    expect(r.stdout).not.toMatch(/[%—]/);
  });

  it('does not wait a request timeout for a Jaeger that never answers, and says that traces are left out', async () => {
    const hung = createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((resolve) => hung.once('listening', resolve));
    try {
      const env = { OBS_PROMETHEUS_URL: demo.urls.prometheus, OBS_ALERTMANAGER_URL: demo.urls.alertmanager, OBS_LOKI_URL: demo.urls.loki, OBS_JAEGER_URL: `http://127.0.0.1:${(hung.address() as AddressInfo).port}` };
      const r = await runObs(['--config-dir', mkdtempSync(join(tmpdir(), 'obs-home-')), 'services', '-o', 'json'], { env, now: NOW });
      const out = JSON.parse(r.stdout) as { services: ServiceJson[]; unanswered: { source: string; leftOut: string }[] };
      // Every service is listed, but without the traces signal: a partial answer, exit 3.
      expect(r.code).toBe(3);
      expect(out.unanswered).toEqual([expect.objectContaining({ source: 'jaeger', leftOut: 'SIGNALS leave out traces' })]);
      expect(r.stderr).toContain("jaeger: Jaeger's service list did not answer within 5000ms (SIGNALS leave out traces)");
      expect(out.services.map((s) => s.service).sort()).toEqual(services.map((s) => s.service).sort());
      expect(out.services.filter((s) => s.signals.includes('traces'))).toEqual([]);
    } finally {
      hung.closeAllConnections();
      hung.close();
    }
  }, 25_000);
});
