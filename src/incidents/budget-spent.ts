import type { SloResult } from '../slo/assess.js';
import { MIN_DATA_COVERAGE } from '../slo/plan.js';

/** One SLO's error budget spent during an incident: a share (0..1), or null with the reason it is unknown. */
export type BudgetSpent = { name: string; consumed: number } | { name: string; consumed: null; unknownBecause: string };

/**
 * The budget each SLO spent between two evaluations (the incident's start
 * and end, same SLOs in the same order): budget left before minus after. When Prometheus holds less
 * of the period than the SLO needs, "budget left" is over that part only and the difference means
 * nothing (a 300x burn can show 0%), so the spend is unknown, saying how much the data covers.
 */
export function budgetSpent(before: readonly SloResult[], after: readonly SloResult[]): BudgetSpent[] {
  return after.flatMap((end, i): BudgetSpent[] => {
    const start = before[i];
    if (!start) return [];
    const name = end.slo.name;
    const coverage = Math.min(start.coverage?.ratio ?? 1, end.coverage?.ratio ?? 1);
    if (coverage < MIN_DATA_COVERAGE) {
      const held = coverage < 0.001 ? 'less than 0.1%' : `${(coverage * 100).toFixed(1)}%`;
      return [{ name, consumed: null, unknownBecause: `Prometheus holds ${held} of its ${end.slo.period.label} period` }];
    }
    if (!start.budget || !end.budget) return [{ name, consumed: null, unknownBecause: `no data at the incident's ${start.budget ? 'end' : 'start'}` }];
    return [{ name, consumed: Math.max(0, start.budget.remaining - end.budget.remaining) }];
  });
}
