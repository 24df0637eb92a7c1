import { describe, expect, it } from 'vitest';
import { BUDGET_CELLS, budgetCell, pinnedLevel, quantileAxis, quantileSeconds } from './format.js';

const at = (values: number[]) => values.map((value, i) => ({ time: i * 60_000, value }));

describe('latency quantiles pinned at the top histogram bucket', () => {
  it('reads a p99 as a bound only when more than 1% of requests overflowed', () => {
    expect(quantileSeconds(2.5, 0.99, 0.03)).toBe('≥2.50s');
    expect(quantileSeconds(2.5, 0.99, 0.005)).toBe('2.50s');
    expect(quantileSeconds(2.5, 0.5, 0.03)).toBe('2.50s');
  });

  it('finds the level a p99 series was pinned at, from the overflow share at the same times', () => {
    const p99 = at([0.8, 1.9, 2.5, 2.5, 1.2]);
    expect(pinnedLevel(p99, at([0, 0.004, 0.02, 0.05, 0.001]), 0.99)).toBe(2.5);
    expect(pinnedLevel(p99, at([0, 0.004, 0.009, 0.009, 0.001]), 0.99)).toBeUndefined();
    expect(pinnedLevel(p99, [], 0.99)).toBeUndefined();
  });

  it('labels the chart axis from the pinned level up as bounds, below it as values', () => {
    const axis = quantileAxis(2.5);
    expect(axis(2.5)).toBe('≥2.50s');
    expect(axis(2.4999999999)).toBe('≥2.50s');
    expect(axis(1.25)).toBe('1.25s');
    expect(quantileAxis(undefined)(2.5)).toBe('2.50s');
  });
});

describe('the budget column', () => {
  it('shows whole percent while it fits, then the overspend as a multiple of the budget, never a cut number', () => {
    expect(budgetCell(0.5)).toBe('50%');
    expect(budgetCell(-0.005)).toBe('-0%');
    expect(budgetCell(-29.9)).toBe('-2990%');
    expect(budgetCell(-99.99)).toBe('-9999%');
    expect(budgetCell(-299)).toBe('-299x');
    expect(budgetCell(-9999)).toBe('-9999x');
    expect(budgetCell(-12_345)).toBe('-12kx');
    expect(budgetCell(-2e6)).toBe('-2Mx');
    expect(budgetCell(-Infinity)).toBe('-Inf');
    expect(budgetCell(undefined)).toBe('—');
    for (const v of [1, 0, -0.999, -10, -100, -999.4, -1e6, -1e12]) expect(budgetCell(v).length).toBeLessThanOrEqual(BUDGET_CELLS);
  });
});

