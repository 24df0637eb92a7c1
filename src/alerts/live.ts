/**
 * Alerts and the evidence behind root-cause ranking, fetched from a context's live backends. Every
 * source is optional and may fail on its own: what answered is used, what failed is reported, and
 * the caller decides whether that is enough (`obs alerts correlate` gives up only when no alert
 * source answered).
 */
import type { AlertFilter } from '../backends/alertmanager/types.js';
import type { TraceSearch } from '../backends/jaeger/client.js';
import type { AlertItem } from '../cockpit/types.js';
import type { Backend } from '../config/types.js';
import { BackendError } from '../http/errors.js';
import { sanitize } from '../output/sanitize.js';
import { dependenciesFromTraces, errorRootServices, type DependencyEdge, type Trace } from '../traces/index.js';
import { SEVERITY_RANK, severityOf } from './classify.js';
import type { Alert } from './model.js';
import { fromAlertmanagerAlerts, fromAlertmanagerGroups, fromPrometheusAlerts, mergeAlerts } from './normalize.js';
import type { Evidence } from './rank.js';
import type { AnalyzedGroup } from './report.js';
import { serviceOf, type ServiceOptions } from './service.js';
import { waitingBudget } from './waiting-budget.js';
import { formatDuration } from '../time/time.js';
import { within } from '../time/within.js';

/** The parts of `Backends` (src/backends) this module uses; the real class fits. */
export interface LiveBackends {
  has(backend: Backend): boolean;
  readonly alertmanager: {
    alerts(filter?: AlertFilter): Promise<unknown[]>;
    groups(filter?: AlertFilter): Promise<unknown[]>;
  };
  readonly prometheus: { alerts(): Promise<unknown[]> };
  readonly jaeger: {
    searchTraces(q: TraceSearch): Promise<Trace[]>;
    dependencies(options: { endTs: number; lookbackMs: number }): Promise<DependencyEdge[]>;
    /** Probes which API the server speaks (JaegerClient.api); searches share the answer. */
    api?(): Promise<unknown>;
  };
}

export type LiveSource =
  | 'alertmanager alerts' | 'alertmanager groups' | 'prometheus alerts'
  | 'jaeger dependencies' | 'jaeger traces' | 'slo burn' | 'log patterns';

export interface SourceFailure {
  source: LiveSource;
  /** One line: the backend's own message and hint when it was a backend error. */
  message: string;
  error: unknown;
}

function failure(source: LiveSource, error: unknown): SourceFailure {
  const message = error instanceof BackendError ? error.oneLine() : sanitize((error as Error)?.message ?? String(error), { maxLength: 500 });
  return { source, message, error };
}

/** Runs `fetch`; a failure is recorded and gives undefined. */
async function attempt<T>(source: LiveSource, failures: SourceFailure[], fetch: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fetch();
  } catch (error) {
    failures.push(failure(source, error));
    return undefined;
  }
}

export interface CollectedAlerts {
  /** Merged, one per fingerprint and episode, in time order. */
  alerts: Alert[];
  answered: LiveSource[];
  failed: SourceFailure[];
}

/**
 * How long an alert source may take before the others' answer is used without it: a hung
 * Alertmanager must not hold a correlation or an incident up for its request timeouts.
 */
export const ALERT_READ_BUDGET_MS = 10_000;

/**
 * Every alert the context knows, merged: Alertmanager's alert groups (silenced and inhibited alerts
 * too: they are evidence), and Prometheus's pending and firing alerts. Alertmanager's groups hold
 * every alert it has (each matches at least the root route), with the same status and receivers as
 * its alert list and the groups as well, so the list (`/api/v2/alerts`) is asked only when the groups
 * cannot be had (within the same budget). A context without a backend skips its sources; `answered`
 * is empty when no source could be asked or none answered within `budgetMs` (default ALERT_READ_BUDGET_MS).
 */
export async function collectAlerts(backends: LiveBackends, options: { now?: number; budgetMs?: number } = {}): Promise<CollectedAlerts> {
  const failed: SourceFailure[] = [];
  const answered: LiveSource[] = [];
  const lists: Alert[][] = [];
  const budgetMs = options.budgetMs ?? ALERT_READ_BUDGET_MS;
  const deadline = Date.now() + budgetMs;
  const left = () => deadline - Date.now();
  const take = async (source: LiveSource, fetch: () => Promise<Alert[]>): Promise<boolean> => {
    const alerts = await attempt(source, failed, () => within(fetch(), left(), `no answer within ${formatDuration(budgetMs)}`));
    if (!alerts) return false;
    answered.push(source);
    lists.push(alerts);
    return true;
  };
  const am = { now: options.now };
  await Promise.all([
    backends.has('alertmanager') && (async () =>
      (await take('alertmanager groups', async () => fromAlertmanagerGroups(await backends.alertmanager.groups(), am)))
      || (left() > 0 && take('alertmanager alerts', async () => fromAlertmanagerAlerts(await backends.alertmanager.alerts(), am))))(),
    backends.has('prometheus') && take('prometheus alerts', async () => fromPrometheusAlerts(await backends.prometheus.alerts())),
  ]);
  return { alerts: mergeAlerts(...lists), answered, failed };
}

