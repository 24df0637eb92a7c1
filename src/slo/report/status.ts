/** Row data for the human `obs slo status` table; drawing is left to the shared output formatters. */
import { sanitize } from '../../output/sanitize.js';
import type { SloResult } from '../assess.js';
import type { SloReport } from '../evaluate.js';
import { promRange } from '../promql.js';
import type { Verdict } from '../types.js';

export interface SloStatusRow {
  name: string;
  service: string;
  objective: number;
  /** "30d", "1M" */
  period: string;
  sli: number | null;
  /** Fraction of the budget left (negative when overspent); a bar in the table. */
  budgetRemaining: number | null;
  /** Burn rate over the last hour. */
  burnNow: number | null;
  /** Share of the period with data; null when unknown. */
  coverage: number | null;
  /** The most severe firing alert, e.g. "page 1h/5m", or null. */
  firingAlert: string | null;
  exhaustsAt: number | null;
  verdict: Verdict;
}

export function statusRows(report: SloReport): SloStatusRow[] {
  return report.results.map(statusRow);
}

export function statusRow(r: SloResult): SloStatusRow {
  const firing = r.alerts.find((a) => a.firing && a.severity === 'page') ?? r.alerts.find((a) => a.firing);
  return {
    name: sanitize(r.slo.name, { maxLength: 200 }),
    service: sanitize(r.slo.service, { maxLength: 200 }),
    objective: r.slo.objective,
    period: sanitize(r.slo.period.label, { maxLength: 20 }),
    sli: r.sli,
    budgetRemaining: r.budget?.remaining ?? null,
    burnNow: r.currentBurn,
    coverage: r.coverage?.ratio ?? null,
    firingAlert: firing ? `${firing.severity} ${promRange(firing.longMs)}/${promRange(firing.shortMs)}` : null,
    exhaustsAt: r.exhaustsAt,
    verdict: r.verdict,
  };
}
