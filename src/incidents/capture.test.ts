import { describe, expect, it, vi } from 'vitest';
import type { SegmentationQuery, SeriesResult } from '../backends/amplitude/types.js';
import type { LokiRangeResult } from '../backends/loki/types.js';
import type { Backend } from '../config/types.js';
import { BackendError } from '../http/errors.js';
import type { Span, Trace } from '../traces/model.js';
import type { SloDefinition } from '../slo/types.js';
import { captureEvidence, snapshotPartBudgetMs, SNAPSHOT_PART_BUDGET_MS, type CaptureBackends } from './capture.js';
import { readAlertsEvidence, readImpactEvidence, readLogsEvidence, readTracesEvidence } from './evidence.js';

const NOW = Date.parse('2026-11-23T16:40:00Z');
const MIN = 60_000;

function amAlert(name: string, service: string, startedMinAgo: number, severity = 'critical', silencedBy: string[] = []) {
  return {
    labels: { alertname: name, service, severity },
    annotations: { summary: `${name} on ${service}` },
    startsAt: new Date(NOW - startedMinAgo * MIN).toISOString(),
    endsAt: new Date(NOW + 4 * MIN).toISOString(),
    updatedAt: new Date(NOW).toISOString(),
    fingerprint: `${name}-${service}`.padEnd(16, '0').slice(0, 16),
    receivers: [{ name: 'pager' }],
    status: { state: silencedBy.length ? 'suppressed' : 'active', silencedBy, inhibitedBy: [] },
  };
}

function span(traceId: string, spanId: string, service: string, parent?: string, error = false): Span {
  return {
    traceId, spanId, parentSpanId: parent, service, operation: `${service} call`,
    startUs: (NOW - 5 * MIN) * 1000, durationUs: 900_000, kind: 'server',
    status: error ? 'error' : 'ok', statusMessage: error ? `${service} failed` : undefined, attributes: {}, events: [],
  };
}

/** A failing checkout: checkout -> payments -> payments-db, the database span failing first. */
function errorTrace(id: string): Trace {
  return { traceId: id, spans: [span(id, 'a', 'checkout', undefined, true), span(id, 'b', 'payments', 'a', true), span(id, 'c', 'payments-db', 'b', true)] };
}

const line = (text: string, t: number) => ({ ts: String(BigInt(t) * 1_000_000n), line: text, labels: {} });

