import { describe, expect, it } from 'vitest';
import type { Board } from './model.js';
import { parseBoard } from './parse.js';
import { normalizeQuery, panelResults, planRefresh, type RangeRequest } from './plan.js';

function board(source: string): Board {
  const { board, problems } = parseBoard(source, 'b.yaml');
  expect(problems).toEqual([]);
  return board!;
}

const HOUR = { start: 1_714_550_400_000, end: 1_714_554_000_000 };

const SHARED = board(`
title: Sharing
variables:
  - { name: svc, query: 'label_values(up, service)', multi: true, includeAll: true }
rows:
  - panels:
      - { kind: stat, title: Rate, query: 'sum(rate(http_requests_total{service=~"$svc"}[$__rate_interval]))' }
      - kind: timeseries
        title: Rate again
        query: |
          sum(
            rate(http_requests_total{service=~"$svc"}[$__rate_interval])
          )
      - { kind: gauge, title: Rate now, query: 'sum(rate(http_requests_total{service=~"$svc"}[$__rate_interval]))' }
      - { kind: table, title: Table, query: 'sum(rate(http_requests_total{service=~"$svc"}[$__rate_interval]))' }
      - { kind: alerts, matchers: ['service=~"$svc"', 'severity="page"'] }
      - { kind: alerts, title: Same alerts, matchers: ['severity="page"', 'service=~"$svc"'] }
      - { kind: logs, query: '{service=~"$svc"} |= "error"' }
      - { kind: slo }
      - { kind: analytics, event: checkout_completed }
  - title: Hidden
    collapsed: true
    panels:
      - { kind: stat, title: Other, query: 'up' }
`);

describe('planning a refresh', () => {
  const plan = planRefresh(SHARED, { range: HOUR, variables: { svc: { values: ['checkout', 'cart'] } } });

  it('merges equal substituted queries into one request and maps each panel to it', () => {
    expect(plan.requests.map((r) => `${r.backend}/${r.type}`)).toEqual([
      'prometheus/range',
      'prometheus/instant',
      'alertmanager/alerts',
      'loki/logs',
      'slo/slo',
      'amplitude/analytics',
    ]);
    expect(plan.panels).toEqual([
      { panelId: 'rate', requests: [0] },
      { panelId: 'rate-again', requests: [0] },
      { panelId: 'rate-now', requests: [1] },
      { panelId: 'table', requests: [1] },
      { panelId: 'alerts', requests: [2] },
      { panelId: 'same-alerts', requests: [2] },
      { panelId: 'logs', requests: [3] },
      { panelId: 'slo', requests: [4] },
      { panelId: 'analytics', requests: [5] },
    ]);
  });

  it('sends substituted, normalised queries with the range, step and built-ins', () => {
    const range = plan.requests[0] as RangeRequest;
    expect(range).toMatchObject({
      query: 'sum(rate(http_requests_total{service=~"(checkout|cart)"}[1m]))',
      start: HOUR.start,
      end: HOUR.end,
      step: 15_000,
    });
    expect(plan.step).toBe(15_000);
    expect(plan.requests[1]).toMatchObject({ type: 'instant', time: HOUR.end });
    expect(plan.requests[2]).toMatchObject({ matchers: ['service=~"(checkout|cart)"', 'severity="page"'] });
    expect(plan.requests[3]).toMatchObject({ query: '{service=~"(checkout|cart)"} |= "error"', limit: 100 });
    expect(plan.requests[5]).toMatchObject({ compareStart: HOUR.start - 7 * 86_400_000, compareEnd: HOUR.end - 7 * 86_400_000 });
  });

  it('keys equal requests equally and different ones differently', () => {
    const again = planRefresh(SHARED, { range: HOUR, variables: { svc: { values: ['checkout', 'cart'] } } });
    expect(again.requests.map((r) => r.key)).toEqual(plan.requests.map((r) => r.key));
    const other = planRefresh(SHARED, { range: HOUR, variables: { svc: { values: ['payments'] } } });
    expect(other.requests[0].key).not.toBe(plan.requests[0].key);
    expect(new Set(plan.requests.map((r) => r.key)).size).toBe(plan.requests.length);
  });

  it('skips collapsed rows unless asked for their panels', () => {
    expect(plan.panels.some((p) => p.panelId === 'other')).toBe(false);
    const only = planRefresh(SHARED, { range: HOUR, variables: { svc: { values: ['a'] } }, panelIds: ['other', 'rate'] });
    expect(only.panels.map((p) => p.panelId)).toEqual(['rate', 'other']);
    expect(only.requests).toHaveLength(2);
  });

  it('chooses a step from the range, never below the scrape interval, and honours an explicit one', () => {
    const day = { start: HOUR.start, end: HOUR.start + 86_400_000 };
    const daily = planRefresh(SHARED, { range: day, variables: { svc: { values: ['a'] } } });
    expect(daily.step).toBe(360_000);
    expect((daily.requests[0] as RangeRequest).query).toContain('[6m15s]');
    const fixed = planRefresh(SHARED, { range: HOUR, step: 60_000, variables: { svc: { values: ['a'] } } });
    expect((fixed.requests[0] as RangeRequest).step).toBe(60_000);
    expect((fixed.requests[0] as RangeRequest).query).toContain('[1m15s]');
  });

  it('gives a panel whose variables cannot be substituted an error and still plans the others', () => {
    const b = board(`
title: t
variables: [{ name: w, values: ['5m', '1h'] }]
panels:
  - { kind: stat, title: Bad, query: 'rate(x[$w])' }
  - { kind: stat, title: Good, query: 'up' }
`);
    const p = planRefresh(b, { range: HOUR, variables: { w: { values: ['5m]) or vector(1'] } } });
    expect(p.panels[0]).toEqual({ panelId: 'bad', error: expect.stringMatching(/only letters, digits/) });
    expect(p.panels[1]).toEqual({ panelId: 'good', requests: [0] });
    expect(p.requests).toHaveLength(1);
  });
});

describe('results back to panels', () => {
  it('hands each panel the results of its own requests, shared ones included', () => {
    const plan = planRefresh(SHARED, { range: HOUR, variables: { svc: { values: ['a'] } } });
    const results = plan.requests.map((r) => `result of ${r.type}`);
    const byPanel = panelResults(plan, results);
    expect(byPanel[0]).toEqual({ panelId: 'rate', results: ['result of range'] });
    expect(byPanel[1]).toEqual({ panelId: 'rate-again', results: ['result of range'] });
    expect(byPanel[3]).toEqual({ panelId: 'table', results: ['result of instant'] });
    expect(() => panelResults(plan, results.slice(1))).toThrow(RangeError);
  });
});

describe('normalising queries', () => {
  it('collapses layout but keeps strings and drops comments', () => {
    expect(normalizeQuery('  sum by (le) (\n  rate(x{a="two  spaces"} [5m]) # why\n)  ')).toBe('sum by (le) (rate(x{a="two  spaces"} [5m]))');
    expect(normalizeQuery('x{a="\\"  #"}   +   y or\tz')).toBe('x{a="\\"  #"} + y or z');
    expect(normalizeQuery('up# trailing comment\n  or x')).toBe('up or x');
  });
});
