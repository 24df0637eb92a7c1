/**
 * The demo world's logs, served as a LogSource for the LogQL engine. Lines are made per service and per
 * 10-second bucket when asked for: one line per request span (from the sampled traces, so logs and traces share
 * IDs), background lines, the broken component's own complaints while the fault is on, and startup lines after
 * each restart. Lines exist for the retention window up to now.
 */
import { OTEL_SERVICES } from '../world/topology.js';
import type { Labels } from '../logql/ast.js';
import type { Direction, LogSource, SourceEntry } from '../logql/source.js';
import { hash32, hashInts01 } from '../world/random.js';
import { BUCKET_MS } from '../traces/ids.js';
import { RETENTION_MS, type TraceStore } from '../traces/store.js';
import { styleOf, type Background, type Draw, type Level } from './styles.js';

export const NAMESPACE = 'shop';
const BUCKET_US = BUCKET_MS * 1000;
/** service buckets kept generated: about the last hour of every service, for dashboards that refresh */
const CACHED_BUCKETS = 4_000;
const STARTUP_STAGGER_US = 20_000_000;

export interface LogLine {
  tsUs: number;
  line: string;
  stream: Labels;
  /** The stream's labels and the entry's `detected_level`, as Loki 3 returns them. */
  labels: Labels;
}

/** A stream and the labels of its entries. */
interface StreamLabels {
  stream: Labels;
  labels: Labels;
}

export interface WorldLogsOptions {
  now?: () => number;
  retentionMs?: number;
}

export class WorldLogs implements LogSource {
  private readonly now: () => number;
  private readonly retentionMs: number;
  private readonly streamsByKey = new Map<string, StreamLabels>();
  private readonly allStreams: Labels[] = [];
  private readonly cache = new Map<string, LogLine[]>();

  constructor(
    private readonly traces: TraceStore,
    options: WorldLogsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.retentionMs = options.retentionMs ?? RETENTION_MS;
    for (const s of traces.world.services) {
      for (const pod of s.instanceNames) {
        for (const level of styleOf(s.name).levels) {
          const labels: Labels = { level, namespace: NAMESPACE, pod, ...streamIdentity(s.name) };
          // A stream with a level label gets it as its detected level (checked against Loki 3.4).
          this.streamsByKey.set(`${s.name}\u0000${pod}\u0000${level}`, { stream: labels, labels: { ...labels, detected_level: level } });
          this.allStreams.push(labels);
        }
      }
    }
  }

  private stream(service: string, pod: string, level: Level): StreamLabels {
    const labels = this.streamsByKey.get(`${service}\u0000${pod}\u0000${level}`);
    if (!labels) throw new Error(`${service} logged at level ${level}, which its style does not declare`);
    return labels;
  }

  /** [startUs, endUs) of the lines that can be served now. */
  window(): { startUs: number; endUs: number } {
    const now = this.now();
    return { startUs: (now - this.retentionMs) * 1000, endUs: now * 1000 + 1 };
  }

  streams(): Labels[] {
    return this.allStreams;
  }

  *read(streams: Labels[], startUs: number, endUs: number, direction: Direction): Iterable<SourceEntry> {
    const window = this.window();
    const from = Math.max(startUs, window.startUs);
    const to = Math.min(endUs, window.endUs);
    if (from >= to) return;
    const wanted = new Set(streams);
    const services = [...new Set(streams.map((s) => s.service_name!))];
    const first = Math.floor(from / BUCKET_US);
    const last = Math.floor((to - 1) / BUCKET_US);
    const forward = direction === 'forward';
    // Long scans go around the cache: they would only evict what recent, repeated queries use.
    const cache = (last - first + 1) * services.length <= CACHED_BUCKETS;
    for (let b = forward ? first : last; forward ? b <= last : b >= first; b += forward ? 1 : -1) {
      const lines: LogLine[] = [];
      for (const service of services) {
        for (const l of this.bucketLines(service, b, cache)) if (l.tsUs >= from && l.tsUs < to && wanted.has(l.stream)) lines.push(l);
      }
      if (services.length > 1) lines.sort(byTime);
      if (forward) yield* lines;
      else for (let i = lines.length - 1; i >= 0; i--) yield lines[i];
    }
  }

