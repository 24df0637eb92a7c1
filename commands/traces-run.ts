import chalk, { Chalk } from 'chalk';
import { ConfigError } from '../src/config/errors.js';
import { parseDuration, resolveRange } from '../src/time/time.js';
import { buildSpanTree, criticalPath, layoutWaterfall, renderDependencies, renderSpanDetails, renderWaterfall, serviceColorIndex, summarizeSearch, formatMicros, type WaterfallPart, type WaterfallRow } from '../src/traces/index.js';
import { isUtf8 } from '../src/output/terminal.js';
import { toAscii } from '../views/glyphs.js';
import type { Session } from './session.js';

interface SearchFlags {
  service: string;
  operation?: string;
  error?: boolean;
  minDuration?: string;
  maxDuration?: string;
  tag: string[];
  limit: number;
  since?: string;
  from?: string;
  to?: string;
}

export async function runTraceSearch(s: Session, o: SearchFlags): Promise<void> {
  const range = resolveRange(o, '1h', s.io.now());
  const attributes = Object.fromEntries(o.tag.map((t) => {
    const i = t.indexOf('=');
    if (i <= 0) throw new ConfigError(`--tag ${t}: expected key=value`);
    return [t.slice(0, i), t.slice(i + 1)];
  }));
  const traces = await (await s.backends()).jaeger.searchTraces({
    service: o.service,
    operation: o.operation,
    start: range.start,
    end: range.end,
    limit: o.limit,
    error: o.error ? true : undefined,
    minDurationMs: o.minDuration ? parseDuration(o.minDuration) : undefined,
    maxDurationMs: o.maxDuration ? parseDuration(o.maxDuration) : undefined,
    attributes: Object.keys(attributes).length ? attributes : undefined,
  });
  const summary = summarizeSearch(traces, o.service);
  if (s.format() !== 'table') {
    s.output(summary.traces, [
      { header: 'traceId', value: (t) => t.traceId },
      { header: 'rootService', value: (t) => t.rootService },
      { header: 'rootOperation', value: (t) => t.rootOperation },
      { header: 'durationMs', value: (t) => t.durationUs / 1000 },
      { header: 'spans', value: (t) => t.spanCount },
      { header: 'error', value: (t) => t.error },
    ], summary);
    return;
  }
  s.print(`${summary.count} traces, ${summary.errorCount} with errors`);
  s.output(summary.operations, [
    { header: 'SERVICE', value: (r) => r.service },
    { header: 'OPERATION', value: (r) => r.operation },
    { header: 'COUNT', value: (r) => r.count, align: 'right' },
    { header: 'ERRORS', value: (r) => r.errorCount, align: 'right' },
    { header: 'P50', value: (r) => formatMicros(r.p50Us), align: 'right' },
    { header: 'P95', value: (r) => formatMicros(r.p95Us), align: 'right' },
    { header: 'P99', value: (r) => formatMicros(r.p99Us), align: 'right' },
  ], summary);
  s.print('');
  s.output(summary.traces, [
    { header: 'TRACE', value: (t) => t.traceId, whole: true },
    { header: 'ERR', value: (t) => (t.error ? 'ERR' : '') },
    { header: 'DURATION', value: (t) => formatMicros(t.durationUs), align: 'right' },
    { header: 'SPANS', value: (t) => t.spanCount, align: 'right' },
    { header: 'ROOT', value: (t) => `${t.rootService} ${t.rootOperation}` },
  ], summary);
}

const PALETTE = ['cyan', 'magenta', 'blue', 'green', 'yellow', 'white'] as const;

export async function runTraceShow(s: Session, id: string, o: { attributes?: boolean | string; fold: string[]; depth?: number }): Promise<void> {
  if (!/^[0-9a-fA-F]{16,32}$/.test(id)) throw new ConfigError(`"${id}" is not a trace ID: expected 16 or 32 hex digits`);
  const format = s.format();
  const trace = await (await s.backends()).jaeger.getTrace(id.toLowerCase());
  if (format !== 'table') {
    // CSV is the spans, one row each, in start order; JSON and YAML are the whole trace.
    const spans = [...trace.spans].sort((a, b) => a.startUs - b.startUs);
    s.output(spans, [
      { header: 'traceId', value: (sp) => sp.traceId },
      { header: 'spanId', value: (sp) => sp.spanId },
      { header: 'parentSpanId', value: (sp) => sp.parentSpanId },
      { header: 'service', value: (sp) => sp.service },
      { header: 'operation', value: (sp) => sp.operation },
      { header: 'start', value: (sp) => rfc3339Micros(sp.startUs) },
      { header: 'durationUs', value: (sp) => sp.durationUs },
      { header: 'kind', value: (sp) => sp.kind },
      { header: 'status', value: (sp) => sp.status },
      { header: 'statusMessage', value: (sp) => sp.statusMessage },
    ], trace);
    return;
  }
  const tree = buildSpanTree(trace);
  const collapsed = new Set(o.fold);
  if (o.depth !== undefined) for (const n of tree.nodes) if (n.depth === o.depth && n.children.length) collapsed.add(n.span.spanId);
  const critical = criticalPath(tree);
  const layout = layoutWaterfall(tree, { width: Math.max(80, s.width), collapsed, critical });
  const c = new Chalk({ level: s.color ? (chalk.level || 1) : 0 });
  const colorize = (text: string, part: WaterfallPart, row?: WaterfallRow): string => {
    if (!s.color) return text;
    switch (part) {
      case 'service':
        return c[PALETTE[serviceColorIndex(text, PALETTE.length)]](text);
      case 'bar':
        return row?.error ? c.red(text) : row?.critical ? c.yellow(text) : c.gray(text);
      case 'error':
        return c.red.bold(text);
      case 'header':
        return c.bold(text);
      case 'legend':
      case 'axis':
        return c.dim(text);
      case 'duration':
        return row?.critical ? c.bold(text) : text;
      default:
        return text;
    }
  };
  const ascii = !isUtf8(s.io.env);
  const lines = renderWaterfall(layout, { colorize });
  s.print((ascii ? lines.map(toAscii) : lines).join('\n'));
  if (o.attributes) {
    const start = Math.min(...trace.spans.map((sp) => sp.startUs));
    const spans = typeof o.attributes === 'string' ? trace.spans.filter((sp) => sp.spanId === o.attributes) : trace.spans;
    for (const span of spans) s.print(['', ...renderSpanDetails(span, { width: s.width, traceStartUs: start })].join('\n'));
  }
}

/** RFC3339 in UTC to the microsecond, as spans are timed. */
function rfc3339Micros(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString().replace('Z', `${String(Math.floor(us % 1000)).padStart(3, '0')}Z`);
}

export async function runTraceDeps(s: Session, o: { since: string }): Promise<void> {
  const edges = await (await s.backends()).jaeger.dependencies({ endTs: s.io.now(), lookbackMs: parseDuration(o.since) });
  if (s.format() !== 'table') {
    s.output(edges, [
      { header: 'parent', value: (e) => e.parent },
      { header: 'child', value: (e) => e.child },
      { header: 'callCount', value: (e) => e.callCount },
    ], { dependencies: edges });
    return;
  }
  s.print(renderDependencies(edges).join('\n') || 'no dependencies in range');
}
