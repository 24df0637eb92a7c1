/**
 * From alerts to the incident report `obs alerts correlate` prints: correlation, root-cause ranking,
 * titles, human-readable explanations, and the documented JSON shape (see README.md).
 */
import { sanitize } from '../output/sanitize.js';
import { formatDuration, isoTime } from '../time/time.js';
import { SEVERITY_RANK, type Severity } from './classify.js';
import { correlateAlerts, type AlertRef, type CorrelationOptions, type IncidentGroup, type Join, type JoinReason } from './correlate.js';
import type { Alert } from './model.js';
import { mergeAlerts } from './normalize.js';
import { identifyingLabels } from './service.js';
import { learnPlacement, emptyPlacement, type Placement } from './placement.js';
import { rankRootCauses, type Evidence, type RootCauseCandidate } from './rank.js';
import { buildServiceGraph, DEFAULT_MAX_HOPS, type ServiceEdge, type ServiceGraph } from './topology.js';

export interface AnalyzeOptions extends Omit<CorrelationOptions, 'graph'> {
  /** Edges from Jaeger's /api/dependencies (or `dependenciesFromTraces`). */
  dependencies?: ServiceEdge[];
  /** Edges configured by hand, added to the Jaeger ones. */
  manualEdges?: ServiceEdge[];
  /** How many calls apart two services may be and still count as dependent. Default 4. */
  maxHops?: number;
  evidence?: Evidence;
  /** Instances and hosts from a knowledge graph (`--topology`); the alerts' labels add to it. */
  placement?: Placement;
}

export interface AnalyzedGroup extends IncidentGroup {
  title: string;
  rootCause: RootCauseCandidate[];
  explanation: string[];
}

export interface CorrelationGroupJson {
  id: string;
  title: string;
  severity: Severity;
  services: string[];
  alerts: string[];
  startsAt: string;
  endsAt: string | null;
  rootCause: RootCauseCandidate[];
  explanation: string[];
}

export interface CorrelationJson {
  groups: CorrelationGroupJson[];
}

// Storm explanations repeat the same few names and services thousands of times: each is cleaned once.
const cleaned = new Map<string, string>();
const MAX_CLEANED = 10_000;
function clean(s: string | undefined): string {
  const raw = s ?? '';
  let out = cleaned.get(raw);
  if (out === undefined) {
    if (cleaned.size >= MAX_CLEANED) cleaned.clear();
    out = sanitize(raw, { maxLength: 200 });
    cleaned.set(raw, out);
  }
  return out;
}

function who(r: AlertRef): string {
  const name = clean(r.name) || `alert ${clean(r.fingerprint)}`;
  return r.service === undefined ? name : `${name} (${clean(r.service)})`;
}

function explainReason(reason: JoinReason, alert: AlertRef): string {
  const member = who(reason.member);
  switch (reason.rule) {
    case 'same-alert':
      return `same alert as ${member}, which fired at ${isoTime(reason.member.startsAt)}: it resolved and fired again`;
    case 'shared-labels': {
      const labels = Object.entries(reason.labels ?? {}).map(([k, v]) => `${clean(k)}="${clean(v)}"`);
      return `shares ${labels.join(', ')} with ${member}`;
    }
    case 'dependency': {
      const path = (reason.path ?? []).map(clean).join(' → ');
      const calls = reason.path?.[0] === alert.service ? 'depends on' : 'is a dependency of';
      return `${clean(alert.service)} ${calls} ${clean(reason.member.service)} (${path}), where ${member} fired`;
    }
    case 'same-host':
      return `runs on the same host as ${member} (${clean(reason.host ?? '')})`;
    case 'alertmanager-group': {
      const g = reason.group!;
      const labels = Object.entries(g.labels).map(([k, v]) => `${clean(k)}="${clean(v)}"`).join(', ');
      return `in the same Alertmanager group {${labels}} (receiver ${clean(g.receiver) || '?'}) as ${member}`;
    }
  }
}

function explainJoin(join: Join): string {
  const gap = join.gapMs === 0 ? 'at the same time as' : `${formatDuration(join.gapMs)} after`;
  const merged = join.merged.length > 0 ? `; this merged the group started by ${join.merged.map(who).join(', ')}` : '';
  const apart = join.apart.map((a) => {
    const paths = a.reasons.map((r) => (r.rule === 'same-host' ? `host ${clean(r.host ?? '')}` : (r.path ?? []).map(clean).join(' → '))).join(', ');
    const byHost = a.reasons.some((r) => r.rule === 'same-host');
    const byGraph = a.reasons.some((r) => r.rule === 'dependency');
    const through = byHost && byGraph ? 'the dependency graph and a shared host' : byHost ? 'a shared host' : 'the dependency graph';
    return `; the group started by ${who(a.group)} is related only through ${through} (${paths}) and stays apart`;
  });
  return `${who(join.alert)} joined ${gap} the group's latest alert: ${join.reasons.map((r) => explainReason(r, join.alert)).join('; ')}${merged}${apart.join('')}`;
}

/** One line for the alert that opened the group, then one per join, in time order. */
export function explainGroup(group: IncidentGroup): string[] {
  return [openedLine(group), ...group.joins.map(explainJoin)];
}

function openedLine(group: IncidentGroup): string {
  const first = group.alerts[0]!;
  const opened: AlertRef = { fingerprint: first.alert.fingerprint, name: first.alert.name, startsAt: first.alert.startsAt };
  if (first.service !== undefined) opened.service = first.service;
  return `${who(opened)} opened the group at ${isoTime(first.alert.startsAt)}`;
}

