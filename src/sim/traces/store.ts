/**
 * The demo world's trace storage: sampled traces laid out in time buckets, generated when asked for and kept in a
 * small cache. Traces exist for the retention window up to now, and a trace is visible once its root has ended.
 */
import type { World } from '../world/world.js';
import { TraceGenerator } from './generate.js';
import { BUCKET_MS, decodeTraceId } from './ids.js';
import { isHttp, operationName, operationsOf, spanKindOf } from './operations.js';
import type { SimSpan, SimTrace, SpanKind } from './span.js';

export const RETENTION_MS = 30 * 86_400_000;
/** Buckets kept generated (about 10 minutes of traces): enough for repeated looks at recent traffic, small enough to stay young for the GC. */
const CACHED_BUCKETS = 64;
/** A search stops after looking at this many traces, as Jaeger's search depth bounds its own work. */
export const SEARCH_BUDGET = 60_000;

export interface TraceSearch {
  /** trace start window, unix µs, [startUs, endUs) */
  startUs: number;
  endUs: number;
  service?: string;
  operation?: string;
  /** span attributes that must all be present on one span of the service (values compared as strings); `error=true` matches failed spans */
  tags?: Record<string, string>;
  minDurationUs?: number;
  maxDurationUs?: number;
  limit: number;
}

export interface Operation {
  name: string;
  spanKind: SpanKind;
}

export interface Dependency {
  parent: string;
  child: string;
  callCount: number;
}

export interface TraceStoreOptions {
  now?: () => number;
  retentionMs?: number;
}

export class TraceStore {
  readonly generator: TraceGenerator;
  private readonly now: () => number;
  private readonly retentionMs: number;
  private readonly cache = new Map<number, SimTrace[]>();
  /** services each entry route's requests can reach */
  private readonly reach: Set<string>[];

  constructor(
    readonly world: World,
    options: TraceStoreOptions = {},
  ) {
    this.generator = new TraceGenerator(world);
    this.now = options.now ?? Date.now;
    this.retentionMs = options.retentionMs ?? RETENTION_MS;
    this.reach = this.generator.entry.routes.map((route) => this.reachable(this.generator.entry.name, route, new Set()));
  }

  private reachable(service: string, route: string, into: Set<string>): Set<string> {
    into.add(service);
    const calls = this.world.services.find((s) => s.name === service)?.calls.find((c) => c.route === route)?.calls ?? [];
    for (const c of calls) this.reachable(c.child, c.childRoute, into);
    return into;
  }

