/**
 * The evidence snapshot of an incident, from a context's live backends: firing alerts with their
 * correlated group and root-cause candidates, SLO states and budgets, NEW and SURGING log patterns,
 * error traces, product impact, and the services' anomalous signals. Every part names the backend it came from and whether it
 * answered; a backend the context does not have is `unavailable`, never faked.
 */
import type { SegmentationClient } from '../analytics/measure.js';
import { measureImpact } from '../analytics/measure.js';
import type { LokiRangeResult } from '../backends/loki/types.js';
import { isUnsuppressed, type Alert } from '../alerts/model.js';
import type { AnalyzedGroup } from '../alerts/report.js';
import { SEVERITY_RANK } from '../alerts/classify.js';
import { alertingServices, TRACES_PER_SERVICE, type LiveBackends } from '../alerts/live.js';
import { analyzeLive, type LiveAnalysis } from '../alerts/live-analysis.js';
import { LIVE_DEFAULTS } from '../alerts/live-defaults.js';
import type { LiveEvidenceSources } from '../alerts/live-sources.js';
import type { ServiceOptions } from '../alerts/service.js';
import type { Backend } from '../config/types.js';
import { reportPatterns } from '../logs/report.js';
import { evaluateSlos } from '../slo/evaluate.js';
import { warnedQuery, type WarnedQuery } from '../slo/prometheus.js';
import type { SloDefinition } from '../slo/types.js';
import { buildSpanTree, deepestFailingSpan, primaryRoot, type DependencyEdge, type Trace } from '../traces/index.js';
import { capturePart, type AlertsEvidence, type LogsEvidence, type SloEvidence, type TracesEvidence } from './evidence.js';
import type { EvidenceSource, Snapshot, SnapshotPart } from './types.js';
import { DEFAULT_THRESHOLD } from '../anomaly/detector.js';
import { assessSignals } from '../anomaly/live.js';
import { orderAssessed } from '../anomaly/order.js';
import type { Signal } from '../anomaly/signals.js';
import type { Series } from '../backends/prometheus/types.js';
import { parseDuration } from '../time/time.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The parts of `Backends` (src/backends) a capture uses; the real class fits, and so do fakes. */
export interface CaptureBackends extends LiveBackends {
  readonly prometheus: LiveBackends['prometheus'] & {
    queryVector(promql: string, options?: { time?: number }): Promise<{ samples: { labels: Record<string, string>; value: number }[]; warnings?: string[] }>;
    queryRange(promql: string, range: { start: number; end: number; stepMs?: number }): Promise<{ series: Series[] }>;
  };
  readonly loki: { queryRange(logql: string, options: { start: number; end: number; limit?: number; direction?: 'forward' | 'backward' }): Promise<LokiRangeResult> };
  readonly amplitude: SegmentationClient;
}

export interface CaptureOptions {
  now: number;
  /** Why: "open", "manual". */
  reason: string;
  /** The correlated group to take (`obs alerts correlate` ID); default the one most likely (see pickGroup). */
  fromGroup?: string;
  /** The incident's own services: searched for logs and traces even when nothing fires on them. */
  services?: readonly string[];
  /** When the incident started, if known (a later snapshot): the windows start there. */
  since?: number;
  /** The context's SLO specs; none means the SLO part is unavailable. */
  slos?: readonly SloDefinition[];
  keyEvents: readonly string[];
  /**
   * The stream selector of a service's logs (src/identity), awaited only by the logs part so that a
   * slow label lookup never holds up the alerts. Default `{service="NAME"}`.
   */
  logSelector?: ((service: string) => string) | Promise<(service: string) => string>;
  /** How alerts name their service (src/identity). Default the common labels. */
  alertService?: ServiceOptions;
  /** Log lines read per service and window. Default 5000. */
  logLimit?: number;
  /** A service's request rate, error ratio and p99 queries (src/anomaly/signals); none: no anomalies part. */
  anomalySignals?: (service: string) => Promise<Signal[]>;
  /** The context's SLO burn and log-pattern sources (live-sources.ts), as `obs alerts correlate` ranks with. */
  rankingEvidence?: LiveEvidenceSources;
  /** How long the ranking waits for its evidence. Default that of `obs alerts correlate`. */
  evidenceBudgetMs?: number;
  /** How long each other part of the snapshot may take (they are read together). Default SNAPSHOT_PART_BUDGET_MS. */
  partBudgetMs?: number;
  /**
   * Instant queries of the SLO part, shared with the ranking's SLO burn (sharedQuery), and the
   * warnings Prometheus gave with their answers (e.g. partial data). Default: prometheusQuery over `backends.prometheus`.
   */
  sloQuery?: WarnedQuery;
}

