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
import { sanitize } from '../output/sanitize.js';
import { formatDuration } from '../time/time.js';
import type { CorrelatedAlert, IncidentGroup } from './correlate.js';
import { fellBelowUsual, resourceOf } from './direction.js';
import { deepestFailingCallees, type FailingCallees } from './failing-calls.js';
import { emptyPlacement, placeAlert, type Placement } from './placement.js';
import { componentsPerDeviation, deviationOf } from './shared-deviation.js';
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

/** Weights of the evidence and of the walk; documented in README.md. */
export const RANK_WEIGHTS = {
  /** Own evidence: log2(1 + distinct alerts, weighed as below) times this. */
  amount: 1,
  /**
   * Weight of an alert whose deviation other components of the incident show too (`shared-deviation.ts`):
   * it describes what they share (load, a machine), not one of them.
   */
  sharedDeviation: 0,
  /** Multiplier for alerts still pending (not yet firing). */
  pending: 0.5,
  /** Multiplier for alerts saying a reading fell below its usual range (`direction.ts`): less work reaching it. */
  belowUsual: 0.5,
  /**
   * The same, when the component's readings fell in at least `belowAcrossKinds` kinds of resource at
   * once (CPU, memory, disk): less of everything is less work reaching it, not a fault of one resource.
   */
  belowAcross: 0,
  belowAcrossKinds: 2,
  /** Own evidence for deviating earliest: this times 1 - (its first alert - group start) / group span. */
  earliness: 0.5,
  /** A host: log2(services on it that deviate) times this, when at least two do. */
  together: 1,
  /** Per alert of other services its alerts inhibit in Alertmanager, up to `inhibitsMax`. */
  inhibits: 0.5,
  inhibitsMax: 1.5,
  sloBurnFast: 1.5,
  sloBurnSlow: 1,
  sloBurning: 0.5,
  newLogPatterns: 1,
  newLogPatternsMore: 0.25,
  newLogPatternsMax: 2,
  /** Times the share of error traces whose deepest failing span is in the service. */
  errorSpanRoots: 3,
  /**
   * Times the share of the incident's failing calls (error alerts naming a callee) that end in the
   * service, when it makes no failing call itself (`failing-calls.ts`). Below the traces' weight: an
   * alert on a call says the call failed, not that nothing behind the callee did.
   */
  failingCallee: 0.5,
  /**
   * Below this share of the error traces, a service without alerts is not made a candidate: every
   * system has a few stray error traces, and one of fifty is noise.
   */
  errorSpanRootsMinShare: 0.1,
  /** The same floor for a service without alerts that receives the incident's failing calls. */
  failingCalleeMinShare: 0.1,
  /** Walk: probability of stepping to a neighbour rather than restarting. */
  damping: 0.15,
  /** Walk: edge weights. Failures travel from a dependency to its callers, so the walk (which goes
   * from symptom to cause) steps to dependencies more readily than to callers. */
  toDependency: 1,
  toCaller: 0.5,
  hosting: 1,
  /** Walk: weight of staying, times own evidence. */
  stay: 1,
  /**
   * Walk: a service whose alerts all say it suffers (latency, errors: `classify.ts` symptoms) while a
   * dependency deviates too steps on to its deviating dependencies with this probability, never to
   * its callers and never staying: a symptom is explained by what it depends on.
   */
  symptomPassOn: 0.5,
  /**
   * Walk: a service whose components with a known host all run on one host that alerts itself while
   * other services on it deviate too steps on to that host with this probability, never elsewhere
   * and never staying: what several services on one machine suffer together is explained by the machine.
   */
  hostPassOn: 0.5,
  /** An instance is named when it holds at least this share of its service's alerts. */
  instanceShare: 2 / 3,
} as const;

const W = RANK_WEIGHTS;
const MAX_NAMED = 3;

const clean = (s: string) => sanitize(s, { maxLength: 120 });
const list = (names: string[]) =>
  names.slice(0, MAX_NAMED).map(clean).join(', ') + (names.length > MAX_NAMED ? ` and ${names.length - MAX_NAMED} more` : '');
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const plural = (n: number, word: string) => `${round(n)} ${word}${n === 1 ? '' : 's'}`;

/**
 * A node of the walk: one component, that is an instance of a service, a service whose alerts name
 * no instance, or a host (kept apart from a service of the same name). A fault sits in a component,
 * so two healthy-looking instances do not add up to one sick one.
 */
interface Node {
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
  own: number;
  reasons: string[];
}

const componentKey = (service: string, instance?: string) => (instance === undefined ? `s\u0000${service}` : `i\u0000${service}\u0000${instance}`);
const hostKey = (h: string) => `h\u0000${h}`;

