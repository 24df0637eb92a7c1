/**
 * The reasons a root-cause candidate shows: what its alerts say (components.ts weighed them), what
 * other capabilities found, and what deviates around it. Written only for the components that
 * become candidates; the points they stand for are counted in components.ts and rank.ts.
 */
import { sanitize } from '../output/sanitize.js';
import { formatDuration } from '../time/time.js';
import { belowAcross, hostKey, type Components, type Node } from './components.js';
import type { CorrelatedAlert } from './correlate.js';
import type { FailingCallees } from './failing-calls.js';
import type { Evidence } from './rank.js';
import { RANK_WEIGHTS as W } from './rank-weights.js';
import type { ServiceGraph } from './topology.js';

const MAX_NAMED = 3;

export const clean = (s: string) => sanitize(s, { maxLength: 120 });
export const list = (names: string[]) =>
  names.slice(0, MAX_NAMED).map(clean).join(', ') + (names.length > MAX_NAMED ? ` and ${names.length - MAX_NAMED} more` : '');
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const plural = (n: number, word: string) => `${round(n)} ${word}${n === 1 ? '' : 's'}`;

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

/** What its alerts say (the points of components.ts's weighAlerts), and for a host, the services on it that deviate. */
export function alertReasons(n: Node, start: number, components: Components): string[] {
  const reasons: string[] = [];
  if (n.kind === 'host' && n.services.size >= 2) reasons.push(`${n.services.size} services on it deviate together: ${list([...n.services])}`);
  if (n.alerts.length === 0) return reasons;
  reasons.push(describeAlerts(n.alerts));
  const discounted = weighingReason(n);
  if (discounted) reasons.push(discounted);
  const causes = describeCauses(n.alerts);
  if (causes) reasons.push(causes);
  const after = n.first - start;
  reasons.push(after === 0 ? `deviated first (${new Date(n.first).toISOString()})` : `deviated ${formatDuration(after)} after the incident's first alert`);
  // Shown, not weighed: on the labelled faults, weighing how long a component alerts made the ranking worse.
  if (n.last > n.first) reasons.push(`alerting over ${formatDuration(n.last - n.first)} of the incident's ${formatDuration(components.span)}`);
  return reasons;
}

/** A service's own evidence besides its alerts: its points, in the order they add up, and its reasons. */
export interface ServiceEvidence {
  /** From other capabilities: SLO burn, new log patterns, deepest failing spans. */
  extra: number;
  failingCallee: number;
  inhibits: number;
  reasons: string[];
}

/** What other capabilities, the incident's failing calls and Alertmanager's inhibitions say about `service`. */
export function serviceEvidence(service: string, evidence: Evidence, failing: FailingCallees, inhibited: number): ServiceEvidence {
  const reasons: string[] = [];
  const extra = extraEvidence(service, evidence, reasons);
  const failingCallee = failingCalleeEvidence(service, failing, reasons);
  let inhibits = 0;
  if (inhibited > 0) {
    inhibits = Math.min(W.inhibitsMax, W.inhibits * inhibited);
    reasons.push(`its alerts inhibit ${plural(inhibited, 'alert')} of other services in Alertmanager`);
  }
  return { extra, failingCallee, inhibits, reasons };
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

function failingCalleeEvidence(service: string, failing: FailingCallees, reasons: string[]): number {
  const calls = failing.into.get(service) ?? 0;
  if (calls === 0) return 0;
  reasons.push(`receives ${plural(calls, 'failing call')} of the incident's ${failing.total} (${Math.round((100 * calls) / failing.total)}%) and makes none that fail: failures begin here`);
  return W.failingCallee * (calls / failing.total);
}

export function neighbourReason(n: Node, nodes: ReadonlyMap<string, Node>, graph: ServiceGraph | undefined, deviating: Set<string>): string | undefined {
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
