/**
 * Pure normalisers from the two Jaeger HTTP surfaces into the obs trace model:
 * - api_v3 (OTLP/JSON): `{result: {resourceSpans: [...]}}`, times as nanosecond decimal strings,
 *   `intValue` as a string, `kind` and `status.code` as enums;
 * - the internal v1 JSON API: `{data: [trace]}`, times in microseconds, services through a
 *   `processes` map, parents through `references` (CHILD_OF / FOLLOWS_FROM).
 * Unknown fields are ignored; spans without IDs are skipped.
 */
import type { AttributeValue, DependencyEdge, Span, SpanEvent, SpanKind, SpanStatus, Trace } from './model.js';
import { isRecord } from '../json/record.js';

type Json = Record<string, unknown>;

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const UNKNOWN_SERVICE = 'unknown';
const KINDS: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/** An int64 that may arrive as a decimal string: a number when JS can hold it exactly, else the string. */
function int64(v: unknown): number | string | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

/** Nanoseconds (decimal string or number) to whole microseconds, without losing precision on the way. */
function nanosToMicros(v: unknown): number | undefined {
  if (typeof v === 'number') return Math.floor(v / 1000);
  if (typeof v !== 'string' || !/^\d+$/.test(v)) return undefined;
  return v.length <= 3 ? 0 : Number(v.slice(0, -3));
}

function httpStatus(attributes: Record<string, AttributeValue>): number | undefined {
  const v = attributes['http.response.status_code'] ?? attributes['http.status_code'];
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * A span failed when its status says so, when it carries the `error=true` tag, or when it answered
 * (or got) an HTTP status >= 500. An explicit OK status wins over the tags, as in OpenTelemetry.
 */
function deriveStatus(explicit: SpanStatus, attributes: Record<string, AttributeValue>): SpanStatus {
  if (explicit !== 'unset') return explicit;
  const error = attributes['error'];
  if (error === true || error === 'true') return 'error';
  const http = httpStatus(attributes);
  if (http !== undefined && http >= 500) return 'error';
  return 'unset';
}

// ---------------------------------------------------------------------------------------------
// api_v3 / OTLP JSON

function otlpValue(value: unknown): AttributeValue | undefined {
  if (!isRecord(value)) return undefined;
  if ('stringValue' in value) return String(value.stringValue);
  if ('boolValue' in value) return value.boolValue === true || value.boolValue === 'true';
  if ('intValue' in value) return int64(value.intValue);
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('bytesValue' in value) return String(value.bytesValue);
  if ('arrayValue' in value) {
    const values = asArray(isRecord(value.arrayValue) ? value.arrayValue.values : undefined);
    return JSON.stringify(values.map(otlpValue));
  }
  if ('kvlistValue' in value) {
    const values = asArray(isRecord(value.kvlistValue) ? value.kvlistValue.values : undefined);
    return JSON.stringify(otlpAttributes(values));
  }
  return undefined;
}

function otlpAttributes(list: unknown): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const item of asArray(list)) {
    if (!isRecord(item) || typeof item.key !== 'string') continue;
    const v = otlpValue(item.value);
    if (v !== undefined) out[item.key] = v;
  }
  return out;
}

function otlpKind(kind: unknown): SpanKind {
  if (typeof kind === 'number') return KINDS[kind] ?? 'unspecified';
  if (typeof kind === 'string') {
    const name = kind.replace(/^SPAN_KIND_/, '').toLowerCase();
    return (KINDS as readonly string[]).includes(name) ? (name as SpanKind) : 'unspecified';
  }
  return 'unspecified';
}

function otlpStatus(status: unknown): { status: SpanStatus; message?: string } {
  if (!isRecord(status)) return { status: 'unset' };
  const code = status.code;
  const message = asString(status.message);
  const state: SpanStatus =
    code === 2 || code === 'STATUS_CODE_ERROR' ? 'error' : code === 1 || code === 'STATUS_CODE_OK' ? 'ok' : 'unset';
  return message === undefined ? { status: state } : { status: state, message };
}

