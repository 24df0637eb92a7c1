/**
 * Personalized PageRank: a random walker that restarts at a node in proportion to the node's own
 * evidence, and otherwise steps to a neighbour in proportion to the neighbour's evidence and the
 * edge's weight. The share of time it spends at a node is how well the node explains the evidence
 * around it: a node that deviates and whose neighbours deviate collects more than one that deviates
 * alone, and a healthy node is never entered. This is the MicroRCA family of root-cause rankers.
 */

export interface WalkEdge {
  from: string;
  to: string;
  weight: number;
}

export interface WalkOptions {
  /** Probability of stepping rather than restarting. */
  damping: number;
  /** Weight of staying put, times the node's own evidence. */
  selfWeight: number;
  /** Iterations at most; stops earlier when the ranking has settled. */
  iterations?: number;
  /**
   * Nodes that pass what reaches them on rather than keep it: stepping with this probability instead
   * of `damping`, never staying put. For a node whose evidence only says it suffers (latency,
   * errors) while something it depends on deviates too.
   */
  passOn?: ReadonlyMap<string, number>;
}

/** Time share per node (sums to 1 over nodes with evidence); empty when no node has evidence. */
export function personalizedPageRank(
  evidence: ReadonlyMap<string, number>,
  edges: readonly WalkEdge[],
  options: WalkOptions,
): Map<string, number> {
  const nodes = [...evidence.keys()].filter((n) => evidence.get(n)! > 0);
  const total = nodes.reduce((s, n) => s + evidence.get(n)!, 0);
  if (total === 0) return new Map();
  const index = new Map(nodes.map((n, i) => [n, i]));
  const restart = nodes.map((n) => evidence.get(n)! / total);

  // Out-weights per node, each neighbour weighted by its own evidence.
  const step = nodes.map((n) => options.passOn?.get(n) ?? options.damping);
  const out: { to: number; w: number }[][] = nodes.map((n, i) => (options.passOn?.has(n) ? [] : [{ to: i, w: options.selfWeight * evidence.get(n)! }]));
  for (const e of edges) {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined || from === to) continue;
    out[from]!.push({ to, w: e.weight * evidence.get(e.to)! });
  }
  const norm = out.map((list) => {
    const sum = list.reduce((s, x) => s + x.w, 0);
    return sum > 0 ? list.filter((x) => x.w > 0).map((x) => ({ to: x.to, p: x.w / sum })) : [];
  });

  let rank = restart.slice();
  for (let it = 0; it < (options.iterations ?? 100); it++) {
    // What does not step (restarts, or has nowhere to go) starts again from the evidence.
    let restarting = 0;
    const next = nodes.map(() => 0);
    norm.forEach((list, i) => {
      const stepping = list.length > 0 ? step[i]! : 0;
      restarting += (1 - stepping) * rank[i]!;
      for (const { to, p } of list) next[to]! += stepping * rank[i]! * p;
    });
    restart.forEach((r, i) => (next[i]! += restarting * r));
    const change = next.reduce((s, v, i) => s + Math.abs(v - rank[i]!), 0);
    rank = next;
    if (change < 1e-9) break;
  }
  return new Map(nodes.map((n, i) => [n, rank[i]!]));
}