export interface Capture {
  snapshot: Snapshot;
  /** The group the alerts part settled on, for the incident's title, severity and services. */
  group?: AnalyzedGroup;
  /** The firing alerts (of the group when there is one), for matching runbooks. */
  alerts: Alert[];
  /** The top root-cause candidate's service. */
  rootCause?: string;
  /** The evidence window. */
  window: { start: number; end: number };
  /** When the first alert of the group (silenced ones too) started firing: the incident's start. */
  startedAt?: number;
}

/**
 * A part of the snapshot not answered by then is recorded as failed, saying so, and the incident opens
 * without it: when paged, a backend that hangs must not hold the incident up for its request timeout.
 */
export const SNAPSHOT_PART_BUDGET_MS = 10_000;

/** Whoever gives the ranking longer to wait for its evidence (`--evidence-budget`) gives every part as long. */
export function snapshotPartBudgetMs(evidenceBudgetMs: number | undefined): number {
  return Math.max(SNAPSHOT_PART_BUDGET_MS, evidenceBudgetMs ?? 0);
}
/** How far before the first alert the windows start: an alert fires only after its `for`. */
const LEAD_MS = 5 * MIN;
const MIN_WINDOW_MS = 15 * MIN;
const MAX_WINDOW_MS = 6 * HOUR;
/** Log lines of the hour before the window are what is normal. */
const LOG_BASELINE_MS = HOUR;
const MAX_LOG_SERVICES = 6;
const PATTERNS_PER_SERVICE = 8;
const TRACES_KEPT = 10;

/**
 * The alerts part is the live analysis of `obs alerts correlate` at the same moment (live-analysis.ts,
 * with the same evidence and defaults), so the incident names the same likely causes for the same
 * reasons. The other parts are read after it, once the alerts say which services to look at.
 */
export async function captureEvidence(backends: CaptureBackends, options: CaptureOptions): Promise<Capture> {
  const { now } = options;
  const hasAlertSource = backends.has('alertmanager') || backends.has('prometheus');
  // A later snapshot looks back to the incident's start when that is further than correlate's default.
  const sinceMs = Math.max(parseDuration(LIVE_DEFAULTS.since), options.since === undefined ? 0 : now - options.since + LEAD_MS);
  const analysisStarted = Date.now();
  const analysis = hasAlertSource
    ? await analyzeLive(backends, { now, sinceMs, keepFiring: true, service: options.alertService, alertBudgetMs: options.partBudgetMs ?? SNAPSHOT_PART_BUDGET_MS, timeBudgetMs: options.evidenceBudgetMs ?? parseDuration(LIVE_DEFAULTS.evidenceBudget), ...options.rankingEvidence })
    : undefined;
  // Silenced and inhibited alerts are part of the story (silencing the root cause is common):
  // they stay in, marked. Alerts of severity "none" (a Watchdog) are not evidence of anything.
  const firing = (analysis?.alerts ?? []).filter((a) => a.state === 'firing' && isEvidence(a));
  const group = analysis ? pickGroup(analysis.groups, options.fromGroup) : undefined;
  const own = group ? firing.filter(inGroup(group)) : firing;
  const firstAlert = Math.min(...firing.map((a) => a.startsAt));
  const start = clamp(Math.min(options.since ?? Infinity, firstAlert - LEAD_MS), now - MAX_WINDOW_MS, now - MIN_WINDOW_MS);
  const window = { start, end: now };
  const services = unique([...(options.services ?? []), ...alertingServices(firing, options.alertService)]);

  // Read after the analysis, so that its budgeted evidence does not queue behind these parts' requests.
  const part = (name: string, source: EvidenceSource, capture: (() => Promise<unknown>) | string) =>
    capturePart(name, source, capture, options.partBudgetMs ?? SNAPSHOT_PART_BUDGET_MS);
  const slo = part('slo', 'prometheus',
    !backends.has('prometheus') ? NO_URL('prometheus') : !options.slos?.length ? 'no SLO specs for this context (sloDir, ./slos)' : () => sloEvidence(options.sloQuery ?? warnedQuery(backends.prometheus), options.slos!, now));
  const analysisMs = Date.now() - analysisStarted;
  const alerts = part('alerts', alertsSource(backends, analysis), !analysis ? 'the context has no alertmanager or prometheus URL' : async () => {
    if (analysis.answered.length === 0) throw new Error(analysis.failed.alerts.map((f) => `${f.source}: ${f.message}`).join('; ') || 'no alert source answered');
    return alertsEvidence(own, firing.length - own.length, group, options.fromGroup, analysis, alertmanagerLost(backends, analysis));
  }).then((p) => (p.tookMs === undefined ? p : { ...p, tookMs: p.tookMs + analysisMs })); // the alerts were read by the analysis
  const noService = 'no service to look at: nothing is firing and the incident names none (--service)';
  const logs = part('logs', 'loki',
    !backends.has('loki') ? NO_URL('loki') : !services.length ? noService : () => logPatterns(backends, services, window, options));
  const traces = part('traces', 'jaeger',
    !backends.has('jaeger') ? NO_URL('jaeger') : !services.length ? noService : () => errorTraces(backends, services, window));
  const impact = part('impact', 'amplitude',
    !backends.has('amplitude') ? NO_URL('amplitude') : !options.keyEvents.length ? 'no key events' : () => measureImpact(backends.amplitude, { window, keyEvents: options.keyEvents, now }));
  const anomalies = part('anomalies', 'prometheus',
    !backends.has('prometheus') ? NO_URL('prometheus') : !options.anomalySignals ? 'the services\' metrics are not known (service identity)' : !services.length ? noService
      : () => anomalyEvidence(backends, services, window, options.anomalySignals!, analysis?.dependencies ?? []));

  const parts: SnapshotPart[] = await Promise.all([alerts, slo, logs, traces, impact, anomalies]);
  // The incident's own services: evidence about others belongs to other incidents.
  const scope = group ? unique([...(options.services ?? []), ...group.services]) : options.services?.length ? [...options.services] : undefined;
  if (scope) {
    scopeSloPart(parts[1], scope);
    scopeLogsPart(parts[2], scope);
  }
  return {
    snapshot: { reason: options.reason, parts },
    group,
    alerts: own,
    rootCause: group?.rootCause[0]?.service,
    window,
    startedAt: own.length ? Math.min(...own.map((a) => a.startsAt)) : undefined,
  };
}