const newNode = (key: string, name: string, kind: Node['kind'], instance?: string): Node => ({
  key, name, kind, ...(instance !== undefined ? { instance } : {}),
  alerts: [], signals: 0, shared: 0, below: 0, belowResources: new Set(), weighed: 0, services: new Set(), first: Infinity, last: -Infinity, own: 0, reasons: [],
});

function nodesOf(group: IncidentGroup, placement: Placement): Map<string, Node> {
  const nodes = new Map<string, Node>();
  const node = (key: string, name: string, kind: Node['kind'], instance?: string) => {
    let n = nodes.get(key);
    if (!n) nodes.set(key, (n = newNode(key, name, kind, instance)));
    return n;
  };
  const seen = new Set<string>();
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
    if (seen.has(`${n.key}\u0000${a.alert.fingerprint}`)) continue;
    seen.add(`${n.key}\u0000${a.alert.fingerprint}`);
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

const belowAcross = (n: Node) => n.belowResources.size >= W.belowAcrossKinds;
const belowWeight = (n: Node) => (belowAcross(n) ? W.belowAcross : W.belowUsual);

/** Why its alerts weigh less than their number: shared deviations, readings below their range. */
function weighingReason(n: Node): string | undefined {
  const parts: string[] = [];
  if (n.shared > 0) parts.push(`${n.shared} also ${n.shared === 1 ? 'deviates' : 'deviate'} on other components (counted ${W.sharedDeviation === 0 ? 'for none' : `${W.sharedDeviation}`}: they say what these share)`);
  if (n.below > 0) {
    parts.push(belowAcross(n)
      ? `${n.below} fell below their usual range in ${n.belowResources.size} kinds of resource at once (${list([...n.belowResources].sort())}; counted ${W.belowAcross === 0 ? 'for none' : `${W.belowAcross}`}: less of everything is less work reaching it)`
      : `${n.below} fell below their usual range (counted ${W.belowUsual}: less work reaching it)`);
  }
  return parts.length ? `of its ${plural(n.alerts.length, 'alert')}, ${parts.join('; ')}; weighed as ${round(n.weighed)}` : undefined;
}

function describeAlerts(alerts: CorrelatedAlert[]): string {
  const byName = new Map<string, CorrelatedAlert>();
  for (const a of alerts) if (!byName.has(a.alert.name)) byName.set(a.alert.name, a);
  const shown = [...byName.values()].map((a) => {
    const words = a.evidence.keywords.length > 0 ? ` (${a.evidence.keywords.map(clean).join(', ')})` : '';
    return `${a.alert.name || a.alert.fingerprint}${words}`;
  });
  const pending = alerts.filter((a) => a.alert.state === 'pending').length;
  const rules = byName.size === alerts.length ? '' : ` from ${plural(byName.size, 'rule')}`;
  return `${plural(alerts.length, 'alert')}${rules}${pending > 0 ? ` (${pending} pending)` : ''}: ${list(shown)}`;
}

/** Its cause alerts (`classify.ts`), named once per rule: shown, not weighed (see README). */
function describeCauses(alerts: CorrelatedAlert[]): string | undefined {
  const names = new Map<string, string>();
  for (const a of alerts) {
    if (a.evidence.kind !== 'cause' || names.has(a.alert.name)) continue;
    names.set(a.alert.name, `${a.alert.name || a.alert.fingerprint} (${a.evidence.keywords.map(clean).join(', ')})`);
  }
  return names.size ? `${names.size === 1 ? 'cause alert' : 'cause alerts'}: ${list([...names.values()])}` : undefined;
}

function extraEvidence(service: string, evidence: Evidence, reasons: string[]): number {
  let points = 0;
  const burn = evidence.sloBurn?.[service] ?? 0;
  if (burn >= 1) {
    points += burn >= 14.4 ? W.sloBurnFast : burn >= 6 ? W.sloBurnSlow : W.sloBurning;
    reasons.push(`SLO burning at ${round(burn)}x the sustainable rate`);
  }
  const patterns = evidence.newLogPatterns?.[service] ?? 0;
  if (patterns > 0) {
    points += Math.min(W.newLogPatternsMax, W.newLogPatterns + W.newLogPatternsMore * (patterns - 1));
    reasons.push(`${plural(patterns, 'new log pattern')}`);
  }
  const roots = evidence.errorSpanRoots?.[service] ?? 0;
  if (roots > 0) {
    const total = Object.values(evidence.errorSpanRoots ?? {}).reduce((a, b) => a + Math.max(0, b), 0);
    points += W.errorSpanRoots * (roots / total);
    reasons.push(`deepest failing span of ${roots} of ${total} error traces (${Math.round((100 * roots) / total)}%)`);
  }
  return points;
}

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
  const serviceOf = new Map(group.alerts.map((a) => [a.alert.fingerprint, a.service]));
  const inhibits = new Map<string, number>();
  for (const a of group.alerts) {
    const by = new Set(a.alert.inhibitedBy.map((f) => serviceOf.get(f)));
    for (const s of by) if (s !== undefined && s !== a.service) inhibits.set(s, (inhibits.get(s) ?? 0) + 1);
  }
  return inhibits;
}

