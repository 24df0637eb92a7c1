import { SEVERITIES, type IncidentState, type Severity } from './types.js';

export interface DurationStats {
  /** How many incidents the figures are over. */
  n: number;
  meanMs: number | null;
  medianMs: number | null;
}

export interface IncidentStats {
  start: number;
  end: number;
  /** Incidents opened in [start, end). */
  count: number;
  open: number;
  resolved: number;
  bySeverity: Record<Severity, number>;
  /** First alert (else the opening) to first acknowledgement, over the acknowledged ones. */
  mtta: DurationStats;
  /** PagerDuty's page to first acknowledgement, over the paged and acknowledged ones. */
  mttaFromPage: DurationStats;
  /** First alert (else the opening) to resolution, over the resolved ones. */
  mttr: DurationStats;
}

/** When the problem began, as far as the log knows: its first alert, else its opening. */
const startOf = (i: IncidentState) => Math.min(i.startedAt ?? i.openedAt, i.openedAt);

export function incidentStats(incidents: readonly IncidentState[], range: { start: number; end: number }): IncidentStats {
  const inRange = incidents.filter((i) => i.openedAt >= range.start && i.openedAt < range.end);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const i of inRange) bySeverity[i.severity]++;
  const ack = inRange.flatMap((i) => (i.acknowledgedAt === undefined ? [] : [i.acknowledgedAt - startOf(i)]));
  const ackPage = inRange.flatMap((i) => (i.acknowledgedAt === undefined || i.pagedAt === undefined ? [] : [Math.max(0, i.acknowledgedAt - i.pagedAt)]));
  const res = inRange.flatMap((i) => (i.resolvedAt === undefined || i.open ? [] : [i.resolvedAt - startOf(i)]));
  return {
    start: range.start,
    end: range.end,
    count: inRange.length,
    open: inRange.filter((i) => i.open).length,
    resolved: inRange.filter((i) => !i.open).length,
    bySeverity,
    mtta: durationStats(ack),
    mttaFromPage: durationStats(ackPage),
    mttr: durationStats(res),
  };
}

function durationStats(values: number[]): DurationStats {
  if (values.length === 0) return { n: 0, meanMs: null, medianMs: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n: values.length, meanMs: values.reduce((a, b) => a + b, 0) / values.length, medianMs: median };
}
