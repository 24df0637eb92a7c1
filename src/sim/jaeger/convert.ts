/** Simulated traces in the two wire formats Jaeger serves: OTLP/JSON (api_v3) and the internal v1 JSON model. */
import { failureMessage, type SimSpan, type SimTrace, type SpanKind } from '../traces/index.js';
import type { AttributeValue } from '../traces/span.js';

const OTLP_KIND: Record<SpanKind, number> = { internal: 1, server: 2, client: 3, producer: 4 };
export const SCOPE = 'obs-demo-instrumentation';

type OtlpValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };

function otlpValue(v: AttributeValue): OtlpValue {
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  return { stringValue: v };
}

function otlpAttributes(attrs: Record<string, AttributeValue>) {
  return Object.entries(attrs).map(([key, v]) => ({ key, value: otlpValue(v) }));
}

function resourceKey(s: SimSpan): string {
  return `${s.service}\u0000${s.pod}\u0000${s.version}`;
}

function resourceAttributes(s: SimSpan): Record<string, AttributeValue> {
  return { 'service.name': s.service, 'service.namespace': 'shop', 'service.version': s.version, 'k8s.pod.name': s.pod, 'host.name': s.pod };
}

function otlpSpan(trace: SimTrace, s: SimSpan) {
  const span: Record<string, unknown> = {
    traceId: trace.traceId,
    spanId: s.spanId,
  };
  if (s.parentSpanId) span.parentSpanId = s.parentSpanId;
  Object.assign(span, {
    name: s.name,
    kind: OTLP_KIND[s.kind],
    startTimeUnixNano: `${s.startUs}000`,
    endTimeUnixNano: `${s.endUs}000`,
  });
  if (Object.keys(s.attributes).length > 0) span.attributes = otlpAttributes(s.attributes);
  if (s.failure) {
    const message = failureMessage(s.failure);
    span.events = [{ timeUnixNano: `${s.endUs}000`, name: 'exception', attributes: otlpAttributes({ 'exception.type': s.failure.kind, 'exception.message': message }) }];
    span.status = { code: 2, message };
  } else {
    span.status = {};
  }
  return span;
}

/** OTLP/JSON `resourceSpans` of several traces: one entry per service instance and trace, as an exporter sends them. */
export function toResourceSpans(traces: SimTrace[]) {
  const out: unknown[] = [];
  for (const trace of traces) {
    const groups = new Map<string, SimSpan[]>();
    for (const s of trace.spans) {
      const key = resourceKey(s);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(s);
    }
    for (const spans of groups.values()) {
      out.push({
        resource: { attributes: otlpAttributes(resourceAttributes(spans[0])) },
        scopeSpans: [{ scope: { name: SCOPE }, spans: spans.map((s) => otlpSpan(trace, s)) }],
      });
    }
  }
  return out;
}

/** api_v3 trace summary (2.19+). */
export function toSummary(trace: SimTrace) {
  const services = new Map<string, { name: string; spanCount: number; errorSpanCount: number }>();
  for (const s of trace.spans) {
    const e = services.get(s.service) ?? { name: s.service, spanCount: 0, errorSpanCount: 0 };
    e.spanCount++;
    if (s.failure) e.errorSpanCount++;
    services.set(s.service, e);
  }
  const root = trace.spans[0];
  return {
    traceId: trace.traceId,
    rootServiceName: root.service,
    rootOperationName: root.name,
    minStartTimeUnixNano: `${Math.min(...trace.spans.map((s) => s.startUs))}000`,
    maxEndTimeUnixNano: `${Math.max(...trace.spans.map((s) => s.endUs))}000`,
    spanCount: trace.spans.length,
    errorSpanCount: trace.spans.filter((s) => s.failure).length,
    services: [...services.values()],
  };
}

type V1Tag = { key: string; type: 'string' | 'bool' | 'int64' | 'float64'; value: string | number | boolean };

function v1Tag(key: string, v: AttributeValue): V1Tag {
  if (typeof v === 'boolean') return { key, type: 'bool', value: v };
  if (typeof v === 'number') return { key, type: Number.isInteger(v) ? 'int64' : 'float64', value: v };
  return { key, type: 'string', value: v };
}

/** The v1 (internal UI) JSON model of one trace, with processes p1, p2, ... */
export function toV1Trace(trace: SimTrace) {
  const processes: Record<string, { serviceName: string; tags: V1Tag[] }> = {};
  const processIds = new Map<string, string>();
  const spans = trace.spans.map((s) => {
    const key = resourceKey(s);
    let processID = processIds.get(key);
    if (!processID) {
      processID = `p${processIds.size + 1}`;
      processIds.set(key, processID);
      const { 'service.name': serviceName, ...rest } = resourceAttributes(s);
      processes[processID] = { serviceName: String(serviceName), tags: Object.entries(rest).map(([k, v]) => v1Tag(k, v)) };
    }
    const tags: V1Tag[] = [v1Tag('span.kind', s.kind), ...Object.entries(s.attributes).map(([k, v]) => v1Tag(k, v))];
    const logs: { timestamp: number; fields: V1Tag[] }[] = [];
    if (s.failure) {
      const message = failureMessage(s.failure);
      tags.push(v1Tag('error', true), v1Tag('otel.status_code', 'ERROR'), v1Tag('otel.status_description', message));
      logs.push({ timestamp: s.endUs, fields: [v1Tag('event', 'exception'), v1Tag('exception.type', s.failure.kind), v1Tag('exception.message', message)] });
    }
    return {
      traceID: trace.traceId,
      spanID: s.spanId,
      operationName: s.name,
      references: s.parentSpanId ? [{ refType: 'CHILD_OF', traceID: trace.traceId, spanID: s.parentSpanId }] : [],
      startTime: s.startUs,
      duration: s.endUs - s.startUs,
      tags,
      logs,
      processID,
      warnings: null,
    };
  });
  return { traceID: trace.traceId, spans, processes, warnings: null };
}