/** Fake clients of a small world where payments-db slows down and payments fails because of it. */
function fakeWorld(options: { backends?: Backend[]; amplitudeFails?: boolean; lokiHangs?: boolean; alerts?: ReturnType<typeof amAlert>[]; slow?: string[] } = {}) {
  const present = new Set(options.backends ?? ['alertmanager', 'prometheus', 'loki', 'jaeger', 'amplitude']);
  const calls: string[] = [];
  const alerts = options.alerts ?? [amAlert('PaymentsDbLatencyHigh', 'payments-db', 15), amAlert('HighErrorRate', 'payments', 10)];
  const clients: CaptureBackends = {
    has: (b) => present.has(b),
    alertmanager: {
      alerts: async () => (calls.push('am alerts'), alerts),
      // One group by receiver (no group-by labels), as Alertmanager routes everything to the pager.
      groups: async () => (calls.push('am groups'), [{ labels: {}, receiver: { name: 'pager' }, alerts }]),
    },
    prometheus: {
      alerts: async () => [],
      queryVector: async (query) => (calls.push(`prometheus ${query}`), { samples: [] }),
      // A week of p99 per service, every 5 minutes: steady, with payments-db 20 times slower in the last 15 minutes.
      // Queries asked together arrive joined, each tagged with its index (src/backends/prometheus/batch.ts).
      queryRange: async (query, o) => {
        calls.push(`prometheus range ${query}`);
        const series = [...query.matchAll(/service="([^"]+)"\}\)?(?:, "obs_batch_query", "(\d+)")?/g)].map(([, service, index]) => {
          const points = [];
          for (let t = o.start, i = 0; t <= o.end; t += o.stepMs!, i++) {
            const slow = (options.slow ?? ['payments-db']).includes(service!) && t > NOW - 15 * MIN;
            points.push({ time: t, value: (slow ? 20 : 1) * (0.1 + 0.01 * ((i * 7) % 5)) });
          }
          const labels: Record<string, string> = index === undefined ? { service } : { service, obs_batch_query: index };
          return { labels, points };
        });
        return { series };
      },
    },
    jaeger: {
      searchTraces: async (q) => (calls.push(`jaeger ${q.service}`), q.error ? [errorTrace('t1'), errorTrace('t2')] : []),
      dependencies: async () => [
        { parent: 'checkout', child: 'payments', callCount: 100 },
        { parent: 'payments', child: 'payments-db', callCount: 100 },
      ],
    },
    loki: {
      queryRange: async (query, o): Promise<LokiRangeResult> => {
        calls.push(`loki ${query}`);
        if (options.lokiHangs) return new Promise(() => {});
        const entries = [];
        for (let t = o.start; t < o.end; t += 30_000) entries.push(line(`query ok duration=${(t / 1000) % 7}ms`, t));
        const incident = o.end === NOW;
        if (incident && query.includes('payments-db'))
          for (let t = o.start; t < o.end; t += 20_000) entries.push(line(`process ${t % 97} still waiting for ShareLock on transaction ${t % 1000}`, t));
        return { resultType: 'streams', entries, truncated: false, warnings: [], stats: { bytesProcessed: 0, linesProcessed: 0, execTimeSec: 0 }, requests: 1 };
      },
    },
    amplitude: {
      eventSegmentation: async (q: SegmentationQuery): Promise<SeriesResult> => {
        if (options.amplitudeFails) throw new BackendError({ backend: 'amplitude', kind: 'http', status: 429, message: 'rate limited' });
        const start = (q.start as Date).getTime();
        const xValues = Array.from({ length: 48 }, (_, h) => new Date(start + h * 3_600_000).toISOString().slice(0, 19));
        const today = (h: number) => start + h * 3_600_000 >= NOW - 3_600_000;
        return { xValues, series: [{ label: q.event, values: xValues.map((_, h) => (q.event === 'checkout_completed' && today(h) ? 10 : 60)) }] };
      },
    },
  };
  // As the real Backends: a client the context has no URL for throws when it is got.
  const backends = new Proxy(clients, {
    get: (target, prop) => {
      if (prop !== 'has' && typeof prop === 'string' && !present.has(prop as Backend)) throw new Error(`context has no ${prop} URL`);
      return Reflect.get(target, prop);
    },
  });
  return { backends, calls };
}

const options = { now: NOW, reason: 'open', keyEvents: ['checkout_started', 'checkout_completed'] };

