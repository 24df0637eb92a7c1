import { describe, expect, it } from 'vitest';
import type { AlertFilter } from '../backends/alertmanager/types.js';
import type { TraceSearch } from '../backends/jaeger/client.js';
import { BackendError } from '../http/errors.js';
import type { DependencyEdge, Span, Trace } from '../traces/index.js';
import { alertingServices, cockpitAlerts, collectAlerts, EVIDENCE_BUDGET, evidenceServices, gatherEvidence, startEvidence, type LiveBackends } from './live.js';
import { analyzeAlerts } from './report.js';
import { makeAlert } from './testdata/make-alert.js';

const T = Date.parse('2024-05-01T10:00:00Z');
const iso = (minutes: number) => new Date(T + minutes * 60_000).toISOString();

function amAlert(labels: Record<string, string>, minutes: number, fingerprint: string, status: { silencedBy?: string[]; inhibitedBy?: string[] } = {}) {
  return {
    labels, annotations: { summary: `${labels.alertname} on ${labels.service}` },
    startsAt: iso(minutes), updatedAt: iso(minutes), endsAt: iso(minutes + 60), fingerprint,
    receivers: [{ name: 'oncall' }], status: { state: 'active', silencedBy: status.silencedBy ?? [], inhibitedBy: status.inhibitedBy ?? [] },
  };
}

const dbDown = amAlert({ alertname: 'PaymentsDbDown', service: 'payments-db', severity: 'critical' }, 0, '1111111111111111');
const latency = amAlert({ alertname: 'HighLatency', service: 'payments', severity: 'warning' }, 1, '2222222222222222', { inhibitedBy: ['1111111111111111'] });

function span(traceId: string, spanId: string, service: string, parent?: string, error = false): Span {
  return {
    traceId, spanId, service, operation: `${service} call`, startUs: T * 1000, durationUs: 1000,
    kind: 'server', status: error ? 'error' : 'ok', attributes: {}, events: [], ...(parent ? { parentSpanId: parent } : {}),
  };
}

/** checkout → payments → payments-db, failing at the bottom. */
const failingTrace = (id: string): Trace => ({
  traceId: id,
  spans: [span(id, 'a', 'checkout', undefined, true), span(id, 'b', 'payments', 'a', true), span(id, 'c', 'payments-db', 'b', true)],
});

const unreachable = (backend: 'alertmanager' | 'prometheus' | 'jaeger') =>
  new BackendError({ backend, kind: 'unreachable', url: `http://${backend}:1`, message: 'connection refused', hint: 'is it running?' });

interface Fake {
  backends: LiveBackends;
  calls: string[];
}

/** Backends answering from plain data; a value that is an Error is thrown instead. */
function fake(answers: {
  alertmanager?: { alerts?: unknown; groups?: unknown };
  prometheus?: unknown;
  jaeger?: { traces?: Record<string, Trace[] | Error>; dependencies?: DependencyEdge[] | Error };
}): Fake {
  const calls: string[] = [];
  const answer = async <T>(call: string, value: unknown): Promise<T> => {
    calls.push(call);
    if (value instanceof Error) throw value;
    return value as T;
  };
  const backends: LiveBackends = {
    has: (b) => answers[b as keyof typeof answers] !== undefined,
    alertmanager: {
      alerts: (f?: AlertFilter) => answer(`am alerts ${JSON.stringify(f ?? {})}`, answers.alertmanager?.alerts ?? []),
      groups: () => answer('am groups', answers.alertmanager?.groups ?? []),
    },
    prometheus: { alerts: () => answer('prometheus alerts', answers.prometheus ?? []) },
    jaeger: {
      searchTraces: (q: TraceSearch) => answer(`traces ${q.service} error=${q.error} limit=${q.limit} ${q.start}-${q.end}`, answers.jaeger?.traces?.[q.service] ?? []),
      dependencies: (o) => answer(`dependencies ${o.endTs} ${o.lookbackMs}`, answers.jaeger?.dependencies ?? []),
    },
  };
  return { backends, calls };
}

