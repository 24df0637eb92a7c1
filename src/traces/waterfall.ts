/**
 * The waterfall of a trace as pure data fitted to a terminal width: one row per visible span with its
 * tree depth, sanitised label parts, and a bar placed on a time axis shared by all rows. Folded
 * subtrees (the `collapsed` set) cost nothing, so a 5,000-span trace lays out in one linear pass.
 */
import { sanitize } from '../output/sanitize.js';
import { criticalPath, type CriticalPath } from './analysis.js';
import { spanEndUs, type SpanNode, type SpanTree } from './tree.js';
import { cellWidth, cutToCells } from '../output/cells.js';

export interface WaterfallOptions {
  /** Terminal columns available for a whole row. */
  width: number;
  /** Span IDs whose subtrees are folded. */
  collapsed?: ReadonlySet<string>;
  /** Reuse a critical path already computed for this tree. */
  critical?: CriticalPath;
}

export type FoldMarker = '▾' | '▸' | ' ';

export interface WaterfallRow {
  spanId: string;
  depth: number;
  /** Columns of indentation before the marker (depth shown up to a cap, so deep trees keep their label). */
  indent: number;
  /** ▾ expanded parent, ▸ folded parent, blank for a leaf. */
  marker: FoldMarker;
  /** Sanitised and cut so that indent + marker + service + operation fit the label column. */
  service: string;
  operation: string;
  /** The plain label: indent, marker, service, operation, and "(+N)" when folded. */
  label: string;
  /** Bar position in columns from the left edge of the bar area; width is at least 1. */
  barStart: number;
  barWidth: number;
  offsetUs: number;
  durationUs: number;
  error: boolean;
  critical: boolean;
  orphan: boolean;
  /** Spans hidden under this row by folding. */
  hiddenSpans: number;
}

export interface WaterfallLayout {
  traceId: string;
  width: number;
  labelWidth: number;
  /** Column where the bar area starts, and its width. */
  barColumn: number;
  barColumns: number;
  /** Column where the duration (with its error mark) starts, and its width. */
  durationColumn: number;
  durationWidth: number;
  startUs: number;
  durationUs: number;
  totalSpans: number;
  errorSpans: number;
  rows: WaterfallRow[];
}

const DURATION_WIDTH = 9; // "✗ 123.4ms"
const MIN_BAR = 8;
const MIN_LABEL = 10;

function labelText(row: Pick<WaterfallRow, 'indent' | 'marker' | 'service' | 'operation' | 'hiddenSpans'>): string {
  const fold = row.hiddenSpans > 0 ? ` (+${row.hiddenSpans})` : '';
  return `${' '.repeat(row.indent)}${row.marker} ${row.service} ${row.operation}${fold}`;
}

function visibleNodes(tree: SpanTree, collapsed: ReadonlySet<string>): SpanNode[] {
  const out: SpanNode[] = [];
  for (let i = 0; i < tree.nodes.length; i++) {
    const node = tree.nodes[i]!;
    out.push(node);
    // Nodes are in depth-first order, so a subtree is the run of `descendants` nodes after its root.
    if (collapsed.has(node.span.spanId)) i += node.descendants;
  }
  return out;
}

