/**
 * Builds one sampled request as a trace by walking the call graph with the model's numbers at that instant:
 * each span's duration is drawn from its route's latency distribution, calls that outlast the caller's timeout
 * are cut and fail the caller, own faults and pool exhaustion happen at the model's rates, and a failure
 * travels up to the root. The same key always gives the same trace.
 */
import { hash32, hashInts01 } from '../world/random.js';
import { INFERENCE_MODELS } from '../world/topology.js';
import type { ServiceInfo, World } from '../world/world.js';
import { BUCKET_MS, MAX_ROUTES, MAX_SLOTS, spanIdOf, traceIdOf, type TraceKey } from './ids.js';
import { dbStatement, httpMethod, isHttp, operationName, spanKindOf } from './operations.js';
import { Rates, type ServiceMoment } from './rates.js';
import { failureMessage, type AttributeValue, type Failure, type SimSpan, type SimTrace } from './span.js';

/** Sampled traces per second for each entry route at its typical traffic (more at peak, fewer at night). */
export const TRACES_PER_ROUTE_PER_SECOND = 0.15;
/** No request outlives this: the edge answers 504 (keeps every trace inside the bucket after its own). */
export const EDGE_TIMEOUT_MS = 9_000;
const USERS = 5_000;
const MISS_PENALTY_MS = 45;

const BASELINE_ERRORS: Record<string, string[]> = {
  database: ['deadlock detected', 'could not serialize access due to concurrent update'],
  cache: ['LOADING Redis is loading the dataset in memory'],
  queue: ['channel closed by server: 406 PRECONDITION_FAILED'],
  default: ['internal error: connection reset by peer', 'internal error: unexpected EOF'],
};

export class TraceGenerator {
  readonly entry: ServiceInfo;
  readonly rates: Rates;
  private readonly sampling: number[];
  private readonly kinds: Map<string, ServiceInfo['kind']>;

  constructor(readonly world: World) {
    this.rates = new Rates(world);
    const entry = world.services.find((s) => s.kind === 'edge');
    if (!entry) throw new Error('the world has no edge service');
    if (entry.routes.length > MAX_ROUTES) throw new Error('too many entry routes');
    this.entry = entry;
    this.kinds = new Map(world.services.map((s) => [s.name, s.kind]));
    // Sampling probability per route: the target rate over the route's mean traffic across one day.
    const day = Math.floor(world.scenario.onsetMs / 86_400_000) * 86_400_000 - 7 * 86_400_000;
    this.sampling = entry.routes.map((route) => {
      let sum = 0;
      for (let h = 0; h < 24; h++) sum += this.rates.at(entry.name, day + h * 3_600_000).routes.get(route)!.rps;
      return TRACES_PER_ROUTE_PER_SECOND / Math.max(sum / 24, TRACES_PER_ROUTE_PER_SECOND);
    });
  }

  get seed(): number {
    return this.world.seed;
  }

  /** How many requests on entry route `route` were sampled in `bucket`. */
  slotCount(bucket: number, route: number): number {
    const rps = this.rates.at(this.entry.name, bucket * BUCKET_MS).routes.get(this.entry.routes[route])!.rps;
    const expected = rps * (BUCKET_MS / 1000) * this.sampling[route];
    return Math.min(MAX_SLOTS, Math.floor(expected + hashInts01(hash32(this.seed, 0x5107), bucket, route)));
  }

  startUsOf(key: TraceKey): number {
    const offset = Math.floor(hashInts01(hash32(this.seed, 0x0ff5, key.route), key.bucket, key.slot) * BUCKET_MS * 1000);
    return key.bucket * BUCKET_MS * 1000 + offset;
  }

  build(key: TraceKey): SimTrace {
    const route = this.entry.routes[key.route];
    const random = hash32(this.seed, 0x7ace, key.bucket, key.route, key.slot);
    const b = new Builder(this, key, random);
    const startUs = this.startUsOf(key);
    const root = b.request(this.entry.name, route, startUs, undefined, 0);
    if (root.endUs - startUs > EDGE_TIMEOUT_MS * 1000) {
      b.cut(1, startUs + EDGE_TIMEOUT_MS * 1000);
      root.endUs = startUs + EDGE_TIMEOUT_MS * 1000;
      root.failure = { kind: 'own', message: `request timed out after ${EDGE_TIMEOUT_MS}ms` };
      root.status = 504;
      b.describeFailure(root);
    }
    return { traceId: traceIdOf(this.seed, key), startUs, route, userId: b.userId, spans: b.spans };
  }

