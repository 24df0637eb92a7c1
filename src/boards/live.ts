/**
 * A board against real backends: resolve its variables, run one refresh plan (each distinct
 * request once, all at once; the HTTP layer bounds concurrency per backend) and give every
 * panel its data. A failing request fails only the panels that asked for it.
 */
import type { Backends } from '../backends/index.js';
import type { AlertmanagerClient } from '../backends/alertmanager/client.js';
import { parseMatcher } from '../backends/alertmanager/client.js';
import type { AmplitudeClient } from '../backends/amplitude/client.js';
import type { SeriesResult } from '../backends/amplitude/types.js';
import { hourlyBuckets, pastBuckets, windowTotal } from '../analytics/index.js';
import type { LokiClient } from '../backends/loki/client.js';
import type { PrometheusClient } from '../backends/prometheus/client.js';
import { cockpitAlerts } from '../alerts/live.js';
import type { SloItem } from '../cockpit/types.js';
import { BackendError } from '../http/errors.js';
import { SLO_REPORT_MAX_AGE_MS, sloCockpitFrom, type SloCockpit } from '../slo/live.js';
import { prometheusQuery } from '../slo/prometheus.js';
import type { SloDefinition } from '../slo/types.js';
import { evaluateSlos } from '../slo/evaluate.js';
import { checkCapacity, type CapacityReport } from '../capacity/check.js';
import type { TimeRange } from '../time/time.js';
import type { Board } from './model.js';
import { boardPanels } from './model.js';
import { panelData, type PanelState, type RequestOutcome, type RequestResult } from './panel-data.js';
import { planRefresh, type AnalyticsRequest, type PlannedRequest } from './plan.js';
import { resolveVariables, type FetchLabelValues, type ResolvedVariable, type VariableError } from './variables.js';

/** The clients a board may need; a board that uses a backend the context lacks fails only those panels. */
export interface BoardClients {
  prometheus?: Pick<PrometheusClient, 'queryRange' | 'queryVector' | 'labelValues' | 'alerts'>;
  loki?: Pick<LokiClient, 'queryRange' | 'query' | 'labelValues'>;
  alertmanager?: Pick<AlertmanagerClient, 'alerts'>;
  amplitude?: Pick<AmplitudeClient, 'eventSegmentation' | 'activeUsers'>;
  /** The SLOs with these names (none: every SLO), evaluated at `at` or, cached, shortly before. */
  slos?: (names: readonly string[], at: number) => Promise<SloItem[]>;
  /** The `obs capacity` report's lines at `at` for the horizon `withinMs`, or, cached, from shortly before. */
  capacity?: (withinMs: number, at: number) => Promise<CapacityReport>;
}

/** How long one capacity report serves the capacity panels: forecasts over days barely move in minutes. */
const CAPACITY_MAX_AGE_MS = 5 * 60_000;
/** The history a capacity panel's forecasts learn from (as `obs capacity` by default). */
const CAPACITY_HISTORY_MS = 7 * 86_400_000;

/** How long one SLO evaluation serves the slo panels: budgets over weeks barely move in a minute. */

/**
 * The clients of a context for boards. `loadSlos` gives the context's SLO specs (loaded when an
 * slo panel first asks); they are evaluated together, at most once per SLO_REPORT_MAX_AGE_MS. Without
 * specs, or without Prometheus, slo panels say so.
 */
