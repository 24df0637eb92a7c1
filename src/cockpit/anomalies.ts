import type { SeriesAssessment } from '../anomaly/live.js';
import type { ServiceAnomaly } from './types.js';

/** Each signal is judged against a week of its own history (daily and weekly seasons)... */
export const ANOMALY_HISTORY_MS = 7 * 24 * 3_600_000;
/** ...and a service is marked while one of its signals was unusual in the last quarter hour. */
export const ANOMALY_RECENT_MS = 15 * 60_000;

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
