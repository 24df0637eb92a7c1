// The done-when of issue 7 on the demo world, where the true root cause is known: in every scenario
// `obs alerts correlate --demo` puts the scenario's alerts into one group whose first root-cause
// candidate is the component the scenario broke, and says why; and `obs traces show` of a demo error
// trace draws its deepest failing span on the critical path.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorrelationJson } from '../../src/alerts/index.js';
import { serviceOf } from '../../src/alerts/service.js';
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

      // Every alert of the scenario is in one group. The demo also deploys its services during working
      // hours: a routine deploy elsewhere is an incident of its own, of DeployChanged alerts only.
      const ours = groups.filter((g) => g.services.includes(broken));
      expect(ours).toHaveLength(1);
      for (const other of groups.filter((g) => g !== ours[0])) {
        for (const line of other.explanation) expect(line).toMatch(/^DeployChanged \(/);
      }
      const [group] = ours;
      const [top, next] = group!.rootCause;
      expect(top!.service).toBe(broken);
      expect(top!.score).toBeGreaterThan(next ? next.score : 0);

      // The evidence: alerts of its own, its deviating neighbours in the graph, and the error traces failing in it.
      expect(top!.reasons.some((r) => /^\d+ alerts?( from \d+ rules)?( \(\d+ pending\))?: /.test(r))).toBe(true);
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

/**
 * The scenarios that the naive answers get wrong: "the service with the most alerts" and "the alerting
 * leaf" (the service with no dependencies). Both are taken from the demo's own Alertmanager and graph.
 */
async function naiveAnswers(scenario: string): Promise<{ mostAlerts: string[]; leaves: string[] }> {
  const demo = await startDemo({ scenario });
  try {
    const alerts = (await (await fetch(`${demo.urls.alertmanager}/api/v2/alerts`)).json()) as { labels: Record<string, string> }[];
    const counts = new Map<string, number>();
    for (const a of alerts) {
      const service = serviceOf(a.labels);
      if (service !== undefined) counts.set(service, (counts.get(service) ?? 0) + 1);
    }
    const most = Math.max(...counts.values());
    const callers = new Set(demo.world.edges.map((e) => e.parent));
    return { mostAlerts: [...counts].filter(([, n]) => n === most).map(([s]) => s), leaves: [...counts.keys()].filter((s) => !callers.has(s)) };
  } finally {
    await demo.close();
  }
}

const correlateDemo = async (scenario: string) => {
  const run = await runObs(['alerts', 'correlate', '--demo', '--scenario', scenario, '--evidence-budget', '50s', '-o', 'json']);
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as CorrelationJson).groups;
};

describe('obs alerts correlate --demo where the naive answers are wrong', () => {
  it('payments-errors-noisy-queue: payments first, not orders-queue, the noisy leaf with the most alerts', async () => {
    const naive = await naiveAnswers('payments-errors-noisy-queue');
    expect(naive.mostAlerts).toContain('orders-queue');
    expect(naive.mostAlerts).not.toContain('payments');
    // (A routine deploy of another leaf during working hours adds it here.)
    expect(naive.leaves).toContain('orders-queue');
    expect(naive.leaves).not.toContain('payments');

    // The queue's own alerts are not explained by payments' failure: they may stay a group of their
    // own, but whichever group holds them, the traces' and the SLOs' evidence leads to payments. (A
    // routine deploy elsewhere, on some days, is another story.)
    const groups = (await correlateDemo('payments-errors-noisy-queue')).filter((g) => g.services.some((s) => s === 'payments' || s === 'orders-queue'));
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(group.rootCause[0]!.service).toBe('payments');
    const top = groups[0]!.rootCause[0]!;
    const spans = /^deepest failing span of \d+ of \d+ error traces \((\d+)%\)$/.exec(top.reasons.find((r) => r.startsWith('deepest failing span of ')) ?? '');
    expect(Number(spans?.[1])).toBeGreaterThanOrEqual(50);
    // The queue's candidate in the group holding its alerts (another group may name it for a new log pattern alone).
    const queue = groups.filter((g) => g.services.includes('orders-queue')).flatMap((g) => g.rootCause).find((c) => c.service === 'orders-queue')!;
    expect(queue.reasons.some((r) => /^1 alert: (QueueBacklog \(backlog\)|HighCpuUsage \(cpu\))$/.test(r))).toBe(true);
    expect(queue.score).toBeLessThan(top.score);
  }, 60_000);

  it('node-memory-pressure: the machine first, "node-2: 6 services on it deviate together", not a service on it', async () => {
    const naive = await naiveAnswers('node-memory-pressure');
    expect(naive.mostAlerts).not.toContain('node-2');
    expect(naive.leaves).toEqual(expect.arrayContaining(['auth', 'orders-queue']));
    expect(naive.leaves).not.toContain('node-2');

    // The incident's alerts in one group (a routine deploy elsewhere, on some days, is another story).
    const groups = (await correlateDemo('node-memory-pressure')).filter((g) => g.services.includes('payments'));
    expect(groups).toHaveLength(1);
    const [top, next] = groups[0]!.rootCause;
    expect(top).toMatchObject({ service: 'node-2', level: 'host', host: 'node-2' });
    expect([...top!.services!].sort()).toEqual(['auth', 'cart', 'checkout', 'frontend', 'orders-queue', 'payments']);
    expect(top!.reasons[0]).toBe('6 services on it deviate together: checkout, frontend, orders-queue and 3 more');
    expect(top!.score).toBeGreaterThan(next!.score);
    expect(groups[0]!.title).toMatch(/^node-2, behind KubeNodeMemoryPressure and \d+ more alerts on 6 services$/);
    expect(groups[0]!.explanation.filter((line) => line.includes('runs on the same host as KubeNodeMemoryPressure (node-2)'))).not.toHaveLength(0);
  }, 60_000);
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
    // Its groups are asked first (they hold every alert), its alert list only when they fail.
    expect(run.stderr).toMatch(/^obs: alertmanager groups: alertmanager \(http:\/\/127\.0\.0\.1:1\/api\/v2\/alerts\/groups\): .*\nobs: alertmanager alerts: alertmanager \(http:\/\/127\.0\.0\.1:1\/api\/v2\/alerts\): /);
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
