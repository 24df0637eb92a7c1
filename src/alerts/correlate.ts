/**
 * Incident grouping. Alerts are taken in time order; an alert joins a group when it starts within
 * `gapMs` of the group's latest alert AND is related to one of the group's alerts:
 * - `same-alert`: the same fingerprint (it resolved and fired again);
 * - `shared-labels`: an equal, non-empty value of one of `joinLabels` (`service` means the service
 *   resolved for the alert, see service.ts); a label both alerts lack is never a match;
 * - `dependency`: one service depends on the other within the graph's hop limit, and the alert on
 *   the other service also started within the gap;
 * - `alertmanager-group`: both in the same Alertmanager aggregation group (groups without group-by
 *   labels are skipped: they hold everything routed to a receiver);
 * - `same-host`: the alert names a host (node, machine: `HOST_LABELS`) whose own alert (one about
 *   the host itself) started within the gap before it: a machine's fault shows on what it runs. A
 *   host's alert that follows its components' alerts is as likely their consequence (load), so it
 *   does not join them by this rule.
 * An alert related to several open groups merges them, unless it is related to some of them only
 * through the dependency graph or a shared host (see `chooseGroups`). Every join is recorded with its reasons.
 *
 * Cost is near-linear: an index maps each key (label value, service, fingerprint, Alertmanager
 * group) to the group that last saw it, so an alert is compared with a few keys, never with every
 * other alert. At most one open group holds a key: a second alert with that key would have joined it.
 */
import { alertClassifier, highestSeverity, SEVERITY_RANK, severityOf, type AlertClass, type ClassifyOptions, type Severity } from './classify.js';
import type { Alert, AlertGroupRef } from './model.js';
import { alertGroupKey } from './normalize.js';
import { serviceOf, type ServiceOptions } from './service.js';
import { hostOf } from './placement.js';
import type { ServiceGraph } from './topology.js';

export const DEFAULT_GAP_MS = 10 * 60 * 1000;
export const DEFAULT_JOIN_LABELS = ['service', 'instance', 'pod'];

export interface CorrelationOptions {
  /** Rolling gap: an alert joins a group only if it starts at most this long after the group's latest alert. */
  gapMs?: number;
  /** Labels whose equal values relate two alerts. `service` is the resolved service. */
  joinLabels?: string[];
  service?: ServiceOptions;
  /** Dependency graph (Jaeger dependencies plus manual edges); without it the dependency rule is off. */
  graph?: ServiceGraph;
  /** Relate alerts in the same Alertmanager group. Default true. */
  alertmanagerGroups?: boolean;
  classify?: ClassifyOptions;
}

export interface CorrelatedAlert {
  alert: Alert;
  service?: string;
  severity: Severity;
  evidence: AlertClass;
}

export type JoinRule = 'same-alert' | 'shared-labels' | 'dependency' | 'alertmanager-group' | 'same-host';

export interface AlertRef {
  fingerprint: string;
  name: string;
  service?: string;
  startsAt: number;
}

export interface JoinReason {
  rule: JoinRule;
  /** The alert already in the group it relates to (the latest one with that key). */
  member: AlertRef;
  /** shared-labels: the labels with equal values. */
  labels?: Record<string, string>;
  /** dependency: the services from caller to callee, one of them the joining alert's. */
  path?: readonly string[];
  /** alertmanager-group: the group both alerts are in. */
  group?: AlertGroupRef;
  /** same-host: the host both alerts name. */
  host?: string;
}

export interface Join {
  alert: AlertRef;
  /** Time since the latest alert of the group(s) it joined. */
  gapMs: number;
  reasons: JoinReason[];
  /** First alerts of other groups this alert was also related to; they were merged into this one. */
  merged: AlertRef[];
  /** Groups it is related to only through the dependency graph or a shared host, left apart (see `chooseGroups`). */
  apart: { group: AlertRef; reasons: JoinReason[] }[];
}

export interface IncidentGroup {
  /** Short and stable: the first 8 hex digits of the first alert's fingerprint (-2, -3… if reused). */
  id: string;
  /** In time order. */
  alerts: CorrelatedAlert[];
  /** In order of their first alert. */
  services: string[];
  severity: Severity;
  startsAt: number;
  lastAlertAt: number;
  /** When the last alert ended; undefined while any alert is still active. */
  endsAt?: number;
  joins: Join[];
}

interface Draft {
  alerts: CorrelatedAlert[];
  joins: Join[];
  startsAt: number;
  lastAlertAt: number;
  /** Highest SEVERITY_RANK so far. */
  severity: number;
  mergedInto?: Draft;
}

interface IndexEntry {
  draft: Draft;
  member: CorrelatedAlert;
  /** The member as join reasons name it: made once, shared by every reason that names it. */
  ref: AlertRef;
}