export function boardClients(backends: Backends, loadSlos?: () => Promise<SloDefinition[]>, now: () => number = Date.now): BoardClients {
  const prometheus = backends.has('prometheus') ? backends.prometheus : undefined;
  let cockpit: Promise<SloCockpit> | undefined;
  const slos = async (names: readonly string[]): Promise<SloItem[]> => {
    cockpit ??= loadSlos!().then((specs) => sloCockpitFrom(prometheusQuery(prometheus!), specs, now, SLO_REPORT_MAX_AGE_MS));
    cockpit.catch(() => (cockpit = undefined));
    const items = await (await cockpit).slos();
    const missing = names.filter((n) => !items.some((s) => s.name === n));
    if (missing.length > 0) throw new Error(`slo: no SLO named ${missing.map((n) => JSON.stringify(n)).join(', ')} in the context's specs`);
    return names.length > 0 ? items.filter((s) => names.includes(s.name)) : items;
  };
  return {
    ...(prometheus ? { prometheus } : {}),
    ...(backends.has('loki') ? { loki: backends.loki } : {}),
    ...(backends.has('alertmanager') ? { alertmanager: backends.alertmanager } : {}),
    ...(backends.has('amplitude') ? { amplitude: backends.amplitude } : {}),
    ...(prometheus && loadSlos ? { slos } : {}),
    ...(prometheus ? { capacity: capacityReports(prometheus, loadSlos) } : {}),
  };
}

function capacityReports(prometheus: PrometheusClient, loadSlos?: () => Promise<SloDefinition[]>): NonNullable<BoardClients['capacity']> {
  const reports = new Map<number, { at: number; report: Promise<CapacityReport> }>();
  const evaluate = async (at: number) => {
    const specs = loadSlos ? await loadSlos() : [];
    return specs.length === 0 ? null : (await evaluateSlos(specs, prometheusQuery(prometheus), { at })).results;
  };
  return (withinMs, at) => {
    const cached = reports.get(withinMs);
    if (cached && at - cached.at < CAPACITY_MAX_AGE_MS) return cached.report;
    const report = checkCapacity({ queryRange: (q, range) => prometheus.queryRange(q, range), evaluateSlos: evaluate }, { at, sinceMs: CAPACITY_HISTORY_MS, withinMs });
    reports.set(withinMs, { at, report });
    report.catch(() => reports.delete(withinMs));
    return report;
  };
}

export interface BoardSnapshot {
  at: number;
  range: TimeRange;
  step: number;
  /** Distinct requests this refresh planned (each ran once). */
  requests: number;
  /** False while requests are still running: panels not in `panels` yet are waiting for theirs. */
  complete: boolean;
  panels: Record<string, PanelState>;
}

/** A board bound to a context's clients: what `obs board show` and `:board NAME` draw from. */
export interface LiveBoard {
  board: Board;
  /** Its variables with their options, chosen as asked (flags or the UI), else their defaults. */
  resolve(asked: Readonly<Record<string, readonly string[]>>): Promise<{ variables: Record<string, ResolvedVariable>; errors: VariableError[] }>;
  refresh(variables: Record<string, ResolvedVariable>, onUpdate?: (partial: BoardSnapshot) => void): Promise<BoardSnapshot>;
}

export function liveBoard(board: Board, clients: BoardClients, now: () => number = Date.now): LiveBoard {
  const range = (): TimeRange => {
    const end = now();
    return { start: end - board.time.range, end };
  };
  return {
    board,
    resolve: (asked) => resolveVariables(board, asked, range(), labelValuesFetcher(clients)),
    refresh: (variables, onUpdate) => refreshBoard(board, { range: range(), variables }, clients, onUpdate),
  };
}

/**
 * One refresh: every distinct request once, all at once. `onUpdate` sees the snapshot grow as
 * requests finish (panels whose requests are all back), so a slow backend holds back only its
 * own panels; the promise gives the complete snapshot.
 */
export async function refreshBoard(
  board: Board,
  input: { range: TimeRange; variables: Record<string, ResolvedVariable> },
  clients: BoardClients,
  onUpdate?: (partial: BoardSnapshot) => void,
): Promise<BoardSnapshot> {
  const plan = planRefresh(board, input);
  const byId = new Map(boardPanels(board).map((p) => [p.id, p]));
  const outcomes: (RequestOutcome | undefined)[] = new Array(plan.requests.length);
  const panels: Record<string, PanelState> = {};
  const waiting = plan.panels.filter((p) => {
    if ('error' in p) panels[p.panelId] = { error: p.error };
    return 'requests' in p;
  }) as { panelId: string; requests: number[] }[];
  const snapshot = (complete: boolean): BoardSnapshot => ({ at: input.range.end, range: input.range, step: plan.step, requests: plan.requests.length, complete, panels: { ...panels } });
  await Promise.all(
    plan.requests.map(async (request, i) => {
      outcomes[i] = await runRequest(request, clients);
      for (const p of waiting) {
        if (p.panelId in panels || !p.requests.includes(i) || p.requests.some((r) => outcomes[r] === undefined)) continue;
        panels[p.panelId] = panelData(byId.get(p.panelId)!, p.requests.map((r) => outcomes[r]!));
      }
      onUpdate?.(snapshot(false));
    }),
  );
  return snapshot(true);
}

