/**
 * The services overview (`obs services`, and what `obs doctor` compares): each service's RED row
 * with its firing alerts, worst SLO budget and which signals name it. Pure: the parts come in
 * loaded.
 */
import type { ServiceHealth, Signal } from './model.js';
import { sortWorstFirst } from './model.js';

export type OverviewSignal = Signal | 'alerts' | 'logs' | 'traces';

export interface ServiceOverview extends Omit<ServiceHealth, 'signals' | 'trend'> {
  /** The convention of the metrics row, or undefined for a service only alerts name. */
  convention?: string;
  /** Undefined when the alerts could not be read: unknown, not none. */
  firingAlerts?: number;
  /** Error budget remaining of the service's worst SLO (1 = untouched, negative = overspent). */
  budgetRemaining?: number;
  signals: OverviewSignal[];
}

export interface OverviewParts {
  health: ServiceHealth[];
  firingAlerts?: Record<string, number>;
  budgets?: Record<string, number>;
  /** Services found in the logs and in the traces, by obs's identity. */
  logServices?: Set<string>;
  traceServices?: Set<string>;
}

export function serviceOverview(parts: OverviewParts): ServiceOverview[] {
  const firing = parts.firingAlerts ?? {};
  const countOf = (service: string) => (parts.firingAlerts ? firing[service] ?? 0 : undefined);
  const rows: ServiceOverview[] = parts.health.map(({ trend: _trend, signals, ...h }) => ({ ...h, signals: [...(signals ?? [])], firingAlerts: countOf(h.service) }));
  const known = new Set(rows.map((r) => r.service));
  // A service that alerts name and the metrics do not is still a service: shown, with nothing measured.
  for (const [service, count] of Object.entries(firing)) if (service && !known.has(service)) rows.push({ service, firingAlerts: count, signals: [] });
  for (const r of rows) {
    const budget = parts.budgets?.[r.service];
    if (budget !== undefined) r.budgetRemaining = budget;
    if ((r.firingAlerts ?? 0) > 0) r.signals.push('alerts');
    if (parts.logServices?.has(r.service)) r.signals.push('logs');
    if (parts.traceServices?.has(r.service)) r.signals.push('traces');
  }
  return sortWorstFirst(rows, { firingAlerts: firing, budgetRemaining: parts.budgets });
}
