/**
 * The demo's alerting rules and their evaluation with Prometheus 2.42 semantics: each group is evaluated on
 * its interval grid; a result series makes an alert pending, `for:` later firing; when it disappears a pending
 * alert is dropped and a firing one resolves (kept 15 minutes as inactive). The state at time T is
 * reconstructed by replaying the grid over a look-back window with one range query per rule.
 */
import { stringify } from 'yaml';
import { evaluate } from '../promql/eval.js';
import { labelsKey, type Labels } from '../promql/labels.js';
import { parseDuration, parsePromQL } from '../promql/parse.js';
import type { Storage } from '../promql/storage.js';
import type { Expr } from '../promql/ast.js';

export interface AlertRuleDef {
  alert: string;
  expr: string;
  /** Prometheus duration, e.g. "2m" */
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroupDef {
  name: string;
  /** Prometheus duration */
  interval: string;
  rules: AlertRuleDef[];
}

const runbook = (name: string) => `https://runbooks.example.com/obs-demo/${name}`;

export const DEMO_RULE_GROUPS: RuleGroupDef[] = [
  {
    name: 'obs-demo',
    interval: '30s',
    rules: [
      {
        alert: 'HighErrorRate',
        expr: 'sum by (service) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (service) (rate(http_requests_total[5m])) > 0.05',
        for: '2m',
        labels: { severity: 'critical' },
        annotations: {
          summary: '{{ $labels.service }} answers {{ $value | humanizePercentage }} of requests with 5xx',
          runbook_url: runbook('high-error-rate'),
        },
      },
      {
        alert: 'HighLatency',
        expr: 'histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.8',
        for: '5m',
        labels: { severity: 'warning' },
        annotations: { summary: '{{ $labels.service }} p99 latency is above 800ms', runbook_url: runbook('high-latency') },
      },
      // The OpenTelemetry-instrumented services have their own rules, labelled by service_name.
      {
        alert: 'HighErrorRate',
        expr: 'sum by (service_name) (rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[5m])) / sum by (service_name) (rate(http_server_request_duration_seconds_count[5m])) > 0.05',
        for: '2m',
        labels: { severity: 'critical' },
        annotations: {
          summary: '{{ $labels.service_name }} answers {{ $value | humanizePercentage }} of requests with 5xx',
          runbook_url: runbook('high-error-rate'),
        },
      },
      {
        alert: 'HighLatency',
        expr: 'histogram_quantile(0.99, sum by (service_name, le) (rate(http_server_request_duration_seconds_bucket[5m]))) > 0.8',
        for: '5m',
        labels: { severity: 'warning' },
        annotations: { summary: '{{ $labels.service_name }} p99 latency is above 800ms', runbook_url: runbook('high-latency') },
      },
      {
        alert: 'PaymentsDbLatencyHigh',
        expr: 'histogram_quantile(0.95, sum by (service, le) (rate(db_query_duration_seconds_bucket{service="payments-db"}[5m]))) > 0.1',
        for: '2m',
        labels: { severity: 'critical' },
        annotations: { summary: 'payments-db p95 query latency is above 100ms', runbook_url: runbook('payments-db-latency') },
      },
      {
        alert: 'DbConnectionsSaturated',
        expr: 'max by (service) (db_connections_in_use / db_connections_max) > 0.9',
        for: '2m',
        labels: { severity: 'warning' },
        annotations: {
          summary: '{{ $labels.service }} connection pool is {{ $value | humanizePercentage }} used',
          runbook_url: runbook('db-connections'),
        },
      },
      {
        alert: 'CacheSaturation',
        expr: '1 - sum by (service) (rate(cache_hits_total[5m])) / sum by (service) (rate(cache_requests_total[5m])) > 0.3',
        for: '5m',
        labels: { severity: 'warning' },
        annotations: {
          summary: '{{ $labels.service }} misses {{ $value | humanizePercentage }} of lookups',
          runbook_url: runbook('cache-saturation'),
        },
      },
      {
        alert: 'InstanceDown',
        expr: 'up == 0',
        for: '1m',
        labels: { severity: 'critical' },
        annotations: { summary: '{{ $labels.instance }} of {{ $labels.service }} is not answering scrapes', runbook_url: runbook('instance-down') },
      },
      {
        alert: 'HighCpuUsage',
        expr: 'max by (service, instance) (rate(process_cpu_seconds_total[5m])) > 0.8',
        for: '5m',
        labels: { severity: 'warning' },
        annotations: { summary: '{{ $labels.instance }} of {{ $labels.service }} uses more than 0.8 CPU cores', runbook_url: runbook('high-cpu') },
      },
      {
        alert: 'QueueBacklog',
        expr: 'max by (service) (queue_depth) > 1000',
        for: '2m',
        labels: { severity: 'warning' },
        annotations: { summary: '{{ $labels.service }} holds more than 1000 messages', runbook_url: runbook('queue-backlog') },
      },
      {
        alert: 'KubeNodeMemoryPressure',
        expr: 'kube_node_status_condition{condition="MemoryPressure",status="true"} == 1',
        for: '1m',
        labels: { severity: 'critical' },
        annotations: { summary: '{{ $labels.node }} is under memory pressure', runbook_url: runbook('node-memory-pressure') },
      },
      {
        alert: 'KubePodRestarting',
        expr: 'increase(kube_pod_container_status_restarts_total[10m]) > 0',
        for: '0s',
        labels: { severity: 'warning' },
        annotations: { summary: 'pod {{ $labels.pod }} on {{ $labels.node }} restarted in the last 10 minutes', runbook_url: runbook('pod-restarting') },
      },
      {
        alert: 'DeployChanged',
        expr: 'max by (service) (changes(process_start_time_seconds[10m])) > 0',
        for: '0s',
        labels: { severity: 'info' },
        annotations: { summary: '{{ $labels.service }} was restarted or deployed in the last 10 minutes' },
      },
    ],
  },
];

/** The same rules as a Prometheus rule file. */
export function rulesYaml(groups: RuleGroupDef[] = DEMO_RULE_GROUPS): string {
  return stringify({ groups: groups.map((g) => ({ name: g.name, interval: g.interval, rules: g.rules })) }, { lineWidth: 0 });
}

/** Go's fmt %.4g */
function formatG4(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return '0';
  const [mant, expText] = v.toExponential(3).split('e');
  const exp = Number(expText);
  const strip = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 4) return `${strip(mant)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return strip(v.toFixed(3 - exp));
}

/** Expands the template subset the demo rules use: {{ $labels.x }}, {{ $value }}, {{ $value | humanizePercentage }}. */
export function expandTemplate(text: string, labels: Labels, value: number): string {
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, inner: string) => {
    const label = /^\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(inner);
    if (label) return labels[label[1]] ?? '';
    if (inner === '$value | humanizePercentage') return `${formatG4(value * 100)}%`;
    throw new Error(`unsupported template {{ ${inner} }}`);
  });
}

export interface AlertInstance {
  labels: Labels;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  /** unix ms the alert became active (pending) */
  activeAt: number;
  /** unix ms it started firing */
  firedAt?: number;
  value: number;
}

export interface RuleStatus {
  group: RuleGroupDef;
  rule: AlertRuleDef;
  alerts: AlertInstance[];
  /** unix ms of the evaluation this status describes */
  lastEvaluation: number;
  evaluationMs: number;
}

interface Tracked extends AlertInstance {
  resolvedAt?: number;
  inactive: boolean;
}

const RESOLVED_RETENTION_MS = 15 * 60_000;

interface RuleState {
  /** last evaluation tick replayed */
  tick: number;
  active: Map<string, Tracked>;
}

export class RuleEvaluator {
  private readonly parsed = new Map<AlertRuleDef, Expr>();
  private readonly states = new Map<AlertRuleDef, RuleState>();
  private cache?: { t: number; status: RuleStatus[] };

  constructor(
    private readonly storage: Storage,
    readonly groups: RuleGroupDef[] = DEMO_RULE_GROUPS,
    private readonly lookbackMs = 3 * 3_600_000,
  ) {
    for (const g of groups) for (const r of g.rules) this.parsed.set(r, parsePromQL(r.expr));
  }

  /** The last evaluation tick of a group at or before t. */
  static tick(group: RuleGroupDef, t: number): number {
    const interval = parseDuration(group.interval)!;
    return Math.floor(t / interval) * interval;
  }

  /** State of every rule as of the last evaluation at or before t. */
  statusAt(t: number): RuleStatus[] {
    const key = Math.min(...this.groups.map((g) => RuleEvaluator.tick(g, t)));
    if (this.cache?.t === key) return this.cache.status;
    const status = this.groups.flatMap((g) => g.rules.map((r) => this.evaluateRule(g, r, RuleEvaluator.tick(g, t))));
    this.cache = { t: key, status };
    return status;
  }

  /**
   * Replays the evaluation grid up to `at`: from where the last call stopped when time moved forward a little
   * (the live case, a few ticks per call), else from `at - lookback`.
   */
  private evaluateRule(group: RuleGroupDef, rule: AlertRuleDef, at: number): RuleStatus {
    const started = performance.now();
    const interval = parseDuration(group.interval)!;
    let state = this.states.get(rule);
    if (!state || state.tick > at || at - state.tick > this.lookbackMs) {
      state = { tick: at - Math.floor(this.lookbackMs / interval) * interval - interval, active: new Map() };
      this.states.set(rule, state);
    }
    if (state.tick < at) this.replay(rule, state, state.tick + interval, at, interval);
    const alerts = [...state.active.values()]
      .filter((a) => !a.inactive)
      .map(({ labels, annotations, state: s, activeAt, firedAt, value }) => ({ labels, annotations, state: s, activeAt, firedAt, value }));
    return { group, rule, alerts, lastEvaluation: at, evaluationMs: performance.now() - started };
  }

  private replay(rule: AlertRuleDef, state: RuleState, from: number, to: number, interval: number): void {
    const hold = parseDuration(rule.for) ?? 0;
    const result = evaluate(this.storage, this.parsed.get(rule)!, { startMs: from, endMs: to, stepMs: interval }, { instant: false });
    const series = result.resultType === 'matrix' ? result.result : [];
    const cursors = series.map(() => 0);
    const active = state.active;
    for (let ts = from; ts <= to; ts += interval) {
      const seen = new Set<string>();
      series.forEach((s, i) => {
        const p = s.points[cursors[i]];
        if (!p || p[0] !== ts) return;
        cursors[i]++;
        const value = p[1];
        const base: Record<string, string> = { ...s.labels };
        delete base.__name__;
        const labels: Record<string, string> = { ...base, ...rule.labels, alertname: rule.alert };
        const annotations = Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, expandTemplate(v, base, value)]));
        const key = labelsKey(labels);
        seen.add(key);
        const existing = active.get(key);
        if (existing && !existing.inactive) {
          existing.value = value;
          existing.annotations = annotations;
          return;
        }
        active.set(key, { labels, annotations, state: 'pending', activeAt: ts, value, inactive: false });
      });
      for (const [key, a] of active) {
        if (!seen.has(key)) {
          if ((!a.inactive && a.state === 'pending') || (a.resolvedAt !== undefined && ts - a.resolvedAt > RESOLVED_RETENTION_MS)) {
            active.delete(key);
          }
          if (!a.inactive) {
            a.inactive = true;
            a.resolvedAt = ts;
          }
          continue;
        }
        if (a.state === 'pending' && ts - a.activeAt >= hold) {
          a.state = 'firing';
          a.firedAt = ts;
        }
      }
    }
    state.tick = to;
  }
}
