import type { SeriesAssessment } from '../anomaly/live.js';
import { orderAssessed } from '../anomaly/order.js';
import type { DependencyEdge } from '../traces/model.js';
import type { ServiceAnomaly } from './types.js';

/** Each signal is judged against a week of its own history (daily and weekly seasons)... */
export const ANOMALY_HISTORY_MS = 7 * 24 * 3_600_000;
/**
 * ...and a service is marked when one of its signals was unusual in the last hour. Not less: the
 * detector learns a lasting change as the new normal within minutes, so an incident's first
 * deviations (where its cause shows) would leave the marker while their effects were still going on.
 */
export const ANOMALY_RECENT_MS = 60 * 60_000;

/**
 * How often the cockpit asks again: the history comes in 5-minute steps, so more often the answer
 * barely changes, and a week of every service is a heavy answer (the in-process demo world takes
 * about a second of CPU to compute it, during which the screen does not answer keys).
 */
export const ANOMALY_REFRESH_MS = 5 * 60_000;

/** The judged series folded by service: the highest score, and the unusual signals most unusual first. */
export function anomaliesByService(rows: readonly SeriesAssessment[]): Record<string, ServiceAnomaly> {
  // Service names come from labels: no name may reach the object's prototype.
  const out: Record<string, ServiceAnomaly> = Object.create(null);
  for (const r of [...rows].sort((a, b) => b.score - a.score)) {
    if (r.service === null) continue;
    const s = (out[r.service] ??= { anomalous: false, score: 0, signals: [] });
    s.score = Math.max(s.score, r.score);
    if (!r.anomalous) continue;
    s.anomalous = true;
    s.signals.push({ signal: r.signal, direction: r.direction, actual: r.actual, expected: r.expected, band: r.band, since: r.since });
  }
  return out;
}

/**
 * The unusual services in the order `obs anomalies` lists their signals (src/anomaly/order.ts): the
 * most unusual, then what went wrong first, then, among what began together, the service deeper in
 * the call graph (`depths`, callDepths): where an incident started comes first.
 */
export function anomalousOrder(rows: readonly SeriesAssessment[], edges: readonly DependencyEdge[]): string[] {
  const unusual = rows.filter((r) => r.anomalous && r.service !== null);
  return [...new Set(orderAssessed(unusual, edges).map((r) => r.service!))];
}
