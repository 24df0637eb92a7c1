import { describe, expect, it } from 'vitest';
import { eventsOf } from '../../src/sim/analytics/index.js';
import { logsOf } from '../../src/sim/logs/index.js';
import { tracesOf, failureMessage, type SimTrace } from '../../src/sim/traces/index.js';
import { createWorld } from '../../src/sim/world/world.js';
import { clock, HOUR, incidentWorld, MIN, NOW } from './harness.js';

const world = incidentWorld();
const traces = tracesOf(world, clock);
const logs = logsOf(world, clock);

function lines(service: string, fromMs: number, toMs: number) {
  return [...logs.read(logs.streams().filter((s) => s.service_name === service), fromMs * 1000, toMs * 1000, 'forward')];
}

const TRACE_ID = /trace_id=([0-9a-f]{32})/;

describe('traces of the demo world', () => {
  const sample = traces.search({ startUs: (NOW - 10 * MIN) * 1000, endUs: NOW * 1000, limit: 200 });

  it('are sampled requests entering at the edge, newest first, with OTel-sized IDs', () => {
    expect(sample.length).toBe(200);
    for (let i = 1; i < sample.length; i++) expect(sample[i - 1].startUs).toBeGreaterThanOrEqual(sample[i].startUs);
    for (const t of sample) {
      expect(t.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(t.spans[0].service).toBe('frontend');
      expect(t.spans[0].parentSpanId).toBeUndefined();
      for (const s of t.spans) expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('follow the call graph: every parent exists and encloses its children', () => {
    const edges = new Set(world.edges.map((e) => `${e.parent}>${e.child}`));
    for (const t of sample) {
      const byId = new Map(t.spans.map((s) => [s.spanId, s]));
      for (const s of t.spans.slice(1)) {
        const parent = byId.get(s.parentSpanId!)!;
        expect(parent).toBeDefined();
        if (parent.service !== s.service) expect(edges.has(`${parent.service}>${s.service}`)).toBe(true);
        expect(s.startUs).toBeGreaterThanOrEqual(parent.startUs);
        expect(s.endUs).toBeLessThanOrEqual(parent.endUs);
      }
    }
  });

  it('can be fetched by ID alone, and only those that exist', () => {
    for (const t of sample.slice(0, 20)) expect(tracesOf(createWorld({ seed: 7, scenario: 'payments-db-latency', onsetMs: NOW - 40 * MIN }), clock).get(t.traceId)).toEqual(t);
    expect(traces.get('0123456789abcdef0123456789abcdef')).toBeUndefined();
    const other = tracesOf(incidentWorld(8), clock);
    expect(other.get(sample[0].traceId)).toBeUndefined();
  });

  it('show the slow database: payments-db spans are far longer at the peak than two hours before', () => {
    const dbMillis = (list: SimTrace[]) =>
      list.flatMap((t) => t.spans.filter((s) => s.service === 'payments-db').map((s) => (s.endUs - s.startUs) / 1000)).sort((a, b) => a - b);
    const peak = dbMillis(traces.search({ startUs: (NOW - 10 * MIN) * 1000, endUs: NOW * 1000, service: 'payments-db', limit: 60 }));
    const before = dbMillis(traces.search({ startUs: (NOW - 3 * HOUR) * 1000, endUs: (NOW - 2 * HOUR) * 1000, service: 'payments-db', limit: 60 }));
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
    expect(median(peak)).toBeGreaterThan(20 * median(before));
  });

  it('mark the failing span and its ancestors as errors', () => {
    const failed = traces.search({ startUs: (NOW - 10 * MIN) * 1000, endUs: NOW * 1000, service: 'payments', tags: { error: 'true' }, limit: 30 });
    expect(failed.length).toBe(30);
    for (const t of failed) {
      const byId = new Map(t.spans.map((s) => [s.spanId, s]));
      const deepest = t.spans.filter((s) => s.failure && s.failure.kind !== 'canceled' && !t.spans.some((c) => c.parentSpanId === s.spanId && c.failure && c.failure.kind !== 'canceled'));
      expect(deepest.length).toBeGreaterThan(0);
      for (let s = deepest[0]; s.parentSpanId; s = byId.get(s.parentSpanId)!) expect(byId.get(s.parentSpanId)!.failure).toBeDefined();
      expect(t.spans[0].status).toBeGreaterThanOrEqual(500);
    }
  });
});

describe('logs of the demo world', () => {
  it('are written in each service\'s own style at tens of lines per minute', () => {
    const window = [NOW - 3 * HOUR, NOW - 3 * HOUR + 10 * MIN] as const;
    const styles: Record<string, RegExp> = {
      frontend: /^\{"time":"\d{4}-\d\d-\d\dT[\d:.]+Z","level":"\w+",/,
      checkout: /^ts=\S+ level=(info|warn|error) msg=/,
      auth: /^ts=\S+ level=\w+ msg=/,
      cart: /^time=\S+ level=(INFO|WARN|ERROR) msg=/,
      payments: /^\d{4}-\d\d-\d\d [\d:.]+ (INFO |WARN |ERROR) \[[^\]]+\] \w+ - /,
      'payments-db': /^\d{4}-\d\d-\d\d [\d:.]+ UTC \[\d+\] (LOG|ERROR|WARNING):  /,
      inference: /^\d{4}-\d\d-\d\d [\d:,]+ (INFO|ERROR) [\w.]+: /,
    };
    for (const [service, style] of Object.entries(styles)) {
      const got = lines(service, ...window);
      for (const l of got) expect(l.line).toMatch(style);
      if (['frontend', 'checkout', 'auth', 'payments'].includes(service)) {
        expect(got.length / 10, service).toBeGreaterThan(5);
        expect(got.length / 10, service).toBeLessThan(200);
      }
    }
  });

  it('are labelled {service, level, namespace, pod} with the level of the line, plus Loki 3\'s service_name', () => {
    for (const l of lines('checkout', NOW - 5 * MIN, NOW)) {
      expect(Object.keys(l.stream).sort()).toEqual(['level', 'namespace', 'pod', 'service', 'service_name']);
      expect(l.stream.namespace).toBe('shop');
      expect(l.stream.pod).toMatch(/^checkout-\d$/);
      expect(l.line).toContain(`level=${l.stream.level}`);
    }
  });

  it('of the OpenTelemetry-instrumented services are labelled as a Kubernetes log shipper does (app, container)', () => {
    const got = lines('auth', NOW - 5 * MIN, NOW);
    expect(got.length).toBeGreaterThan(0);
    for (const l of got) expect(l.stream).toEqual({ app: 'auth', container: 'auth', level: l.stream.level, namespace: 'shop', pod: l.stream.pod, service_name: 'auth' });
  });

  it('are identical for the same seed and time, and differ for another seed', () => {
    const again = logsOf(incidentWorld(), clock);
    const a = lines('payments', NOW - 5 * MIN, NOW).map((l) => l.line);
    const b = [...again.read(again.streams().filter((s) => s.service === 'payments'), (NOW - 5 * MIN) * 1000, NOW * 1000, 'forward')].map((l) => l.line);
    expect(b).toEqual(a);
    const other = logsOf(incidentWorld(8), clock);
    const c = [...other.read(other.streams().filter((s) => s.service === 'payments'), (NOW - 5 * MIN) * 1000, NOW * 1000, 'forward')].map((l) => l.line);
    expect(c).not.toEqual(a);
  });

  it('show a NEW payments error pattern during the incident whose trace IDs lead to error spans in payments or payments-db', () => {
    const isNew = (line: string) => /ERROR .*(timeout after \d+ms talking to payments-db|Connection is not available)/.test(line);
    expect(lines('payments', NOW - 3 * HOUR, NOW - 2 * HOUR).filter((l) => isNew(l.line))).toEqual([]);
    const during = lines('payments', NOW - 10 * MIN, NOW).filter((l) => isNew(l.line));
    expect(during.length).toBeGreaterThan(10);
    for (const l of during) {
      const id = TRACE_ID.exec(l.line)![1];
      const trace = traces.get(id)!;
      expect(trace, id).toBeDefined();
      const failed = trace.spans.filter((s) => s.failure && (s.service === 'payments' || s.service === 'payments-db'));
      expect(failed.length).toBeGreaterThan(0);
      const failure = failed.find((s) => s.service === 'payments')!.failure!;
      if (failure.kind === 'pool') expect(l.line).toContain(`Connection is not available, request timed out after ${failure.waitedMs}ms`);
      else expect(l.line).toContain(failureMessage(failure));
    }
  });

  it('checkout reports the upstream failure with the trace ID of its error span', () => {
    const upstream = lines('checkout', NOW - 10 * MIN, NOW).filter((l) => l.line.includes('msg="upstream payments returned 503"'));
    expect(upstream.length).toBeGreaterThan(3);
    for (const l of upstream) {
      const trace = traces.get(TRACE_ID.exec(l.line)![1])!;
      const span = trace.spans.find((s) => l.line.includes(`span_id=${s.spanId}`))!;
      expect(span.service).toBe('checkout');
      expect(span.failure).toMatchObject({ kind: 'upstream', peer: 'payments' });
      expect(span.endUs).toBe(l.tsUs);
    }
  });

  it('the broken database complains about locks only while the fault is on', () => {
    const locks = (from: number, to: number) => lines('payments-db', from, to).filter((l) => l.line.includes('still waiting for ShareLock'));
    expect(locks(NOW - 3 * HOUR, NOW - 2 * HOUR)).toEqual([]);
    expect(locks(NOW - 10 * MIN, NOW).length).toBeGreaterThan(50);
  });

  it('do not exist in the future or beyond 30 days', () => {
    expect(lines('frontend', NOW, NOW + HOUR)).toEqual([]);
    expect(lines('frontend', NOW - 31 * 24 * HOUR, NOW - 30 * 24 * HOUR - MIN)).toEqual([]);
    expect(lines('frontend', NOW - 29 * 24 * HOUR, NOW - 29 * 24 * HOUR + MIN).length).toBeGreaterThan(0);
  });
});

describe('product events of the demo world', () => {
  it('complete fewer checkouts while payments fail', () => {
    const events = eventsOf(world, clock);
    const ratio = (from: number, to: number) => {
      let started = 0;
      let completed = 0;
      for (const e of events.between(from, to)) {
        if (e.type === 'checkout_started') started++;
        if (e.type === 'checkout_completed') completed++;
      }
      return { started, completed, ratio: completed / started };
    };
    const before = ratio(NOW - 4 * HOUR, NOW - 2 * HOUR);
    const during = ratio(NOW - 30 * MIN, NOW);
    expect(before.started).toBeGreaterThan(50);
    expect(before.ratio).toBeGreaterThan(0.8);
    expect(during.ratio).toBeLessThan(before.ratio - 0.15);
  });

  it('calm has no incident: the same completion ratio all day', () => {
    const calm = eventsOf(createWorld({ seed: 7, scenario: 'calm', onsetMs: NOW - 40 * MIN }), clock);
    let started = 0;
    let completed = 0;
    for (const e of calm.between(NOW - 30 * MIN, NOW)) {
      if (e.type === 'checkout_started') started++;
      if (e.type === 'checkout_completed') completed++;
    }
    expect(completed / started).toBeGreaterThan(0.8);
  });
});
