/**
 * The service dependency graph: edges derived from traces (with error rates), and a text layout as
 * a tree from the entry services down, where a service already drawn is referred to, not redrawn.
 */
import { sanitize } from '../output/sanitize.js';
import type { DependencyEdge, Trace } from './model.js';
import { cellWidth } from '../output/cells.js';

/**
 * Edges between services seen in traces: a span whose parent span is in another service is one
 * call from the parent's service to its own; the call failed when the span did.
 */
export function dependenciesFromTraces(traces: Trace[]): DependencyEdge[] {
  const calls = new Map<string, { parent: string; child: string; count: number; errors: number }>();
  for (const trace of traces) {
    const serviceOf = new Map(trace.spans.map((s) => [s.spanId, s.service]));
    for (const span of trace.spans) {
      const parent = span.parentSpanId === undefined ? undefined : serviceOf.get(span.parentSpanId);
      if (parent === undefined || parent === span.service) continue;
      const key = `${parent}\u0000${span.service}`;
      let edge = calls.get(key);
      if (!edge) calls.set(key, (edge = { parent, child: span.service, count: 0, errors: 0 }));
      edge.count++;
      if (span.status === 'error') edge.errors++;
    }
  }
  return [...calls.values()]
    .map((e) => ({ parent: e.parent, child: e.child, callCount: e.count, errorRate: e.errors / e.count }))
    .sort((a, b) => a.parent.localeCompare(b.parent) || a.child.localeCompare(b.child));
}

export interface DependencyRow {
  depth: number;
  /** Tree drawing before the service name, e.g. "│   └─▶ ". */
  prefix: string;
  /** Sanitised. */
  service: string;
  /** The edge from the row above in the tree; absent on entry services. */
  callCount?: number;
  errorRate?: number;
  /** Drawn elsewhere already (its dependencies are listed there). */
  repeated: boolean;
  /** Calls back into a service on its own path. */
  cycle: boolean;
}

/** Layout from entry services (no callers) down; services only reachable through a cycle start a tree of their own. */
export function layoutDependencies(edges: DependencyEdge[]): DependencyRow[] {
  const children = new Map<string, DependencyEdge[]>();
  const called = new Set<string>();
  const services = new Set<string>();
  for (const e of edges) {
    services.add(e.parent).add(e.child);
    if (e.parent !== e.child) called.add(e.child);
    const list = children.get(e.parent);
    if (list) list.push(e);
    else children.set(e.parent, [e]);
  }
  for (const list of children.values()) list.sort((a, b) => b.callCount - a.callCount || a.child.localeCompare(b.child));

  const rows: DependencyRow[] = [];
  const drawn = new Set<string>();
  interface Item { service: string; edge?: DependencyEdge; depth: number; prefix: string; childPrefix: string; path: Set<string> }
  const draw = (start: string) => {
    const stack: Item[] = [{ service: start, depth: 0, prefix: '', childPrefix: '', path: new Set() }];
    while (stack.length > 0) {
      const item = stack.pop()!;
      const cycle = item.path.has(item.service);
      const repeated = !cycle && drawn.has(item.service);
      const row: DependencyRow = {
        depth: item.depth,
        prefix: item.prefix,
        service: sanitize(item.service, { maxLength: 120 }),
        repeated,
        cycle,
      };
      if (item.edge) {
        row.callCount = item.edge.callCount;
        if (item.edge.errorRate !== undefined) row.errorRate = item.edge.errorRate;
      }
      rows.push(row);
      if (cycle || repeated) continue;
      drawn.add(item.service);
      const kids = children.get(item.service) ?? [];
      const path = new Set(item.path).add(item.service);
      for (let i = kids.length - 1; i >= 0; i--) {
        const last = i === kids.length - 1;
        stack.push({
          service: kids[i]!.child,
          edge: kids[i]!,
          depth: item.depth + 1,
          prefix: item.childPrefix + (last ? '└─▶ ' : '├─▶ '),
          childPrefix: item.childPrefix + (last ? '    ' : '│   '),
          path,
        });
      }
    }
  };
  const sorted = [...services].sort();
  for (const s of sorted) if (!called.has(s)) draw(s);
  // What is left sits in cycles with no entry: start each from its busiest caller.
  const outgoing = (s: string) => (children.get(s) ?? []).reduce((n, e) => n + e.callCount, 0);
  for (let rest = sorted.filter((s) => !drawn.has(s)); rest.length > 0; rest = rest.filter((s) => !drawn.has(s))) {
    draw(rest.reduce((best, s) => (outgoing(s) > outgoing(best) ? s : best)));
  }
  return rows;
}

export type DependencyPart = 'tree' | 'service' | 'calls' | 'errors' | 'note';

/** The dependency tree as text: service names, then aligned call counts and error rates. */
export function renderDependencies(
  edges: DependencyEdge[],
  options: { colorize?: (text: string, part: DependencyPart, row: DependencyRow) => string } = {},
): string[] {
  const c = options.colorize ?? ((text: string) => text);
  const rows = layoutDependencies(edges);
  const nameWidth = rows.reduce((w, r) => Math.max(w, cellWidth(r.prefix + r.service)), 0);
  const callTexts = rows.map((r) => (r.callCount === undefined ? '' : `${r.callCount.toLocaleString('en-US')} ${r.callCount === 1 ? 'call' : 'calls'}`));
  const callWidth = callTexts.reduce((w, t) => Math.max(w, t.length), 0);
  return rows.map((r, i) => {
    const pad = ' '.repeat(nameWidth - cellWidth(r.prefix + r.service));
    const note = r.cycle ? ' (cycle)' : r.repeated ? ' (see above)' : '';
    let line = c(r.prefix, 'tree', r) + c(r.service, 'service', r) + pad;
    if (callWidth > 0) line += '  ' + c(callTexts[i]!.padStart(callWidth), 'calls', r);
    if (r.errorRate !== undefined && r.errorRate > 0) line += '  ' + c(`${formatRate(r.errorRate)} errors`, 'errors', r);
    if (note) line += c(note, 'note', r);
    return line.trimEnd();
  });
}

function formatRate(rate: number): string {
  const pct = rate * 100;
  return `${pct >= 10 ? pct.toFixed(0) : pct >= 1 ? pct.toFixed(1) : pct.toFixed(2)}%`;
}
