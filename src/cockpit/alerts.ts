import type { AmAlert } from '../backends/alertmanager/types.js';
import type { PromAlert } from '../backends/prometheus/types.js';
import type { AlertItem } from './types.js';

const SERVICE_LABELS = ['service', 'app', 'job'];

function serviceOf(labels: Record<string, string>): string {
  for (const l of SERVICE_LABELS) if (labels[l]) return labels[l];
  return '';
}

/** Alerts as the cockpit lists them, most severe and oldest first. */
export const alertItems = {
  fromAlertmanager(alerts: AmAlert[]): AlertItem[] {
    return sortAlerts(alerts.map((a) => ({
      fingerprint: a.fingerprint,
      name: a.labels.alertname ?? '',
      service: serviceOf(a.labels),
      severity: a.labels.severity ?? 'none',
      state: a.status.state,
      startsAt: Date.parse(a.startsAt),
      summary: a.annotations.summary ?? a.annotations.description ?? '',
    })));
  },
  fromPrometheus(alerts: PromAlert[]): AlertItem[] {
    return sortAlerts(alerts.filter((a) => a.state === 'firing').map((a) => ({
      fingerprint: Object.entries(a.labels).sort().map(([k, v]) => `${k}=${v}`).join(','),
      name: a.labels.alertname ?? '',
      service: serviceOf(a.labels),
      severity: a.labels.severity ?? 'none',
      state: a.state,
      startsAt: Date.parse(a.activeAt),
      summary: a.annotations.summary ?? a.annotations.description ?? '',
    })));
  },
};

const RANK: Record<string, number> = { critical: 4, page: 4, error: 3, warning: 2, ticket: 2, info: 1 };

function sortAlerts(items: AlertItem[]): AlertItem[] {
  return items.sort((a, b) => (RANK[b.severity] ?? 0) - (RANK[a.severity] ?? 0) || a.startsAt - b.startsAt);
}
