/**
 * What the simulated Alertmanager holds: the firing alerts Prometheus would have sent it (from the rule
 * evaluator), routed to receivers, grouped, silenced and inhibited with Alertmanager's rules.
 */
import type { RuleEvaluator } from '../prometheus/rules.js';
import { fingerprint } from './fingerprint.js';
import { type Labels, type Matcher, matcher } from '../promql/labels.js';
import { matchesAll } from './matchers.js';
import type { SilenceStore } from './silences.js';

export interface Route {
  receiver: string;
  matchers: Matcher[];
  groupBy: string[];
}

/** The demo's routing tree, flattened: the first matching child wins, else the root. */
export const ROOT_ROUTE: Route = { receiver: 'slack-ops', matchers: [], groupBy: ['alertname', 'service'] };
export const CHILD_ROUTES: Route[] = [
  { receiver: 'pagerduty-oncall', matchers: [matcher('severity', '=', 'critical')], groupBy: ['alertname', 'service'] },
];
export const RECEIVERS = ['slack-ops', 'pagerduty-oncall'];

/** Critical alerts mute warnings about the same service. */
const INHIBIT = { source: [matcher('severity', '=', 'critical')], target: [matcher('severity', '=', 'warning')], equal: ['service'] };

export const CONFIG_YAML = `global:
  resolve_timeout: 5m
route:
  receiver: slack-ops
  group_by: [alertname, service]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
    - receiver: pagerduty-oncall
      matchers: ['severity="critical"']
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [service]
receivers:
  - name: slack-ops
  - name: pagerduty-oncall
templates: []
`;

export interface AmAlert {
  labels: Labels;
  annotations: Record<string, string>;
  fingerprint: string;
  startsAt: number;
  updatedAt: number;
  endsAt: number;
  generatorURL: string;
  receiver: Route;
  silencedBy: string[];
  inhibitedBy: string[];
}

function routeOf(labels: Labels): Route {
  return CHILD_ROUTES.find((r) => matchesAll(r.matchers, labels)) ?? ROOT_ROUTE;
}

/** Prometheus keeps a firing alert valid for 4 x max(evaluation interval, resend delay of 1m). */
const VALID_FOR_MS = 4 * 60_000;

export function currentAlerts(rules: RuleEvaluator, silences: SilenceStore, now: number, prometheusUrl: string): AmAlert[] {
  const firing = rules
    .statusAt(now)
    .flatMap((s) => s.alerts.filter((a) => a.state === 'firing').map((a) => ({ a, expr: s.rule.expr, at: s.lastEvaluation })));
  const alerts: AmAlert[] = firing.map(({ a, expr, at }) => ({
    labels: a.labels,
    annotations: a.annotations,
    fingerprint: fingerprint(a.labels),
    startsAt: a.firedAt ?? a.activeAt,
    updatedAt: at,
    endsAt: at + VALID_FOR_MS,
    generatorURL: `${prometheusUrl}/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`,
    receiver: routeOf(a.labels),
    silencedBy: silences.silencing(a.labels),
    inhibitedBy: [],
  }));
  for (const target of alerts) {
    if (!matchesAll(INHIBIT.target, target.labels)) continue;
    target.inhibitedBy = alerts
      .filter(
        (src) =>
          src !== target &&
          matchesAll(INHIBIT.source, src.labels) &&
          INHIBIT.equal.every((l) => (src.labels[l] ?? '') === (target.labels[l] ?? '')),
      )
      .map((src) => src.fingerprint);
  }
  return alerts.sort((x, y) => (x.fingerprint < y.fingerprint ? -1 : x.fingerprint > y.fingerprint ? 1 : 0));
}