describe('captureEvidence', () => {
  it('snapshots alerts with the root cause, log patterns, error traces and impact, each with its source', async () => {
    const { backends } = fakeWorld();
    const capture = await captureEvidence(backends, options);
    const parts = Object.fromEntries(capture.snapshot.parts.map((p) => [p.name, p]));
    expect(capture.snapshot.parts.map((p) => `${p.name}:${p.source}:${p.status}`)).toEqual([
      'alerts:alertmanager:ok',
      'slo:prometheus:unavailable',
      'logs:loki:ok',
      'traces:jaeger:ok',
      'impact:amplitude:ok',
      'anomalies:prometheus:unavailable',
    ]);
    expect(capture.rootCause).toBe('payments-db');
    expect(capture.group?.services).toEqual(['payments-db', 'payments']);
    expect(capture.alerts.map((a) => a.name)).toEqual(['PaymentsDbLatencyHigh', 'HighErrorRate']);
    // The window starts a little before the first alert.
    expect(capture.window).toEqual({ start: NOW - 20 * MIN, end: NOW });

    const alerts = readAlertsEvidence(parts.alerts.data)!;
    expect(alerts.candidates[0].service).toBe('payments-db');
    expect(alerts.candidates[0].evidence.join(' ')).toMatch(/deepest failing span of 2 of 2 error traces/);
    expect(alerts.groupId).toBe(capture.group?.id);
    expect(alerts.firing[0]).toMatchObject({ name: 'PaymentsDbLatencyHigh', summary: 'PaymentsDbLatencyHigh on payments-db' });

    const logs = readLogsEvidence(parts.logs.data)!;
    expect(logs.patterns).toEqual([expect.objectContaining({ kind: 'new', service: 'payments-db', pattern: expect.stringContaining('still waiting for ShareLock') })]);

    const traces = readTracesEvidence(parts.traces.data)!;
    expect(traces.traces.map((t) => [t.traceId, t.service, t.error])).toEqual([
      ['t1', 'payments-db', 'payments-db failed'],
      ['t2', 'payments-db', 'payments-db failed'],
    ]);

    const impact = readImpactEvidence(parts.impact.data)!;
    expect(impact.usersAffected).toBeGreaterThan(0);
    // 16:20-16:40 is half of the 40 minutes the 16:00 hour has so far: 5 completions against 20 in a healthy hour's third.
    expect(impact.events?.find((e) => e.name === 'checkout_completed')?.lost).toBe(15);
  });

  it("lists the affected services' anomalous signals, most unusual first", async () => {
    const { backends } = fakeWorld();
    const anomalySignals = async (service: string) => [{ name: 'p99 latency', query: `p99{service="${service}"}`, serviceLabel: 'service' }];
    const capture = await captureEvidence(backends, { ...options, anomalySignals });
    const part = capture.snapshot.parts.find((p) => p.name === 'anomalies')!;
    expect(part).toMatchObject({ source: 'prometheus', status: 'ok' });
    const data = part.data as { services: string[]; scored: number; anomalous: { service: string; signal: string; direction: string; actual: number; expected: number }[] };
    expect(data.services.sort()).toEqual(['payments', 'payments-db']);
    expect(data.scored).toBe(2);
    expect(data.anomalous).toEqual([expect.objectContaining({ service: 'payments-db', signal: 'p99 latency', direction: 'up' })]);
    expect(data.anomalous[0].actual).toBeGreaterThan(4 * data.anomalous[0].expected);
  });

  it('orders equally unusual signals that began together as obs anomalies does: the callee first', async () => {
    const { backends } = fakeWorld({ slow: ['checkout', 'payments'] });
    const anomalySignals = async (service: string) => [{ name: 'p99 latency', query: `p99{service="${service}"}`, serviceLabel: 'service' }];
    const capture = await captureEvidence(backends, { ...options, services: ['checkout'], anomalySignals });
    const { anomalous } = capture.snapshot.parts.find((p) => p.name === 'anomalies')!.data as { anomalous: { service: string; score: number; since: string }[] };
    expect(anomalous.map((a) => a.service)).toEqual(['payments', 'checkout']);
    // A tie that only the call graph breaks (checkout calls payments): by name, checkout would come first.
    expect(anomalous[0]!.score).toBe(anomalous[1]!.score);
    expect(anomalous[0]!.since).toBe(anomalous[1]!.since);
  });

  it('ranks with the evidence obs alerts correlate ranks with, and says what it asked for', async () => {
    const { backends, calls } = fakeWorld();
    const asked: string[][] = [];
    const rankingEvidence = {
      sloBurn: async () => ({ 'payments-db': 20 }),
      newLogPatterns: async (services: string[]) => (asked.push(services), { 'payments-db': 2 }),
    };
    const capture = await captureEvidence(backends, { ...options, rankingEvidence });
    const [top] = readAlertsEvidence(capture.snapshot.parts[0].data)!.candidates;
    expect(top).toMatchObject({ service: 'payments-db' });
    expect(top!.evidence.join('\n')).toMatch(/SLO.*burn/i);
    expect(top!.evidence.join('\n')).toMatch(/2 new log patterns/);
    expect(asked).toEqual([['payments-db', 'payments']]);
    // Alertmanager's groups hold every alert: its alert list is not read as well.
    expect(calls.filter((c) => c.startsWith('am '))).toEqual(['am groups']);
    // Error traces: the ranking's for its suspects over its window, the traces part's over the incident's.
    expect(calls.filter((c) => c.startsWith('jaeger')).sort()).toEqual(['jaeger payments', 'jaeger payments', 'jaeger payments-db', 'jaeger payments-db']);
  });

  it('records a backend that fails as failed and one the context lacks as unavailable', async () => {
    const { backends } = fakeWorld({ backends: ['alertmanager', 'amplitude'], amplitudeFails: true });
    const capture = await captureEvidence(backends, options);
    expect(capture.snapshot.parts.map((p) => `${p.name}:${p.status}`)).toEqual(['alerts:ok', 'slo:unavailable', 'logs:unavailable', 'traces:unavailable', 'impact:failed', 'anomalies:unavailable']);
    expect(capture.snapshot.parts.find((p) => p.name === 'impact')?.error).toBe('rate limited');
    expect(capture.snapshot.parts.find((p) => p.name === 'logs')?.error).toBe('the context has no loki URL');
    expect(capture.snapshot.parts.find((p) => p.name === 'slo')?.error).toBe('the context has no prometheus URL');
    // Without Jaeger there is no dependency graph, so the ranking cannot see that payments-db lies
    // under payments: it goes by the alerts alone and still names a candidate.
    expect(capture.rootCause).toBe('payments');
  });

  it('records a part that has not answered within its budget as failed, saying so, and opens with the rest', async () => {
    const { backends } = fakeWorld({ lokiHangs: true });
    // Long enough for the fakes that answer, whatever the machine's load; the hanging one never does.
    const capture = await captureEvidence(backends, { ...options, partBudgetMs: 1000 });
    expect(capture.snapshot.parts.map((p) => `${p.name}:${p.status}`)).toEqual(['alerts:ok', 'slo:unavailable', 'logs:failed', 'traces:ok', 'impact:ok', 'anomalies:unavailable']);
    expect(capture.snapshot.parts.find((p) => p.name === 'logs')?.error).toBe('no answer within 1s: the snapshot went on without it (`obs incident snapshot` asks again)');
    expect(capture.rootCause).toBe('payments-db');
  });

  it('with Alertmanager hung, records the alerts as Prometheus\'s after the part budget and says silences are unknown', async () => {
    const { backends } = fakeWorld({ backends: ['alertmanager', 'prometheus'] });
    backends.alertmanager.groups = () => new Promise(() => {});
    backends.alertmanager.alerts = () => new Promise(() => {});
    backends.prometheus.alerts = async () => [{ labels: { alertname: 'PaymentsErrorsHigh', service: 'payments', severity: 'critical' }, annotations: {}, state: 'firing', activeAt: new Date(NOW - 10 * MIN).toISOString(), value: '1' }];
    const capture = await captureEvidence(backends, { ...options, partBudgetMs: 1000 });
    const alerts = capture.snapshot.parts[0]!;
    expect(alerts).toMatchObject({ name: 'alerts', source: 'prometheus', status: 'ok' });
    expect(alerts.data).toMatchObject({
      firing: [{ name: 'PaymentsErrorsHigh' }],
      fallback: 'alertmanager did not answer (no answer within 1s): alerts from Prometheus, so silences and inhibitions are unknown',
      partial: ['alertmanager groups: no answer within 1s'],
    });
  });

  it('names Alertmanager as the source of the alerts part when it answered', async () => {
    const { backends } = fakeWorld({ backends: ['alertmanager', 'prometheus'] });
    const alerts = (await captureEvidence(backends, options)).snapshot.parts[0]!;
    expect(alerts).toMatchObject({ source: 'alertmanager', status: 'ok' });
    expect(alerts.data).not.toHaveProperty('fallback');
  });

  it('gives each part the evidence budget when that is longer than its own: whoever waits for the ranking waits for the parts', () => {
    expect(snapshotPartBudgetMs(undefined)).toBe(SNAPSHOT_PART_BUDGET_MS);
    expect(snapshotPartBudgetMs(1500)).toBe(SNAPSHOT_PART_BUDGET_MS);
    expect(snapshotPartBudgetMs(50_000)).toBe(50_000);
  });

  it('reads the alerts before the log label is known: only the logs part waits for it', async () => {
    const { backends, calls } = fakeWorld();
    let answerLabel!: (label: (service: string) => string) => void;
    const logSelector = new Promise<(service: string) => string>((resolve) => (answerLabel = resolve));
    const capturing = captureEvidence(backends, { ...options, logSelector });
    await vi.waitFor(() => expect(calls).toContain('am groups'));
    expect(calls.some((c) => c.startsWith('loki'))).toBe(false);
    answerLabel((service) => `{app="${service}"}`);
    await capturing;
    expect(calls).toContain('loki {app="payments-db"}');
  });

  it('never opens on a group whose only alert is silenced: that alert is still counted among the others firing', async () => {
    const alerts = [amAlert('HighErrorRate', 'checkout', 30, 'critical'), amAlert('PaymentsErrorsHigh', 'payments', 5, 'critical', ['silence-1'])];
    const { backends } = fakeWorld({ backends: ['alertmanager'], alerts });
    // Each alert its own group, as Alertmanager groups by alertname.
    backends.alertmanager.groups = async () => alerts.map((a) => ({ labels: { alertname: a.labels.alertname }, receiver: { name: 'pager' }, alerts: [a] }));
    const capture = await captureEvidence(backends, options);
    expect(capture.group?.title).toContain('HighErrorRate');
    expect(capture.snapshot.parts[0].data).toMatchObject({ firing: [{ name: 'HighErrorRate' }], otherFiring: 1 });
  });

  it('takes the group asked for, and names it when it is not there', async () => {
    const { backends } = fakeWorld();
    const capture = await captureEvidence(backends, { ...options, fromGroup: 'nope' });
    expect(capture.group).toBeUndefined();
    expect((capture.snapshot.parts[0].data as { missingGroup?: string }).missingGroup).toBe('nope');
  });

  it('with no backend at all, every part is unavailable and nothing is invented', async () => {
    const { backends } = fakeWorld({ backends: [] });
    const capture = await captureEvidence(backends, { ...options, services: ['payments'] });
    expect(capture.snapshot.parts.every((p) => p.status === 'unavailable' && p.data === undefined)).toBe(true);
    expect(capture.snapshot.parts[0].error).toBe('the context has no alertmanager or prometheus URL');
    expect(capture.alerts).toEqual([]);
    expect(capture.rootCause).toBeUndefined();
  });

  describe('a record that stays true', () => {
    it('starts the incident at the first alert of its group even when that alert is silenced, and marks it', async () => {
      const { backends, calls } = fakeWorld({
        alerts: [amAlert('PaymentsDbLatencyHigh', 'payments-db', 15, 'critical', ['silence-1']), amAlert('HighErrorRate', 'payments', 10)],
      });
      const capture = await captureEvidence(backends, options);
      expect(capture.startedAt).toBe(NOW - 15 * MIN);
      expect(capture.window.start).toBe(NOW - 20 * MIN);
      const firing = (capture.snapshot.parts[0].data as { firing: { name: string; silenced?: boolean }[] }).firing;
      expect(firing).toEqual([
        expect.objectContaining({ name: 'PaymentsDbLatencyHigh', silenced: true }),
        expect.not.objectContaining({ silenced: true }),
      ]);
      // The silenced root cause's logs are searched too.
      expect(calls.some((c) => c.startsWith('loki') && c.includes('payments-db'))).toBe(true);
      expect(capture.rootCause).toBe('payments-db');
    });

    it('keeps an alert that has fired for longer than correlate looks back (2h): nothing firing is lost', async () => {
      const { backends } = fakeWorld({ alerts: [amAlert('PaymentsDbLatencyHigh', 'payments-db', 180), amAlert('HighErrorRate', 'payments', 10)] });
      const capture = await captureEvidence(backends, options);
      // Started 170 minutes apart, they are two groups: the incident holds one and counts the other.
      const part = capture.snapshot.parts[0].data as { firing: unknown[]; otherFiring?: number };
      expect(part.firing.length + (part.otherFiring ?? 0)).toBe(2);
      expect(capture.window.start).toBe(NOW - 185 * MIN);
    });

    it('takes the group most likely to be the incident, not the newest critical alert\'s', async () => {
      const { backends } = fakeWorld({
        alerts: [amAlert('PaymentsDbLatencyHigh', 'payments-db', 15), amAlert('HighErrorRate', 'payments', 10), amAlert('DiskFull', 'search', 2)],
      });
      const capture = await captureEvidence(backends, options);
      expect(capture.group?.services).toEqual(['payments-db', 'payments']);
      // The other group's alert is counted, not listed as this incident's evidence.
      expect(capture.alerts.map((a) => a.name)).toEqual(['PaymentsDbLatencyHigh', 'HighErrorRate']);
      expect((capture.snapshot.parts[0].data as { otherFiring?: number }).otherFiring).toBe(1);
      // search was looked at to rank the groups; it is not this incident's evidence.
      const logs = capture.snapshot.parts.find((p) => p.name === 'logs')!.data as { services: string[] };
      expect(logs.services).toEqual(['payments-db', 'payments']);
    });

    it('ignores an always-firing Watchdog (severity "none") for the start and the evidence', async () => {
      const { backends } = fakeWorld({
        alerts: [amAlert('Watchdog', '', 60 * 24 * 3, 'none'), amAlert('PaymentsDbLatencyHigh', 'payments-db', 15), amAlert('HighErrorRate', 'payments', 10)],
      });
      const capture = await captureEvidence(backends, options);
      expect(capture.startedAt).toBe(NOW - 15 * MIN);
      expect(capture.window.start).toBe(NOW - 20 * MIN);
      expect(readAlertsEvidence(capture.snapshot.parts[0].data)!.firing.map((a) => a.name)).not.toContain('Watchdog');
    });

    it('keeps only the SLOs of the incident\'s services in its evidence', async () => {
      const { backends } = fakeWorld();
      const slo = (name: string, service: string): SloDefinition => ({
        name, service, description: '', objective: 0.99,
        period: { kind: 'rolling', label: '30d', ms: 30 * 86_400_000 },
        budgeting: { method: 'Occurrences' },
        indicator: { kind: 'ratio', numerator: 'bad', numeratorQuery: 'sum(rate(errors_total[{{.window}}]))', totalQuery: 'sum(rate(requests_total[{{.window}}]))' },
        format: 'openslo', source: { file: 'x.yaml', line: 1, column: 1 },
      });
      const capture = await captureEvidence(backends, { ...options, slos: [slo('payments-db-availability', 'payments-db'), slo('search-latency', 'search')] });
      const part = capture.snapshot.parts.find((p) => p.name === 'slo')!;
      expect(part.status).toBe('ok');
      expect((part.data as { slos: { name: string }[] }).slos.map((x) => x.name)).toEqual(['payments-db-availability']);
      expect(part.data).toMatchObject({ leftOut: 1 });
    });

    it('keeps what Prometheus warned about with the SLO part\'s answers (a partial answer)', async () => {
      const { backends } = fakeWorld();
      const warned: CaptureBackends = {
        ...backends,
        prometheus: { ...backends.prometheus, queryVector: async () => ({ samples: [], warnings: ['PromQL info: partial response from store eu-1'] }) },
      };
      const slo: SloDefinition = {
        name: 'payments-db-availability', service: 'payments-db', description: '', objective: 0.99,
        period: { kind: 'rolling', label: '30d', ms: 30 * 86_400_000 },
        budgeting: { method: 'Occurrences' },
        indicator: { kind: 'ratio', numerator: 'bad', numeratorQuery: 'sum(rate(errors_total[{{.window}}]))', totalQuery: 'sum(rate(requests_total[{{.window}}]))' },
        format: 'openslo', source: { file: 'x.yaml', line: 1, column: 1 },
      };
      const capture = await captureEvidence(warned, { ...options, slos: [slo] });
      expect(capture.snapshot.parts.find((p) => p.name === 'slo')?.data).toMatchObject({ warnings: ['PromQL info: partial response from store eu-1'] });
    });

    it('asks the SLO part\'s instant queries together, joined into few requests', async () => {
      const { backends, calls } = fakeWorld();
      const slo = (name: string, service: string): SloDefinition => ({
        name, service, description: '', objective: 0.99,
        period: { kind: 'rolling', label: '30d', ms: 30 * 86_400_000 },
        budgeting: { method: 'Occurrences' },
        indicator: { kind: 'ratio', numerator: 'bad', numeratorQuery: `sum(rate(errors_total{service="${service}"}[{{.window}}]))`, totalQuery: `sum(rate(requests_total{service="${service}"}[{{.window}}]))` },
        format: 'openslo', source: { file: 'x.yaml', line: 1, column: 1 },
      });
      await captureEvidence(backends, { ...options, slos: [slo('payments-db-availability', 'payments-db'), slo('payments-availability', 'payments')] });
      const requests = calls.filter((c) => c.startsWith('prometheus ') && !c.startsWith('prometheus range'));
      const queries = requests.flatMap((r) => r.match(/"obs_batch_query", "\d+"/g) ?? []);
      expect(requests.length).toBeLessThanOrEqual(2);
      expect(queries.length).toBeGreaterThan(10);
    });
  });
});
