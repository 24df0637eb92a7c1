import { describe, expect, it } from 'vitest';
import { ALL, type GaugePanel, type StatPanel, type TablePanel } from './model.js';
import { parseBoard } from './parse.js';
import { formatProblem } from './yaml-reader.js';

/** The problems of a board file as "line:column: message". */
function problems(source: string): string[] {
  return parseBoard(source, 'b.yaml').problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
}

const GOOD = `
title: Checkout
variables:
  - name: service
    query: label_values(http_requests_total, service)
    multi: true
    includeAll: true
  - name: env
    values: [prod, staging]
    default: prod
rows:
  - title: Traffic
    panels:
      - kind: stat
        title: Request rate
        query: sum(rate(http_requests_total{service=~"$service", env="$env"}[$__rate_interval]))
        unit: reqps
        thresholds:
          - { value: 100, color: yellow }
          - { value: 500, color: red }
      - kind: gauge
        title: Error ratio
        query: sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))
        unit: ratio
`;

describe('a valid board', () => {
  it('parses with defaults filled in', () => {
    const { board, problems } = parseBoard(GOOD, 'b.yaml');
    expect(problems).toEqual([]);
    expect(board!.title).toBe('Checkout');
    expect(board!.time).toEqual({ range: 3_600_000, refresh: 30_000, scrapeInterval: 15_000 });
    expect(board!.variables.map((v) => [v.name, v.kind])).toEqual([
      ['service', 'query'],
      ['env', 'list'],
    ]);
    const [stat, gauge] = board!.rows[0].panels as [StatPanel, GaugePanel];
    expect(stat).toMatchObject({
      id: 'request-rate',
      kind: 'stat',
      unit: 'reqps',
      reduce: 'last',
      sparkline: true,
      queries: [{ source: 'prometheus' }],
      thresholds: { base: 'green', steps: [{ value: 100, color: 'yellow' }, { value: 500, color: 'red' }] },
    });
    expect(gauge).toMatchObject({ kind: 'gauge', unit: 'ratio', min: 0, max: 1 });
  });

  it('accepts panels at the top level, every kind, durations and refresh off', () => {
    const { board, problems } = parseBoard(
      `
title: All kinds
time: { range: 6h, refresh: "off", scrapeInterval: 30s }
panels:
  - { kind: timeseries, query: up, showLegend: false, min: 0 }
  - { kind: bar, query: up, max: 10 }
  - kind: table
    labels: [job]
    sortBy: up
    queries: [{ query: up, column: up }, { query: 'sum by (job) (rate(http_requests_total[5m]))', unit: reqps }]
  - { kind: logs, title: Errors, query: '{app="api"} |= "error"', mode: patterns }
  - { kind: alerts, matchers: ['severity="critical"'] }
  - { kind: slo, slos: checkout-availability }
  - { kind: analytics, event: checkout_completed, measure: uniques, compareTo: 1d }
  - { kind: analytics, users: active }
  - { kind: timeseries, title: Log rate, query: 'sum(rate({app="api"}[5m]))', source: loki }
`,
      'b.yaml',
    );
    expect(problems).toEqual([]);
    expect(board!.time).toEqual({ range: 21_600_000, refresh: 0, scrapeInterval: 30_000 });
    const panels = board!.rows[0].panels;
    expect(panels.map((p) => p.id)).toEqual(['timeseries', 'bar', 'table', 'errors', 'alerts', 'slo', 'analytics', 'analytics-2', 'log-rate']);
    expect((panels[2] as TablePanel).queries[1]).toMatchObject({ unit: 'reqps', source: 'prometheus' });
    expect(panels[3]).toMatchObject({ mode: 'patterns', limit: 2000 });
    expect(panels[5]).toMatchObject({ slos: ['checkout-availability'] });
    expect(panels[6]).toMatchObject({ metric: 'event', measure: 'uniques', compareTo: 86_400_000 });
    expect(panels[7]).toMatchObject({ metric: 'active_users', measure: 'totals', compareTo: 7 * 86_400_000 });
  });

  it('knows "All" as a default', () => {
    const { board } = parseBoard(
      `
title: t
variables: [{ name: svc, values: [a, b], multi: true, includeAll: true, default: ${ALL} }]
panels: [{ kind: stat, query: 'up{service=~"$svc"}' }]
`,
      'b.yaml',
    );
    expect(board!.variables[0].default).toEqual([ALL]);
  });
});

