import { describe, expect, it } from 'vitest';
import {
  asSingleSeries,
  counterIncrease,
  isBareSelector,
  promNumber,
  promRange,
  promqlSyntaxError,
  renderWindow,
  selectorHasLabel,
  selectorMetricName,
  withLabelMatcher,
} from './promql.js';

describe('window templates', () => {
  it('fills {{.window}} in either spacing', () => {
    expect(renderWindow('sum(rate(x[{{.window}}])) / sum(rate(y[{{ .window }}]))', '1h')).toBe('sum(rate(x[1h])) / sum(rate(y[1h]))');
  });

  it('wraps a counter selector as an increase over the window', () => {
    expect(renderWindow(counterIncrease('http_requests_total{code=~"5.."}'), '30d')).toBe('sum(increase(http_requests_total{code=~"5.."}[30d]))');
  });

  it('adds sum(...) only where a query could return several series', () => {
    expect(asSingleSeries('sum(rate(x[{{.window}}]))')).toBe('sum(rate(x[{{.window}}]))');
    expect(asSingleSeries('sum by () (rate(x[{{.window}}]))')).toBe('sum by () (rate(x[{{.window}}]))');
    expect(asSingleSeries('(sum(rate(a[{{.window}}])) - sum(rate(b[{{.window}}])))')).toBe('(sum(rate(a[{{.window}}])) - sum(rate(b[{{.window}}])))');
    expect(asSingleSeries('sum(increase(a[{{.window}}])) or vector(0)')).toBe('sum(increase(a[{{.window}}])) or vector(0)');
    expect(asSingleSeries('rate(x[{{.window}}])')).toBe('sum(rate(x[{{.window}}]))');
    expect(asSingleSeries('sum by (code) (rate(x[{{.window}}]))')).toBe('sum(sum by (code) (rate(x[{{.window}}])))');
    expect(asSingleSeries('sum(rate(a[{{.window}}])) / rate(b[{{.window}}])')).toBe('sum(sum(rate(a[{{.window}}])) / rate(b[{{.window}}]))');
  });
});

describe('syntax and selectors', () => {
  it('finds syntax errors and says where', () => {
    expect(promqlSyntaxError('sum(increase(x[5m]))')).toBeNull();
    expect(promqlSyntaxError('sum(increase(x[5m])')).toMatch(/^PromQL syntax error at character 20/);
    expect(promqlSyntaxError('  ')).toBe('empty PromQL expression');
  });

  it('recognises bare selectors and their metric names', () => {
    expect(isBareSelector('http_requests_total{service="a"}')).toBe(true);
    expect(isBareSelector('{__name__="up"}')).toBe(true);
    expect(isBareSelector('rate(x[5m])')).toBe(false);
    expect(selectorMetricName('latency_bucket{job="a"}')).toBe('latency_bucket');
    expect(selectorMetricName('{__name__="latency_bucket"}')).toBe('latency_bucket');
    expect(selectorHasLabel('x{le="1"}', 'le')).toBe(true);
    expect(selectorHasLabel('x{"le"="1"}', 'le')).toBe(true);
    expect(selectorHasLabel('x{lee="1"}', 'le')).toBe(false);
  });

  it('adds a matcher to a selector in any form', () => {
    expect(withLabelMatcher('latency_bucket', 'le', '0.5')).toBe('latency_bucket{le="0.5"}');
    expect(withLabelMatcher('latency_bucket{service="a"}', 'le', '+Inf')).toBe('latency_bucket{service="a",le="+Inf"}');
    expect(withLabelMatcher('latency_bucket{service="a",}', 'le', '1')).toBe('latency_bucket{service="a",le="1"}');
    expect(withLabelMatcher('{__name__="latency_bucket"}', 'le', '1')).toBe('{__name__="latency_bucket",le="1"}');
    expect(withLabelMatcher('x{}', 'le', 'a"b')).toBe('x{le="a\\"b"}');
  });
});

describe('literals', () => {
  it('writes ranges in days, hours, minutes, seconds and ms', () => {
    expect(promRange(30 * 86_400_000)).toBe('30d');
    expect(promRange(5 * 60_000)).toBe('5m');
    expect(promRange(12 * 86_400_000 + 3_723_456)).toBe('12d1h2m3s456ms');
  });

  it('writes numbers without float noise', () => {
    expect(promNumber(1 - 0.99)).toBe('0.01');
    expect(promNumber(0.95)).toBe('0.95');
    expect(promNumber(Infinity)).toBe('+Inf');
  });
});
