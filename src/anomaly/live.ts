import { batchedQuery } from '../backends/prometheus/batch.js';
import type { Series } from '../backends/prometheus/types.js';
import { chooseStep } from '../time/time.js';
import { assessSeries, type Assessment } from './assess.js';
import type { Signal } from './signals.js';

/** About a week of 5-minute samples per series. */
export const HISTORY_POINTS = 2016;

export interface SeriesAssessment extends Assessment {
  signal: string;
  /** The service a series belongs to (by its signal's service label); null for a query given as is. */
  service: string | null;
  labels: Record<string, string>;
}

export interface Assessed {
  rows: SeriesAssessment[];
  /** "<query>: <backend's message>" of each query that failed; its series are left out. */
  failed: string[];
}

/**
 * Ask each signal's history over one range (so the queries travel batched, as one request) and
 * judge every series' last `recentMs` against the rest of it. One series is judged per turn of the
 * event loop, so a live view keeps answering keys while a fleet is scored.
 */
export async function assessSignals(
  prometheus: { queryRange(promql: string, range: { start: number; end: number; stepMs: number }): Promise<{ series: Series[] }> },
  signals: readonly Signal[],
  o: { now: number; historyMs: number; recentMs: number; threshold: number },
): Promise<Assessed> {
  const range = { start: o.now - o.historyMs, end: o.now };
  const stepMs = chooseStep(range, HISTORY_POINTS);
  const ask = batchedQuery((expr: string, r: typeof range & { stepMs: number }) => prometheus.queryRange(expr, r));
  const failed: string[] = [];
  const answers = await Promise.all(signals.map(async (signal): Promise<{ signal: Signal; series: Series[] }> => {
    try {
      return { signal, series: (await ask(signal.query, { ...range, stepMs })).series };
    } catch (err) {
      failed.push(`${signal.query}: ${(err as Error).message}`);
      return { signal, series: [] };
    }
  }));
  const rows: SeriesAssessment[] = [];
  for (const { signal, series } of answers) {
    for (const s of series) {
      const assessment = assessSeries(s.points, { recentMs: o.recentMs, threshold: o.threshold });
      const service = signal.serviceLabel ? (s.labels[signal.serviceLabel] ?? null) : null;
      rows.push({ ...assessment, signal: signal.name, service, labels: s.labels });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return { rows, failed };
}
