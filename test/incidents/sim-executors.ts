/**
 * Runbook executors backed by the simulator's own PromQL and LogQL engines, in process, at a fixed
 * time: what `obs runbook run` gets from the demo world's HTTP APIs, without the HTTP.
 */
import type { ExecResult } from '../../src/runbooks/expect.js';
import type { StepExecutors } from '../../src/runbooks/run.js';
import { parseLogQL, selectLogs } from '../../src/sim/logql/index.js';
import { WorldLogs } from '../../src/sim/logs/store.js';
import { SimStorage } from '../../src/sim/prometheus/storage.js';
import { instantQuery } from '../../src/sim/promql/index.js';
import { TraceStore } from '../../src/sim/traces/store.js';
import { createWorld } from '../../src/sim/world/world.js';

export const ONSET = Date.parse('2026-11-23T10:00:00Z');
export const MIN = 60_000;

export function simExecutors(scenario: string, at: number): StepExecutors {
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

