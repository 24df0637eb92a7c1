import type { ServiceHealth } from '../health/model.js';
import type { Trace } from '../traces/model.js';
import type { LiveBoard } from '../boards/live.js';
import type { BandPoint } from '../anomaly/band.js';

/** What `obs top` shows. Each loader feeds one panel, so one failing backend greys out only its panels. */
export interface CockpitData {
  readonly contextName: string;
  backendStatus(): Promise<BackendStatus[]>;
  services(): Promise<ServicesPanel>;
  /** Error budget remaining of each service's worst SLO (0..1, negative when overspent); slower, so loaded apart. */
  budgets?: () => Promise<Record<string, number>>;
  /** What is unusual now, by service: each signal against a week of its own history (asked about once a minute). */
  anomalies?: () => Promise<AnomalyPanel>;
  alerts(): Promise<AlertItem[]>;
  /** The most severe incident's likely causes, ranked as `obs alerts correlate` ranks them. */
  suspects?: () => Promise<SuspectsPanel>;
  incidents(): Promise<IncidentItem[]>;
  /** Undefined when the context has no Amplitude. */
  business?: () => Promise<BusinessPanel>;
  serviceSeries(service: string, rangeMs: number): Promise<ServiceSeries>;
  /** The expected band of a service's request rate, error ratio and p99 over the last `rangeMs`, learnt from the week before. */
  serviceBands?: (service: string, rangeMs: number) => Promise<ServiceBands>;
  serviceSlos(service: string): Promise<SloItem[]>;
  serviceLogs(service: string): Promise<LogPatternItem[]>;
  serviceTraces(service: string): Promise<TraceItem[]>;
  trace(traceId: string): Promise<Trace>;
  logs(logql: string): Promise<LogLine[]>;
  slos(): Promise<SloItem[]>;
  /** A board by name or path bound to this context (`:board NAME`); undefined where boards are not wired. */
  board?: (name: string) => Promise<LiveBoard>;
}

export interface BackendStatus {
  backend: string;
  state: 'up' | 'slow' | 'down';
  latencyMs?: number;
  message?: string;
}

export interface ServicesPanel {
  services: ServiceHealth[];
  /** Columns whose query failed, with the backend's message. */
  partial: Record<string, string>;
  /** What Prometheus warned with its answers (a Thanos or Mimir store down: the numbers may be low). */
  warnings?: string[];
  /** When no service was found: what obs looked for and which keys to set. */
  emptyHint?: string;
}

export interface AnomalyPanel {
  /** Services with at least one signal judged, by name. */
  services: Record<string, ServiceAnomaly>;
  /** The unusual services, where an incident most likely started first (anomalousOrder). */
  order: string[];
  /** Queries that failed ("<query>: <reason>"): a service not found unusual by the others is unknown. */
  failed: string[];
  /** What Prometheus warned with its answers (a partial answer). */
  warnings?: string[];
}

export interface ServiceAnomaly {
  anomalous: boolean;
  /** The highest score of its signals (0..1). */
  score: number;
  /** Its unusual signals, most unusual first: what, which way, and what was expected. */
  signals: { signal: string; direction: 'up' | 'down' | 'none'; actual: number; expected: number; band: number; since: number | null }[];
}

export interface AlertItem {
  fingerprint: string;
  name: string;
  service: string;
  severity: string;
  state: string;
  startsAt: number;
  summary: string;
}

export interface SuspectsPanel {
  /** The incident's title, as `obs alerts correlate` gives it; absent when no alert is in the window. */
  incident?: string;
  /** Set when no alert group has an alert nobody held back: why ("all 3 alert groups are silenced"); the incident is then the first group. */
  heldBack?: string;
  /** Best first, at most three. */
  suspects: SuspectItem[];
}

export interface SuspectItem {
  /** A service, or a host for level "host". */
  name: string;
  level: 'service' | 'instance' | 'host';
  instance?: string;
  /** Percent of the ranking's walk; compare within the incident. */
  score: number;
  reasons: string[];
}

export interface IncidentItem {
  id: string;
  title: string;
  severity: string;
  status: string;
}

export interface BusinessPanel {
  /** The events' window: the last hour up to now; `weekAgo` counts are for the same clock hour a week before. */
  window?: { start: number; end: number };
  /** Minutes of the current, still partial, hour inside the window (its buckets are counted as far as they go). */
  partialMinutes?: number;
  /** Start of the complete hour the active-user figures are for (unique users cannot be pro-rated). */
  activeUsersHour?: number;
  activeUsers?: number;
  activeUsersWeekAgo?: number;
  events: { name: string; count: number; weekAgo: number }[];
}

export interface Point {
  time: number;
  value: number;
}

export interface ServiceSeries {
  rps: Point[];
  errorRatio: Point[];
  p50: Point[];
  p95: Point[];
  p99: Point[];
  /** Share of requests slower than the histogram's top finite bucket: where it exceeds 1 - q, quantile q is a bound. */
  overflow?: Point[];
}

export type ServiceBands = Partial<Record<'rps' | 'errorRatio' | 'p99', BandPoint[]>>;

export interface SloItem {
  name: string;
  service: string;
  objective: number;
  sli?: number;
  budgetRemaining?: number;
  burnRates: Record<string, number | undefined>;
  verdict: string;
}

export interface LogPatternItem {
  id: string;
  template: string;
  count: number;
  status?: 'NEW' | 'SURGING' | 'STEADY' | 'GONE';
  ratio?: number;
  samples: string[];
}

export interface TraceItem {
  traceId: string;
  rootOperation: string;
  durationMs: number;
  error: boolean;
  spanCount: number;
  startTime: number;
}

export interface LogLine {
  time: number;
  labels: Record<string, string>;
  line: string;
}
