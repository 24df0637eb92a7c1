/**
 * The order `obs anomalies` lists what is unusual in. Scores as shown first (the most unusual all
 * reach the top score), then what went wrong first, then, among signals that began in the same step,
 * the service deeper in the call graph: what the others call is more likely where it started (a
 * database and the service waiting on it slow down in the same five minutes). Last, the larger
 * change as a factor of the expected value.
 */
import { formatSeriesName } from '../output/labels.js';
import type { DependencyEdge } from '../traces/model.js';

export interface Orderable {
  score: number;
  since: number | null;
  service: string | null;
  actual: number;
  expected: number;
  series: string;
}

/**
 * Each service's depth in the call graph: the length of the longest chain of calls that reaches it
 * from a service nothing calls (0 for those and for services the graph does not know). No chain
 * without repeats is longer than the number of services less one, so a cycle stops there.
 */
export function callDepths(edges: readonly DependencyEdge[]): Map<string, number> {
  const depth = new Map<string, number>();
  for (const e of edges) {
    depth.set(e.parent, 0);
    depth.set(e.child, 0);
  }
  for (let round = 0; round < depth.size; round++) {
    let changed = false;
    for (const e of edges) {
      if (e.parent === e.child) continue;
      const through = Math.min(depth.get(e.parent)! + 1, depth.size - 1);
      if (through > depth.get(e.child)!) {
        depth.set(e.child, through);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return depth;
}

export function orderAnomalies<T extends Orderable>(rows: T[], depths: ReadonlyMap<string, number> = new Map()): T[] {
  const shownScore = (r: T) => Math.round(r.score * 100);
  const depth = (r: T) => (r.service === null ? 0 : depths.get(r.service) ?? 0);
  const factor = (r: T) => Math.abs(Math.log(Math.abs(r.actual) + 1e-12) - Math.log(Math.abs(r.expected) + 1e-12)) || 0;
  return [...rows].sort((a, b) =>
    shownScore(b) - shownScore(a) || (a.since ?? Infinity) - (b.since ?? Infinity) || depth(b) - depth(a) || factor(b) - factor(a) || a.series.localeCompare(b.series));
}

/** Assessed signals (named by their labels) in that order, over the call graph `edges`. */
export function orderAssessed<T extends Omit<Orderable, 'series'> & { labels: Record<string, string> }>(rows: readonly T[], edges: readonly DependencyEdge[]): (T & { series: string })[] {
  return orderAnomalies(rows.map((r) => ({ ...r, series: formatSeriesName(r.labels) })), callDepths(edges));
}

/** How long the order waits for the call graph once it needs it: it only breaks ties, so a slow Jaeger is done without. */
export const ORDER_GRAPH_BUDGET_MS = 2_000;

/**
 * Asks for the call graph now; the function returned waits for it at most `budgetMs` from when it is
 * called (when the signals are judged), so a busy process does not miss an answer that has arrived.
 * Without it, none; `onMissing` hears why.
 */
export function askOrderingGraph(ask: () => Promise<DependencyEdge[]>, budgetMs = ORDER_GRAPH_BUDGET_MS, onMissing?: (why: string) => void): () => Promise<DependencyEdge[]> {
  const asked = ask().catch((err: Error) => {
    onMissing?.(err.message);
    return [];
  });
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<DependencyEdge[]>((resolve) => {
      timer = setTimeout(() => {
        onMissing?.(`no answer within ${budgetMs} ms`);
        resolve([]);
      }, budgetMs);
    });
    try {
      return await Promise.race([asked, late]);
    } finally {
      clearTimeout(timer);
    }
  };
}
