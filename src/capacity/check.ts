/**
 * The capacity check: one range query per resource kind (every exporter convention of the kind at
 * once, by label), a forecast per series, and the error budgets of the SLO specs. A kind no
 * exporter answers for is reported as not found; a query that fails leaves its kind failed.
 */
import type { Series } from '../backends/prometheus/types.js';
import { BackendError } from '../http/errors.js';
import { toGrid } from '../forecast/grid.js';
import type { SloResult } from '../slo/index.js';
import { budgetItem } from './budgets.js';
import { exhaustion, trend } from './exhaustion.js';
import { byUrgency, judge, type CapacityItem } from './items.js';
import { kindQuery, RESOURCE_CONVENTIONS, RESOURCE_KINDS, SOURCE_LABEL, type ResourceConvention, type ResourceKind } from './resources.js';

export interface CapacitySources {
  /** A Prometheus range query; throws when the backend fails. */
  queryRange(promql: string, range: { start: number; end: number; stepMs: number }): Promise<{ series: Series[]; stepMs: number }>;
  /** The SLO specs evaluated at `at`; null when there are no specs. */
  evaluateSlos?(at: number): Promise<SloResult[] | null>;
}

export interface CapacityOptions {
  /** The instant judged (unix ms): the history ends here. */
  at: number;
  /** History used for the forecasts. */
  sinceMs: number;
  /** What runs out within this fails the check. */
  withinMs: number;
  conventions?: readonly ResourceConvention[];
}

export interface CapacityReport {
  at: number;
  withinMs: number;
  /** How far past `at` the forecasts look for the instant a resource runs out. */
  lookaheadMs: number;
  stepMs: number;
  items: CapacityItem[];
  /** One line per failed query. */
  failures: string[];
}

const DAY_MS = 86_400_000;
/** The forecasts look at least this far ahead, so "ok" lines still say when. */
const MIN_LOOKAHEAD_MS = 30 * DAY_MS;
/** About this many points of history per series. */
const HISTORY_POINTS = 1000;

export async function checkCapacity(sources: CapacitySources, o: CapacityOptions): Promise<CapacityReport> {
  const lookaheadMs = Math.max(o.withinMs, MIN_LOOKAHEAD_MS);
  const start = o.at - o.sinceMs;
  const stepMs = Math.max(60_000, Math.ceil(o.sinceMs / HISTORY_POINTS / 60_000) * 60_000);
  const failures: string[] = [];
  const failed = (message: string) => {
    failures.push(message);
    return message;
  };
  const kinds = await Promise.all(
    RESOURCE_KINDS.map(async (kind): Promise<CapacityItem[]> => {
      const query = kindQuery(kind, o.conventions ?? RESOURCE_CONVENTIONS);
      try {
        const answer = await sources.queryRange(query, { start, end: o.at, stepMs });
        if (answer.series.length === 0) return [missing(kind, 'no exporter of this kind answered')];
        return answer.series.map((s) => resourceItem(kind, s, start, answer.stepMs, o, lookaheadMs));
      } catch (err) {
        return [{ ...missing(kind, failed(`${kind}: ${messageOf(err)}`)), status: 'failed' }];
      }
    }),
  );
  let budgets: CapacityItem[];
  try {
    const results = sources.evaluateSlos ? await sources.evaluateSlos(o.at) : null;
    budgets = results === null ? [missing('error budget', 'no SLO specs')] : results.map((r) => budgetItem(r, o.withinMs));
  } catch (err) {
    budgets = [{ ...missing('error budget', failed(`error budget: ${messageOf(err)}`)), status: 'failed' }];
  }
  for (const b of budgets) if (b.status === 'failed' && b.labels.slo) failures.push(`error budget ${b.labels.slo}: ${b.note}`);
  const items = [...kinds.flat(), ...budgets].sort(byUrgency);
  return { at: o.at, withinMs: o.withinMs, lookaheadMs, stepMs, items, failures };
}

function resourceItem(kind: ResourceKind, s: Series, start: number, stepMs: number, o: CapacityOptions, lookaheadMs: number): CapacityItem {
  const { [SOURCE_LABEL]: source = '', ...labels } = s.labels;
  const values = toGrid(s.points, start, stepMs, o.at);
  if (kind === 'queue') {
    const t = trend(values, stepMs);
    return { kind, source, labels, used: t.now, trendPerDay: t.perDay, earliest: null, likely: null, latest: null, status: t.now === null ? 'no data' : 'no limit' };
  }
  const e = exhaustion(values, stepMs, o.at, lookaheadMs);
  const used = Number.isFinite(e.now) ? e.now : null;
  return { kind, source, labels, used, trendPerDay: e.trendPerDay, earliest: e.earliest, likely: e.likely, latest: e.latest, status: judge({ used, ...e }, o.at, o.withinMs) };
}

function missing(kind: CapacityItem['kind'], note: string): CapacityItem {
  return { kind, source: '', labels: {}, used: null, trendPerDay: null, earliest: null, likely: null, latest: null, status: 'not found', note };
}

function messageOf(err: unknown): string {
  if (err instanceof BackendError) return err.oneLine();
  return err instanceof Error ? err.message : String(err);
}
