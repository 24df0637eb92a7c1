import { describe, expect, it } from 'vitest';
import type { LokiRangeResult } from '../backends/loki/types.js';
import { liveExecutors, runShell, splitCommandLine, type ExecutorBackends } from './executors.js';

const stats = { bytesProcessed: 0, linesProcessed: 0, execTimeSec: 0 };

describe('splitCommandLine', () => {
  it('splits words and keeps quoted text whole, without expanding anything', () => {
    expect(splitCommandLine(`traces search --service payments --error --limit 5`)).toEqual(['traces', 'search', '--service', 'payments', '--error', '--limit', '5']);
    expect(splitCommandLine(`logs query '{service="payments"} |= "timeout"' --since "30 m" a\\ b $HOME`)).toEqual([
      'logs', 'query', '{service="payments"} |= "timeout"', '--since', '30 m', 'a b', '$HOME',
    ]);
    expect(splitCommandLine(`say "a \\"quoted\\" word" ''`)).toEqual(['say', 'a "quoted" word', '']);
  });

  it('refuses an unterminated quote', () => {
    expect(() => splitCommandLine(`query 'up`)).toThrow(/unterminated ' quote/);
  });
});

describe('liveExecutors', () => {
  const asked: { query: string; options: unknown }[] = [];
  const backends: ExecutorBackends = {
    has: (b) => b === 'prometheus' || b === 'loki',
    prometheus: {
      query: async (query, options) => {
        asked.push({ query, options });
        if (query === 'scalar(1)') return { resultType: 'scalar', time: 0, value: 1, warnings: [], infos: [] };
        if (query.endsWith('[5m]')) return { resultType: 'matrix', series: [{ labels: { a: '1' }, points: [{ time: 1, value: 2 }, { time: 2, value: 3 }] }], warnings: [], infos: [] };
        return { resultType: 'vector', samples: [{ labels: { service: 'payments' }, time: 0, value: 0.4 }], warnings: [], infos: [] };
      },
    },
    loki: {
      queryRange: async (query, options): Promise<LokiRangeResult> => {
        asked.push({ query, options });
        if (query.startsWith('sum')) return { resultType: 'matrix', series: [{ labels: {}, points: [{ time: 1, value: 7 }] }], stepMs: 1000, warnings: [], stats };
        return { resultType: 'streams', entries: [{ ts: '2', line: 'newer', labels: {} }, { ts: '1', line: 'older', labels: {} }], truncated: false, warnings: [], stats, requests: 1 };
      },
    },
  };
  const now = 1_700_000_000_000;
  const executors = liveExecutors(backends, {
    now: () => now,
    obs: async (args) => (args[0] === 'fail' ? { stdout: '', stderr: 'obs: no such thing', code: 2 } : { stdout: `${args.length}\n`, stderr: '', code: 0 }),
  });

  it('asks Prometheus at the current time and returns vectors and scalars', async () => {
    expect(await executors.promql!('up')).toEqual({ kind: 'vector', series: [{ labels: { service: 'payments' }, value: 0.4 }] });
    expect(asked.at(-1)).toEqual({ query: 'up', options: { time: now } });
    expect(await executors.promql!('scalar(1)')).toEqual({ kind: 'scalar', value: 1 });
    expect(await executors.promql!('x[5m]')).toEqual({ kind: 'vector', series: [{ labels: { a: '1' }, value: 3 }] });
  });

  it('reads the last five minutes of logs, newest first, and metric queries as their latest value', async () => {
    expect(await executors.logql!('{service="payments"}')).toEqual({ kind: 'lines', lines: ['newer', 'older'] });
    expect(asked.at(-1)).toEqual({ query: '{service="payments"}', options: { start: now - 300_000, end: now, limit: 100 } });
    expect(await executors.logql!('sum(count_over_time({a="b"}[1m]))')).toEqual({ kind: 'vector', series: [{ labels: {}, value: 7 }] });
  });

  it('runs obs commands through the function given, with stderr when the command failed quietly', async () => {
    expect(await executors.obs!(`traces search --service "payments db"`)).toEqual({ kind: 'text', text: '4\n', exitCode: 0 });
    expect(await executors.obs!('fail')).toEqual({ kind: 'text', text: 'obs: no such thing', exitCode: 2 });
  });

  it('has no executor for a backend the context lacks, nor for sh unless a shell is given', () => {
    const none = liveExecutors({ ...backends, has: () => false }, { now: () => now });
    expect(Object.keys(none)).toEqual([]);
    expect(executors.sh).toBeUndefined();
  });
});

describe('runShell', () => {
  it('returns stdout and stderr and the exit code', async () => {
    expect(await runShell('echo out; echo err >&2; exit 3')).toEqual({ kind: 'text', text: 'out\nerr\n', exitCode: 3 });
  });

  it('keeps only the first bytes of a long output', async () => {
    const result = await runShell('yes | head -c 1000', { maxOutput: 10 });
    expect(result).toEqual({ kind: 'text', text: 'y\ny\ny\ny\ny\n\n… 990 more bytes', exitCode: 0 });
  });

  it('kills a command that runs past its timeout', async () => {
    await expect(runShell('sleep 5', { timeoutMs: 100 })).rejects.toThrow('timed out after 0.1s');
  });
});