describe('problems, with file:line:column', () => {
  it('formats a problem the way editors and CI read it', () => {
    const [p] = parseBoard('title: t\nrows:\n  - panels:\n      - kind: heatmap\n', 'boards/x.yaml').problems;
    expect(formatProblem(p)).toBe('boards/x.yaml:4:15: panel kind must be one of stat, timeseries, gauge, bar, table, logs, alerts, slo, analytics, capacity, not "heatmap"');
  });

  it('reports YAML syntax errors at their place', () => {
    expect(problems('title: t\nrows:\n  - panels: [\n')).toEqual([expect.stringMatching(/^\d+:\d+: /)]);
    expect(problems('title: t\ntitle: u\npanels: []\n')[0]).toMatch(/^2:1: .*unique/i);
  });

  it('reports an unknown panel kind, with a suggestion for a typo', () => {
    expect(problems('title: t\npanels:\n  - kind: guage\n    query: up\n')).toEqual([
      '3:11: panel kind must be one of stat, timeseries, gauge, bar, table, logs, alerts, slo, analytics, capacity, not "guage"; did you mean "gauge"?',
    ]);
  });

  it('reports a missing query and a missing kind', () => {
    expect(problems('title: t\npanels:\n  - kind: stat\n    title: Rate\n')).toEqual(['3:5: a stat panel needs a query (query: or queries:)']);
    expect(problems('title: t\npanels:\n  - title: Rate\n')).toEqual([
      '3:5: a panel needs a kind (stat, timeseries, gauge, bar, table, logs, alerts, slo, analytics, capacity)',
    ]);
  });

  it('reports a bad unit', () => {
    expect(problems('title: t\npanels:\n  - kind: stat\n    query: up\n    unit: kb\n')).toEqual([
      expect.stringMatching(/^5:11: unknown unit "kb"; expected none, bytes, .*currency:XXX/),
    ]);
    expect(problems('title: t\npanels:\n  - kind: stat\n    query: up\n    unit: currency:usd\n')[0]).toMatch(/^5:11: unknown unit/);
  });

  it('reports a duplicate variable with where it was first declared', () => {
    const src = 'title: t\nvariables:\n  - name: env\n    values: [a]\n  - name: env\n    values: [b]\npanels:\n  - { kind: stat, query: up }\n';
    expect(problems(src)).toEqual(['5:11: duplicate variable $env (first declared on line 3)']);
  });

  it('reports thresholds that do not ascend, unknown colours and a misplaced base', () => {
    const src = `title: t
panels:
  - kind: stat
    query: up
    thresholds:
      - { value: 10, color: red }
      - { value: 5, color: yellow }
      - { value: 20, color: orange }
      - { color: blue }
`;
    expect(problems(src)).toEqual([
      '7:18: threshold values must ascend: 5 comes after 10',
      '8:29: color must be one of green, yellow, red, blue, cyan, magenta, white, gray, not "orange"',
      '9:9: only the first threshold may leave out value (it sets the base colour)',
    ]);
  });

  it('reports unknown fields with a suggestion, and fields of another kind', () => {
    expect(problems('title: t\npanels:\n  - kind: stat\n    qurey: up\n')).toEqual([
      '4:5: a panel: unknown field "qurey"; did you mean "query"?',
      '3:5: a stat panel needs a query (query: or queries:)',
    ]);
    expect(problems('title: t\npanels:\n  - kind: timeseries\n    query: up\n    sparkline: false\n')).toEqual([
      '5:5: a timeseries panel has no field "sparkline"',
    ]);
  });

  it('reports unknown variables and multi-value variables outside a regex', () => {
    const src = `title: t
variables:
  - { name: svc, query: 'label_values(up, service)', multi: true }
panels:
  - kind: stat
    query: up{service="$svc"}
  - kind: stat
    query: up{service=~"$svcs"}
`;
    expect(problems(src)).toEqual([
      '6:12: $svc can have several values; use it in a regex match (=~ or !~), not in a plain string',
      '8:12: unknown variable $svcs',
    ]);
  });

  it('reports queries that do not parse, LogQL of the wrong sort, and bad matchers', () => {
    const src = `title: t
panels:
  - kind: stat
    query: sum(rate(http_requests_total[5m])
  - kind: logs
    query: sum(rate({app="x"}[5m]))
  - kind: timeseries
    source: loki
    query: '{app="x"} |= "error"'
  - kind: alerts
    matchers: [severity=critical]
`;
    expect(problems(src)).toEqual([
      '11:15: matcher "severity=critical" must look like label="value", label!="value", label=~"regex" or label!~"regex"',
      '4:12: query is not valid PromQL near "…_requests_total[5m])"',
      '6:12: a logs panel needs a LogQL log query ({selector} |= ...), not a metric query',
      '9:12: a Loki query in a metric panel must be a metric query (e.g. sum(rate({app="x"}[5m])))',
    ]);
  });

  it('checks variable queries: label_values only, and only earlier variables', () => {
    const src = `title: t
variables:
  - { name: svc, query: 'label_values(up{env="$env"}, service)' }
  - { name: env, values: [prod] }
  - { name: names, query: 'label_names()' }
  - { name: x, values: [a], default: b }
  - { name: y, regex: '([' , query: 'label_values(job)' }
panels: [{ kind: stat, query: up }]
`;
    expect(problems(src)).toEqual([
      '5:27: variable query must be label_values(label) or label_values(selector, label), not "label_names()"',
      '6:38: default "b" is not one of the values of $x',
      '7:23: regex "([" is not a valid regular expression',
      '3:25: $env is declared after the variable whose query uses it',
    ]);
  });

  it('reports duplicate panel ids, bad widths and half-specified analytics panels', () => {
    const src = `title: t
panels:
  - { kind: stat, id: rate, query: up, width: 30 }
  - { kind: stat, id: rate, query: up }
  - { kind: analytics, title: Checkouts }
`;
    expect(problems(src)).toEqual([
      '3:47: width must be at most 24',
      '4:23: duplicate panel id "rate" (first on line 3)',
      '5:5: a analytics panel needs either event: (an event segmentation) or users: active|new',
    ]);
  });

  it('needs a title and rows or panels, and says so for an empty file', () => {
    expect(problems('')).toEqual(['1:1: the board file is empty']);
    expect(problems('description: x\n')).toEqual(['1:1: the board needs a title', '1:1: the board needs rows (or panels)']);
  });

  it('collects every problem in one pass', () => {
    const src = `title: t
variables:
  - { name: a, values: [x] }
  - { name: a, values: [y] }
panels:
  - { kind: stat, query: up, unit: parsecs }
  - { kind: nope }
`;
    expect(problems(src)).toHaveLength(3);
  });
});

describe('capacity panels', () => {
  it('take a horizon and the kinds to show, both optional', () => {
    const { board, problems: found } = parseBoard(
      'title: t\npanels:\n  - { kind: capacity }\n  - { kind: capacity, title: Pools, within: 2d, kinds: [connections, "error budget"] }\n',
      'c.yaml',
    );
    expect(found).toEqual([]);
    expect(board!.rows[0].panels).toMatchObject([
      { kind: 'capacity', within: 7 * 86_400_000, kinds: [] },
      { kind: 'capacity', title: 'Pools', within: 2 * 86_400_000, kinds: ['connections', 'error budget'] },
    ]);
  });

  it('name the line and column of an unknown kind, a bad horizon and a field they do not have', () => {
    expect(problems('title: t\npanels:\n  - kind: capacity\n    kinds: [disk, disks]\n    within: soon\n    query: up\n')).toEqual([
      '6:5: a capacity panel has no field "query"',
      '5:13: within: invalid duration "soon": expected e.g. 30s, 5m, 1h30m, 2d',
      '4:19: kinds must be one of disk, memory, connections, queue, error budget, not "disks"; did you mean "disk"?',
    ]);
  });
});
