import { describe, expect, it } from 'vitest';
import { LogQLError } from './errors.js';
import { parseLogQL } from './parse.js';

describe('parseLogQL', () => {
  it('reads a stream selector with every matcher type', () => {
    expect(parseLogQL('{service="checkout", level!="debug", pod=~"checkout-.*", namespace!~"kube.*"}')).toEqual({
      kind: 'log',
      matchers: [
        { name: 'service', op: '=', value: 'checkout' },
        { name: 'level', op: '!=', value: 'debug' },
        { name: 'pod', op: '=~', value: 'checkout-.*' },
        { name: 'namespace', op: '!~', value: 'kube.*' },
      ],
      stages: [],
    });
  });

  it('reads line filters, including `or` alternatives and raw strings', () => {
    const q = parseLogQL('{a="b"} |= "timeout" or "refused" != `health` |~ "(?i)err" !~ "debug" |> "<_> level=error <_>"');
    expect(q.kind === 'log' && q.stages).toEqual([
      { kind: 'lineFilter', filter: { op: '|=', values: ['timeout', 'refused'] } },
      { kind: 'lineFilter', filter: { op: '!=', values: ['health'] } },
      { kind: 'lineFilter', filter: { op: '|~', values: ['(?i)err'] } },
      { kind: 'lineFilter', filter: { op: '!~', values: ['debug'] } },
      { kind: 'lineFilter', filter: { op: '|>', values: ['<_> level=error <_>'] } },
    ]);
  });

  it('reads parsers with their options', () => {
    const q = parseLogQL('{a="b"} | json | json code="error.code" | logfmt --strict --keep-empty | logfmt msg, dur="duration" | pattern "<ip> <_>" | regexp "(?P<status>\\\\d{3})"');
    expect(q.kind === 'log' && q.stages).toEqual([
      { kind: 'json', extractions: [] },
      { kind: 'json', extractions: [{ name: 'code', path: 'error.code' }] },
      { kind: 'logfmt', extractions: [], strict: true, keepEmpty: true },
      { kind: 'logfmt', extractions: [{ name: 'msg', path: 'msg' }, { name: 'dur', path: 'duration' }], strict: false, keepEmpty: false },
      { kind: 'pattern', pattern: '<ip> <_>' },
      { kind: 'regexp', regexp: '(?P<status>\\d{3})' },
    ]);
  });

  it('reads label filters: strings, numbers, durations, bytes, and/or/comma, parentheses', () => {
    const q = parseLogQL('{a="b"} | logfmt | status >= 500 and duration > 1.5s or size <= 10KB | level="error", route=~"/api.*" | (x != 1 or y == -2)');
    expect(q.kind === 'log' && q.stages.map((s) => s.kind === 'labelFilter' && s.filter)).toEqual([
      false,
      {
        kind: 'or',
        left: {
          kind: 'and',
          left: { kind: 'number', name: 'status', op: '>=', value: 500 },
          right: { kind: 'duration', name: 'duration', op: '>', seconds: 1.5 },
        },
        right: { kind: 'bytes', name: 'size', op: '<=', bytes: 10_000 },
      },
      {
        kind: 'and',
        left: { kind: 'match', matcher: { name: 'level', op: '=', value: 'error' } },
        right: { kind: 'match', matcher: { name: 'route', op: '=~', value: '/api.*' } },
      },
      {
        kind: 'or',
        left: { kind: 'number', name: 'x', op: '!=', value: 1 },
        right: { kind: 'number', name: 'y', op: '==', value: -2 },
      },
    ]);
  });

  it('reads line_format', () => {
    const q = parseLogQL('{a="b"} | logfmt | line_format "{{.level}}: {{.msg}}"');
    expect(q.kind === 'log' && q.stages[1]).toEqual({ kind: 'lineFormat', template: '{{.level}}: {{.msg}}' });
  });

  it('reads range and vector aggregations with grouping before or after, topk and offset', () => {
    expect(parseLogQL('topk(3, sum by (service) (rate({a="b"} |= "x" [5m] offset 1h)))')).toEqual({
      kind: 'vector', op: 'topk', grouping: undefined, param: 3,
      inner: {
        kind: 'vector', op: 'sum', grouping: { mode: 'by', labels: ['service'] }, param: undefined,
        inner: {
          kind: 'range', op: 'rate', rangeMs: 300_000, offsetMs: 3_600_000,
          query: { kind: 'log', matchers: [{ name: 'a', op: '=', value: 'b' }], stages: [{ kind: 'lineFilter', filter: { op: '|=', values: ['x'] } }] },
        },
      },
    });
    const after = parseLogQL('sum(bytes_over_time({a="b"}[1m])) without (pod, level)');
    expect(after.kind === 'vector' && after.grouping).toEqual({ mode: 'without', labels: ['pod', 'level'] });
  });

  it('accepts a pipeline after the range and parentheses around the log expression', () => {
    const a = parseLogQL('count_over_time({a="b"}[5m] |= "x")');
    const b = parseLogQL('count_over_time(({a="b"} |= "x")[5m])');
    expect(a).toEqual(b);
  });

  it.each([
    ['{a="b"', /^parse error at line 1, col \d+: syntax error/],
    ['{a="b"} | json | status >= 5xx', /^parse error at line 1, col 29: syntax error: unexpected "xx"/],
    ['', /^parse error/],
    ['{a=~".*"}', /at least one regexp or equality matcher that does not have an empty-compatible value/],
    ['{a!="b"}', /at least one regexp or equality matcher/],
    ['{a=~"("}', /invalid regular expression/],
    ['sum by (a) (count_over_time({a="b"} | unwrap x [5m]))', /unwrap is not supported by the obs demo Loki/],
    ['{a="b"} | label_format x="y"', /label_format is not supported/],
    ['quantile_over_time(0.9, {a="b"} | unwrap x [5m])', /not supported/],
    ['count_over_time({a="b"}[5m]) > 4', /binary operations is not supported/],
    ['topk(count_over_time({a="b"}[5m]))', /parameter required for topk/],
    ['stddev(count_over_time({a="b"}[5m]))', /stddev is not supported/],
    ['count_over_time({a="b"}[5m]) by (x)', /grouping not allowed for count_over_time/],
    ['{a="b"} | json\n| decolorize', /^parse error at line 2, col 3: decolorize is not supported/],
  ])('rejects %j', (query, message) => {
    expect(() => parseLogQL(query)).toThrow(LogQLError);
    expect(() => parseLogQL(query)).toThrow(message);
  });
});
