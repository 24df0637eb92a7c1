/**
 * Root-cause ranking of an incident group: a score per service, with the reason for every point.
 * The reasoning follows how failures spread: a broken dependency makes its callers fail, so the
 * deepest failing service (none of its own dependencies fail) that many alerting services depend
 * on, that alerted first and whose alerts name a cause (down, saturation, restarts, deploys) rather
 * than a symptom (latency, errors), is the most likely root cause. Other signals add evidence.
 */
import { sanitize } from '../output/sanitize.js';
import { formatDuration } from '../time/time.js';
import type { CorrelatedAlert, IncidentGroup } from './correlate.js';
import type { ServiceGraph } from './topology.js';

/** Extra evidence per service, from other capabilities. */
export interface Evidence {
  /** Current SLO burn rate (1 = spending the error budget exactly as fast as allowed). */
  sloBurn?: Record<string, number>;
  /** Number of log patterns that are NEW in the incident window compared to the baseline. */
  newLogPatterns?: Record<string, number>;
  /** Number of error traces whose deepest failing span is in the service (`errorRootServices`). */
  errorSpanRoots?: Record<string, number>;
}

export interface RootCauseCandidate {
  service: string;
  score: number;
  reasons: string[];
}

export interface RankOptions {
  graph?: ServiceGraph;
  evidence?: Evidence;
}

/** Points per piece of evidence; documented in README.md. */
export const RANK_WEIGHTS = {
  causeAlert: 3,
  unknownAlert: 1.5,
  symptomAlert: 1,
  /** Added per further alert on the service, up to `moreAlertsMax`. */
  moreAlerts: 0.25,
  moreAlertsMax: 1,
  /** Multiplier for alerts still pending (not yet firing). */
  pending: 0.5,
  deepestFailing: 2.5,
  dependsOnFailing: -1,
  /** Per alerting service that depends on it, up to `dependentsMax` services. */
  dependent: 1,
  dependentsMax: 4,
  edgeSymptomsOnly: -0.5,
  alertedFirst: 1.5,
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
   * Below this share of the error traces, a service without alerts is not counted as failing (nor
   * made a candidate): every system has a few stray error traces, and one of fifty is noise.
   */
  errorSpanRootsMinShare: 0.1,
} as const;

const W = RANK_WEIGHTS;
const MAX_NAMED = 3;

const clean = (s: string) => sanitize(s, { maxLength: 120 });
const list = (names: string[]) =>
  names.slice(0, MAX_NAMED).map(clean).join(', ') + (names.length > MAX_NAMED ? ` and ${names.length - MAX_NAMED} more` : '');
const round = (n: number) => Math.round(n * 100) / 100;
const positive = (r: Record<string, number> | undefined, s: string) => (r?.[s] ?? 0) > 0;

function alertWeight(a: CorrelatedAlert): number {
  const base = a.evidence.kind === 'cause' ? W.causeAlert : a.evidence.kind === 'symptom' ? W.symptomAlert : W.unknownAlert;
  return a.alert.state === 'pending' ? base * W.pending : base;
}

function describeAlert(a: CorrelatedAlert): string {
  const words = a.evidence.keywords.length > 0 ? ` (${a.evidence.keywords.map(clean).join(', ')})` : '';
  const pending = a.alert.state === 'pending' ? ', pending' : '';
  return `${clean(a.alert.name || a.alert.fingerprint)}${words}${pending}`;
}

function alertPoints(alerts: CorrelatedAlert[], reasons: string[]): number {
  if (alerts.length === 0) return 0;
  for (const kind of ['cause', 'unknown', 'symptom'] as const) {
    const ofKind = alerts.filter((a) => a.evidence.kind === kind);
    if (ofKind.length === 0) continue;
    const label = kind === 'unknown' ? 'unclassified alert' : `${kind} alert`;
    reasons.push(`${label}${ofKind.length > 1 ? 's' : ''}: ${list(ofKind.map(describeAlert))}`);
  }
  const best = Math.max(...alerts.map(alertWeight));
  return best + Math.min(W.moreAlertsMax, W.moreAlerts * (alerts.length - 1));
}

function evidencePoints(service: string, evidence: Evidence, reasons: string[]): number {
  let points = 0;
  const burn = evidence.sloBurn?.[service] ?? 0;
  if (burn >= 1) {
    const p = burn >= 14.4 ? W.sloBurnFast : burn >= 6 ? W.sloBurnSlow : W.sloBurning;
    points += p;
    reasons.push(`SLO burning at ${round(burn)}x the sustainable rate`);
  }
  const patterns = evidence.newLogPatterns?.[service] ?? 0;
  if (patterns > 0) {
    points += Math.min(W.newLogPatternsMax, W.newLogPatterns + W.newLogPatternsMore * (patterns - 1));
    reasons.push(`${patterns} new log pattern${patterns > 1 ? 's' : ''}`);
  }
  const roots = evidence.errorSpanRoots?.[service] ?? 0;
  if (roots > 0) {
    const total = Object.values(evidence.errorSpanRoots ?? {}).reduce((a, b) => a + Math.max(0, b), 0);
    points += W.errorSpanRoots * (roots / total);
    reasons.push(`deepest failing span of ${roots} of ${total} error traces (${Math.round((100 * roots) / total)}%)`);
  }
  return points;
}

