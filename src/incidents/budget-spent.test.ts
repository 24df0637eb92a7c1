import { describe, expect, it } from 'vitest';
import type { SloResult } from '../slo/assess.js';
import { budgetSpent } from './budget-spent.js';

/** What budgetSpent reads of an evaluation: the SLO, its budget left, and how much of the period had data. */
function evaluated(remaining: number | null, coverage: number | null): SloResult {
  return {
    slo: { name: 'checkout-availability', service: 'checkout', period: { kind: 'rolling', label: '30d', ms: 30 * 86_400_000 } },
    budget: remaining === null ? null : { remaining },
    coverage: { query: 'q', stepMs: 3_600_000, coveredMs: null, ratio: coverage },
  } as unknown as SloResult;
}

describe('budgetSpent', () => {
  it('is the budget left at the start minus at the end when Prometheus holds the period', () => {
    expect(budgetSpent([evaluated(0.8, 1)], [evaluated(0.68, 1)])[0]).toEqual({ name: 'checkout-availability', consumed: expect.closeTo(0.12, 12) });
  });

  it('is unknown, saying how much data there is, when Prometheus holds less than the period (a 300x burn once read as 0.0%)', () => {
    expect(budgetSpent([evaluated(-40, 0.02)], [evaluated(-40, 0.03)])).toEqual([
      { name: 'checkout-availability', consumed: null, unknownBecause: 'Prometheus holds 2.0% of its 30d period' },
    ]);
    expect(budgetSpent([evaluated(1, 0)], [evaluated(1, 0)])[0]).toMatchObject({ unknownBecause: 'Prometheus holds less than 0.1% of its 30d period' });
  });

  it('is unknown when there was no data at one end, and goes on when the coverage itself is unknown', () => {
    expect(budgetSpent([evaluated(null, 1)], [evaluated(0.5, 1)])[0]).toMatchObject({ consumed: null, unknownBecause: "no data at the incident's start" });
    expect(budgetSpent([evaluated(0.9, null)], [evaluated(0.5, null)])[0]).toEqual({ name: 'checkout-availability', consumed: expect.closeTo(0.4, 12) });
  });
});