/** Run one planned request; never throws: a failure is an outcome with the backend's one-line message. */
export async function runRequest(request: PlannedRequest, clients: BoardClients): Promise<RequestOutcome> {
  try {
    return await execute(request, clients);
  } catch (err) {
    return { kind: 'error', message: errorLine(err) };
  }
}

/** `prometheus: parse error at char 5 [HTTP 400]`: short enough for a panel's title line. */
export function errorLine(err: unknown): string {
  if (err instanceof BackendError) return `${err.backend}: ${err.message}${err.status ? ` [HTTP ${err.status}]` : ''}`;
  return err instanceof Error ? err.message : String(err);
}

function need<T>(client: T | undefined, backend: string): T {
  if (client) return client;
  throw new Error(backend === 'slo' ? 'slo: this context has no SLO specs (sloDir) or no Prometheus to evaluate them' : `${backend}: this context has no ${backend} URL`);
}

async function execute(r: PlannedRequest, clients: BoardClients): Promise<RequestResult> {
  switch (r.type) {
    case 'range': {
      if (r.backend === 'prometheus') {
        const { series } = await need(clients.prometheus, 'prometheus').queryRange(r.query, { start: r.start, end: r.end, stepMs: r.step });
        return { kind: 'series', series };
      }
      const answer = await need(clients.loki, 'loki').queryRange(r.query, { start: r.start, end: r.end, stepMs: r.step });
      if (answer.resultType !== 'matrix') throw new Error('loki: a log query in a metric panel; use a metric query such as sum(rate({app="x"}[5m]))');
      return { kind: 'series', series: answer.series };
    }
    case 'instant': {
      if (r.backend === 'prometheus') return { kind: 'samples', samples: (await need(clients.prometheus, 'prometheus').queryVector(r.query, { time: r.time })).samples };
      const answer = await need(clients.loki, 'loki').query(r.query, { time: r.time });
      if (answer.resultType !== 'vector') throw new Error('loki: a log query in a metric panel; use a metric query such as sum(count_over_time({app="x"}[5m]))');
      return { kind: 'samples', samples: answer.samples };
    }
    case 'logs': {
      const answer = await need(clients.loki, 'loki').queryRange(r.query, { start: r.start, end: r.end, limit: r.limit, direction: 'backward' });
      if (answer.resultType !== 'streams') throw new Error('loki: a metric query in a logs panel; use a log query such as {app="x"} |= "error"');
      const lines = answer.entries.map((e) => ({ time: Number(BigInt(e.ts) / 1_000_000n), labels: e.labels, line: e.line }));
      return { kind: 'logs', lines, start: r.start, end: r.end };
    }
    case 'alerts':
      return { kind: 'alerts', alerts: await alerts(r.matchers, clients) };
    case 'slo':
      return { kind: 'slos', slos: await need(clients.slos, 'slo')(r.slos, r.time) };
    case 'analytics':
      return analytics(r, need(clients.amplitude, 'amplitude'));
    case 'capacity':
      return { kind: 'capacity', report: await need(clients.capacity, 'prometheus')(r.within, r.time) };
  }
}

/**
 * Firing alerts as `obs top` lists them (cockpitAlerts: unsilenced, most severe first), from
 * Alertmanager asked with the panel's matchers, or without one from Prometheus filtered here.
 */