export function rankRootCauses(group: IncidentGroup, options: RankOptions = {}): RootCauseCandidate[] {
  const graph = options.graph && options.graph.size > 0 ? options.graph : undefined;
  const evidence = options.evidence ?? {};
  const alertsBy = new Map<string, CorrelatedAlert[]>();
  for (const a of group.alerts) {
    if (a.service === undefined) continue;
    const l = alertsBy.get(a.service);
    if (l) l.push(a);
    else alertsBy.set(a.service, [a]);
  }
  const roots = evidence.errorSpanRoots ?? {};
  const rootsTotal = Object.values(roots).reduce((a, b) => a + Math.max(0, b), 0);
  const manyErrorRoots = (s: string) => (roots[s] ?? 0) > 0 && roots[s]! >= W.errorSpanRootsMinShare * rootsTotal;
  const hasEvidence = (s: string) => (evidence.sloBurn?.[s] ?? 0) >= 1 || positive(evidence.newLogPatterns, s) || manyErrorRoots(s);

  // Candidates: alerting services, and services with evidence that alerting services depend on.
  const candidates = new Set(alertsBy.keys());
  if (graph) {
    for (const s of alertsBy.keys()) for (const d of graph.downstream(s).keys()) if (hasEvidence(d)) candidates.add(d);
  }
  const failing = new Set([...candidates].filter((s) => alertsBy.has(s) || hasEvidence(s)));

  // Per service, how many alerts of other services its alerts inhibit.
  const serviceOf = new Map(group.alerts.map((a) => [a.alert.fingerprint, a.service]));
  const inhibits = new Map<string, number>();
  for (const a of group.alerts) {
    const by = new Set(a.alert.inhibitedBy.map((f) => serviceOf.get(f)));
    for (const s of by) if (s !== undefined && s !== a.service) inhibits.set(s, (inhibits.get(s) ?? 0) + 1);
  }

  const firstAt = new Map([...alertsBy].map(([s, as]) => [s, Math.min(...as.map((a) => a.alert.startsAt))]));
  const times = [...new Set(firstAt.values())].sort((a, b) => a - b);

  const ranked = [...candidates].map((service): RootCauseCandidate & { first: number } => {
    const reasons: string[] = [];
    const alerts = alertsBy.get(service) ?? [];
    let score = alertPoints(alerts, reasons);
    if (alerts.length === 0) reasons.push('no alerts of its own; a dependency of alerting services');

    if (graph?.has(service)) {
      const down = graph.downstream(service);
      const failingDeps = [...down.keys()].filter((d) => failing.has(d));
      if (failingDeps.length === 0) {
        score += W.deepestFailing;
        const deps = graph.dependenciesOf(service);
        reasons.push(deps.length === 0
          ? 'deepest failing dependency: it calls no other service'
          : `deepest failing dependency: none of its dependencies (${list([...down.keys()])}) fail`);
      } else {
        score += W.dependsOnFailing;
        const nearest = failingDeps.reduce((a, b) => (down.get(b)!.length < down.get(a)!.length ? b : a));
        reasons.push(`depends on failing ${clean(nearest)} (${down.get(nearest)!.map(clean).join(' → ')}): more likely a symptom`);
      }
      const dependents = [...graph.upstream(service).keys()].filter((u) => alertsBy.has(u));
      if (dependents.length > 0) {
        score += W.dependent * Math.min(W.dependentsMax, dependents.length);
        reasons.push(`${dependents.length} alerting service${dependents.length > 1 ? 's depend' : ' depends'} on it: ${list(dependents)}`);
      }
      if (graph.callersOf(service).length === 0 && alerts.length > 0 && alerts.every((a) => a.evidence.kind === 'symptom')) {
        score += W.edgeSymptomsOnly;
        reasons.push('edge service with symptom alerts only: it shows what users feel, not why');
      }
    }

    const first = firstAt.get(service);
    if (first !== undefined && first === times[0] && firstAt.size > 1) {
      score += W.alertedFirst;
      const next = times[1];
      reasons.push(next === undefined
        ? 'alerted first, together with others'
        : `alerted first (${new Date(first).toISOString()}, ${formatDuration(next - first)} before the next service)`);
    }

    const inhibited = inhibits.get(service) ?? 0;
    if (inhibited > 0) {
      score += Math.min(W.inhibitsMax, W.inhibits * inhibited);
      reasons.push(`its alerts inhibit ${inhibited} alert${inhibited > 1 ? 's' : ''} of other services in Alertmanager`);
    }

    score += evidencePoints(service, evidence, reasons);
    return { service, score: Math.max(0, round(score)), reasons, first: first ?? Infinity };
  });

  ranked.sort((a, b) => b.score - a.score || a.first - b.first || a.service.localeCompare(b.service));
  return ranked.map(({ service, score, reasons }) => ({ service, score, reasons }));
}
