/**
 * Root-cause ranking of an incident group, from evidence spread over the dependency graph.
 *
 * 1. Each component (service, or host) gets its own evidence: how much it deviates (distinct alerts,
 *    log-scaled: sixty anomalous metrics count more than five, but not twelve times more) and how
 *    early (relative to the incident's first and last alert), plus evidence from other
 *    capabilities (SLO burn, new log patterns, deepest failing spans, inhibitions).
 * 2. A personalized PageRank walks the graph of calls and of hosting (a host and the services on it),
 *    restarting in proportion to own evidence and stepping to deviating neighbours (`walk.ts`). A
 *    component whose neighbours deviate too explains more of the incident than one deviating alone.
 * 3. The ranking names the level the evidence supports: a service, one instance of it when the
 *    evidence sits on that instance, or a host when services on it deviate together.
 * No component gets points for its place in the graph alone (being a leaf, being first).
 */
import { componentKey, componentsOf, hostKey, newNode, type Node } from './components.js';
import type { IncidentGroup } from './correlate.js';
import { deepestFailingCallees, type FailingCallees } from './failing-calls.js';
import { emptyPlacement, type Placement } from './placement.js';
import { alertReasons, clean, list, neighbourReason, round, serviceEvidence, type ServiceEvidence } from './rank-reasons.js';
import { RANK_WEIGHTS } from './rank-weights.js';
import type { ServiceGraph } from './topology.js';
import { personalizedPageRank, type WalkEdge } from './walk.js';

/** Extra evidence per service, from other capabilities. */
export interface Evidence {
  /** Current SLO burn rate (1 = spending the error budget exactly as fast as allowed). */
  sloBurn?: Record<string, number>;
  /** Number of log patterns that are NEW in the incident window compared to the baseline. */
  newLogPatterns?: Record<string, number>;
  /** Number of error traces whose deepest failing span is in the service (`errorRootServices`). */
  errorSpanRoots?: Record<string, number>;
}

export type CandidateLevel = 'service' | 'instance' | 'host';

/** The numbers behind a candidate's place. */
export interface CandidateEvidence {
  /** Distinct alerts (pending ones count half). */
  signals: number;
  /** Distinct alert names. */
  rules: number;
  /** Its first alert, after the group's first (ms); absent without alerts. */
  firstAfterMs?: number;
  /** From its first to its last alert (ms). */
  activeMs?: number;
  /** Its own evidence (the walk's restart weight). */
  own: number;
  /** Share of the walk's time spent on it (0..1); `score` is this in percent. */
  share: number;
}

export interface RootCauseCandidate {
  /** The service; for a host candidate, the host's name. */
  service: string;
  level: CandidateLevel;
  /** level "instance": the instance the evidence sits on. */
  instance?: string;
  /** The host it runs on, when known (for level "host", the host itself). */
  host?: string;
  /** level "host": the services on it that deviate. */
  services?: string[];
  /** Percent of the walk's time; compare within a group. */
  score: number;
  reasons: string[];
  evidence: CandidateEvidence;
}

export interface RankOptions {
  graph?: ServiceGraph;
  evidence?: Evidence;
  placement?: Placement;
}

export { RANK_WEIGHTS };
const W = RANK_WEIGHTS;

/** Services without alerts that still have evidence strong enough to be candidates. */
function silentSuspects(evidence: Evidence, alerting: Set<string>, failing: FailingCallees): string[] {
  const roots = evidence.errorSpanRoots ?? {};
  const rootsTotal = Object.values(roots).reduce((a, b) => a + Math.max(0, b), 0);
  const names = new Set([...Object.keys(evidence.sloBurn ?? {}), ...Object.keys(evidence.newLogPatterns ?? {}), ...Object.keys(roots), ...failing.into.keys()]);
  return [...names].filter((s) => !alerting.has(s) && (
    (evidence.sloBurn?.[s] ?? 0) >= 1 || (evidence.newLogPatterns?.[s] ?? 0) > 0 || ((roots[s] ?? 0) > 0 && roots[s]! >= W.errorSpanRootsMinShare * rootsTotal)
    || ((failing.into.get(s) ?? 0) > 0 && failing.into.get(s)! >= W.failingCalleeMinShare * failing.total)));
}

function inhibitionsBy(group: IncidentGroup): Map<string, number> {
  if (!group.alerts.some((a) => a.alert.inhibitedBy.length > 0)) return new Map();
  const serviceOf = new Map(group.alerts.map((a) => [a.alert.fingerprint, a.service]));
  const inhibits = new Map<string, number>();
  for (const a of group.alerts) {
    if (a.alert.inhibitedBy.length === 0) continue;
    const by = new Set(a.alert.inhibitedBy.map((f) => serviceOf.get(f)));
    for (const s of by) if (s !== undefined && s !== a.service) inhibits.set(s, (inhibits.get(s) ?? 0) + 1);
  }
  return inhibits;
}