/**
 * Each service's signals over the window, judged against their own last week: the unusual ones, in
 * the order `obs anomalies` lists them (src/anomaly/order.ts: among signals that began together, the
 * service deeper in the call graph the alerts were grouped with comes first).
 */
async function anomalyEvidence(b: CaptureBackends, services: string[], window: { start: number; end: number }, signalsOf: (service: string) => Promise<Signal[]>, graph: readonly DependencyEdge[]) {
  const signals = (await Promise.all(services.map(signalsOf))).flat();
  const judged = await assessSignals(b.prometheus, signals, { now: window.end, historyMs: 7 * 24 * HOUR, recentMs: window.end - window.start, threshold: DEFAULT_THRESHOLD });
  if (signals.length > 0 && judged.failed.length === signals.length) throw new Error(judged.failed.join('; '));
  const unusual = orderAssessed(judged.rows.filter((r) => r.anomalous), graph);
  return {
    services,
    scored: judged.rows.length,
    anomalous: unusual.map((r) => ({
      service: r.service,
      signal: r.signal,
      score: r.score,
      direction: r.direction,
      actual: r.actual,
      expected: r.expected,
      band: r.band,
      since: r.since === null ? null : new Date(r.since).toISOString(),
    })),
    ...(judged.failed.length ? { failed: judged.failed } : {}),
  };
}

/** Watchdog-style alerts fire always, by design, with severity "none": they say nothing about an incident. */
function isEvidence(alert: Alert): boolean {
  return (alert.labels.severity ?? '').toLowerCase() !== 'none';
}

const inGroup = (group: AnalyzedGroup) => {
  const fingerprints = new Set(group.alerts.map((a) => a.alert.fingerprint));
  return (a: Alert) => fingerprints.has(a.fingerprint);
};

/**
 * `fromGroup` when given (an unknown ID picks nothing), else the group most likely to be the
 * incident among those with a firing alert: the most severe, then the one with the most firing
 * alerts (a fault spreads), then the correlator's own order. A newer group does not win for
 * being newer: a lone late alert is less likely the incident than the cascade before it.
 */