describe('collectAlerts', () => {
  it('merges Alertmanager\'s groups with Prometheus alerts, one per fingerprint; the groups hold every alert, so the list is not asked', async () => {
    const { backends, calls } = fake({
      alertmanager: {
        alerts: [dbDown, latency],
        groups: [
          { labels: { service: 'payments-db' }, receiver: { name: 'oncall' }, alerts: [dbDown] },
          { labels: { service: 'payments' }, receiver: { name: 'oncall' }, alerts: [latency] },
        ],
      },
      // The same alert as dbDown as Prometheus reports it (pending earlier, no fingerprint), plus a pending one.
      prometheus: [
        { labels: dbDown.labels, annotations: {}, state: 'firing', activeAt: iso(-2), value: '1' },
        { labels: { alertname: 'DiskFilling', service: 'payments-db' }, annotations: {}, state: 'pending', activeAt: iso(3), value: '1' },
      ],
    });
    const { alerts, answered, failed } = await collectAlerts(backends, { now: T + 5 * 60_000 });
    expect(failed).toEqual([]);
    expect(answered.sort()).toEqual(['alertmanager groups', 'prometheus alerts']);
    expect(alerts.map((a) => `${a.name} ${a.state}`)).toEqual(['PaymentsDbDown firing', 'HighLatency firing', 'DiskFilling pending']);
    const db = alerts[0]!;
    expect(db.sources.sort()).toEqual(['alertmanager', 'prometheus']);
    expect(db.startsAt).toBe(T); // Alertmanager's start of firing, not Prometheus's start of pending
    expect(db.groups).toEqual([{ receiver: 'oncall', labels: { service: 'payments-db' } }]);
    expect(alerts[1]!.inhibitedBy).toEqual(['1111111111111111']);
    expect(calls.filter((c) => c.startsWith('am '))).toEqual(['am groups']);
  });

  it('reads Alertmanager\'s alert list when its groups cannot be had, and names the failure', async () => {
    const { backends, calls } = fake({ alertmanager: { alerts: [dbDown, latency], groups: unreachable('alertmanager') } });
    const { alerts, answered, failed } = await collectAlerts(backends);
    expect(alerts.map((a) => a.name)).toEqual(['PaymentsDbDown', 'HighLatency']);
    expect(answered).toEqual(['alertmanager alerts']);
    expect(failed.map((f) => f.source)).toEqual(['alertmanager groups']);
    // Silenced and inhibited alerts are asked for too: they are evidence.
    expect(calls).toContain('am alerts {}');
  });

  it('degrades when a source fails: the others are used and the failure is named', async () => {
    const { backends } = fake({ alertmanager: { alerts: unreachable('alertmanager'), groups: unreachable('alertmanager') }, prometheus: [] });
    const { alerts, answered, failed } = await collectAlerts(backends);
    expect(alerts).toEqual([]);
    expect(answered).toEqual(['prometheus alerts']);
    expect(failed.map((f) => `${f.source}: ${f.message}`)).toEqual([
      'alertmanager groups: alertmanager (http://alertmanager:1): connection refused — is it running?',
      'alertmanager alerts: alertmanager (http://alertmanager:1): connection refused — is it running?',
    ]);
  });

  it('gives up a hung Alertmanager after the budget, uses Prometheus\'s answer, and does not ask the hung server again for its list', async () => {
    const { backends, calls } = fake({ alertmanager: {}, prometheus: [{ labels: dbDown.labels, annotations: {}, state: 'firing', activeAt: iso(-2), value: '1' }] });
    backends.alertmanager.groups = () => (calls.push('am groups'), new Promise(() => {}));
    const { alerts, answered, failed } = await collectAlerts(backends, { budgetMs: 300 });
    expect(alerts.map((a) => a.name)).toEqual(['PaymentsDbDown']);
    expect(answered).toEqual(['prometheus alerts']);
    expect(failed.map((f) => `${f.source}: ${f.message}`)).toEqual(['alertmanager groups: no answer within 300ms']);
    expect(calls.filter((c) => c.startsWith('am '))).toEqual(['am groups']);
  });

  it('reports an answer of the wrong shape as a failure of that source', async () => {
    const { backends } = fake({ alertmanager: { alerts: { not: 'a list' }, groups: { not: 'a list' } } });
    const { answered, failed } = await collectAlerts(backends);
    expect(answered).toEqual([]);
    expect(failed.map((f) => f.message)).toEqual([expect.stringContaining('expected an array of groups'), expect.stringContaining('expected an array of alerts')]);
  });

  it('asks nothing of a backend the context does not have', async () => {
    const { backends, calls } = fake({});
    expect(await collectAlerts(backends)).toEqual({ alerts: [], answered: [], failed: [] });
    expect(calls).toEqual([]);
  });
});

describe('evidenceServices', () => {
  it('asks about the leading suspects of a first ranking, however many services alert', () => {
    const alerts = Array.from({ length: 5000 }, (_, i) => makeAlert(i % 7 === 0 ? 'DbDown' : 'HighLatency', { service: `svc-${i % 200}`, pod: `p-${i}` }, i / 100));
    const groups = analyzeAlerts(alerts, { dependencies: Array.from({ length: 199 }, (_, i) => ({ parent: `svc-${i + 1}`, child: `svc-${i}`, callCount: 1 })) });
    const { asked, skipped } = evidenceServices(groups);
    expect(asked).toEqual(groups[0]!.rootCause.slice(0, EVIDENCE_BUDGET.services).map((c) => c.service));
    expect(asked.length + skipped.length).toBe(200);
  });
});