const serviceNode = (service: string) => `w\u0000${service}`;

/**
 * The walk runs over services and hosts: a service stands for its strongest component, and a host
 * is linked to the services of the components on it. That keeps the walk the size of the system
 * whatever the number of instances.
 */
function walkGraph(
  candidates: Map<string, Node[]>,
  own: (n: Node) => number,
  graph: ServiceGraph | undefined,
  symptomsOnly: Set<string>,
): { evidence: Map<string, number>; edges: WalkEdge[]; passOn: Map<string, number>; toHost: Map<string, string> } {
  const evidence = new Map<string, number>();
  const edges: WalkEdge[] = [];
  const passOn = new Map<string, number>();
  const toHost = new Map<string, string>();
  for (const members of candidates.values()) {
    const first = members[0]!;
    if (first.kind === 'host') evidence.set(first.key, own(first));
    else evidence.set(serviceNode(first.name), members.reduce((max, n) => Math.max(max, own(n)), 0));
  }
  for (const members of candidates.values()) {
    const first = members[0]!;
    if (first.kind === 'host') {
      for (const s of first.services) {
        edges.push({ from: first.key, to: serviceNode(s), weight: W.hosting }, { from: serviceNode(s), to: first.key, weight: W.hosting });
      }
      continue;
    }
    const host = hostExplaining(members, candidates);
    if (host !== undefined) {
      passOn.set(serviceNode(first.name), W.hostPassOn);
      toHost.set(first.name, host);
    } else if (graph?.has(first.name)) {
      const from = serviceNode(first.name);
      const deviatingDependencies = graph.dependenciesOf(first.name).filter((d) => d !== first.name && candidates.has(d));
      for (const d of graph.dependenciesOf(first.name)) edges.push({ from, to: serviceNode(d), weight: W.toDependency });
      if (symptomsOnly.has(first.name) && deviatingDependencies.length > 0) {
        passOn.set(from, W.symptomPassOn);
        continue;
      }
      for (const c of graph.callersOf(first.name)) edges.push({ from, to: serviceNode(c), weight: W.toCaller });
    }
  }
  return { evidence, edges, passOn, toHost };
}

/** A service whose placed components all run on one host that alerts itself, with other services on it deviating too. */
function hostExplaining(members: Node[], candidates: Map<string, Node[]>): string | undefined {
  const hosts = new Set(members.flatMap((n) => (n.host === undefined ? [] : [n.host])));
  const [h] = hosts;
  if (hosts.size !== 1 || h === undefined) return undefined;
  const host = candidates.get(hostKey(h))?.[0];
  return host !== undefined && host.alerts.length > 0 && host.services.size >= 2 ? h : undefined;
}

/** Services whose own evidence is only alerts saying they suffer (latency, errors). */
function symptomOnlyServices(candidates: Map<string, Node[]>, evidence: Evidence): Set<string> {
  const names = new Set<string>();
  for (const members of candidates.values()) {
    const first = members[0]!;
    if (first.kind === 'host') continue;
    const alerts = members.flatMap((n) => n.alerts);
    const other = (evidence.newLogPatterns?.[first.name] ?? 0) > 0 || (evidence.errorSpanRoots?.[first.name] ?? 0) > 0;
    if (alerts.length > 0 && !other && alerts.every((a) => a.evidence.kind === 'symptom')) names.add(first.name);
  }
  return names;
}

/** Instances of each service, known from the placement and from the alerts. */
// Per placement, computed once: analyzeAlerts ranks every group against the same placement.
const placedInstances = new WeakMap<Placement, Map<string, Set<string>>>();

/** How many instances a service has, known from the placement and from the group's alerts. */
function instanceCount(service: string, nodes: Iterable<Node>, placement: Placement): number {
  let per = placedInstances.get(placement);
  if (!per) {
    per = new Map();
    for (const [instance, s] of placement.instances) per.set(s, (per.get(s) ?? new Set()).add(instance));
    placedInstances.set(placement, per);
  }
  const known = new Set(per.get(service));
  for (const n of nodes) if (n.instance !== undefined) known.add(n.instance);
  return known.size;
}

function candidateOf(n: Node, own: number, reasons: string[], share: number, start: number): RootCauseCandidate {
  const evidence: CandidateEvidence = { signals: round(n.signals), rules: new Set(n.alerts.map((a) => a.alert.name)).size, own: round(own), share: round(share, 4) };
  if (n.alerts.length > 0) {
    evidence.firstAfterMs = n.first - start;
    evidence.activeMs = n.last - n.first;
  }
  const c: RootCauseCandidate = { service: n.name, level: n.kind === 'host' ? 'host' : 'service', score: round(100 * share, 1), reasons, evidence };
  if (n.kind === 'host') {
    c.host = n.name;
    c.services = [...n.services];
  } else if (n.host !== undefined) c.host = n.host;
  return c;
}

