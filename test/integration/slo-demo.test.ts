/**
 * The shipped demo SLO specs (slos/demo) against the demo world: the incident of
 * `payments-db-latency` breaches, a `calm` world passes, and every number obs reports is the ratio
 * the demo's own Prometheus API computes. The demo answers 30-day queries from generated series,
 * so these runs take seconds each.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startDemo } from '../../src/sim/server.js';
import { packageRoot } from '../../src/config/package-root.js';
import { runObs } from '../support/run-obs.js';

const DEMO_SLOS = join(packageRoot(), 'slos', 'demo');
const configDir = mkdtempSync(join(tmpdir(), 'obs-home-'));

interface Report {
  verdict: string;
  slos: {
    name: string;
    verdict: string;
    reasons: string[];
    windows: { window: string; range: string; numerator: { kind: 'good' | 'bad'; query: string; value: number | null }; total: { query: string; value: number | null }; sli: number | null; errorRatio: number | null }[];
  }[];
}

async function demoCheck(scenario: string) {
  const r = await runObs(['--config-dir', configDir, 'slo', 'check', '--demo', '--scenario', scenario, '-o', 'json']);
  return { ...r, report: JSON.parse(r.stdout) as Report };
}

const verdicts = (report: Report) => Object.fromEntries(report.slos.map((s) => [s.name, s.verdict]));

describe('obs slo check --demo', () => {
  it('breaches during payments-db-latency: the database and the payments SLOs page', async () => {
    const { code, stderr, report } = await demoCheck('payments-db-latency');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(report.verdict).toBe('BREACHED');
    const byName = verdicts(report);
    expect(byName['payments-db-latency']).toBe('BREACHED');
    expect(byName['payments-latency']).toBe('BREACHED');
    expect(report.slos.find((s) => s.name === 'payments-db-latency')!.reasons[0]).toMatch(/^page alert: burn rate [\d.]+ over 1h and [\d.]+ over 5m, both above 14\.4$/);
  }, 60_000);

  it('is OK in a calm world', async () => {
    const { code, stderr, report } = await demoCheck('calm');
    expect(stderr).toBe('');
    expect(verdicts(report)).toEqual({
      'checkout-availability': 'OK',
      'frontend-availability': 'OK',
      'payments-db-latency': 'OK',
      'payments-latency': 'OK',
      'payments-availability': 'OK',
    });
    expect(code).toBe(0);
  }, 60_000);

  it('reports the ratios the demo Prometheus computes', async () => {
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    const demo = await startDemo({ scenario: 'payments-db-latency', now: () => now });
    try {
      const r = await runObs(['--config-dir', configDir, 'slo', 'check', '-f', DEMO_SLOS, '-o', 'json'], { env: { OBS_PROMETHEUS_URL: demo.urls.prometheus }, now });
      const report = JSON.parse(r.stdout) as Report;
      let compared = 0;
      for (const slo of report.slos) {
        // the short windows: the 30d ones are the same queries, only slower to answer
        for (const w of slo.windows.filter((x) => ['5m', '30m', '1h', '6h'].includes(x.window))) {
          const theirs = await demoRatio(demo.urls.prometheus, `(${w.numerator.query}) / (${w.total.query})`, now);
          const ours = w.numerator.kind === 'bad' ? w.errorRatio : w.sli;
          expect(ours, `${slo.name} ${w.window}`).not.toBeNull();
          expect(Math.abs(ours! - theirs) / Math.max(Math.abs(theirs), 1e-300), `${slo.name} ${w.window}: ${ours} vs ${theirs}`).toBeLessThan(1e-9);
          compared++;
        }
      }
      expect(compared).toBe(report.slos.length * 4);
    } finally {
      await demo.close();
    }
  }, 60_000);
});

async function demoRatio(prometheusUrl: string, promql: string, at: number): Promise<number> {
  const res = await fetch(`${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: promql, time: String(at / 1000) })}`);
  const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
  return Number(body.data.result[0].value[1]);
}