  kindOf(service: string): ServiceInfo['kind'] {
    return this.kinds.get(service)!;
  }
}

class Builder {
  readonly spans: SimSpan[] = [];
  readonly userId: string;
  private draws = 0;
  private readonly tMs: number;

  constructor(
    private readonly gen: TraceGenerator,
    private readonly key: TraceKey,
    private readonly random: number,
  ) {
    this.tMs = key.bucket * BUCKET_MS;
    this.userId = `user-${String(Math.floor(this.u() * USERS)).padStart(4, '0')}`;
  }

  private u(): number {
    return hashInts01(this.random, this.draws++);
  }

  /** Log-normal latency in µs: p50 * exp(sigma * z), z from Box-Muller. */
  private latencyUs(p50Ms: number, sigma: number): number {
    const z = Math.sqrt(-2 * Math.log(1 - this.u())) * Math.cos(2 * Math.PI * this.u());
    return Math.max(1, Math.round(p50Ms * Math.exp(sigma * z) * 1000));
  }

  private pick<T>(xs: T[]): T {
    return xs[Math.floor(this.u() * xs.length)];
  }

  /** Simulate `service` serving `route` from startUs; the span and its subtree are appended to `spans`. */
  request(service: string, route: string, startUs: number, parent: SimSpan | undefined, callIndex: number): SimSpan {
    const m = this.gen.rates.at(service, this.tMs);
    const rr = m.routes.get(route)!;
    const span: SimSpan = {
      spanId: spanIdOf(this.gen.seed, this.key, this.spans.length),
      parentSpanId: parent?.spanId,
      service,
      pod: this.pick(m.pods),
      version: m.version,
      route,
      name: operationName(m.kind, service, route, callIndex),
      kind: spanKindOf(m.kind),
      startUs,
      endUs: startUs,
      attributes: {},
    };
    this.spans.push(span);
    this.describe(span, m, callIndex);
    const durationUs = this.latencyUs(rr.dist.p50, rr.dist.sigma);
    let cursor = startUs + Math.max(20, Math.round(durationUs * (0.03 + 0.07 * this.u())));
    let failure: Failure | undefined;
    if (this.u() < rr.ownErr) {
      failure = { kind: 'own', message: this.ownFailure(service, m) };
    } else {
      failure = this.callDownstream(span, cursor, (c) => (cursor = c));
    }
    if (failure) {
      span.failure = failure;
      span.endUs = cursor + Math.round(200 + this.u() * 1800);
    } else {
      span.endUs = Math.max(startUs + durationUs, cursor + Math.round(50 + this.u() * 500));
    }
    if (isHttp(m.kind)) span.status = failure ? (failure.kind === 'own' ? 500 : 503) : this.okStatus(service, route);
    this.describeFailure(span);
    return span;
  }

  /** Make the route's calls in order; stops at the first failure, which it returns. */
  private callDownstream(span: SimSpan, start: number, advance: (cursor: number) => void): Failure | undefined {
    let cursor = start;
    try {
      for (const plan of this.gen.rates.calls(span.service, span.route, this.tMs)) {
        for (let i = 0; i < plan.count; i++) {
          if (plan.poolFailure > 0 && this.u() < plan.poolFailure) {
            const waitedMs = plan.timeoutMs > 0 ? plan.timeoutMs : 1000;
            cursor += waitedMs * 1000;
            return { kind: 'pool', peer: plan.child, waitedMs };
          }
          const index = this.spans.length;
          const child = this.request(plan.child, plan.childRoute, cursor, span, i);
          if (plan.timeoutMs > 0 && child.endUs - cursor > plan.timeoutMs * 1000) {
            cursor += plan.timeoutMs * 1000;
            this.cut(index, cursor);
            return { kind: 'timeout', peer: plan.child, timeoutMs: plan.timeoutMs };
          }
          cursor = child.endUs;
          if (child.failure) {
            const detail = child.status
              ? `upstream ${plan.child} returned ${child.status}`
              : `${plan.child} error: ${failureMessage(child.failure)}`;
            return { kind: 'upstream', peer: plan.child, status: child.status ?? 503, detail };
          }
          if (child.attributes['cache.hit'] === false) cursor = this.rebuildAfterMiss(span, cursor);
          cursor += Math.round(30 + this.u() * 300);
        }
      }
      return undefined;
    } finally {
      advance(cursor);
    }
  }