function otlpSpan(raw: Json, service: string): Span | undefined {
  const traceId = asString(raw.traceId);
  const spanId = asString(raw.spanId);
  if (!traceId || !spanId) return undefined;
  const startUs = nanosToMicros(raw.startTimeUnixNano) ?? 0;
  const endUs = nanosToMicros(raw.endTimeUnixNano) ?? startUs;
  const attributes = otlpAttributes(raw.attributes);
  const { status, message } = otlpStatus(raw.status);
  const events: SpanEvent[] = asArray(raw.events).filter(isRecord).map((e) => ({
    timeUs: nanosToMicros(e.timeUnixNano) ?? startUs,
    name: typeof e.name === 'string' ? e.name : '',
    attributes: otlpAttributes(e.attributes),
  }));
  const span: Span = {
    traceId: traceId.toLowerCase(),
    spanId: spanId.toLowerCase(),
    service,
    operation: typeof raw.name === 'string' ? raw.name : '',
    startUs,
    durationUs: Math.max(0, endUs - startUs),
    kind: otlpKind(raw.kind),
    status: deriveStatus(status, attributes),
    attributes,
    events,
  };
  const parent = asString(raw.parentSpanId);
  if (parent) span.parentSpanId = parent.toLowerCase();
  if (message !== undefined) span.statusMessage = message;
  return span;
}

function groupByTrace(spans: Span[]): Trace[] {
  const byTrace = new Map<string, Span[]>();
  for (const span of spans) {
    const list = byTrace.get(span.traceId);
    if (list) list.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  return [...byTrace].map(([traceId, list]) => ({ traceId, spans: list }));
}

/**
 * Normalise an api_v3 answer (`GET /api/v3/traces/{id}` or a search). Accepts the full body
 * `{result: {resourceSpans}}`, or `{resourceSpans}`. Search results mix traces in one list, so spans
 * are grouped by trace ID; traces come back in order of first appearance.
 */
export function normalizeOtlpTraces(body: unknown): Trace[] {
  const root = isRecord(body) && isRecord(body.result) ? body.result : body;
  if (!isRecord(root) || !Array.isArray(root.resourceSpans)) {
    throw new TypeError('not an OTLP/JSON trace answer: expected {result: {resourceSpans: [...]}}');
  }
  const spans: Span[] = [];
  for (const resourceSpans of root.resourceSpans.filter(isRecord)) {
    const resource = isRecord(resourceSpans.resource) ? otlpAttributes(resourceSpans.resource.attributes) : {};
    const service = typeof resource['service.name'] === 'string' && resource['service.name'] !== ''
      ? resource['service.name']
      : UNKNOWN_SERVICE;
    // `instrumentationLibrarySpans` is the pre-1.0 OTLP name of `scopeSpans`.
    const scopes = asArray(resourceSpans.scopeSpans ?? resourceSpans.instrumentationLibrarySpans).filter(isRecord);
    for (const scope of scopes) {
      for (const raw of asArray(scope.spans).filter(isRecord)) {
        const span = otlpSpan(raw, service);
        if (span) spans.push(span);
      }
    }
  }
  return groupByTrace(spans);
}

// ---------------------------------------------------------------------------------------------
// Internal v1 JSON API

function jaegerTags(list: unknown): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const tag of asArray(list)) {
    if (!isRecord(tag) || typeof tag.key !== 'string') continue;
    const { type, value } = tag;
    let v: AttributeValue | undefined;
    if (type === 'bool') v = value === true || value === 'true';
    else if (type === 'int64') v = int64(value) ?? (typeof value === 'string' ? value : undefined);
    else if (type === 'float64') v = Number(value);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') v = value;
    if (v !== undefined) out[tag.key] = v;
  }
  return out;
}

function jaegerKind(tags: Record<string, AttributeValue>): SpanKind {
  const kind = tags['span.kind'];
  return typeof kind === 'string' && (KINDS as readonly string[]).includes(kind) ? (kind as SpanKind) : 'unspecified';
}

function jaegerParent(raw: Json, traceId: string): { parentSpanId?: string; followsFrom?: boolean } {
  const refs = asArray(raw.references)
    .filter(isRecord)
    .filter((r) => typeof r.spanID === 'string' && (r.traceID === undefined || String(r.traceID).toLowerCase() === traceId));
  const childOf = refs.find((r) => r.refType === 'CHILD_OF' || r.refType === undefined);
  if (childOf) return { parentSpanId: String(childOf.spanID).toLowerCase() };
  const followsFrom = refs.find((r) => r.refType === 'FOLLOWS_FROM');
  if (followsFrom) return { parentSpanId: String(followsFrom.spanID).toLowerCase(), followsFrom: true };
  const legacy = asString(raw.parentSpanID);
  return legacy && !/^0+$/.test(legacy) ? { parentSpanId: legacy.toLowerCase() } : {};
}