export interface EvidenceWindow {
  /** Unix ms. */
  start: number;
  end: number;
}

/**
 * How much live evidence one correlation asks for, whatever the size of the storm: per-service
 * sources (error traces, log patterns) are asked only for the leading suspects, and
 * every source must answer within the time budget (`--evidence-budget`, default 1.5 s of waiting in
 * all); the rest is skipped and reported. New log patterns compare with one baseline slice (the same window a day
 * earlier). Requests do not grow with the storm: 3 for the alerts, Jaeger's API probe and dependency
 * graph, one trace search per suspect, Loki's label discovery and one log read per window for all
 * suspects together, and the SLO burn queries.
 */
export const EVIDENCE_BUDGET = { services: 3, logBaselineSlices: 1 } as const;

export interface EvidenceServices {
  /** The services to ask about, most alerts first. */
  asked: string[];
  /** The alerting services left out, most alerts first. */
  skipped: string[];
}

/**
 * The leading suspects of a first ranking on the alerts alone (groups most severe first, each group's
 * candidates best first), up to `max`: the evidence budget goes where it can change the answer.
 */
export function evidenceServices(groups: readonly Pick<AnalyzedGroup, 'rootCause' | 'services'>[], max: number = EVIDENCE_BUDGET.services): EvidenceServices {
  const ordered = new Set<string>();
  for (const g of groups) for (const c of g.rootCause) if (c.level !== 'host') ordered.add(c.service);
  for (const g of groups) for (const s of g.services) ordered.add(s);
  const all = [...ordered];
  return { asked: all.slice(0, max), skipped: all.slice(max) };
}

export interface EvidenceOptions {
  /** Current (1h) SLO burn rate per service, from the SLO capability. */
  sloBurn?: () => Promise<Record<string, number>>;
  /** Loads what `sloBurn` needs (SLO specs to parse, modules): this process's work, done before the time budget's clock runs. A failure is the burn's to report. */
  sloSpecs?: () => Promise<unknown>;
  /** How many log patterns are NEW in the window per service, from the logs capability; `signal` aborts once the ranking no longer waits. */
  newLogPatterns?: (services: string[], window: EvidenceWindow, signal: AbortSignal) => Promise<Record<string, number>>;
  /** Ask Jaeger for its dependency graph. Default true; false when the topology comes from elsewhere. */
  topology?: boolean;
  /** A source still unanswered once the evidence has been waited for this many ms in all (both stages) is skipped (and reported). Default: no limit. */
  timeBudgetMs?: number;
}

export interface GatheredEvidence {
  evidence: Evidence;
  /** The Jaeger dependency graph over the window; derived from the error traces when Jaeger has none. */
  dependencies: DependencyEdge[];
  failed: SourceFailure[];
}

/** Error traces asked for per suspect (and per service of an incident snapshot). */
export const TRACES_PER_SERVICE = 50;

/** Evidence sources started before the alerts are known; the per-service ones follow with the suspects. */
export interface StartedEvidence {
  /**
   * Jaeger's dependency graph over the window, which the storm is grouped with, waited for within
   * the budget: undefined when not asked, failed or late (then in `failed`).
   */
  graph(): Promise<DependencyEdge[] | undefined>;
  /** Asks the SLO burn, and the error traces and log patterns of `services`, and gathers everything. */
  forServices(services: string[]): Promise<GatheredEvidence>;
}

/**
 * Starts what grouping the storm needs (the Jaeger dependency graph, and the probe of Jaeger's API),
 * so it runs while the alerts are read; `forServices` then asks the SLO burn, the services holding
 * the deepest failing span of the error traces through each suspect (Jaeger) and their new log
 * patterns. Only the final ranking uses those: asked then, their loading (SLO specs to parse, log
 * lines to mine) fills the wait for answers instead of delaying the alerts' (the SLO specs before
 * the time budget's clock runs). Each source that fails
 * or misses the time budget is left out and reported.
 */