const ref = (c: CorrelatedAlert): AlertRef => {
  const r: AlertRef = { fingerprint: c.alert.fingerprint, name: c.alert.name, startsAt: c.alert.startsAt };
  if (c.service !== undefined) r.service = c.service;
  return r;
};

function root(d: Draft): Draft {
  let r = d;
  while (r.mergedInto) r = r.mergedInto;
  // Path compression: later lookups go straight to the surviving group.
  for (let n = d; n.mergedInto && n.mergedInto !== r; ) {
    const next: Draft = n.mergedInto;
    n.mergedInto = r;
    n = next;
  }
  return r;
}

// A storm's alerts share a few Alertmanager groups: each group's key is made once.
const groupKeys = new WeakMap<AlertGroupRef, string>();
function groupKey(group: AlertGroupRef): string {
  let key = groupKeys.get(group);
  if (key === undefined) groupKeys.set(group, (key = `a\u0000${alertGroupKey(group)}`));
  return key;
}

/** Keys under which an alert is indexed, each with the reason it gives when another alert shares it. */
function keysOf(c: CorrelatedAlert, joinLabels: string[], useAmGroups: boolean): [string, Omit<JoinReason, 'member'>][] {
  const keys: [string, Omit<JoinReason, 'member'>][] = [[`f\u0000${c.alert.fingerprint}`, { rule: 'same-alert' }]];
  for (const name of joinLabels) {
    const value = name === 'service' ? c.service : c.alert.labels[name];
    if (value) keys.push([`l\u0000${name}\u0000${value}`, { rule: 'shared-labels', labels: { [name]: value } }]);
  }
  if (useAmGroups) {
    for (const group of c.alert.groups) {
      if (Object.keys(group.labels).length > 0) keys.push([groupKey(group), { rule: 'alertmanager-group', group }]);
    }
  }
  return keys;
}