function jaegerEvent(log: Json): SpanEvent {
  const fields = jaegerTags(log.fields);
  const nameField = ['event', 'message', 'log'].find((k) => typeof fields[k] === 'string');
  const name = nameField ? String(fields[nameField]) : '';
  if (nameField) delete fields[nameField];
  return { timeUs: typeof log.timestamp === 'number' ? log.timestamp : 0, name, attributes: fields };
}

function jaegerSpan(raw: Json, processes: Json, fallbackTraceId: string): Span | undefined {
  const spanId = asString(raw.spanID);
  const traceId = (asString(raw.traceID) ?? fallbackTraceId).toLowerCase();
  if (!spanId || !traceId) return undefined;
  const process = isRecord(raw.process) ? raw.process : processes[String(raw.processID)];
  const service = isRecord(process) ? asString(process.serviceName) : undefined;
  const tags = jaegerTags(raw.tags);
  // OpenTelemetry SDKs exporting to Jaeger put the span status in these tags.
  const otelCode = tags['otel.status_code'];
  const explicit: SpanStatus = otelCode === 'ERROR' ? 'error' : otelCode === 'OK' ? 'ok' : 'unset';
  const span: Span = {
    traceId,
    spanId: spanId.toLowerCase(),
    service: service ?? UNKNOWN_SERVICE,
    operation: typeof raw.operationName === 'string' ? raw.operationName : '',
    startUs: typeof raw.startTime === 'number' ? raw.startTime : 0,
    durationUs: typeof raw.duration === 'number' ? Math.max(0, raw.duration) : 0,
    kind: jaegerKind(tags),
    status: deriveStatus(explicit, tags),
    attributes: tags,
    events: asArray(raw.logs).filter(isRecord).map(jaegerEvent),
    ...jaegerParent(raw, traceId),
  };
  const message = asString(tags['otel.status_description']);
  if (message) span.statusMessage = message;
  return span;
}

function jaegerTrace(raw: Json): Trace | undefined {
  const traceId = (asString(raw.traceID) ?? '').toLowerCase();
  const processes = isRecord(raw.processes) ? raw.processes : {};
  const spans = asArray(raw.spans)
    .filter(isRecord)
    .map((s) => jaegerSpan(s, processes, traceId))
    .filter((s): s is Span => s !== undefined);
  const id = traceId || spans[0]?.traceId;
  return id ? { traceId: id, spans } : undefined;
}

/**
 * Normalise an internal-API answer (`GET /api/traces/{id}` or `GET /api/traces?...`). Accepts the
 * envelope `{data: [trace, ...]}`, a bare array of traces, or one trace object.
 */
export function normalizeJaegerTraces(body: unknown): Trace[] {
  const list = isRecord(body) && 'data' in body ? body.data : body;
  const traces = Array.isArray(list) ? list : isRecord(list) && Array.isArray(list.spans) ? [list] : undefined;
  if (!traces) throw new TypeError('not a Jaeger trace answer: expected {data: [trace, ...]}');
  return traces.filter(isRecord).map(jaegerTrace).filter((t): t is Trace => t !== undefined);
}

/**
 * Normalise a `GET /api/dependencies` answer (envelope or bare array), the format `--topology FILE`
 * reads. Items without parent or child are skipped; a missing call count counts as 0.
 */
export function normalizeDependencies(body: unknown): DependencyEdge[] {
  const list = isRecord(body) && 'data' in body ? body.data : body;
  if (!Array.isArray(list)) throw new TypeError('not a Jaeger dependencies answer: expected [{parent, child, callCount}]');
  const edges: DependencyEdge[] = [];
  for (const item of list.filter(isRecord)) {
    const parent = asString(item.parent);
    const child = asString(item.child);
    if (!parent || !child) continue;
    const edge: DependencyEdge = { parent, child, callCount: Number(item.callCount) || 0 };
    const errorRate = Number(item.errorRate);
    if (item.errorRate !== undefined && Number.isFinite(errorRate)) edge.errorRate = errorRate;
    edges.push(edge);
  }
  return edges;
}
