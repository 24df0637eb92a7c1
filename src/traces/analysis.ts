import type { Trace } from './model.js';
import { buildSpanTree, primaryRoot, spanEndUs, type SpanNode, type SpanTree } from './tree.js';

export interface CriticalSegment {
  spanId: string;
  startUs: number;
  endUs: number;
}

export interface CriticalPath {
  /** Time slices in order; each names the span whose own work (not waiting on a child) filled it. */
  segments: CriticalSegment[];
  /** Spans that own at least one segment. */
  spanIds: Set<string>;
}

/**
 * The critical path: walking back from the end of the root span, at each moment the span whose work
 * the root was waiting on. The child that finished last blocked its parent; before that child
 * started, only a child that had already finished could have blocked it (concurrent siblings did not).
 * Children are clipped to their parent's end (clock skew), and FOLLOWS_FROM children are skipped
 * because nothing waits for them.
 */
export function criticalPath(tree: SpanTree): CriticalPath {
  const root = primaryRoot(tree);
  const segments: CriticalSegment[] = [];
  if (!root) return { segments, spanIds: new Set() };

  interface Frame { node: SpanNode; cursor: number; kids: SpanNode[]; next: number; waited: boolean }
  const frame = (node: SpanNode, cursor: number): Frame => ({
    node,
    cursor,
    kids: node.children.filter((c) => !c.span.followsFrom).sort((a, b) => spanEndUs(b.span) - spanEndUs(a.span)),
    next: 0,
    waited: false,
  });
  const push = (spanId: string, startUs: number, endUs: number) => {
    if (endUs > startUs) segments.push({ spanId, startUs, endUs });
  };

  const stack: Frame[] = [frame(root, spanEndUs(root.span))];
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    const start = f.node.span.startUs;
    // Kids are sorted by end, descending, and the cursor only moves back, so a kid skipped once is
    // never a candidate again. The first kid may run past the parent's end; later ones must have
    // finished by the time the kid after them started.
    const blocks = (kid: SpanNode) => (f.waited ? spanEndUs(kid.span) <= f.cursor : kid.span.startUs < f.cursor);
    while (f.next < f.kids.length && !blocks(f.kids[f.next]!)) f.next++;
    const kid = f.cursor > start ? f.kids[f.next] : undefined;
    if (!kid) {
      push(f.node.span.spanId, start, f.cursor);
      stack.pop();
      continue;
    }
    f.next++;
    f.waited = true;
    const kidEnd = Math.min(spanEndUs(kid.span), f.cursor);
    push(f.node.span.spanId, kidEnd, f.cursor);
    f.cursor = Math.max(kid.span.startUs, start);
    stack.push(frame(kid, kidEnd));
  }
  segments.reverse();
  return { segments, spanIds: new Set(segments.map((s) => s.spanId)) };
}

/**
 * The deepest failing span: among error spans with no failing span below them (where the failure
 * started), the deepest one; ties go to the one on the critical path, then the earliest.
 */
export function deepestFailingSpan(tree: SpanTree, critical: CriticalPath = criticalPath(tree)): SpanNode | undefined {
  const onPath = (n: SpanNode) => (critical.spanIds.has(n.span.spanId) ? 1 : 0);
  const beats = (a: SpanNode, b: SpanNode) =>
    (a.depth - b.depth || onPath(a) - onPath(b) || b.span.startUs - a.span.startUs) > 0;
  const failingBelow = new Set<SpanNode>();
  let best: SpanNode | undefined;
  for (let i = tree.nodes.length - 1; i >= 0; i--) {
    const node = tree.nodes[i]!;
    const failing = node.span.status === 'error';
    if (failing && !failingBelow.has(node) && (!best || beats(node, best))) best = node;
    if ((failing || failingBelow.has(node)) && node.parent) failingBelow.add(node.parent);
  }
  return best;
}

/**
 * For each service, how many of these traces have their deepest failing span in it: the
 * `errorSpanRoots` evidence for root-cause ranking (`src/alerts`).
 */
export function errorRootServices(traces: Trace[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const trace of traces) {
    const failing = deepestFailingSpan(buildSpanTree(trace));
    if (failing) counts[failing.span.service] = (counts[failing.span.service] ?? 0) + 1;
  }
  return counts;
}