  /** A cache miss: the caller rebuilds the value itself, visible as an internal span. */
  private rebuildAfterMiss(parent: SimSpan, startUs: number): number {
    const durationUs = this.latencyUs(MISS_PENALTY_MS, 0.3);
    this.spans.push({
      spanId: spanIdOf(this.gen.seed, this.key, this.spans.length),
      parentSpanId: parent.spanId,
      service: parent.service,
      pod: parent.pod,
      version: parent.version,
      route: parent.route,
      name: 'rebuild cart',
      kind: 'internal',
      startUs,
      endUs: startUs + durationUs,
      attributes: { 'cache.key': `cart:${this.userId}` },
    });
    return startUs + durationUs;
  }

  /** The caller gave up at `atUs`: spans from `index` on that are still running end there, canceled. */
  cut(index: number, atUs: number): void {
    const kept = this.spans.slice(0, index);
    for (const s of this.spans.slice(index)) {
      if (s.startUs >= atUs) continue;
      if (s.endUs > atUs) {
        s.endUs = atUs;
        s.failure ??= { kind: 'canceled', afterMs: Math.round((atUs - s.startUs) / 1000) };
        if (s.status !== undefined) s.status = 499;
        this.describeFailure(s);
      }
      kept.push(s);
    }
    this.spans.length = 0;
    this.spans.push(...kept);
  }

  private okStatus(service: string, route: string): number {
    return service === this.gen.entry.name && route === '/product' && this.u() < 0.004 ? 404 : 200;
  }

  private ownFailure(service: string, m: ServiceMoment): string {
    return this.gen.rates.symptom(service, this.tMs) ?? this.pick(BASELINE_ERRORS[m.kind] ?? BASELINE_ERRORS.default);
  }

  private describe(span: SimSpan, m: ServiceMoment, callIndex: number): void {
    const a: Record<string, AttributeValue> = span.attributes;
    if (isHttp(m.kind)) {
      a['http.request.method'] = httpMethod(span.route);
      a['http.route'] = span.route;
      a['url.path'] = span.route === '/product' ? `/product/${1000 + Math.floor(this.u() * 400)}` : span.route;
      if (span.service === this.gen.entry.name) a['enduser.id'] = this.userId;
    }
    if (m.kind === 'database') {
      const { op, statement } = dbStatement(callIndex);
      Object.assign(a, { 'db.system': 'postgresql', 'db.namespace': span.service.replace(/-db$/, ''), 'db.operation.name': op, 'db.query.text': statement, 'server.address': span.service });
    } else if (m.kind === 'cache') {
      Object.assign(a, { 'db.system': 'redis', 'db.operation.name': span.route, 'db.query.text': `${span.route} cart:${this.userId}`, 'cache.hit': this.u() < m.hitRatio });
    } else if (m.kind === 'queue') {
      Object.assign(a, { 'messaging.system': 'rabbitmq', 'messaging.destination.name': 'orders', 'messaging.operation.type': span.route });
    } else if (m.kind === 'inference') {
      let x = this.u();
      const model = INFERENCE_MODELS.find((mm) => (x -= mm.share) < 0) ?? INFERENCE_MODELS[0];
      Object.assign(a, { 'gen_ai.request.model': model.model, 'gen_ai.usage.input_tokens': model.promptTokens, 'gen_ai.usage.output_tokens': model.completionTokens });
    }
    if (span.route === '/charge') Object.assign(a, { 'payment.amount': Math.round(500 + this.u() * 20_000) / 100, 'payment.currency': 'EUR' });
    if (span.route === '/checkout' && span.service !== this.gen.entry.name) a['order.id'] = `ord-${100_000_000 + Math.floor(this.u() * 9e8)}`;
  }

  describeFailure(span: SimSpan): void {
    if (span.status !== undefined) span.attributes['http.response.status_code'] = span.status;
    if (span.failure) span.attributes['error.type'] = span.failure.kind === 'own' ? (span.status === 504 ? 'timeout' : 'internal') : span.failure.kind;
  }
}