export function pickGroup(groups: AnalyzedGroup[], fromGroup?: string): AnalyzedGroup | undefined {
  if (fromGroup !== undefined) return groups.find((g) => g.id === fromGroup);
  // A silenced or inhibited alert is someone saying "not this one": it never makes its group the incident.
  const firingCount = (g: AnalyzedGroup) => g.alerts.filter((a) => isUnsuppressed(a.alert) && isEvidence(a.alert)).length;
  const candidates = groups.filter((g) => firingCount(g) > 0);
  // Array.prototype.sort is stable: equal groups keep the order analyzeAlerts ranked them in.
  return [...candidates].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || firingCount(b) - firingCount(a))[0];
}

/** Keep only the SLOs of the incident's services in the SLO part, and say how many were left out. */
function scopeSloPart(part: SnapshotPart, services: string[]): void {
  if (part.status !== 'ok') return;
  const data = part.data as SloEvidence & Record<string, unknown>;
  const keep = data.slos.filter((s) => s.service !== undefined && services.includes(s.service));
  part.data = { ...data, slos: keep, scopedTo: services, leftOut: data.slos.length - keep.length };
}

/** Keep only the log patterns of the incident's services: another group's services were searched for the ranking only. */
function scopeLogsPart(part: SnapshotPart, services: string[]): void {
  if (part.status !== 'ok') return;
  const data = part.data as LogsEvidence & { services?: string[] } & Record<string, unknown>;
  part.data = {
    ...data,
    patterns: data.patterns.filter((p) => p.service === undefined || services.includes(p.service)),
    services: (data.services ?? []).filter((s) => services.includes(s)),
  };
}

/** The source whose alerts the part holds: Alertmanager when it answered (or nothing did), else Prometheus. */
function alertsSource(backends: CaptureBackends, analysis: LiveAnalysis | undefined): EvidenceSource {
  if (!backends.has('alertmanager')) return 'prometheus';
  const fellBack = analysis !== undefined && analysis.answered.length > 0 && !analysis.answered.some(answeredByAlertmanager);
  return fellBack ? 'prometheus' : 'alertmanager';
}

const answeredByAlertmanager = (source: string) => source.startsWith('alertmanager');

/**
 * When the context's Alertmanager did not answer but Prometheus did: what that costs. Prometheus's
 * alerts know nothing of silences and inhibitions, so a silenced alert looks like any other.
 */
function alertmanagerLost(backends: CaptureBackends, analysis: LiveAnalysis): string | undefined {
  if (!backends.has('alertmanager') || analysis.answered.some(answeredByAlertmanager)) return undefined;
  const why = analysis.failed.alerts.filter((f) => answeredByAlertmanager(f.source)).map((f) => f.message).join('; ');
  return `alertmanager did not answer (${why || 'no answer'}): alerts from Prometheus, so silences and inhibitions are unknown`;
}

function alertsEvidence(firing: Alert[], others: number, group: AnalyzedGroup | undefined, fromGroup: string | undefined, analysis: LiveAnalysis, fallback: string | undefined): AlertsEvidence & Record<string, unknown> {
  const evidence: AlertsEvidence & Record<string, unknown> = {
    firing: firing.map((a) => ({
      name: a.name,
      labels: a.labels,
      startsAt: new Date(a.startsAt).toISOString(),
      ...(a.annotations.summary ? { summary: a.annotations.summary } : {}),
      ...(a.silenced ? { silenced: true } : {}),
      ...(a.inhibited ? { inhibited: true } : {}),
    })),
    candidates: (group?.rootCause ?? []).map((c) => ({ service: c.service, score: c.score, evidence: c.reasons })),
  };
  if (group) {
    evidence.groupId = group.id;
    evidence.group = { title: group.title, severity: group.severity, services: group.services, startsAt: new Date(group.startsAt).toISOString(), explanation: group.explanation };
  } else if (fromGroup !== undefined) evidence.missingGroup = fromGroup;
  if (others) evidence.otherFiring = others;
  if (fallback) evidence.fallback = fallback;
  // Traces and log patterns were asked for the leading suspects only, as `obs alerts correlate` does.
  if (analysis.skipped.length) evidence.evidenceAsked = { services: analysis.asked, skipped: analysis.skipped };
  const failures = [...analysis.failed.alerts, ...analysis.failed.evidence].map((f) => `${f.source}: ${f.message}`);
  if (failures.length) evidence.partial = failures;
  return evidence;
}