async function alerts(matchers: string[], clients: BoardClients) {
  const { alertmanager, prometheus } = clients;
  const parsed = matchers.map(parseMatcher);
  return cockpitAlerts({
    has: (backend) => (backend === 'alertmanager' ? alertmanager !== undefined : backend === 'prometheus' && prometheus !== undefined),
    alertmanager: { alerts: (filter) => need(alertmanager, 'alertmanager').alerts({ ...filter, filter: matchers }), groups: async () => [] },
    prometheus: { alerts: async () => (await need(prometheus, 'alertmanager').alerts()).filter((a) => parsed.every((m) => matches(a.labels[m.name] ?? '', m))) },
    jaeger: { searchTraces: async () => [], dependencies: async () => [] },
  });
}

function matches(value: string, m: { value: string; isRegex: boolean; isEqual?: boolean }): boolean {
  const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(value) : value === m.value;
  return m.isEqual === false ? !hit : hit;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Amplitude keeps hourly buckets for ranges up to this long. */
const HOURLY_LIMIT = 7 * DAY;

/**
 * An event's total (or unique users) over the board's span and over the same span `compareTo`
 * earlier. Buckets are weighted by how much of their covered time falls in the span, so the
 * current, unfinished hour compares fairly with the same part of an hour a week ago. Active and
 * new users are daily numbers that cannot be pro-rated: the last complete day against the day as
 * long before. The trend is the complete buckets of the span: Amplitude answers whole days, and
 * the hours after now (zeros) or the unfinished one would read as a drop.
 */
async function analytics(r: AnalyticsRequest, amplitude: Pick<AmplitudeClient, 'eventSegmentation' | 'activeUsers'>): Promise<RequestResult> {
  const span = r.end - r.start;
  const interval = r.metric === 'event' && span <= HOURLY_LIMIT ? 'hourly' : 'daily';
  const bucketMs = interval === 'hourly' ? HOUR : DAY;
  const offset = r.end - r.compareEnd;
  const fetch = (start: number, end: number): Promise<SeriesResult> =>
    r.metric === 'event'
      ? amplitude.eventSegmentation({ event: r.event!, start: new Date(start), end: new Date(end), metric: r.measure ?? 'totals', interval })
      : amplitude.activeUsers({ start: new Date(start), end: new Date(end), metric: r.metric === 'new_users' ? 'new' : 'active', interval: 'daily' });
  // Users: reach back a day so that a span shorter than a day still holds a complete one.
  const from = r.metric === 'event' ? r.start : Math.min(r.start, r.end - DAY);
  const [current, previous] = await Promise.all([fetch(from, r.end), fetch(from - offset, r.compareEnd)]);
  const label = r.metric === 'event' ? `${r.event} (${r.measure === 'uniques' ? 'users' : 'events'})` : r.metric === 'new_users' ? 'new users' : 'active users';
  const complete = (pastBuckets(current, interval, { start: from, end: r.end }, r.end)[0]?.buckets ?? []).filter((b) => !b.partial);
  const trend = complete.filter((b) => b.start + bucketMs > r.start).map((b) => b.value ?? 0);
  if (r.metric !== 'event') {
    const last = complete.at(-1);
    const before = last && hourlyBuckets(previous).find((b) => b.start === last.start - offset);
    return { kind: 'analytics', label, current: last?.value ?? 0, previous: before?.value, buckets: trend };
  }
  return {
    kind: 'analytics',
    label,
    current: windowTotal(hourlyBuckets(current), { start: r.start, end: r.end }, { bucketMs, now: r.end }) ?? 0,
    previous: windowTotal(hourlyBuckets(previous), { start: r.compareStart, end: r.compareEnd }, { bucketMs }),
    buckets: trend,
  };
}

/** Label values for query variables, from Prometheus or Loki. */
export function labelValuesFetcher(clients: BoardClients): FetchLabelValues {
  return async (r) => {
    if (r.backend === 'prometheus') return need(clients.prometheus, 'prometheus').labelValues(r.label, { start: r.start, end: r.end, ...(r.selector ? { match: [r.selector] } : {}) });
    return need(clients.loki, 'loki').labelValues(r.label, { start: r.start, end: r.end, ...(r.selector ? { query: r.selector } : {}) });
  };
}