export function startEvidence(backends: LiveBackends, window: EvidenceWindow, options: EvidenceOptions = {}): StartedEvidence {
  const failed: SourceFailure[] = [];
  const jaeger = backends.has('jaeger');
  const wait = waitingBudget(options.timeBudgetMs);
  const budget = <T>(source: LiveSource, fetch: () => Promise<T>) => () => wait(source, fetch());
  // Asked now, waited for once: the budget is how long the ranking waits, not how long the answer took.
  const asked = jaeger && options.topology !== false ? backends.jaeger.dependencies({ endTs: window.end, lookbackMs: window.end - window.start }) : undefined;
  asked?.catch(() => undefined);
  let waited: Promise<DependencyEdge[] | undefined> | undefined;
  const dependencies = () => (waited ??= asked ? attempt('jaeger dependencies', failed, budget('jaeger dependencies', () => asked)) : Promise.resolve(undefined));
  // Which API Jaeger speaks is learned once, now: the trace searches then go straight out. A failure is the searches' to report.
  if (jaeger) backends.jaeger.api?.().catch(() => undefined);
  const forServices = async (services: string[]): Promise<GatheredEvidence> => {
    // What is still on its way once the ranking stops waiting is given up: its requests (further
    // pages of log lines) would only hold the process up and load the servers.
    const ranked = new AbortController();
    // The suspects' evidence is asked first and the SLO specs load while it is on its way; the
    // budget's clock starts after: counting the parsing could leave answers that did arrive skipped.
    const { newLogPatterns: logSource } = options;
    const logs = logSource && started(() => logSource(services, window, ranked.signal));
    const searches = jaeger && services.length > 0 ? started(() => errorTraces(backends, services, window, failed, ranked.signal)) : undefined;
    await options.sloSpecs?.().catch(() => undefined);
    const [sloBurn, newLogPatterns, traces, graph] = await Promise.all([
      options.sloBurn && attempt('slo burn', failed, budget('slo burn', options.sloBurn)),
      logs && attempt('log patterns', failed, budget('log patterns', () => logs)),
      searches && attempt('jaeger traces', failed, budget('jaeger traces', () => searches)),
      dependencies(),
    ]);
    // A copy: the searches given up fail after this, and that is not news.
    const failures = [...failed];
    ranked.abort();
    const evidence: Evidence = {};
    if (sloBurn) evidence.sloBurn = sloBurn;
    if (newLogPatterns) evidence.newLogPatterns = newLogPatterns;
    if (traces) evidence.errorSpanRoots = errorRootServices(traces);
    // Jaeger's graph comes from a batch job that many installations do not run: then the traces tell.
    const edges = graph && graph.length > 0 ? graph : dependenciesFromTraces(traces ?? []);
    return { evidence, dependencies: edges, failed: failures };
  };
  return { graph: dependencies, forServices };
}

/**
 * The answer of `ask`, with its failure (a rejection, or a throw before any promise) handled for
 * now: it is awaited, and reported as that source's failure, later.
 */
function started<T>(ask: () => Promise<T>): Promise<T> {
  const answer = new Promise<T>((resolve) => resolve(ask()));
  answer.catch(() => undefined);
  return answer;
}

/** Evidence for ranking the root causes of alerts on `services` over `window`, all sources at once (see startEvidence). */
export async function gatherEvidence(
  backends: LiveBackends,
  services: string[],
  window: EvidenceWindow,
  options: EvidenceOptions = {},
): Promise<GatheredEvidence> {
  return startEvidence(backends, window, options).forServices(services);
}

/** Error traces through any of the services, each once; undefined when every search failed. */
async function errorTraces(backends: LiveBackends, services: string[], window: EvidenceWindow, failed: SourceFailure[], signal: AbortSignal): Promise<Trace[] | undefined> {
  const searches = await Promise.all(services.map((service) => attempt('jaeger traces', failed, () =>
    backends.jaeger.searchTraces({ service, start: window.start, end: window.end, limit: TRACES_PER_SERVICE, error: true, signal }))));
  if (searches.every((s) => s === undefined)) return undefined;
  const byId = new Map<string, Trace>();
  for (const trace of searches.flatMap((s) => s ?? [])) byId.set(trace.traceId, trace);
  return [...byId.values()];
}

/** The services the alerts are about, each once, in order of their first alert. */
export function alertingServices(alerts: Alert[], options: ServiceOptions = {}): string[] {
  const services = new Set<string>();
  for (const a of alerts) {
    const s = serviceOf(a.labels, options);
    if (s !== undefined) services.add(s);
  }
  return [...services];
}

/**
 * The alert list of `obs top`: firing alerts that are neither silenced nor inhibited, from
 * Alertmanager, or from Prometheus when the context has no Alertmanager; most severe and oldest
 * first. Texts are as received: the view sanitises them.
 */
export async function cockpitAlerts(backends: LiveBackends, serviceOptions: ServiceOptions = {}): Promise<AlertItem[]> {
  const alerts = backends.has('alertmanager')
    ? fromAlertmanagerAlerts(await backends.alertmanager.alerts({ silenced: false, inhibited: false }))
    : fromPrometheusAlerts(await backends.prometheus.alerts()).filter((a) => a.state === 'firing');
  return alerts
    .map((a) => ({ alert: a, severity: severityOf(a.labels) }))
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.alert.startsAt - b.alert.startsAt)
    .map(({ alert: a, severity }): AlertItem => ({
      fingerprint: a.fingerprint,
      name: a.name,
      service: serviceOf(a.labels, serviceOptions) ?? '',
      severity,
      state: a.state,
      startsAt: a.startsAt,
      summary: a.annotations.summary ?? a.annotations.description ?? '',
    }));
}
