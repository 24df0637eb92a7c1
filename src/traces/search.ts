/**
 * Summary of a trace search: per-trace rows (error traces first) and latency percentiles by
 * operation. With the service searched for, those are the operations of that service's own spans
 * (what `traces search -s payments` asks about); without one, the root operations, i.e. the
 * end-to-end duration of the request each trace stands for. Names are sanitised.
 */
import { sanitize } from '../output/sanitize.js';
import type { Trace } from './model.js';
import { buildSpanTree, primaryRoot } from './tree.js';

export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootOperation: string;
  startUs: number;
  /** End-to-end: first span start to last span end. */
  durationUs: number;
  spanCount: number;
  errorSpanCount: number;
  services: string[];
  error: boolean;
}

export interface OperationStats {
  service: string;
  operation: string;
  count: number;
  errorCount: number;
  p50Us: number;
  p95Us: number;
  p99Us: number;
  maxUs: number;
}

export interface SearchSummary {
  count: number;
  errorCount: number;
  /** Most failing first, then busiest. */
  operations: OperationStats[];
  /** Error traces first, then slowest first. */
  traces: TraceSummary[];
}

const clean = (s: string) => sanitize(s, { maxLength: 200 });

export function summarizeTrace(trace: Trace): TraceSummary {
  const tree = buildSpanTree(trace);
  const root = primaryRoot(tree)?.span;
  const services = new Set<string>();
  let errorSpanCount = 0;
  for (const span of trace.spans) {
    services.add(clean(span.service));
    if (span.status === 'error') errorSpanCount++;
  }
  return {
    traceId: clean(trace.traceId),
    rootService: clean(root?.service ?? ''),
    rootOperation: clean(root?.operation ?? ''),
    startUs: tree.startUs,
    durationUs: tree.durationUs,
    spanCount: trace.spans.length,
    errorSpanCount,
    services: [...services].sort(),
    error: errorSpanCount > 0,
  };
}

/** Nearest-rank percentile of sorted values (p in 0..1). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** One measured call: an operation of a service, how long it took, whether it failed. */
interface Call {
  service: string;
  operation: string;
  durationUs: number;
  error: boolean;
}

export function summarizeSearch(traces: Trace[], service?: string): SearchSummary {
  const summaries = traces.map(summarizeTrace);
  const calls: Call[] = service === undefined
    ? summaries.map((t) => ({ service: t.rootService, operation: t.rootOperation, durationUs: t.durationUs, error: t.error }))
    : traces.flatMap((t) => t.spans.filter((sp) => sp.service === service).map((sp) => ({ service: clean(sp.service), operation: clean(sp.operation), durationUs: sp.durationUs, error: sp.status === 'error' })));
  const byOperation = new Map<string, { service: string; operation: string; durations: number[]; errors: number }>();
  for (const c of calls) {
    const key = `${c.service}\u0000${c.operation}`;
    let op = byOperation.get(key);
    if (!op) byOperation.set(key, (op = { service: c.service, operation: c.operation, durations: [], errors: 0 }));
    op.durations.push(c.durationUs);
    if (c.error) op.errors++;
  }
  const operations = [...byOperation.values()].map((op): OperationStats => {
    const sorted = op.durations.sort((a, b) => a - b);
    return {
      service: op.service,
      operation: op.operation,
      count: sorted.length,
      errorCount: op.errors,
      p50Us: percentile(sorted, 0.5),
      p95Us: percentile(sorted, 0.95),
      p99Us: percentile(sorted, 0.99),
      maxUs: sorted[sorted.length - 1] ?? 0,
    };
  });
  operations.sort((a, b) => b.errorCount - a.errorCount || b.count - a.count || a.operation.localeCompare(b.operation));
  summaries.sort((a, b) => Number(b.error) - Number(a.error) || b.durationUs - a.durationUs);
  return { count: summaries.length, errorCount: summaries.filter((t) => t.error).length, operations, traces: summaries };
}