export function correlateAlerts(alerts: Alert[], options: CorrelationOptions = {}): IncidentGroup[] {
  const gapMs = options.gapMs ?? DEFAULT_GAP_MS;
  const joinLabels = options.joinLabels ?? DEFAULT_JOIN_LABELS;
  const useAmGroups = options.alertmanagerGroups ?? true;
  const graph = options.graph;

  const classify = alertClassifier(options.classify);
  const seen = new Set<string>();
  const items: CorrelatedAlert[] = [];
  for (const alert of alerts) {
    const key = `${alert.fingerprint}@${alert.startsAt}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const c: CorrelatedAlert = { alert, severity: severityOf(alert.labels), evidence: classify(alert) };
    const service = serviceOf(alert.labels, options.service);
    if (service !== undefined) c.service = service;
    items.push(c);
  }
  items.sort((a, b) => a.alert.startsAt - b.alert.startsAt || (a.alert.fingerprint < b.alert.fingerprint ? -1 : 1));

  const index = new Map<string, IndexEntry>();
  // The latest alert of each service, and each host's latest alert about itself.
  const byService = new Map<string, IndexEntry>();
  const byHost = new Map<string, IndexEntry>();
  const drafts: Draft[] = [];

  for (const item of items) {
    const t = item.alert.startsAt;
    const self = ref(item);
    const related = new Map<Draft, JoinReason[]>();
    const open = (entry: IndexEntry | undefined): Draft | undefined => {
      if (!entry) return undefined;
      const d = root(entry.draft);
      return t - d.lastAlertAt <= gapMs ? d : undefined;
    };
    const addReason = (d: Draft, reason: JoinReason) => {
      const reasons = related.get(d) ?? [];
      related.set(d, reasons);
      const same = reasons.find((r) => r.rule === reason.rule && r.member.fingerprint === reason.member.fingerprint);
      if (!same) reasons.push(reason);
      else if (reason.labels) same.labels = { ...same.labels, ...reason.labels };
    };

    const keys = keysOf(item, joinLabels, useAmGroups);
    for (const [key, reason] of keys) {
      const entry = index.get(key);
      const d = open(entry);
      if (d) addReason(d, withMember(reason, entry!.ref));
    }
    // An alert of something on a host relates to the host's own earlier alert; like a dependency,
    // that is weaker than a shared label: the host's alert must be recent.
    const host = hostOf(item.alert.labels);
    const aboutHost = host !== undefined && (item.service === undefined || item.service === host);
    const onHost = host === undefined || aboutHost ? undefined : byHost.get(host);
    const hostGroup = open(onHost);
    if (hostGroup && t - onHost!.member.alert.startsAt <= gapMs) addReason(hostGroup, { rule: 'same-host', member: onHost!.ref, host: host! });
    if (graph && item.service !== undefined && graph.has(item.service)) {
      // A dependency is weaker evidence than a shared label: the alert on the other service must
      // itself be recent, not only its group.
      for (const reach of [graph.downstream(item.service), graph.upstream(item.service)]) {
        for (const [other, path] of reach) {
          const entry = byService.get(other);
          const d = open(entry);
          if (d && t - entry!.member.alert.startsAt <= gapMs && !hasDependencyReason(related.get(d))) {
            addReason(d, { rule: 'dependency', member: entry!.ref, path });
          }
        }
      }
    }

    let target: Draft;
    if (related.size === 0) {
      target = { alerts: [], joins: [], startsAt: t, lastAlertAt: t, severity: 0 };
      drafts.push(target);
    } else {
      const { joined, apart } = chooseGroups(related);
      target = joined[0]!;
      const latest = Math.max(...joined.map((g) => g.lastAlertAt));
      for (const other of joined.slice(1)) {
        target.alerts.push(...other.alerts);
        target.joins.push(...other.joins);
        target.lastAlertAt = Math.max(target.lastAlertAt, other.lastAlertAt);
        target.severity = Math.max(target.severity, other.severity);
        other.mergedInto = target;
      }
      target.joins.push({
        alert: self,
        gapMs: t - latest,
        reasons: joined.flatMap((g) => related.get(g)!),
        merged: joined.slice(1).map((g) => ref(firstOf(g))),
        apart: apart.map((g) => ({ group: ref(firstOf(g)), reasons: related.get(g)! })),
      });
    }
    target.severity = Math.max(target.severity, SEVERITY_RANK[item.severity]);
    target.alerts.push(item);
    target.lastAlertAt = Math.max(target.lastAlertAt, t);
    const entry: IndexEntry = { draft: target, member: item, ref: self };
    for (const [key] of keys) index.set(key, entry);
    if (item.service !== undefined) byService.set(item.service, entry);
    if (aboutHost) byHost.set(host, entry);
  }

  return finish(drafts.filter((d) => !d.mergedInto));
}

/**
 * Which related groups the alert joins. Groups it shares an alert, a label or an Alertmanager group
 * with are joined (and merged). A dependency or a shared host alone never merges two incidents: an
 * edge service depends on nearly everything and a machine runs many unrelated things, so its alerts
 * would glue unrelated incidents together. An alert related to groups only so joins the most severe,
 * then largest, then most recent.
 */
const WEAK_RULES: ReadonlySet<JoinRule> = new Set(['dependency', 'same-host']);

function chooseGroups(related: Map<Draft, JoinReason[]>): { joined: Draft[]; apart: Draft[] } {
  const groups = [...related.keys()].sort((a, b) => a.startsAt - b.startsAt);
  const strong = groups.filter((g) => related.get(g)!.some((r) => !WEAK_RULES.has(r.rule)));
  if (strong.length > 0) return { joined: strong, apart: groups.filter((g) => !strong.includes(g)) };
  const best = groups.reduce((a, b) =>
    (b.severity - a.severity || b.alerts.length - a.alerts.length || b.lastAlertAt - a.lastAlertAt) > 0 ? b : a);
  return { joined: [best], apart: groups.filter((g) => g !== best) };
}

function withMember(reason: Omit<JoinReason, 'member'>, member: AlertRef): JoinReason {
  const r: JoinReason = { rule: reason.rule, member };
  if (reason.labels) r.labels = reason.labels;
  if (reason.group) r.group = reason.group;
  return r;
}

function hasDependencyReason(reasons: JoinReason[] | undefined): boolean {
  return reasons?.some((r) => r.rule === 'dependency') ?? false;
}

/**
 * Its earliest alert: the first it took, since alerts come in time order and a group merges into the
 * earliest of those it joins (chooseGroups), its own alerts first.
 */
function firstOf(d: Draft): CorrelatedAlert {
  return d.alerts[0]!;
}

function finish(drafts: Draft[]): IncidentGroup[] {
  drafts.sort((a, b) => a.startsAt - b.startsAt);
  const used = new Map<string, number>();
  return drafts.map((d) => {
    const alerts = d.alerts.sort((a, b) => a.alert.startsAt - b.alert.startsAt);
    const base = alerts[0]!.alert.fingerprint.slice(0, 8);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    const services: string[] = [];
    const known = new Set<string>();
    for (const a of alerts) {
      if (a.service !== undefined && !known.has(a.service)) {
        known.add(a.service);
        services.push(a.service);
      }
    }
    const active = alerts.some((a) => a.alert.state !== 'resolved' || a.alert.endsAt === undefined);
    const group: IncidentGroup = {
      id: n === 1 ? base : `${base}-${n}`,
      alerts,
      services,
      severity: highestSeverity(alerts.map((a) => a.severity)),
      startsAt: alerts[0]!.alert.startsAt,
      lastAlertAt: d.lastAlertAt,
      joins: d.joins.sort((a, b) => a.alert.startsAt - b.alert.startsAt),
    };
    if (!active) group.endsAt = Math.max(...alerts.map((a) => a.alert.endsAt!));
    return group;
  });
}