  /** Every sampled trace that started in the bucket, oldest first, whether finished or not. */
  bucketTraces(bucket: number): SimTrace[] {
    const hit = this.cache.get(bucket);
    if (hit) {
      this.cache.delete(bucket);
      this.cache.set(bucket, hit);
      return hit;
    }
    const traces: SimTrace[] = [];
    for (let route = 0; route < this.generator.entry.routes.length; route++) {
      const count = this.generator.slotCount(bucket, route);
      for (let slot = 0; slot < count; slot++) traces.push(this.generator.build({ bucket, route, slot }));
    }
    traces.sort((a, b) => a.startUs - b.startUs);
    if (this.cache.size >= CACHED_BUCKETS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(bucket, traces);
    return traces;
  }

  /** [oldest, newest] µs of trace starts that can be served now. */
  window(): { startUs: number; endUs: number } {
    const now = this.now();
    return { startUs: (now - this.retentionMs) * 1000, endUs: now * 1000 };
  }

  private visible(trace: SimTrace, nowUs: number): boolean {
    return trace.spans[0].endUs <= nowUs && trace.startUs >= nowUs - this.retentionMs * 1000;
  }

  get(traceId: string): SimTrace | undefined {
    const id = traceId.toLowerCase().padStart(32, '0');
    const key = decodeTraceId(this.world.seed, id);
    if (!key || key.route >= this.generator.entry.routes.length) return undefined;
    const nowUs = this.now() * 1000;
    if (key.bucket * BUCKET_MS * 1000 > nowUs) return undefined;
    if (key.slot >= this.generator.slotCount(key.bucket, key.route)) return undefined;
    const cached = this.cache.get(key.bucket)?.find((t) => t.traceId === id);
    const trace = cached ?? this.generator.build(key);
    return this.visible(trace, nowUs) ? trace : undefined;
  }

  /** Matching traces, newest first. */
  search(q: TraceSearch): SimTrace[] {
    const nowUs = this.now() * 1000;
    const window = this.window();
    const startUs = Math.max(q.startUs, window.startUs);
    const endUs = Math.min(q.endUs, nowUs);
    const out: SimTrace[] = [];
    const routes = this.generator.entry.routes.map((_, i) => !q.service || this.reach[i].has(q.service));
    let looked = 0;
    for (let bucket = Math.floor((endUs - 1) / 1000 / BUCKET_MS); bucket * BUCKET_MS * 1000 + BUCKET_MS * 1000 > startUs; bucket--) {
      const traces = this.bucketTraces(bucket);
      for (let i = traces.length - 1; i >= 0; i--) {
        const t = traces[i];
        if (t.startUs < startUs || t.startUs >= endUs || !this.visible(t, nowUs)) continue;
        if (!routes[this.generator.entry.routes.indexOf(t.route)]) continue;
        if (matches(t, q)) out.push(t);
        if (out.length >= q.limit) return out;
      }
      looked += traces.length;
      if (looked >= SEARCH_BUDGET) break;
    }
    return out;
  }

  services(): string[] {
    return this.world.services.map((s) => s.name).sort();
  }

  operations(service: string): Operation[] {
    const info = this.world.services.find((s) => s.name === service);
    if (!info) return [];
    const callers = this.world.services.flatMap((s) => s.calls.flatMap((r) => r.calls.filter((c) => c.child === service)));
    const maxCalls = Math.max(1, ...callers.map((c) => c.count));
    const names = isHttp(info.kind) ? info.routes.map((r) => operationName(info.kind, service, r)) : operationsOf(info.kind, service, info.routes, maxCalls);
    const ops: Operation[] = names.map((name) => ({ name, spanKind: spanKindOf(info.kind) }));
    const callsCache = info.calls.some((r) => r.calls.some((c) => this.world.services.find((s) => s.name === c.child)?.kind === 'cache'));
    if (callsCache) ops.push({ name: 'rebuild cart', spanKind: 'internal' });
    return ops.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Calls between services in (endMs - lookbackMs, endMs], from the model's traffic (every request, not only sampled ones). */
  dependencies(endMs: number, lookbackMs: number): Dependency[] {
    const stepMs = 300_000;
    const counts = new Map<string, Dependency>();
    const from = Math.max(endMs - lookbackMs, this.now() - this.retentionMs);
    const to = Math.min(endMs, this.now());
    for (let t = Math.floor(from / stepMs) * stepMs; t < to; t += stepMs) {
      const seconds = (Math.min(t + stepMs, to) - Math.max(t, from)) / 1000;
      if (seconds <= 0) continue;
      for (const s of this.world.services) {
        const moment = this.generator.rates.at(s.name, t);
        for (const { route, calls } of s.calls) {
          const rps = moment.routes.get(route)?.rps ?? 0;
          for (const c of calls) {
            const key = `${s.name}\u0000${c.child}`;
            const d = counts.get(key) ?? { parent: s.name, child: c.child, callCount: 0 };
            d.callCount += rps * c.count * seconds;
            counts.set(key, d);
          }
        }
      }
    }
    return [...counts.values()].map((d) => ({ ...d, callCount: Math.round(d.callCount) })).filter((d) => d.callCount > 0);
  }
}

function durationUs(t: SimTrace): number {
  return t.spans[0].endUs - t.spans[0].startUs;
}

function matches(t: SimTrace, q: TraceSearch): boolean {
  const d = durationUs(t);
  if (q.minDurationUs !== undefined && d < q.minDurationUs) return false;
  if (q.maxDurationUs !== undefined && d > q.maxDurationUs) return false;
  if (!q.service && !q.operation && !q.tags) return true;
  return t.spans.some((s) => spanMatches(s, q));
}

function spanMatches(s: SimSpan, q: TraceSearch): boolean {
  if (q.service && s.service !== q.service) return false;
  if (q.operation && s.name !== q.operation) return false;
  for (const [k, v] of Object.entries(q.tags ?? {})) {
    if (k === 'error') {
      if (String(s.failure !== undefined) !== v) return false;
    } else if (k === 'span.kind') {
      if (s.kind !== v) return false;
    } else if (String(s.attributes[k]) !== v) return false;
  }
  return true;
}