  /** Every line the service wrote in the bucket, oldest first. */
  bucketLines(service: string, bucket: number, cache = true): LogLine[] {
    const key = `${service}\u0000${bucket}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const lines = this.generate(service, bucket);
    if (cache) {
      if (this.cache.size >= CACHED_BUCKETS) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, lines);
    }
    return lines;
  }

  private generate(service: string, bucket: number): LogLine[] {
    const style = styleOf(service);
    const startUs = bucket * BUCKET_US;
    const endUs = startUs + BUCKET_US;
    const seed = this.traces.world.seed;
    const info = this.traces.world.services.find((s) => s.name === service)!;
    const lines: LogLine[] = [];
    const add = (tsUs: number, pod: string, level: Level, line: string) => {
      if (tsUs >= startUs && tsUs < endUs) lines.push({ tsUs, line, ...this.stream(service, pod, level) });
    };

    // Requests: a trace ends at most EDGE_TIMEOUT (< one bucket) after it starts, so the previous bucket suffices.
    if (style.request) {
      for (const b of [bucket - 1, bucket]) {
        for (const trace of this.traces.bucketTraces(b)) {
          trace.spans.forEach((span, i) => {
            if (span.service !== service || span.kind === 'internal' || span.endUs < startUs || span.endUs >= endUs) return;
            const r = style.request!(span, trace, draws(hash32(seed, 0x1065, trace.startUs, i)));
            if (r) add(span.endUs, span.pod, r.level, r.line);
          });
        }
      }
    }

    // Background occurrences span a few seconds at most, so the previous bucket's may reach into this one.
    const strength = (b: number) =>
      this.traces.world.scenario.rootCause === service ? this.traces.generator.rates.strength(b * BUCKET_MS) : 0;
    const emit = (kinds: Background[], b: number, scale: number, salt: number) => {
      kinds.forEach((kind, k) => {
        const key = hash32(seed, 0xb6, service, salt, k);
        const expected = (kind.perMinute * scale * BUCKET_MS) / 60_000;
        const count = Math.floor(expected + hashInts01(key, b, -1));
        for (let i = 0; i < count; i++) {
          const u = draws(hash32(key, b, i));
          const ts = b * BUCKET_US + Math.floor(u() * BUCKET_US);
          const pod = info.instanceNames[Math.floor(u() * info.instanceNames.length)];
          for (const r of kind.render(ts, u)) add(r.tsUs, pod, r.level, r.line);
        }
      });
    };
    for (const b of [bucket - 1, bucket]) {
      emit(style.background, b, 1, 0);
      const s = style.incident ? strength(b) : 0;
      if (s > 0) emit(style.incident!, b, s, 1);
    }

    // Pods come up one after another, STARTUP_STAGGER apart, after a restart.
    const lookbackMs = STARTUP_STAGGER_US * info.instanceNames.length / 1000 + 2_000;
    for (const atMs of this.traces.world.restartsBetween(service, startUs / 1000 - lookbackMs, (endUs - 1) / 1000)) {
      const version = this.traces.world.stateAt(service, atMs).version;
      info.instanceNames.forEach((pod, i) => {
        const ts = atMs * 1000 + 1_500_000 + i * STARTUP_STAGGER_US;
        const r = style.startup(ts, version);
        add(ts, pod, r.level, r.line);
      });
    }
    return lines.sort(byTime);
  }
}

function byTime(a: LogLine, b: LogLine): number {
  return a.tsUs - b.tsUs || (a.line < b.line ? -1 : a.line > b.line ? 1 : 0);
}

function draws(key: number): Draw {
  let n = 0;
  return () => hashInts01(key, n++);
}

/**
 * How a stream names its service. The OpenTelemetry-instrumented services ship their logs the way a
 * Kubernetes log shipper labels them (`app`, `container`), the others with a `service` label; Loki 3
 * adds `service_name` to every stream either way.
 */
function streamIdentity(service: string): Labels {
  const own: Labels = OTEL_SERVICES.includes(service) ? { app: service, container: service } : { service };
  return { ...own, service_name: service };
}
