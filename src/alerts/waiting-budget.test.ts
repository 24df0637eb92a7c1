import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitingBudget } from './waiting-budget.js';

const answerAfter = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const never = () => new Promise<never>(() => {});

/** The promise's outcome so far, without waiting for it. */
function watch<T>(p: Promise<T>) {
  const state: { value?: T; error?: string } = {};
  p.then((value) => (state.value = value), (error: Error) => (state.error = error.message));
  return state;
}

describe('waitingBudget', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const clock = () => Date.now();

  it('gives a second stage only what the first left, and does not count the time between them', async () => {
    const wait = waitingBudget(100, clock);
    const burn = watch(wait('slo burn', answerAfter(60, { payments: 14.4 })));
    await vi.advanceTimersByTimeAsync(60);
    expect(burn).toEqual({ value: { payments: 14.4 } });

    await vi.advanceTimersByTimeAsync(5_000); // grouping the storm: nothing is waited for
    const patterns = watch(wait('log patterns', never()));
    await vi.advanceTimersByTimeAsync(39);
    expect(patterns).toEqual({});
    await vi.advanceTimersByTimeAsync(1);
    expect(patterns).toEqual({ error: 'log patterns skipped: no answer within 100ms (the time budget, for all evidence)' });
  });

  it('counts waits that overlap once, and still takes an answer already there when the budget is spent', async () => {
    const wait = waitingBudget(100, clock);
    const traces = watch(wait('jaeger traces', never()));
    await vi.advanceTimersByTimeAsync(50);
    const patterns = watch(wait('log patterns', never()));
    await vi.advanceTimersByTimeAsync(50);
    expect(traces.error).toMatch(/^jaeger traces skipped/);
    expect(patterns.error).toMatch(/^log patterns skipped/);

    const graph = watch(wait('jaeger dependencies', Promise.resolve(['edge'])));
    const late = watch(wait('slo burn', answerAfter(1, {})));
    await vi.advanceTimersByTimeAsync(1);
    expect(graph).toEqual({ value: ['edge'] });
    expect(late.error).toMatch(/^slo burn skipped/);
  });

  it('waits as long as it takes without a budget', async () => {
    const wait = waitingBudget(undefined, clock);
    const burn = watch(wait('slo burn', answerAfter(60_000, 'late')));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(burn).toEqual({ value: 'late' });
  });
});
