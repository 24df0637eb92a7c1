/**
 * The components of an incident group that root-cause ranking (rank.ts) walks over, and what their
 * alerts say about each: how many distinct alerts, weighed (shared deviations and readings below
 * their usual range count less), how early, and for a host, how many services on it deviate. Only
 * numbers: the reasons shown for a candidate are written from them (rank-reasons.ts) for the few
 * components that become candidates, not for each of a storm's thousands of instances.
 */
import type { CorrelatedAlert, IncidentGroup } from './correlate.js';
import { fellBelowUsual, resourceOf } from './direction.js';
import { placeAlert, type Placement } from './placement.js';
import { RANK_WEIGHTS as W } from './rank-weights.js';
import { componentsPerDeviation, deviationOf } from './shared-deviation.js';

/**
 * A node of the walk: one component, that is an instance of a service, a service whose alerts name
 * no instance, or a host (kept apart from a service of the same name). A fault sits in a component,
 * so two healthy-looking instances do not add up to one sick one.
 */
export interface Node {
  key: string;
  /** The service (or the host's name). */
  name: string;
  kind: 'service' | 'host';
  instance?: string;
  alerts: CorrelatedAlert[];
  signals: number;
  /** Of its alerts, those whose deviation other components of the incident show too (`shared-deviation.ts`). */
  shared: number;
  /** Of its alerts, those saying a reading fell below its usual range (`direction.ts`). */
  below: number;
  /** The kinds of resource those readings are of (`resourceOf`; readings of no known kind add none). */
  belowResources: Set<string>;
  /** `signals` weighed: shared deviations and readings below their range count less. */
  weighed: number;
  /** Services seen on it (hosts only). */
  services: Set<string>;
  host?: string;
  first: number;
  last: number;
  /** Its own evidence from its alerts alone (weighAlerts); the ranking adds other capabilities'. */
  byAlerts: number;
}

export const componentKey = (service: string, instance?: string) => (instance === undefined ? `s\u0000${service}` : `i\u0000${service}\u0000${instance}`);
export const hostKey = (h: string) => `h\u0000${h}`;

export const newNode = (key: string, name: string, kind: Node['kind'], instance?: string): Node => ({
  key, name, kind, ...(instance !== undefined ? { instance } : {}),
  alerts: [], signals: 0, shared: 0, below: 0, belowResources: new Set(), weighed: 0, services: new Set(), first: Infinity, last: -Infinity, byAlerts: 0,
});

function nodesOf(group: IncidentGroup, placement: Placement): Map<string, Node> {
  const nodes = new Map<string, Node>();
  const node = (key: string, name: string, kind: Node['kind'], instance?: string) => {
    let n = nodes.get(key);
    if (!n) nodes.set(key, (n = newNode(key, name, kind, instance)));
    return n;
  };
  const seen = new Map<Node, Set<string>>();
  const counted: Counted[] = [];
  for (const a of group.alerts) {
    const place = placeAlert(a.alert.labels, a.service, placement);
    const n = place.onHost
      ? node(hostKey(place.host!), place.host!, 'host')
      : a.service !== undefined ? node(componentKey(a.service, place.instance), a.service, 'service', place.instance) : undefined;
    if (!n) continue;
    n.first = Math.min(n.first, a.alert.startsAt);
    n.last = Math.max(n.last, a.alert.startsAt);
    // Each distinct alert counts once, however often it fired again.
    let fingerprints = seen.get(n);
    if (!fingerprints) seen.set(n, (fingerprints = new Set()));
    if (fingerprints.has(a.alert.fingerprint)) continue;
    fingerprints.add(a.alert.fingerprint);
    n.alerts.push(a);
    const pending = a.alert.state === 'pending' ? W.pending : 1;
    n.signals += pending;
    counted.push({ node: n, alert: a, pending, deviation: deviationOf(a.alert.labels, a.service) });
    if (!place.onHost && place.host !== undefined) {
      n.host ??= place.host;
      const host = node(hostKey(place.host), place.host, 'host');
      host.services.add(n.name);
    }
  }
  weighSignals(counted);
  return nodes;
}

interface Counted {
  node: Node;
  alert: CorrelatedAlert;
  /** 1, or `W.pending` for a pending alert. */
  pending: number;
  deviation: string;
}

/**
 * Each node's alerts weighed: a resource deviation that other components show too counts
 * `sharedDeviation` (latency and error alerts travel along the calls: the walk weighs them), and a
 * reading below its usual range counts `belowUsual`, or `belowAcross` when its readings fell in
 * several kinds of resource at once.
 */
function weighSignals(counted: Counted[]): void {
  // Replicas of one service firing the same rule are that service deviating, not "everyone".
  const showing = componentsPerDeviation(counted.map((c) => ({ deviation: c.deviation, component: c.node.kind === 'host' ? c.node.key : c.node.name })));
  // A fall in quality (success rate, apdex) is a symptom, not less work reaching the component.
  const below = counted.map(({ node, alert }) => {
    const fell = alert.evidence.kind !== 'symptom' && fellBelowUsual(alert.alert);
    const kind = fell ? resourceOf(alert.alert, alert.evidence.keywords) : undefined;
    if (kind) node.belowResources.add(kind);
    return fell;
  });
  counted.forEach(({ node, alert, pending, deviation }, i) => {
    const shared = alert.evidence.kind !== 'symptom' && showing.get(deviation)!.size > 1;
    if (shared) node.shared++;
    if (below[i]) node.below++;
    node.weighed += pending * (shared ? W.sharedDeviation : 1) * (below[i] ? belowWeight(node) : 1);
  });
}

export const belowAcross = (n: Node) => n.belowResources.size >= W.belowAcrossKinds;
const belowWeight = (n: Node) => (belowAcross(n) ? W.belowAcross : W.belowUsual);

/** What its alerts say about every node: how much and how early it deviates, and for a host, how many services on it do. */
function weighAlerts(nodes: Map<string, Node>, group: IncidentGroup, span: number): void {
  const start = group.startsAt;
  for (const n of nodes.values()) {
    if (n.alerts.length > 0) {
      n.byAlerts += W.amount * Math.log2(1 + n.weighed);
      n.byAlerts += W.earliness * (span > 0 ? 1 - (n.first - start) / span : 1);
    }
    if (n.kind === 'host' && n.services.size >= 2) n.byAlerts += W.together * Math.log2(n.services.size);
  }
}

/** A group's components weighed by their alerts, and the span of its alerts (ms) that earliness is measured in. */
export interface Components {
  nodes: ReadonlyMap<string, Node>;
  span: number;
}

// A live storm is ranked before its evidence arrives (to choose whom to ask) and again with it: what
// its alerts say, the costly part, is worked out once per group and placement. Nothing changes the
// nodes after this: the ranking keeps its own evidence apart.
const weighedByAlerts = new WeakMap<IncidentGroup, WeakMap<Placement, Components>>();

/** The group's components weighed by their alerts (nodesOf, weighAlerts), shared by every ranking of the group: not to be changed. */
export function componentsOf(group: IncidentGroup, placement: Placement): Components {
  let byPlacement = weighedByAlerts.get(group);
  if (!byPlacement) weighedByAlerts.set(group, (byPlacement = new WeakMap()));
  let components = byPlacement.get(placement);
  if (!components) {
    const nodes = nodesOf(group, placement);
    const start = group.startsAt;
    const span = Math.max(...[...nodes.values()].filter((n) => n.alerts.length > 0).map((n) => n.last), start) - start;
    weighAlerts(nodes, group, span);
    byPlacement.set(placement, (components = { nodes, span }));
  }
  return components;
}