/**
 * The service's candidate from its best component: named at the instance when the service has
 * other instances and this one holds at least `instanceShare` of the service's alerts.
 */
function serviceCandidate(best: Node, siblings: Node[], known: number, c: RootCauseCandidate): RootCauseCandidate {
  if (best.instance === undefined || known < 2) return c;
  const total = siblings.reduce((sum, n) => sum + n.signals, 0);
  const others = siblings.filter((n) => n !== best && n.signals > 0).map((n) => `${n.instance ?? 'no instance'} ${round(n.signals)}`);
  if (best.signals >= W.instanceShare * total) {
    c.level = 'instance';
    c.instance = best.instance;
    c.reasons.unshift(`on instance ${clean(best.instance)}: ${round(best.signals)} of the service's ${round(total)} alerts${others.length ? ` (${list(others)})` : ''}`);
  } else {
    delete c.host;
    c.reasons.push(`alerts spread over ${siblings.length} of its ${known} instances: ${list(siblings.map((n) => `${n.instance ?? 'no instance'} ${round(n.signals)}`))}`);
  }
  return c;
}

export function rankRootCauses(group: IncidentGroup, options: RankOptions = {}): RootCauseCandidate[] {
  const graph = options.graph && options.graph.size > 0 ? options.graph : undefined;
  const evidence = options.evidence ?? {};
  const placement = options.placement ?? emptyPlacement();
  const components = componentsOf(group, placement);
  const alerting = new Set([...components.nodes.values()].filter((n) => n.kind === 'service').map((n) => n.name));
  const failing = deepestFailingCallees(group.alerts, placement, (s) => graph === undefined || graph.has(s) || alerting.has(s));
  const silent = silentSuspects(evidence, alerting, failing).map((s) => newNode(componentKey(s), s, 'service'));
  const own = ownEvidence(group, evidence, failing);

  // Candidates: each service with its deviating components, and each host.
  const candidates = new Map<string, Node[]>();
  for (const n of [...components.nodes.values(), ...silent]) {
    if (own(n) <= 0 && n.alerts.length === 0) continue;
    const key = n.kind === 'host' ? n.key : n.name;
    const members = candidates.get(key);
    if (members) members.push(n);
    else candidates.set(key, [n]);
  }
  const walk = walkGraph(candidates, own, graph, symptomOnlyServices(candidates, evidence));
  const share = personalizedPageRank(walk.evidence, walk.edges, { damping: W.damping, selfWeight: W.stay, passOn: walk.passOn });
  const deviating = new Set([...candidates.values()].filter((m) => m[0]!.kind === 'service').map((m) => m[0]!.name));
  const ranked = [...candidates.values()].map((members) => {
    const best = members.reduce((a, b) => (own(b) > own(a) ? b : a));
    const reasons = [...alertReasons(best, group.startsAt, components), ...(best.kind === 'service' ? own.of(best.name).reasons : [])];
    if (best.kind === 'service' && best.alerts.length === 0) reasons.unshift('no alerts of its own');
    const around = neighbourReason(best, components.nodes, graph, deviating);
    if (around) reasons.push(around);
    if (walk.passOn.has(serviceNode(best.name)) && best.kind === 'service') {
      reasons.push(walk.toHost.has(best.name)
        ? `runs on ${clean(walk.toHost.get(best.name)!)}, which alerts itself while other services on it deviate too: its weight passes to the host`
        : 'only symptom alerts (latency, errors) while a dependency deviates: its weight passes to its dependencies');
    }
    const c = candidateOf(best, own(best), reasons, share.get(best.kind === 'host' ? best.key : serviceNode(best.name)) ?? 0, group.startsAt);
    return { n: best, c: best.kind === 'host' ? c : serviceCandidate(best, members, instanceCount(best.name, members, placement), c) };
  });
  ranked.sort((a, b) => b.c.evidence.share - a.c.evidence.share || a.n.first - b.n.first || a.n.name.localeCompare(b.n.name));
  return ranked.map((r) => r.c);
}

/**
 * Each node's own evidence: what its alerts say (components.ts), and for a service, what other
 * capabilities, failing calls and inhibitions say about it, worked out once per service.
 */
function ownEvidence(group: IncidentGroup, evidence: Evidence, failing: FailingCallees): ((n: Node) => number) & { of(service: string): ServiceEvidence } {
  const inhibits = inhibitionsBy(group);
  const services = new Map<string, ServiceEvidence>();
  const of = (service: string) => {
    let s = services.get(service);
    if (!s) services.set(service, (s = serviceEvidence(service, evidence, failing, inhibits.get(service) ?? 0)));
    return s;
  };
  const own = (n: Node) => {
    if (n.kind === 'host') return n.byAlerts;
    const s = of(n.name);
    return n.byAlerts + s.extra + s.failingCallee + s.inhibits;
  };
  return Object.assign(own, { of });
}