export function layoutWaterfall(tree: SpanTree, options: WaterfallOptions): WaterfallLayout {
  const collapsed = options.collapsed ?? new Set<string>();
  const critical = options.critical ?? criticalPath(tree);
  const width = Math.max(options.width, MIN_LABEL + MIN_BAR + DURATION_WIDTH + 2);
  const nodes = visibleNodes(tree, collapsed);

  const maxIndent = Math.floor(Math.max(options.width * 0.4, MIN_LABEL) / 3);
  const drafts = nodes.map((node) => {
    const folded = collapsed.has(node.span.spanId) && node.descendants > 0;
    return {
      node,
      indent: Math.min(node.depth * 2, maxIndent),
      marker: (node.children.length === 0 ? ' ' : folded ? '▸' : '▾') as FoldMarker,
      service: sanitize(node.span.service, { maxLength: 120 }),
      operation: sanitize(node.span.operation, { maxLength: 200 }),
      hiddenSpans: folded ? node.descendants : 0,
    };
  });

  const widest = drafts.reduce((w, d) => Math.max(w, cellWidth(labelText(d))), 0);
  const labelWidth = Math.max(MIN_LABEL, Math.min(widest, Math.floor(width * 0.45), width - MIN_BAR - DURATION_WIDTH - 2));
  const barColumn = labelWidth + 1;
  const barColumns = width - barColumn - 1 - DURATION_WIDTH;
  const durationUs = tree.durationUs;
  const scale = durationUs > 0 ? barColumns / durationUs : 0;

  const rows = drafts.map((d): WaterfallRow => {
    const span = d.node.span;
    const offsetUs = span.startUs - tree.startUs;
    const barStart = Math.min(barColumns - 1, Math.floor(offsetUs * scale));
    const barEnd = Math.min(barColumns, Math.ceil((spanEndUs(span) - tree.startUs) * scale));
    // Fit service and operation into what the indent, marker and fold count leave.
    const fold = d.hiddenSpans > 0 ? ` (+${d.hiddenSpans})`.length : 0;
    const room = labelWidth - d.indent - 2 - fold;
    const serviceRoom = Math.max(room - 1 - cellWidth(d.operation), Math.ceil(room / 2));
    const service = cutToCells(d.service, Math.max(1, serviceRoom));
    const operation = cutToCells(d.operation, Math.max(0, room - cellWidth(service) - 1));
    const row = { indent: d.indent, marker: d.marker, service, operation, hiddenSpans: d.hiddenSpans };
    return {
      spanId: span.spanId,
      depth: d.node.depth,
      ...row,
      label: cutToCells(labelText(row), labelWidth),
      barStart,
      barWidth: Math.max(1, barEnd - barStart),
      offsetUs,
      durationUs: span.durationUs,
      error: span.status === 'error',
      critical: critical.spanIds.has(span.spanId),
      orphan: d.node.orphan,
    };
  });

  return {
    traceId: tree.traceId,
    width,
    labelWidth,
    barColumn,
    barColumns,
    durationColumn: barColumn + barColumns + 1,
    durationWidth: DURATION_WIDTH,
    startUs: tree.startUs,
    durationUs,
    totalSpans: tree.nodes.length,
    errorSpans: tree.nodes.reduce((n, node) => n + (node.span.status === 'error' ? 1 : 0), 0),
    rows,
  };
}

/**
 * Choose subtrees to fold so that about `maxRows` rows remain: shallow spans are opened first, and
 * the ancestors of the spans in `keepVisible` (say the critical path and the deepest failing span)
 * are always opened, so those spans stay on screen even if that costs a few rows more.
 */
export function foldToFit(tree: SpanTree, maxRows: number, keepVisible: Iterable<string> = []): Set<string> {
  const mustOpen = new Set<SpanNode>();
  for (const id of keepVisible) {
    for (let n = tree.byId.get(id)?.parent; n && !mustOpen.has(n); n = n.parent) mustOpen.add(n);
  }
  let rows = tree.roots.length;
  const collapsed = new Set<string>();
  const queue: SpanNode[] = [];
  const forced: SpanNode[] = tree.roots.filter((r) => mustOpen.has(r));
  queue.push(...tree.roots.filter((r) => !mustOpen.has(r)));
  while (forced.length > 0) {
    const node = forced.pop()!;
    rows += node.children.length;
    for (const child of node.children) (mustOpen.has(child) ? forced : queue).push(child);
  }
  queue.sort((a, b) => a.depth - b.depth);
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    if (node.children.length === 0) continue;
    if (rows + node.children.length <= maxRows) {
      rows += node.children.length;
      queue.push(...node.children);
    } else {
      collapsed.add(node.span.spanId);
    }
  }
  return collapsed;
}
