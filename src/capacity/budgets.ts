/**
 * Error budgets as resources: the SLO evaluation's own exhaustion instant (the budget left spent at
 * the last hour's burn) is the likely one; the fastest and slowest of the burns over 1h, 6h, 1d and
 * 3d give the earliest and latest, the spread of how fast the service has recently been failing.
 */
import type { SloResult } from '../slo/index.js';
import { exhaustionInstant } from '../slo/math.js';
import { judge, type CapacityItem } from './items.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The windows whose burns bound the estimate (those the SLO evaluation measures for its alerts). */
const SPREAD_WINDOWS_MS = [HOUR_MS, 6 * HOUR_MS, DAY_MS, 3 * DAY_MS];

export function budgetItem(r: SloResult, withinMs: number): CapacityItem {
  const base = {
    kind: 'error budget' as const,
    source: `${r.slo.source.file}:${r.slo.source.line}`,
    labels: { slo: r.slo.name, service: r.slo.service },
  };
  if (r.error && r.error.kind !== 'no_data') {
    return { ...base, used: null, trendPerDay: null, earliest: null, likely: null, latest: null, status: 'failed', note: r.error.message };
  }
  if (!r.budget) return { ...base, used: null, trendPerDay: null, earliest: null, likely: null, latest: null, status: 'no data', note: 'no traffic over the period' };
  const remaining = r.budget.remaining;
  const burns = r.windows.filter((w) => !w.isPeriod && SPREAD_WINDOWS_MS.includes(w.ms) && w.burnRate !== null).map((w) => w.burnRate!);
  // Past the end of a calendar period the budget starts anew: nothing runs out after it.
  const inPeriod = (t: number | null) => (t !== null && r.slo.period.kind === 'calendar' && t >= r.periodEnd ? null : t);
  const at = (burn: number | undefined) => inPeriod(exhaustionInstant(r.at, remaining, burn ?? null, r.slo.period.ms));
  const likely = r.exhaustsAt;
  const earliest = burns.length ? at(Math.max(...burns)) : likely;
  const latest = burns.length ? at(Math.min(...burns)) : likely;
  const used = r.budget.consumed;
  const trendPerDay = r.currentBurn === null ? null : (r.currentBurn * DAY_MS) / r.slo.period.ms;
  return { ...base, used, trendPerDay, earliest, likely, latest, status: judge({ used, earliest, likely }, r.at, withinMs) };
}
