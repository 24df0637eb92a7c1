/**
 * The service dependency graph used by correlation and ranking: edges from Jaeger's
 * `/api/dependencies` (or from traces) plus edges configured by hand. `parent` calls (depends on)
 * `child`. Reachability is computed once per service and kept, so thousands of alerts on a few
 * hundred services cost a few hundred graph walks.
 */

export interface ServiceEdge {
  parent: string;
  child: string;
}

export interface ServiceGraph {
  readonly size: number;
  has(service: string): boolean;
  /** Services it calls directly. */
  dependenciesOf(service: string): readonly string[];
  /** Services that call it directly. */
  callersOf(service: string): readonly string[];
  /** Services it depends on within `maxHops` calls, each with the path from it (first) to them (last). */
  downstream(service: string): ReadonlyMap<string, readonly string[]>;
  /** Services that depend on it within `maxHops` calls, each with the path from them (first) to it (last). */
  upstream(service: string): ReadonlyMap<string, readonly string[]>;
}

export const DEFAULT_MAX_HOPS = 4;

function reach(start: string, next: Map<string, string[]>, maxHops: number): Map<string, string[]> {
  const paths = new Map<string, string[]>([[start, [start]]]);
  let frontier = [start];
  for (let hop = 0; hop < maxHops && frontier.length > 0; hop++) {
    const following: string[] = [];
    for (const s of frontier) {
      for (const n of next.get(s) ?? []) {
        if (paths.has(n)) continue;
        paths.set(n, [...paths.get(s)!, n]);
        following.push(n);
      }
    }
    frontier = following;
  }
  paths.delete(start);
  return paths;
}

export function buildServiceGraph(edges: Iterable<ServiceEdge>, maxHops = DEFAULT_MAX_HOPS): ServiceGraph {
  const children = new Map<string, string[]>();
  const parents = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, from: string, to: string) => {
    const list = map.get(from);
    if (!list) map.set(from, [to]);
    else if (!list.includes(to)) list.push(to);
  };
  for (const { parent, child } of edges) {
    if (!parent || !child || parent === child) continue;
    add(children, parent, child);
    add(parents, child, parent);
  }
  const services = new Set([...children.keys(), ...parents.keys()]);
  const down = new Map<string, Map<string, string[]>>();
  const up = new Map<string, Map<string, string[]>>();
  return {
    size: services.size,
    has: (s) => services.has(s),
    dependenciesOf: (s) => children.get(s) ?? [],
    callersOf: (s) => parents.get(s) ?? [],
    downstream(s) {
      let r = down.get(s);
      if (!r) down.set(s, (r = reach(s, children, maxHops)));
      return r;
    },
    upstream(s) {
      let r = up.get(s);
      if (!r) {
        // Walked against the edges; reverse each path so it reads caller first.
        r = new Map([...reach(s, parents, maxHops)].map(([k, path]) => [k, [...path].reverse()]));
        up.set(s, r);
      }
      return r;
    },
  };
}