describe('gatherEvidence', () => {
  const window = { start: T - 3_600_000, end: T };

  it('finds where error traces fail deepest, once per trace, and takes the Jaeger graph', async () => {
    const edges = [{ parent: 'checkout', child: 'payments', callCount: 10 }];
    const { backends, calls } = fake({
      jaeger: {
        // The same trace comes back for both services: counted once.
        traces: { payments: [failingTrace('t1'), failingTrace('t2')], checkout: [failingTrace('t2')] },
        dependencies: edges,
      },
    });
    const gathered = await gatherEvidence(backends, ['payments', 'checkout'], window);
    expect(gathered.evidence).toEqual({ errorSpanRoots: { 'payments-db': 2 } });
    expect(gathered.dependencies).toEqual(edges);
    expect(gathered.failed).toEqual([]);
    expect(calls.sort()).toEqual([
      `dependencies ${T} 3600000`,
      `traces checkout error=true limit=50 ${window.start}-${T}`,
      `traces payments error=true limit=50 ${window.start}-${T}`,
    ]);
  });

  it('skips a source that does not answer within the time budget, and says so', async () => {
    const { backends } = fake({ jaeger: { traces: { payments: [failingTrace('t1')] }, dependencies: [] } });
    const never = () => new Promise<Record<string, number>>(() => {});
    const gathered = await gatherEvidence(backends, ['payments'], window, { sloBurn: never, timeBudgetMs: 20 });
    expect(gathered.evidence).toEqual({ errorSpanRoots: { 'payments-db': 1 } });
    expect(gathered.failed.map((f) => `${f.source}: ${f.message}`)).toEqual(['slo burn: slo burn skipped: no answer within 20ms (the time budget, for all evidence)']);
  });

  it('reports a log source that throws before answering as that source failing, and ranks with the rest', async () => {
    const { backends } = fake({ jaeger: { traces: { payments: [failingTrace('t1')] }, dependencies: [] } });
    const gathered = await gatherEvidence(backends, ['payments'], window, {
      newLogPatterns: () => {
        throw new Error('loki label lookup broke');
      },
    });
    expect(gathered.evidence).toEqual({ errorSpanRoots: { 'payments-db': 1 } });
    expect(gathered.failed.map((f) => `${f.source}: ${f.message}`)).toEqual(['log patterns: loki label lookup broke']);
  });

  it('gives up what is still on its way once the ranking stops waiting, and says only that it was late', async () => {
    const { backends } = fake({ jaeger: { dependencies: [] } });
    const signals: AbortSignal[] = [];
    const hanging = (signal?: AbortSignal) => new Promise<never>((_, reject) => {
      signals.push(signal!);
      signal!.addEventListener('abort', () => reject(new Error('aborted')));
    });
    const jaeger = { ...backends.jaeger, searchTraces: (q: TraceSearch) => hanging(q.signal) };
    const gathered = await gatherEvidence({ ...backends, jaeger }, ['payments'], window, {
      newLogPatterns: (_services, _window, signal) => hanging(signal),
      timeBudgetMs: 20,
    });
    expect(signals).toHaveLength(2);
    expect(signals.every((s) => s.aborted)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(gathered.failed.map((f) => f.message).sort()).toEqual([
      'jaeger traces skipped: no answer within 20ms (the time budget, for all evidence)',
      'log patterns skipped: no answer within 20ms (the time budget, for all evidence)',
    ]);
  });

  it('derives the graph from the traces when Jaeger has no dependencies (no batch job)', async () => {
    const { backends } = fake({ jaeger: { traces: { payments: [failingTrace('t1')] }, dependencies: [] } });
    const { dependencies } = await gatherEvidence(backends, ['payments'], window);
    expect(dependencies.map((e) => `${e.parent}→${e.child}`)).toEqual(['checkout→payments', 'payments→payments-db']);
  });

  it('uses the SLO and log functions it is given, and keeps going when one fails', async () => {
    const { backends } = fake({ jaeger: { traces: { payments: unreachable('jaeger'), checkout: [failingTrace('t1')] } } });
    const asked: unknown[] = [];
    const gathered = await gatherEvidence(backends, ['payments', 'checkout'], window, {
      sloBurn: async () => ({ payments: 14.4 }),
      newLogPatterns: async (services, w) => {
        asked.push(services, w);
        throw new Error('loki: too many outstanding requests');
      },
    });
    expect(asked).toEqual([['payments', 'checkout'], window]);
    expect(gathered.evidence).toEqual({ sloBurn: { payments: 14.4 }, errorSpanRoots: { 'payments-db': 1 } });
    expect(gathered.failed.map((f) => f.source).sort()).toEqual(['jaeger traces', 'log patterns']);
  });

  it('asks the graph the storm is grouped with at once; the SLO burn and the suspects\' traces with the suspects', async () => {
    const edges = [{ parent: 'checkout', child: 'payments', callCount: 10 }];
    const { backends, calls } = fake({ jaeger: { traces: { payments: [failingTrace('t1')] }, dependencies: edges } });
    let burnAsked = false;
    const started = startEvidence(backends, window, { sloBurn: async () => ((burnAsked = true), { payments: 14.4 }) });
    expect(await started.graph()).toEqual(edges);
    expect(burnAsked).toBe(false);
    expect(calls).toEqual([`dependencies ${T} 3600000`]);
    const gathered = await started.forServices(['payments']);
    expect(burnAsked).toBe(true);
    expect(calls).toEqual([`dependencies ${T} 3600000`, `traces payments error=true limit=50 ${window.start}-${T}`]);
    expect(gathered).toMatchObject({ evidence: { sloBurn: { payments: 14.4 }, errorSpanRoots: { 'payments-db': 1 } }, dependencies: edges, failed: [] });
  });

  it('counts the time budget from when the ranking waits, not from when the graph was asked', async () => {
    const edges = [{ parent: 'checkout', child: 'payments', callCount: 10 }];
    let answer!: (edges: DependencyEdge[]) => void;
    const { backends } = fake({});
    const jaeger = { ...backends.jaeger, dependencies: () => new Promise<DependencyEdge[]>((resolve) => (answer = resolve)) };
    const started = startEvidence({ ...backends, has: () => true, jaeger }, window, { timeBudgetMs: 50 });
    // Reading a storm's alerts can take longer than the budget; the graph asked at the start must not be lost to it.
    await new Promise((resolve) => setTimeout(resolve, 80));
    const graph = started.graph();
    answer(edges);
    expect(await graph).toEqual(edges);
  });

  it('leaves the graph alone when the topology comes from elsewhere, and asks nothing without Jaeger', async () => {
    const withJaeger = fake({ jaeger: {} });
    await gatherEvidence(withJaeger.backends, [], window, { topology: false });
    expect(withJaeger.calls).toEqual([]);
    const without = fake({});
    expect(await gatherEvidence(without.backends, ['payments'], window)).toEqual({ evidence: {}, dependencies: [], failed: [] });
    expect(without.calls).toEqual([]);
  });
});

describe('alertingServices', () => {
  it('lists the services of the alerts once, in order of their first alert', async () => {
    const alerts = [dbDown, latency, amAlert({ alertname: 'X', pod: 'payments-db-0' }, 2, '3333333333333333')];
    const { backends } = fake({ alertmanager: { groups: [{ labels: {}, receiver: { name: 'oncall' }, alerts }] } });
    expect(alertingServices((await collectAlerts(backends)).alerts)).toEqual(['payments-db', 'payments']);
  });
});

describe('cockpitAlerts', () => {
  it('lists unsilenced, uninhibited Alertmanager alerts, most severe first', async () => {
    const { backends, calls } = fake({ alertmanager: { alerts: [latency, dbDown] } });
    const items = await cockpitAlerts(backends);
    expect(calls).toEqual(['am alerts {"silenced":false,"inhibited":false}']);
    expect(items).toEqual([
      { fingerprint: '1111111111111111', name: 'PaymentsDbDown', service: 'payments-db', severity: 'critical', state: 'firing', startsAt: T, summary: 'PaymentsDbDown on payments-db' },
      { fingerprint: '2222222222222222', name: 'HighLatency', service: 'payments', severity: 'warning', state: 'firing', startsAt: T + 60_000, summary: 'HighLatency on payments' },
    ]);
  });

  it('falls back to firing Prometheus alerts when the context has no Alertmanager', async () => {
    const { backends } = fake({
      prometheus: [
        { labels: { alertname: 'A', job: 'cart', severity: 'page' }, annotations: { description: 'd' }, state: 'firing', activeAt: iso(0), value: '1' },
        { labels: { alertname: 'B', job: 'cart' }, annotations: {}, state: 'pending', activeAt: iso(1), value: '1' },
      ],
    });
    const items = await cockpitAlerts(backends);
    expect(items.map((i) => [i.name, i.service, i.severity, i.summary])).toEqual([['A', 'cart', 'critical', 'd']]);
    expect(items[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('fails when its one source fails, so the panel shows the error', async () => {
    const { backends } = fake({ alertmanager: { alerts: unreachable('alertmanager') } });
    await expect(cockpitAlerts(backends)).rejects.toThrow('connection refused');
  });
});
