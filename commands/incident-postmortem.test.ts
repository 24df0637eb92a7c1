import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateDir } from '../src/config/store.js';
import { IncidentStore } from '../src/incidents/store.js';
import { partialPrometheus, startFakeServer } from '../test/support/fake-server.js';
import { runObs } from '../test/support/run-obs.js';

describe('obs incident postmortem', () => {
  // A Prometheus (or Thanos) that answers every query partially, with a warning that says so; the
  // SLO specs are the project's own (./slos).
  let prometheus: Awaited<ReturnType<typeof startFakeServer>>;
  beforeAll(async () => {
    prometheus = await startFakeServer(partialPrometheus);
  });
  afterAll(() => prometheus.close());

  it("says when the SLO budgets it measured came from a partial answer, with Prometheus's warning sanitised", async () => {
    const env = { OBS_HOME: mkdtempSync(join(tmpdir(), 'obs-postmortem-')), OBS_PROMETHEUS_URL: prometheus.url };
    const opened = await runObs(['incident', 'open', '--title', 'Checkout errors', '--service', 'checkout', '-o', 'json'], { env });
    expect(opened.code, opened.stderr).toBe(0);
    const r = await runObs(['incident', 'postmortem'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Checkout errors');
    const warned = r.stderr.split('\n').filter((l) => l.includes('warning from prometheus (SLO budgets)'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('store eu-1 unreachable: ');
    expect(warned[0]).not.toContain('\u001b');
    // Only the incident's services' SLOs: checkout's, not payments' or frontend's.
    const budgets = r.stdout.split('\n').find((l) => l.includes('SLO budget consumed'));
    expect(budgets).toContain('checkout-');
    expect(budgets).not.toMatch(/payments|frontend/);
  });

  it('measures the budget of the services the evidence snapshot names when the incident records none, and says so', async () => {
    const env = { OBS_HOME: mkdtempSync(join(tmpdir(), 'obs-postmortem-')), OBS_PROMETHEUS_URL: prometheus.url };
    const opened = await runObs(['incident', 'open', '--title', 'Something is wrong', '--no-snapshot', '-o', 'json'], { env });
    expect(opened.code, opened.stderr).toBe(0);
    const { id, services } = JSON.parse(opened.stdout) as { id: string; services: string[] };
    expect(services).toEqual([]);
    // A snapshot whose ranking names checkout first and a host, and whose anomalies part looked at checkout.
    await new IncidentStore({ dir: join(stateDir(undefined, env), 'incidents') }).append(id, { type: 'snapshot', snapshot: { parts: [
      { name: 'alerts', source: 'alertmanager', status: 'ok', data: { firing: [], candidates: [{ service: 'checkout', score: 40, evidence: [] }, { service: 'node-2', score: 20, evidence: [] }] } },
      { name: 'anomalies', source: 'prometheus', status: 'ok', data: { services: ['checkout'], scored: 3, anomalous: [] } },
    ] } });
    const r = await runObs(['incident', 'postmortem'], { env });
    expect(r.code, r.stderr).toBe(0);
    const budgets = r.stdout.split('\n').find((l) => l.includes('SLO budget consumed'));
    expect(budgets).toMatch(/^- \*\*SLO budget consumed:\*\* checkout-/);
    expect(budgets).toContain('(the SLOs of checkout: the incident records no services, its evidence snapshot names these)');
    expect(budgets).not.toMatch(/payments|frontend|node-2/);
  });
});