function failingCalleeEvidence(service: string, failing: FailingCallees, reasons: string[]): number {
  const calls = failing.into.get(service) ?? 0;
  if (calls === 0) return 0;
  reasons.push(`receives ${plural(calls, 'failing call')} of the incident's ${failing.total} (${Math.round((100 * calls) / failing.total)}%) and makes none that fail: failures begin here`);
  return W.failingCallee * (calls / failing.total);
}

/** What its alerts say about every node, with its reasons: how much and how early it deviates, and for a host, how many services on it do. */
function weighAlerts(nodes: Map<string, Node>, group: IncidentGroup): void {
  const start = group.startsAt;
  const span = Math.max(...[...nodes.values()].filter((n) => n.alerts.length > 0).map((n) => n.last), start) - start;
  for (const n of nodes.values()) {
    if (n.alerts.length > 0) {
      n.own += W.amount * Math.log2(1 + n.weighed);
      n.reasons.push(describeAlerts(n.alerts));
      const discounted = weighingReason(n);
      if (discounted) n.reasons.push(discounted);
      const causes = describeCauses(n.alerts);
      if (causes) n.reasons.push(causes);
      const after = n.first - start;
      n.own += W.earliness * (span > 0 ? 1 - after / span : 1);
      n.reasons.push(after === 0 ? `deviated first (${new Date(n.first).toISOString()})` : `deviated ${formatDuration(after)} after the incident's first alert`);
      // Shown, not weighed: on the labelled faults, weighing how long a component alerts made the ranking worse.
      if (n.last > n.first) n.reasons.push(`alerting over ${formatDuration(n.last - n.first)} of the incident's ${formatDuration(span)}`);
    }
    if (n.kind === 'host' && n.services.size >= 2) {
      n.own += W.together * Math.log2(n.services.size);
      n.reasons.unshift(`${n.services.size} services on it deviate together: ${list([...n.services])}`);
    }
  }
}

/** The rest of each service's own evidence, with its reasons: other capabilities', failing calls, inhibitions. */
function weighOwnEvidence(nodes: Map<string, Node>, group: IncidentGroup, evidence: Evidence, failing: FailingCallees): void {
  const inhibits = inhibitionsBy(group);
  for (const n of nodes.values()) {
    if (n.kind === 'host') continue;
    n.own += extraEvidence(n.name, evidence, n.reasons);
    n.own += failingCalleeEvidence(n.name, failing, n.reasons);
    const inhibited = inhibits.get(n.name) ?? 0;
    if (inhibited > 0) {
      n.own += Math.min(W.inhibitsMax, W.inhibits * inhibited);
      n.reasons.push(`its alerts inhibit ${plural(inhibited, 'alert')} of other services in Alertmanager`);
    }
    if (n.alerts.length === 0) n.reasons.unshift('no alerts of its own');
  }
}

// A live storm is ranked before its evidence arrives (to choose whom to ask) and again with it: what
// its alerts say, the costly part, is worked out once per group and placement.
const weighedByAlerts = new WeakMap<IncidentGroup, WeakMap<Placement, Map<string, Node>>>();

/** The group's components weighed by their alerts (nodesOf, weighAlerts): a fresh copy to rank with, sharing nothing a ranking could change with the cache. */
export function componentsOf(group: IncidentGroup, placement: Placement): Map<string, Node> {
  let byPlacement = weighedByAlerts.get(group);
  if (!byPlacement) weighedByAlerts.set(group, (byPlacement = new WeakMap()));
  let nodes = byPlacement.get(placement);
  if (!nodes) {
    nodes = nodesOf(group, placement);
    weighAlerts(nodes, group);
    byPlacement.set(placement, nodes);
  }
  return new Map([...nodes].map(([key, n]) => [key, { ...n, alerts: [...n.alerts], belowResources: new Set(n.belowResources), services: new Set(n.services), reasons: [...n.reasons] }]));
}

const serviceNode = (service: string) => `w\u0000${service}`;

/**
 * The walk runs over services and hosts: a service stands for its strongest component, and a host
 * is linked to the services of the components on it. That keeps the walk the size of the system
 * whatever the number of instances.
 */