const JOINS_PER_TURN = 250;

/**
 * explainGroup of every group, some joins per turn of the event loop: a storm's thousands of lines
 * are written while its evidence is fetched, and the answers that arrive meanwhile are taken in.
 */
export async function explainGroupsInTurns(groups: readonly IncidentGroup[]): Promise<Map<IncidentGroup, string[]>> {
  const explained = new Map<IncidentGroup, string[]>();
  for (const group of groups) {
    const lines = [openedLine(group)];
    for (let i = 0; i < group.joins.length; i += JOINS_PER_TURN) {
      await new Promise((resolve) => setImmediate(resolve));
      for (const join of group.joins.slice(i, i + JOINS_PER_TURN)) lines.push(explainJoin(join));
    }
    explained.set(group, lines);
  }
  return explained;
}

function noService(labels: Record<string, string>): string {
  const which = clean(identifyingLabels(labels));
  return ` (no service${which ? `; ${which}` : ''})`;
}

function titleOf(group: IncidentGroup, rootCause: RootCauseCandidate[]): string {
  const top = rootCause[0]?.service;
  const onTop = group.alerts.filter((a) => a.service === top);
  // Its strongest alert: a cause alert if it has one, else its first.
  const lead = onTop.find((a) => a.evidence.kind === 'cause') ?? onTop[0] ?? group.alerts[0]!;
  const leadName = clean(lead.alert.name) || `alert ${clean(lead.alert.fingerprint)}`;
  const head = top === undefined ? `${leadName}${lead.service === undefined ? noService(lead.alert.labels) : ''}` : onTop.length > 0 ? `${clean(top)}: ${leadName}` : `${clean(top)}, behind ${leadName}`;
  const more = group.alerts.length - 1;
  if (more === 0) return head;
  const services = group.services.length > 1 ? ` on ${group.services.length} services` : '';
  return `${head} and ${more} more alert${more > 1 ? 's' : ''}${services}`;
}

/** Incident groups with what ranking them needs: the service graph and the placement learned from their alerts. */
export interface GroupedAlerts {
  groups: IncidentGroup[];
  graph: ServiceGraph;
  placement: Placement;
}

/**
 * Correlate alerts already merged (mergeAlerts; collectAlerts gives them so) into incident groups:
 * the costly half of the analysis, done once per storm.
 */
export function groupAlerts(merged: Alert[], options: Omit<AnalyzeOptions, 'evidence'> = {}): GroupedAlerts {
  const { dependencies = [], manualEdges = [], maxHops = DEFAULT_MAX_HOPS, placement, ...correlation } = options;
  const graph = buildServiceGraph([...dependencies, ...manualEdges], maxHops);
  const groups = correlateAlerts(merged, { ...correlation, graph });
  const learned = learnPlacement(placement ?? emptyPlacement(), groups.flatMap((g) => g.alerts.map((a) => ({ labels: a.alert.labels, service: a.service }))));
  return { groups, graph, placement: learned };
}

/** Each group's root-cause candidates, best first; groups most severe first, then newest first. */
export function rankGroups(grouped: GroupedAlerts, evidence?: Evidence): { group: IncidentGroup; rootCause: RootCauseCandidate[] }[] {
  const { graph, placement } = grouped;
  return [...grouped.groups]
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.startsAt - a.startsAt)
    .map((group) => ({ group, rootCause: rankRootCauses(group, { graph, placement, ...(evidence ? { evidence } : {}) }) }));
}

/**
 * Ranked groups with their titles and explanations, in the order of rankGroups. Explanations do not
 * depend on the evidence: `explained` holds those already made (explainGroup) while it was fetched.
 */
export function describeGroups(grouped: GroupedAlerts, evidence?: Evidence, explained?: ReadonlyMap<IncidentGroup, string[]>): AnalyzedGroup[] {
  return rankGroups(grouped, evidence).map(({ group, rootCause }) => ({
    ...group, title: titleOf(group, rootCause), rootCause, explanation: explained?.get(group) ?? explainGroup(group),
  }));
}

/**
 * Merge, correlate and rank: the whole analysis behind `obs alerts correlate`. Groups come most
 * severe first, then newest first.
 */
export function analyzeAlerts(alerts: Alert[], options: AnalyzeOptions = {}): AnalyzedGroup[] {
  const { evidence, ...grouping } = options;
  return describeGroups(groupAlerts(mergeAlerts(alerts), grouping), evidence);
}

function candidateJson(c: RootCauseCandidate): RootCauseCandidate {
  return {
    service: clean(c.service),
    level: c.level,
    ...(c.instance !== undefined ? { instance: clean(c.instance) } : {}),
    ...(c.host !== undefined ? { host: clean(c.host) } : {}),
    ...(c.services !== undefined ? { services: c.services.map(clean) } : {}),
    score: c.score,
    reasons: c.reasons,
    evidence: c.evidence,
  };
}

/** The documented JSON output of `obs alerts correlate -o json`. */
export function toCorrelationJson(groups: AnalyzedGroup[]): CorrelationJson {
  return {
    groups: groups.map((g) => ({
      id: clean(g.id),
      title: g.title,
      severity: g.severity,
      services: g.services.map(clean),
      alerts: [...new Set(g.alerts.map((a) => clean(a.alert.fingerprint)))],
      startsAt: isoTime(g.startsAt),
      endsAt: g.endsAt === undefined ? null : isoTime(g.endsAt),
      rootCause: g.rootCause.map(candidateJson),
      explanation: g.explanation,
    })),
  };
}
