/**
 * The live analysis behind `obs alerts correlate`, `obs incident open` and the cockpit's suspects:
 * alerts from the context's Alertmanager and Prometheus, analysed once. The sources that the
 * grouping needs (Jaeger's dependency graph, its API probe) are asked while the alerts are read;
 * the graph is waited for (within the budget) before the storm is grouped, once, with it; a first
 * ranking picks the leading suspects, and their traces and log patterns, asked with the SLO burn,
 * decide the final ranking, which reuses what the first worked out from the alerts.
 */
import type { DependencyEdge } from '../traces/index.js';
import type { Alert } from './model.js';
import type { Placement } from './placement.js';
import { describeGroups, explainGroupsInTurns, groupAlerts, rankGroups, type AnalyzedGroup } from './report.js';
import type { ServiceOptions } from './service.js';
import type { ServiceEdge } from './topology.js';
import { collectAlerts, evidenceServices, startEvidence, type EvidenceOptions, type LiveBackends, type LiveSource, type SourceFailure } from './live.js';

export interface LiveAnalysisOptions extends Pick<EvidenceOptions, 'sloBurn' | 'sloSpecs' | 'newLogPatterns' | 'timeBudgetMs'> {
  now: number;
  /** Only alerts that started within this long before `now`... */
  sinceMs: number;
  /** ...except firing ones, kept however long ago they started (an incident's evidence is all that fires). */
  keepFiring?: boolean;
  gapMs?: number;
  manualEdges?: ServiceEdge[];
  /** A topology file's graph and placement; Jaeger's graph is asked only without one. */
  topology?: { dependencies: DependencyEdge[]; placement?: Placement };
  service?: ServiceOptions;
  /** How long an alert source may take (collectAlerts); default ALERT_READ_BUDGET_MS. */
  alertBudgetMs?: number;
}

export interface LiveAnalysis {
  /** Most severe first; empty when no alert source answered. */
  groups: AnalyzedGroup[];
  alerts: Alert[];
  answered: LiveSource[];
  /** The alert sources that failed, then the evidence sources that failed or were late. */
  failed: { alerts: SourceFailure[]; evidence: SourceFailure[] };
  /** Services whose traces and log patterns were asked for, and the alerting ones left out. */
  asked: string[];
  skipped: string[];
  /** The call graph the storm was grouped with: the topology file's, Jaeger's, or the error traces'. */
  dependencies: DependencyEdge[];
}

export async function analyzeLive(backends: LiveBackends, o: LiveAnalysisOptions): Promise<LiveAnalysis> {
  const window = { start: o.now - o.sinceMs, end: o.now };
  const reading = collectAlerts(backends, { now: o.now, budgetMs: o.alertBudgetMs });
  const started = startEvidence(backends, window, {
    topology: o.topology === undefined,
    ...(o.sloBurn ? { sloBurn: o.sloBurn } : {}),
    ...(o.sloSpecs ? { sloSpecs: o.sloSpecs } : {}),
    ...(o.newLogPatterns ? { newLogPatterns: o.newLogPatterns } : {}),
    ...(o.timeBudgetMs !== undefined ? { timeBudgetMs: o.timeBudgetMs } : {}),
  });
  const collected = await reading;
  const alerts = collected.alerts.filter((a) => a.startsAt >= window.start || (o.keepFiring === true && a.state === 'firing'));
  const empty = { groups: [], alerts, answered: collected.answered, asked: [], skipped: [], dependencies: [] };
  if (collected.answered.length === 0) return { ...empty, failed: { alerts: collected.failed, evidence: [] } };

  const grouping = { gapMs: o.gapMs, manualEdges: o.manualEdges ?? [], placement: o.topology?.placement, service: o.service };
  const known = o.topology?.dependencies ?? await started.graph();
  let grouped = groupAlerts(alerts, { ...grouping, dependencies: known ?? [] });
  const { asked, skipped } = evidenceServices(rankGroups(grouped).map(({ group, rootCause }) => ({ rootCause, services: group.services })));
  const gathering = started.forServices(asked);
  // The groups' explanations need no evidence: they are written while it is on its way, unless the
  // error traces may yet give the graph and the storm be grouped again.
  const final = Boolean(known?.length) || !backends.has('jaeger');
  const [gathered, explained] = await Promise.all([gathering, final ? explainGroupsInTurns(grouped.groups) : undefined]);
  // Without Jaeger's graph the error traces give one: only then is the storm grouped a second time.
  const regroup = !known?.length && gathered.dependencies.length > 0;
  if (regroup) grouped = groupAlerts(alerts, { ...grouping, dependencies: gathered.dependencies });
  return {
    ...empty, groups: describeGroups(grouped, gathered.evidence, explained), asked, skipped,
    dependencies: regroup ? gathered.dependencies : known ?? [], failed: { alerts: collected.failed, evidence: gathered.failed },
  };
}
