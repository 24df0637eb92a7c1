import { describe, expect, it } from 'vitest';
import type { MetricQuery } from './ast.js';
import { memorySource } from './memory-source.js';
import { evaluateMetric } from './metric.js';
import { parseLogQL } from './parse.js';
import { selectLogs } from './select.js';

const S = 1_000_000; // µs per second
const T0 = 1_714_557_600 * S;
const api = { service: 'api', level: 'info' };
const apiErr = { service: 'api', level: 'error' };
const db = { service: 'db', level: 'info' };

const source = memorySource([
  { labels: api, tsUs: T0 + 1 * S, line: 'level=info msg=ok status=200' },
  { labels: apiErr, tsUs: T0 + 2 * S, line: 'level=error msg=boom status=503' },
  { labels: api, tsUs: T0 + 3 * S, line: 'level=info msg=ok status=200' },
  { labels: db, tsUs: T0 + 4 * S, line: 'LOG: duration: 12.5 ms' },
  { labels: apiErr, tsUs: T0 + 61 * S, line: 'level=error msg=boom status=500' },
  { labels: api, tsUs: T0 + 62 * S, line: 'level=info msg=ok status=200' },
]);

function metric(q: string): MetricQuery {
  const parsed = parseLogQL(q);
  if (parsed.kind === 'log') throw new Error('expected a metric query');
  return parsed;
}

function logs(q: string, limit: number, direction: 'forward' | 'backward', endUs = T0 + 120 * S) {
  const parsed = parseLogQL(q);
  if (parsed.kind !== 'log') throw new Error('expected a log query');
  return selectLogs(parsed, source, { startUs: T0, endUs, limit, direction }).streams;
}

describe('selectLogs', () => {
  it('returns the newest entries first for backward, limited in total across streams', () => {
    const streams = logs('{service="api"}', 3, 'backward');
    expect(streams.map((s) => [s.stream.level, s.values.map(([ts]) => (ts - T0) / S)])).toEqual([
      ['info', [62, 3]],
      ['error', [61]],
    ]);
  });

  it('returns the oldest first for forward', () => {
    const streams = logs('{service=~"api|db"}', 2, 'forward');
    expect(streams.flatMap((s) => s.values.map(([ts]) => (ts - T0) / S))).toEqual([1, 2]);
  });

  it('treats end as exclusive', () => {
    const streams = logs('{service="api"}', 100, 'forward', T0 + 3 * S);
    expect(streams.flatMap((s) => s.values.map(([ts]) => (ts - T0) / S)).sort()).toEqual([1, 2]);
  });

  it('keeps one entry per stream per interval when asked', () => {
    const parsed = parseLogQL('{service="api"}');
    if (parsed.kind !== 'log') throw new Error('expected a log query');
    const { streams } = selectLogs(parsed, source, { startUs: T0, endUs: T0 + 120 * S, limit: 100, direction: 'forward', intervalUs: 60 * S });
    expect(streams.map((s) => [s.stream.level, s.values.map(([ts]) => (ts - T0) / S)])).toEqual([
      ['info', [1, 62]],
      ['error', [2]],
    ]);
  });

  it('groups output by the labels after the pipeline', () => {
    const streams = logs('{service="api"} | logfmt | status >= 500 | line_format "{{.msg}} ({{.status}})"', 100, 'forward');
    expect(streams).toEqual([
      { stream: { level: 'error', level_extracted: 'error', msg: 'boom', service: 'api', status: '503' }, values: [[T0 + 2 * S, 'boom (503)']] },
      { stream: { level: 'error', level_extracted: 'error', msg: 'boom', service: 'api', status: '500' }, values: [[T0 + 61 * S, 'boom (500)']] },
    ]);
  });
});

describe('evaluateMetric', () => {
  const steps = { startMs: T0 / 1000 + 60_000, endMs: T0 / 1000 + 120_000, stepMs: 60_000 };

  it('count_over_time counts per stream over (t - range, t]', () => {
    const { series } = evaluateMetric(metric('count_over_time({service="api"}[1m])'), source, steps);
    expect(series).toEqual([
      { metric: apiErr, values: [[steps.startMs, 1], [steps.endMs, 1]] },
      { metric: api, values: [[steps.startMs, 2], [steps.endMs, 1]] },
    ]);
  });

  it('rate divides by the range in seconds; sum by keeps only the grouping labels', () => {
    const { series } = evaluateMetric(metric('sum by (service) (rate({service=~".+"}[1m]))'), source, steps);
    expect(series).toEqual([
      { metric: { service: 'api' }, values: [[steps.startMs, 3 / 60], [steps.endMs, 2 / 60]] },
      { metric: { service: 'db' }, values: [[steps.startMs, 1 / 60]] },
    ]);
  });

  it('sum without drops the listed labels; a step with no lines has no sample', () => {
    const { series } = evaluateMetric(metric('sum without (level) (count_over_time({service="db"}[1m]))'), source, steps);
    expect(series).toEqual([{ metric: { service: 'db' }, values: [[steps.startMs, 1]] }]);
  });

  it('bytes_over_time sums the bytes of the lines after line_format', () => {
    const { series } = evaluateMetric(metric('sum(bytes_over_time({service="api"} | line_format "xyz" [2m]))'), source, { ...steps, startMs: steps.endMs });
    expect(series).toEqual([{ metric: {}, values: [[steps.endMs, 15]] }]);
  });

  it('filters and parsers apply before counting', () => {
    const { series } = evaluateMetric(metric('sum by (status) (count_over_time({service="api"} | logfmt | status >= 500 [2m]))'), source, { ...steps, startMs: steps.endMs });
    expect(series).toEqual([
      { metric: { status: '500' }, values: [[steps.endMs, 1]] },
      { metric: { status: '503' }, values: [[steps.endMs, 1]] },
    ]);
  });

  it('topk keeps whole series, per step', () => {
    const { series } = evaluateMetric(metric('topk(1, count_over_time({service=~".+"}[1m]))'), source, steps);
    expect(series).toEqual([
      { metric: apiErr, values: [[steps.endMs, 1]] },
      { metric: api, values: [[steps.startMs, 2]] },
    ]);
  });

  it('offset moves the window back', () => {
    const { series } = evaluateMetric(metric('sum(count_over_time({service="api"}[1m] offset 1m))'), source, steps);
    expect(series).toEqual([{ metric: {}, values: [[steps.endMs, 3]] }]);
  });

  it('windows longer than the step overlap', () => {
    const { series } = evaluateMetric(metric('sum(count_over_time({service=~".+"}[10m]))'), source, { ...steps, stepMs: 30_000 });
    expect(series[0].values.map(([, v]) => v)).toEqual([4, 6, 6]);
  });
});