async function sloEvidence({ query, warnings }: WarnedQuery, slos: readonly SloDefinition[], now: number): Promise<SloEvidence & Record<string, unknown>> {
  const report = await evaluateSlos(slos, query, { at: now });
  return {
    ...(warnings.size ? { warnings: [...warnings] } : {}),
    slos: report.results.map((r) => ({
      name: r.slo.name,
      service: r.slo.service,
      objective: r.slo.objective,
      verdict: r.verdict,
      ...(r.sli !== null ? { sli: r.sli } : {}),
      ...(r.budget ? { budgetRemaining: r.budget.remaining } : {}),
      ...(r.currentBurn !== null ? { burnRate: r.currentBurn } : {}),
      ...(r.error ? { error: r.error.message } : {}),
    })),
  };
}

/** Per service: the log patterns of the window that are NEW or SURGING against the hour before it. */
async function logPatterns(backends: CaptureBackends, services: string[], window: { start: number; end: number }, options: CaptureOptions): Promise<LogsEvidence & Record<string, unknown>> {
  const selectorOf = (await options.logSelector) ?? ((service: string) => `{service=${JSON.stringify(service)}}`);
  const limit = options.logLimit ?? 5000;
  const read = async (query: string, start: number, end: number) => {
    const result = await backends.loki.queryRange(query, { start, end, limit, direction: 'forward' });
    if (result.resultType !== 'streams') throw new Error(`${query} is not a log query`);
    return { entries: result.entries.map((e) => ({ line: e.line, time: Number(BigInt(e.ts) / 1_000_000n) })), truncated: result.truncated };
  };
  const searched = services.slice(0, MAX_LOG_SERVICES);
  const truncated: string[] = [];
  const linesRead: Record<string, number> = {};
  const perService = await Promise.all(
    searched.map(async (service) => {
      const query = selectorOf(service);
      const baselineStart = window.start - LOG_BASELINE_MS;
      const [incident, baseline] = await Promise.all([read(query, window.start, window.end), read(query, baselineStart, window.start)]);
      if (incident.truncated || baseline.truncated) truncated.push(service);
      linesRead[service] = incident.entries.length + baseline.entries.length;
      const report = reportPatterns(
        { entries: incident.entries, start: window.start, end: window.end },
        { entries: baseline.entries, start: baselineStart, end: window.start },
        { samples: 1 },
      );
      return report.patterns
        .filter((p) => p.status === 'NEW' || p.status === 'SURGING')
        .slice(0, PATTERNS_PER_SERVICE)
        .map((p) => ({
          pattern: p.template,
          kind: p.status === 'NEW' ? ('new' as const) : ('surging' as const),
          count: p.count,
          service,
          baselineCount: p.baselineCount ?? 0,
          ...(p.samples[0] !== undefined ? { sample: p.samples[0] } : {}),
        }));
    }),
  );
  return {
    patterns: perService.flat(),
    services: searched,
    linesRead,
    baseline: { start: new Date(window.start - LOG_BASELINE_MS).toISOString(), end: new Date(window.start).toISOString() },
    ...(truncated.length ? { truncatedAt: limit, truncated } : {}),
  };
}

/** Error traces through the services, each once, newest first, with where each failure started. */
async function errorTraces(backends: CaptureBackends, services: string[], window: { start: number; end: number }): Promise<TracesEvidence> {
  const found = await Promise.allSettled(services.map((service) => backends.jaeger.searchTraces({ service, start: window.start, end: window.end, limit: TRACES_PER_SERVICE, error: true })));
  const failures = found.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  if (failures.length === found.length) throw failures[0];
  const byId = new Map<string, Trace>();
  for (const r of found) if (r.status === 'fulfilled') for (const t of r.value) byId.set(t.traceId, t);
  const traces = [...byId.values()].map((trace) => {
    const tree = buildSpanTree(trace);
    const root = primaryRoot(tree);
    const failing = deepestFailingSpan(tree);
    return {
      traceId: trace.traceId,
      startUs: root?.span.startUs ?? 0,
      ...(failing ? { service: failing.span.service, operation: failing.span.operation } : {}),
      ...(failing?.span.statusMessage ? { error: failing.span.statusMessage } : {}),
      ...(root ? { durationMs: root.span.durationUs / 1000, rootService: root.span.service, rootOperation: root.span.operation } : {}),
    };
  });
  traces.sort((a, b) => b.startUs - a.startUs);
  return { traces: traces.slice(0, TRACES_KEPT).map(({ startUs, ...t }) => ({ ...t, start: new Date(startUs / 1000).toISOString() })) };
}

const NO_URL = (backend: Backend) => `the context has no ${backend} URL`;
const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(Number.isFinite(v) ? v : hi, lo), hi);
const unique = (xs: string[]) => [...new Set(xs)];
