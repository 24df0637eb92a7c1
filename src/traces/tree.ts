import type { Span, Trace } from './model.js';

export interface SpanNode {
  span: Span;
  children: SpanNode[];
  parent?: SpanNode;
  depth: number;
  /** The span names a parent that is not in the trace (or its parents loop); it sits at the root level. */
  orphan: boolean;
  /** Number of spans below this one. */
  descendants: number;
}

export interface SpanTree {
  traceId: string;
  /** True roots first (by start time), then orphans (by start time). */
  roots: SpanNode[];
  /** Every node, in depth-first display order. */
  nodes: SpanNode[];
  byId: Map<string, SpanNode>;
  startUs: number;
  endUs: number;
  durationUs: number;
}

export const spanEndUs = (span: Span): number => span.startUs + span.durationUs;

const byStart = (a: SpanNode, b: SpanNode): number =>
  a.span.startUs - b.span.startUs || spanEndUs(b.span) - spanEndUs(a.span);

/**
 * Build the span tree of a trace. Children are ordered by start time. A span whose parent is
 * missing is attached at the root level and marked `orphan`; so is a span caught in a parent loop.
 * A repeated span ID keeps its first span. Iterative throughout: 5,000-deep chains are fine.
 */
export function buildSpanTree(trace: Trace): SpanTree {
  const byId = new Map<string, SpanNode>();
  for (const span of trace.spans) {
    if (!byId.has(span.spanId)) byId.set(span.spanId, { span, children: [], depth: 0, orphan: false, descendants: 0 });
  }
  const roots: SpanNode[] = [];
  const orphans: SpanNode[] = [];
  for (const node of byId.values()) {
    const parentId = node.span.parentSpanId;
    const parent = parentId !== undefined && parentId !== node.span.spanId ? byId.get(parentId) : undefined;
    if (parent) {
      node.parent = parent;
      parent.children.push(node);
    } else if (parentId === undefined) {
      roots.push(node);
    } else {
      node.orphan = true;
      orphans.push(node);
    }
  }
  for (const node of byId.values()) node.children.sort(byStart);
  roots.sort(byStart);
  orphans.sort(byStart);

  const nodes: SpanNode[] = [];
  const visit = (top: SpanNode): void => {
    const stack: SpanNode[] = [top];
    while (stack.length > 0) {
      const node = stack.pop()!;
      node.depth = node.parent && !node.orphan ? node.parent.depth + 1 : 0;
      nodes.push(node);
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  };
  for (const root of [...roots, ...orphans]) visit(root);

  // Spans in a parent loop were never reached: cut each loop at its earliest span.
  if (nodes.length < byId.size) {
    const seen = new Set(nodes);
    const stranded = [...byId.values()].filter((n) => !seen.has(n)).sort(byStart);
    for (const node of stranded) {
      if (seen.has(node)) continue;
      const parent = node.parent!;
      parent.children.splice(parent.children.indexOf(node), 1);
      delete node.parent;
      node.orphan = true;
      orphans.push(node);
      const before = nodes.length;
      visit(node);
      for (let i = before; i < nodes.length; i++) seen.add(nodes[i]!);
    }
  }

  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (node.parent) node.parent.descendants += node.descendants + 1;
  }

  let startUs = Infinity;
  let endUs = -Infinity;
  for (const node of nodes) {
    startUs = Math.min(startUs, node.span.startUs);
    endUs = Math.max(endUs, spanEndUs(node.span));
  }
  if (nodes.length === 0) startUs = endUs = 0;
  return { traceId: trace.traceId, roots: [...roots, ...orphans], nodes, byId, startUs, endUs, durationUs: endUs - startUs };
}

/** The span that stands for the whole trace: the longest true root, else the longest orphan. */
export function primaryRoot(tree: SpanTree): SpanNode | undefined {
  const longest = (list: SpanNode[]) =>
    list.reduce<SpanNode | undefined>((best, n) => (!best || n.span.durationUs > best.span.durationUs ? n : best), undefined);
  return longest(tree.roots.filter((r) => !r.orphan)) ?? longest(tree.roots);
}
