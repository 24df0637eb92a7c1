// The done-when of issue 7 on the demo world, where the true root cause is known: in every scenario
// `obs alerts correlate --demo` puts the scenario's alerts into one group whose first root-cause
// candidate is the component the scenario broke, and says why; and `obs traces show` of a demo error
// trace draws its deepest failing span on the critical path.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorrelationJson } from '../../src/alerts/index.js';
import { startDemo, type Demo } from '../../src/sim/server.js';
import { scenarioSpec } from '../../src/sim/world/scenarios.js';
import { BAR_CRITICAL, BAR_OTHER, ERROR_MARK, buildSpanTree, criticalPath, deepestFailingSpan, type Trace } from '../../src/traces/index.js';
import { runObs } from '../support/run-obs.js';

const SCENARIOS = ['payments-db-latency', 'checkout-bad-deploy', 'cart-cache-saturation'];

describe('obs alerts correlate --demo', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario}: one group, led by the broken component, with the evidence named`, async () => {
      // A budget long enough for a loaded machine: the ranking must not depend on how busy it is.
      const run = await runObs(['alerts', 'correlate', '--demo', '--scenario', scenario, '--evidence-budget', '50s', '-o', 'json']);
      // The only note: per-service evidence was asked for the leading suspects, not every service.
      expect(run.stderr).toMatch(/^(obs: traces and log patterns asked for the 3 leading suspects \([^)]*\); skipped for \d+ more: [^\n]*\n)?$/);
      expect(run.code).toBe(0);
      const { groups } = JSON.parse(run.stdout) as CorrelationJson;
      const broken = scenarioSpec(scenario).rootCause;

      // Every alert the demo fires belongs to the scenario: all in one group.
      expect(groups).toHaveLength(1);
      const [group] = groups;
      const [top, next] = group!.rootCause;
      expect(top!.service).toBe(broken);
      expect(top!.score).toBeGreaterThan(next ? next.score : 0);

      // The evidence: alerts of its own, its deviating neighbours in the graph, and the error traces failing in it.
      expect(top!.reasons.some((r) => /^\d+ alerts?( from \d+ rules)?: /.test(r))).toBe(true);
      expect(top!.reasons.some((r) => r.startsWith('deviating around it: '))).toBe(true);
      expect(top!.reasons.find((r) => r.startsWith('deepest failing span of '))).toMatch(/^deepest failing span of \d+ of \d+ error traces \((\d+)%\)$/);
      const share = Number(/\((\d+)%\)$/.exec(top!.reasons.find((r) => r.startsWith('deepest failing span of '))!)![1]);
      expect(share).toBeGreaterThanOrEqual(50);

      // The explanation opens with the first alert and names every join with its rule.
      expect(group!.explanation).toHaveLength(group!.alerts.length);
      expect(group!.explanation[0]).toMatch(/ opened the group at /);
      for (const line of group!.explanation.slice(1)) expect(line).toMatch(/ joined .*: (shares |.* (depends on|is a dependency of) |in the same Alertmanager group )/);
      expect(group!.explanation.some((line) => line.includes(`(${broken})`))).toBe(true);
    }, 60_000);
  }
});

describe('one running demo world', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo({ scenario: 'payments-db-latency' });
  });
  afterAll(() => demo.close());
  // Nothing listens on port 1 of loopback: connection refused.
  const refused = 'http://127.0.0.1:1';
  // The backends come from the env alone: an empty config directory keeps stored contexts out.
  const isolated = ['--config-dir', mkdtempSync(join(tmpdir(), 'obs-correlate-'))];
  const correlate = [...isolated, 'alerts', 'correlate'];

  it('correlates what Prometheus says when Alertmanager is down, and says what failed', async () => {
    const run = await runObs([...correlate, '--evidence-budget', '50s', '-o', 'json'], {
      env: { OBS_ALERTMANAGER_URL: refused, OBS_PROMETHEUS_URL: demo.urls.prometheus, OBS_JAEGER_URL: demo.urls.jaeger },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^obs: alertmanager alerts: alertmanager \(http:\/\/127\.0\.0\.1:1\/api\/v2\/alerts\): .*\nobs: alertmanager groups: alertmanager /);
    const { groups } = JSON.parse(run.stdout) as CorrelationJson;
    // Without Alertmanager's own grouping, payments and payments-db score within a few points of each
    // other (their shares of the deepest failing spans move from moment to moment): both lead.
    expect(groups[0]!.rootCause.slice(0, 2).map((c) => c.service)).toContain('payments-db');
  });

  it('exits 3 when no alert source answers, and 2 when the context has none', async () => {
    const down = await runObs([...correlate, '-o', 'json'], { env: { OBS_ALERTMANAGER_URL: refused, OBS_PROMETHEUS_URL: refused } });
    expect(down.code).toBe(3);
    expect(down.stdout).toBe('');
    expect(down.stderr.trim().split('\n').at(-1)).toBe('obs: no alert source answered: the correlation is unknown');
    const none = await runObs(correlate, { env: { OBS_JAEGER_URL: demo.urls.jaeger } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('has no alertmanager or prometheus URL');
  });

  it('obs traces show of an error trace marks the row of the deepest failing span as on the critical path', async () => {
    // Both commands must see the same world, so they talk to this one.
    const env = { OBS_JAEGER_URL: demo.urls.jaeger };
    const search = await runObs([...isolated, 'traces', 'search', '--service', 'checkout', '--error', '--since', '30m', '-o', 'json'], { env });
    expect(search.code).toBe(0);
    const found = JSON.parse(search.stdout) as { traces: { traceId: string; error: boolean }[] };
    expect(found.traces.length).toBeGreaterThan(0);
    const id = found.traces[0]!.traceId;

    const json = await runObs([...isolated, 'traces', 'show', id, '-o', 'json'], { env });
    const trace = JSON.parse(json.stdout) as Trace;
    const tree = buildSpanTree(trace);
    const failing = deepestFailingSpan(tree)!;
    expect(failing).toBeDefined();
    expect(criticalPath(tree).spanIds.has(failing.span.spanId)).toBe(true);

    const table = await runObs([...isolated, 'traces', 'show', id, '-o', 'table'], { env });
    expect(table.code).toBe(0);
    // One row per span, in tree order, each with its bar; the legend line is not a row.
    const rows = table.stdout.split('\n').filter((l) => (l.includes(BAR_CRITICAL) || l.includes(BAR_OTHER)) && !l.includes('critical path'));
    expect(rows).toHaveLength(tree.nodes.length);
    const row = rows[tree.nodes.indexOf(failing)]!;
    expect(row).toContain(`${failing.span.service} ${failing.span.operation}`);
    expect(row).toContain(ERROR_MARK);
    expect(row).toContain(BAR_CRITICAL);
    expect(row).not.toContain(BAR_OTHER);
  });
});
