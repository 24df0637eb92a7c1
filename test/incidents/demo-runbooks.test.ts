/**
 * The runbooks shipped in runbooks/ against the demo world: run through runStep with executors
 * backed by the simulator's PromQL and LogQL engines, every check must hold before the scenario
 * starts and the checks must fail while it runs, so `obs runbook run` shows the evidence live.
 */
import { describe, expect, it } from 'vitest';
import { loadRunbooks } from '../../src/runbooks/load.js';
import type { ExecResult } from '../../src/runbooks/expect.js';
import { runStep, type StepExecutors, type StepResult } from '../../src/runbooks/run.js';
import type { Runbook } from '../../src/runbooks/types.js';
import { parseLogQL, selectLogs } from '../../src/sim/logql/index.js';
import { WorldLogs } from '../../src/sim/logs/store.js';
import { SimStorage } from '../../src/sim/prometheus/storage.js';
import { instantQuery } from '../../src/sim/promql/index.js';
import { TraceStore } from '../../src/sim/traces/store.js';
import { createWorld } from '../../src/sim/world/world.js';

const ONSET = Date.parse('2026-11-23T10:00:00Z');
const MIN = 60_000;

function simExecutors(scenario: string, at: number): StepExecutors {
  const world = createWorld({ seed: 42, scenario, onsetMs: ONSET });
  const now = () => at;
  const storage = new SimStorage(world, { now });
  const logs = new WorldLogs(new TraceStore(world, { now }), { now });
  return {
    promql: async (query): Promise<ExecResult> => {
      const result = instantQuery(storage, query, at);
      if (result.resultType === 'scalar') return { kind: 'scalar', value: Number(result.result[1]) };
      if (result.resultType !== 'vector') throw new Error(`unexpected ${result.resultType}`);
      return { kind: 'vector', series: result.result.map((s) => ({ labels: s.labels, value: s.value })) };
    },
    logql: async (query): Promise<ExecResult> => {
      const parsed = parseLogQL(query);
      if (parsed.kind !== 'log') throw new Error('metric LogQL is not used by the shipped runbooks');
      const { streams } = selectLogs(parsed, logs, { startUs: (at - 5 * MIN) * 1000, endUs: at * 1000, limit: 100, direction: 'backward' });
      return { kind: 'lines', lines: streams.flatMap((s) => s.values.map((v) => v[1])) };
    },
  };
}

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
