/**
 * The runbooks shipped in runbooks/ against the demo world: run through runStep with executors
 * backed by the simulator's PromQL and LogQL engines, every check must hold before the scenario
 * starts and the checks must fail while it runs, so `obs runbook run` shows the evidence live.
 */
import { describe, expect, it } from 'vitest';
import { loadRunbooks } from '../../src/runbooks/load.js';
import { runStep, type StepResult } from '../../src/runbooks/run.js';
import type { Runbook } from '../../src/runbooks/types.js';
import { MIN, ONSET, simExecutors } from './sim-executors.js';

async function runChecks(runbook: Runbook, at: number): Promise<StepResult[]> {
  const executors = simExecutors(runbook.name, at);
  const checked = runbook.steps.filter((s) => s.blocks.some((b) => b.expect && (b.lang === 'promql' || b.lang === 'logql')));
  return Promise.all(checked.map((s) => runStep(s, executors, { readOnly: true })));
}

describe('shipped runbooks against their demo scenario', async () => {
  const { runbooks, problems } = await loadRunbooks(['runbooks']);

  it('all parse without problems', () => {
    expect(problems).toEqual([]);
    expect(runbooks.map((r) => r.name).sort()).toEqual(['cart-cache-saturation', 'checkout-bad-deploy', 'payments-db-latency']);
  });

  for (const name of ['payments-db-latency', 'checkout-bad-deploy', 'cart-cache-saturation']) {
    it(`${name}: checks hold before the scenario and fail during it`, async () => {
      const runbook = runbooks.find((r) => r.name === name)!;
      const before = await runChecks(runbook, ONSET - 3 * 60 * MIN);
      const during = await runChecks(runbook, ONSET + 30 * MIN);
      expect(before.length).toBeGreaterThanOrEqual(3);
      for (const r of before) expect(r.outcome, `${name} step ${r.step} before: ${r.summary}`).toBe('passed');
      for (const r of during) expect(r.outcome, `${name} step ${r.step} during: ${r.summary}`).toBe('failed');
    }, 60_000);
  }
});