function walkGraph(
  candidates: Map<string, Node[]>,
  graph: ServiceGraph | undefined,
  symptomsOnly: Set<string>,
): { evidence: Map<string, number>; edges: WalkEdge[]; passOn: Map<string, number>; toHost: Map<string, string> } {
  const evidence = new Map<string, number>();
  const edges: WalkEdge[] = [];
  const passOn = new Map<string, number>();
  const toHost = new Map<string, string>();
  for (const members of candidates.values()) {
    const first = members[0]!;
    if (first.kind === 'host') evidence.set(first.key, first.own);
    else evidence.set(serviceNode(first.name), members.reduce((max, n) => Math.max(max, n.own), 0));
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

function neighbourReason(n: Node, nodes: Map<string, Node>, graph: ServiceGraph | undefined, deviating: Set<string>): string | undefined {
  if (n.kind === 'host') return undefined;
  const parts: string[] = [];
  if (graph?.has(n.name)) {
    const callers = graph.callersOf(n.name).filter((s) => deviating.has(s));
    const deps = graph.dependenciesOf(n.name).filter((s) => deviating.has(s));
    if (callers.length) parts.push(`${callers.length === 1 ? 'caller' : 'callers'} ${list(callers)}`);
    if (deps.length) parts.push(`${deps.length === 1 ? 'dependency' : 'dependencies'} ${list(deps)}`);
  }
  const host = n.host !== undefined ? nodes.get(hostKey(n.host)) : undefined;
  if (host && host.alerts.length > 0) parts.push(`its host ${clean(host.name)}`);
  return parts.length ? `deviating around it: ${parts.join('; ')}` : undefined;
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

function candidateOf(n: Node, share: number, start: number): RootCauseCandidate {
  const evidence: CandidateEvidence = { signals: round(n.signals), rules: new Set(n.alerts.map((a) => a.alert.name)).size, own: round(n.own), share: round(share, 4) };
  if (n.alerts.length > 0) {
    evidence.firstAfterMs = n.first - start;
    evidence.activeMs = n.last - n.first;
  }
  const c: RootCauseCandidate = { service: n.name, level: n.kind === 'host' ? 'host' : 'service', score: round(100 * share, 1), reasons: [...n.reasons], evidence };
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
  const nodes = componentsOf(group, placement);
  const alerting = new Set([...nodes.values()].filter((n) => n.kind === 'service').map((n) => n.name));
  const failing = deepestFailingCallees(group.alerts, placement, (s) => graph === undefined || graph.has(s) || alerting.has(s));
  for (const s of silentSuspects(evidence, alerting, failing)) nodes.set(componentKey(s), newNode(componentKey(s), s, 'service'));
  weighOwnEvidence(nodes, group, evidence, failing);

  // Candidates: each service with its deviating components, and each host.
  const candidates = new Map<string, Node[]>();
  for (const n of nodes.values()) {
    if (n.own <= 0 && n.alerts.length === 0) continue;
    const key = n.kind === 'host' ? n.key : n.name;
    const members = candidates.get(key);
    if (members) members.push(n);
    else candidates.set(key, [n]);
  }
  const walk = walkGraph(candidates, graph, symptomOnlyServices(candidates, evidence));
  const share = personalizedPageRank(walk.evidence, walk.edges, { damping: W.damping, selfWeight: W.stay, passOn: walk.passOn });
  const deviating = new Set([...candidates.values()].filter((m) => m[0]!.kind === 'service').map((m) => m[0]!.name));
  const ranked = [...candidates.values()].map((members) => {
    const best = members.reduce((a, b) => (b.own > a.own ? b : a));
    const around = neighbourReason(best, nodes, graph, deviating);
    if (around) best.reasons.push(around);
    if (walk.passOn.has(serviceNode(best.name)) && best.kind === 'service') {
      best.reasons.push(walk.toHost.has(best.name)
        ? `runs on ${clean(walk.toHost.get(best.name)!)}, which alerts itself while other services on it deviate too: its weight passes to the host`
        : 'only symptom alerts (latency, errors) while a dependency deviates: its weight passes to its dependencies');
    }
    const c = candidateOf(best, share.get(best.kind === 'host' ? best.key : serviceNode(best.name)) ?? 0, group.startsAt);
    return { n: best, c: best.kind === 'host' ? c : serviceCandidate(best, members, instanceCount(best.name, members, placement), c) };
  });
  ranked.sort((a, b) => b.c.evidence.share - a.c.evidence.share || a.n.first - b.n.first || a.n.name.localeCompare(b.n.name));
  return ranked.map((r) => r.c);
}
