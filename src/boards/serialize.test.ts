import { describe, expect, it } from 'vitest';
import type { Board } from './model.js';
import { parseBoard } from './parse.js';
import { boardToYaml } from './serialize.js';

const BOARD: Board = {
  title: 'Everything: "quoted" # not a comment',
  description: 'multi\nline',
  variables: [
    { name: 'svc', kind: 'query', query: 'label_values({job=~".+"}, service)', source: 'loki', regex: '/(.*)/', multi: true, includeAll: true, allValue: '.*', default: ['$__all'] },
    { name: 'version', kind: 'list', values: ['1.0', 'true', 'null', '010'], multi: false, includeAll: false, default: ['1.0'] },
    { name: 'filter', kind: 'text', multi: false, includeAll: false, default: [''], hidden: true, label: 'Filter' },
  ],
  time: { range: 86_400_000, refresh: 0, scrapeInterval: 30_000 },
  rows: [
    {
      title: 'One',
      collapsed: true,
      panels: [
        {
          id: 'rate',
          title: 'Rate',
          kind: 'stat',
          width: 6,
          queries: [{ expr: 'sum(rate(x{b=~"$svc"}[$__rate_interval]))', source: 'prometheus', legend: '{{a}}' }],
          unit: 'currency:EUR',
          decimals: 1,
          thresholds: { base: 'red', steps: [{ value: 1, color: 'green' }] },
          reduce: 'max',
          sparkline: false,
        },
        {
          id: 'lat',
          title: 'Latency',
          kind: 'timeseries',
          queries: [
            { expr: 'histogram_quantile(0.5, sum by (le) (rate(h_bucket[5m])))', source: 'prometheus', legend: 'p50' },
            { expr: 'sum(rate({app="x"} |= "err" [5m]))', source: 'loki' },
          ],
          unit: 'seconds',
          showLegend: false,
          min: 0,
        },
        { id: 'g', title: 'G', kind: 'gauge', queries: [{ expr: 'up', source: 'prometheus' }], unit: 'percent', min: 10, max: 100 },
        { id: 'b', title: 'B', kind: 'bar', queries: [{ expr: 'up', source: 'prometheus' }], unit: 'none', min: 0, max: 5 },
      ],
    },
    {
      panels: [
        {
          id: 'tbl',
          title: 'Tbl',
          kind: 'table',
          queries: [
            { expr: 'up', source: 'prometheus', column: 'up' },
            { expr: 'sum by (job) (rate(x[5m]))', source: 'prometheus', unit: 'reqps', legend: 'ignored by tables' },
          ],
          labels: ['job'],
          unit: 'none',
          sortBy: 'up',
          sortDesc: true,
        },
        { id: 'logs', title: 'Logs', kind: 'logs', query: '{app="x"}\n  |= "error"', mode: 'patterns', limit: 500 },
        { id: 'al', title: 'Al', kind: 'alerts', matchers: ['severity="page"'], limit: 5 },
        { id: 'slo', title: 'Slo', kind: 'slo', slos: ['a', 'b'] },
        { id: 'an', title: 'An', kind: 'analytics', metric: 'new_users', measure: 'totals', compareTo: 86_400_000 },
        { id: 'ev', title: 'Ev', kind: 'analytics', metric: 'event', event: 'Checkout Completed', measure: 'uniques', compareTo: 7 * 86_400_000 },
      ],
    },
  ],
};

describe('writing a board file', () => {
  it('round-trips through parseBoard, explicit ids and all', () => {
    const text = boardToYaml(BOARD);
    const { board, problems } = parseBoard(text, 'out.yaml');
    expect(problems).toEqual([]);
    expect(board).toEqual(BOARD);
    expect(text).toContain('id: rate');
  });

  it('leaves out defaults and derived ids, and writes a header as comments', () => {
    const small: Board = {
      title: 'Small',
      variables: [],
      time: { range: 3_600_000, refresh: 30_000, scrapeInterval: 15_000 },
      rows: [
        {
          panels: [
            { id: 'up', title: 'Up', kind: 'stat', queries: [{ expr: 'up', source: 'prometheus' }], unit: 'none', reduce: 'last', sparkline: true },
          ],
        },
      ],
    };
    const text = boardToYaml(small, { header: ['Imported by obs.', '', 'Skipped: 1'] });
    expect(text).toBe('# Imported by obs.\n#\n# Skipped: 1\n\ntitle: Small\npanels:\n  - kind: stat\n    title: Up\n    query: up\n');
    expect(parseBoard(text, 'x').board).toEqual(small);
  });
});
