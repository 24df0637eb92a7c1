import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boardPanels, type GaugePanel, type LogsPanel, type StatPanel, type TablePanel, type TimeseriesPanel } from '../model.js';
import { parseBoard } from '../parse.js';
import { GrafanaImportError, importGrafana, type GrafanaImport } from './import.js';
import { formatSkipped, importedBoardYaml } from './report.js';
import type { GrafanaDashboard, GrafanaPanel } from './types.js';

function fixture(name: string): GrafanaDashboard {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/grafana/${name}`, import.meta.url), 'utf8')) as GrafanaDashboard;
}

/** Every non-row panel of a dashboard, collapsed rows' panels and old rows[] included. */
function leafPanels(dash: GrafanaDashboard): GrafanaPanel[] {
  const top = dash.panels ?? (dash.rows ?? []).flatMap((r) => r.panels ?? []);
  return top.flatMap((p) => (p.type === 'row' ? (p.panels ?? []) : [p]));
}

/** Each Grafana panel is either converted or named, with a reason, in the skipped list. */
function expectEveryPanelAccountedFor(dash: GrafanaDashboard, result: GrafanaImport): void {
  const leaves = leafPanels(dash);
  const skippedPanels = result.skipped.filter((s) => s.what === 'panel');
  expect(result.panelCount).toBe(leaves.length);
  expect(result.converted.length + skippedPanels.length).toBe(leaves.length);
  for (const p of leaves) {
    const converted = result.converted.some((c) => c.grafanaId === p.id);
    const skipped = skippedPanels.some((s) => s.title === p.title && s.type === p.type && s.reason.length > 10);
    expect(converted !== skipped, `panel ${p.id} "${p.title}" is converted or skipped, not both`).toBe(true);
  }
}

function byTitle<T>(result: GrafanaImport, title: string): T {
  const panel = boardPanels(result.board).find((p) => p.title === title);
  expect(panel, `panel "${title}"`).toBeDefined();
  return panel as T;
}

function reasons(result: GrafanaImport, title: string): string[] {
  return result.skipped.filter((s) => s.title === title).map((s) => s.reason);
}

describe('a Grafana 10 dashboard (schemaVersion 39) with rows, mixed datasources and unsupported panels', () => {
  const dash = fixture('service-overview-v39.json');
  const result = importGrafana(dash);

  it('converts every supported panel and names every other with its reason', () => {
    expectEveryPanelAccountedFor(dash, result);
    expect(result.panelCount).toBe(22);
    expect(result.converted).toHaveLength(16);
    expect(result.skipped.filter((s) => s.what === 'panel').map((s) => `${s.title} (${s.type})`)).toEqual([
      'Error budget burn rate (stat)',
      'Runbook (text)',
      'Latency heatmap (heatmap)',
      'Nginx 5xx (Elasticsearch) (timeseries)',
      'Traffic share (piechart)',
      'Firing alerts (alertlist)',
    ]);
    expect(reasons(result, 'Nginx 5xx (Elasticsearch)')).toEqual([
      'no query could be converted: query A: datasource "P31C819B24CF3C3C7" is elasticsearch, not Prometheus or Loki',
    ]);
    expect(reasons(result, 'Error budget burn rate')[0]).toMatch(/query A: hidden in Grafana.*query B: server-side expressions/);
  });

  it('produces a board file that passes validation and reads back equal', () => {
    const yaml = importedBoardYaml(result);
    const { board, problems } = parseBoard(yaml, 'imported.yaml');
    expect(problems).toEqual([]);
    expect(board).toEqual(result.board);
    expect(yaml).toMatch(/^# Imported from the Grafana dashboard "Service overview" \(uid svc-overview, schemaVersion 39\)\.\n# Converted 16 of 22 panels\.\n/);
    expect(yaml).toContain('#   - panel "Latency heatmap" (heatmap): panel type heatmap has no board equivalent\n');
  });

  it('keeps rows, collapsed state and grid widths', () => {
    expect(result.board.rows.map((r) => [r.title, r.collapsed ?? false, r.panels.length])).toEqual([
      ['Overview', false, 6],
      ['Details', true, 4],
      ['Logs', false, 6],
    ]);
    expect(result.board.rows[0].panels.map((p) => p.width)).toEqual([6, 6, 6, 6, 12, 12]);
  });

  it('converts units, decimals, thresholds (percentage ones too) and reducers', () => {
    expect(byTitle<StatPanel>(result, 'Request rate')).toMatchObject({ kind: 'stat', unit: 'reqps', reduce: 'last', sparkline: true });
    expect(byTitle<StatPanel>(result, 'Error ratio')).toMatchObject({
      unit: 'ratio',
      decimals: 2,
      thresholds: { base: 'green', steps: [{ value: 0.01, color: 'yellow' }, { value: 0.05, color: 'red' }] },
    });
    const availability = byTitle<GaugePanel>(result, 'Availability');
    expect(availability).toMatchObject({ kind: 'gauge', min: 0.9, max: 1, unit: 'ratio' });
    expect(availability.thresholds!.base).toBe('red');
    expect(availability.thresholds!.steps.map((s) => s.color)).toEqual(['yellow', 'green']);
    expect(availability.thresholds!.steps[0].value).toBeCloseTo(0.95, 12);
    expect(availability.thresholds!.steps[1].value).toBeCloseTo(0.99, 12);
    expect(byTitle<GaugePanel>(result, 'DB connections in use')).toMatchObject({ kind: 'bar', max: 1, thresholds: { steps: [{ color: 'yellow' }, { color: 'red' }] } });
    expect(byTitle<StatPanel>(result, 'Cache hit rate')).toMatchObject({ reduce: 'mean', thresholds: { base: 'red' } });
    expect(byTitle<TimeseriesPanel>(result, 'Memory')).toMatchObject({ unit: 'bytes' });
    expect(byTitle<TimeseriesPanel>(result, 'Latency').thresholds).toEqual({ base: 'green', steps: [{ value: 0.5, color: 'red' }] });
    expect(byTitle<TimeseriesPanel>(result, 'Requests by service').thresholds).toBeUndefined();
  });

  it('converts targets: legends, several queries, Loki metric queries and mixed panels', () => {
    const latency = byTitle<TimeseriesPanel>(result, 'Latency');
    expect(latency.queries.map((q) => q.legend)).toEqual(['p50', 'p95', 'p99']);
    expect(byTitle<StatPanel>(result, 'Request rate').queries[0].legend).toBeUndefined();
    const mixed = byTitle<TimeseriesPanel>(result, 'Errors: responses vs log lines');
    expect(mixed.queries.map((q) => q.source)).toEqual(['prometheus', 'loki']);
    const volume = byTitle<TimeseriesPanel>(result, 'Log volume by level');
    expect(volume.queries[0]).toEqual({
      expr: 'sum by (level) (count_over_time({service=~"$service"} | logfmt [$__interval]))',
      source: 'loki',
      legend: '{{level}}',
    });
    expect(reasons(result, 'Log volume by level')).toEqual(['query A: $__auto became $__interval']);
    expect(byTitle<LogsPanel>(result, 'Error logs')).toMatchObject({ kind: 'logs', query: '{service=~"$service"} |= "error"', limit: 200 });
  });

  it('copies the queries of a panel reused through the "-- Dashboard --" datasource', () => {
    const reused = byTitle<GaugePanel>(result, 'Requests by service (now)');
    expect(reused.queries).toEqual(byTitle<TimeseriesPanel>(result, 'Requests by service').queries);
  });

  it('turns an organize transformation into table columns and sorting', () => {
    const table = byTitle<TablePanel>(result, 'Per-service summary');
    expect(table.queries.map((q) => q.column)).toEqual(['req/s', 'errors', 'latency']);
    expect(table).toMatchObject({ labels: ['service'], sortBy: 'errors', sortDesc: true });
    expect(table.queries.every((q) => q.legend === undefined)).toBe(true);
  });

  it('converts variables and lists those it could not', () => {
    expect(result.board.variables.map((v) => [v.name, v.kind])).toEqual([
      ['service', 'query'],
      ['route', 'query'],
      ['interval', 'list'],
      ['quantile', 'list'],
      ['cluster', 'list'],
    ]);
    expect(result.board.variables[0]).toMatchObject({ multi: true, includeAll: true, allValue: '.*', default: ['$__all'], label: 'Service' });
    expect(result.board.variables[1]).toMatchObject({ query: 'label_values(http_requests_total{service=~"$service"},route)', regex: '/^\\/(?!internal).*/' });
    expect(result.board.variables[4]).toMatchObject({ values: ['prod-eu-1'], hidden: true });
    expect(result.skipped.filter((s) => s.what === 'variable').map(formatSkipped)).toEqual([
      'variable $interval (interval): the "auto" interval option is not converted',
      'variable $Filters (adhoc): ad hoc filters have no board equivalent; queries run without them',
    ]);
  });

  it('converts the time range and refresh, and names dashboard features it leaves out', () => {
    expect(result.board.time).toMatchObject({ range: 6 * 3_600_000, refresh: 30_000 });
    expect(result.skipped.filter((s) => s.what === 'dashboard').map((s) => s.reason)).toEqual([
      'annotation "Restarts" is not converted',
      'dashboard links are not converted',
    ]);
    expect(reasons(result, 'Queue depth $service')).toEqual([
      'repeats for each value of $service; converted once, with every selected value in its queries',
    ]);
    expect(reasons(result, 'Requests a day ago')).toEqual(['its time shift (1d) is not converted']);
  });
});

describe('a Grafana 4 dashboard (schemaVersion 14) with rows[], graph, singlestat and an old table', () => {
  const dash = fixture('legacy-rows-v14.json');
  const result = importGrafana(dash);

  it('converts every supported panel and names every other with its reason', () => {
    expectEveryPanelAccountedFor(dash, result);
    expect(result.panelCount).toBe(11);
    expect(result.converted.map((c) => `${c.type}->${c.kind}`)).toEqual([
      'singlestat->stat',
      'singlestat->stat',
      'singlestat->gauge',
      'singlestat->stat',
      'graph->timeseries',
      'graph->timeseries',
      'graph->timeseries',
      'table->table',
      'graph->timeseries',
    ]);
    expect(result.skipped.filter((s) => s.what === 'panel').map(formatSkipped)).toEqual([
      'panel "Notes" (text): a text panel shows static content or Grafana\'s own pages, no query',
      'panel "Kibana hits" (graph): no query could be converted: query A: has no PromQL or LogQL expression (datasource "Elasticsearch logs" is probably neither Prometheus nor Loki)',
    ]);
    const { problems } = parseBoard(importedBoardYaml(result), 'legacy.yaml');
    expect(problems).toEqual([]);
  });

  it('lays rows out from span and showTitle, keeping collapse', () => {
    expect(result.board.rows.map((r) => [r.title, r.collapsed ?? false, r.panels.map((p) => p.width)])).toEqual([
      ['Overview', false, [6, 6, 6, 6]],
      ['Traffic', false, [8, 8, 8]],
      ['Tables', true, [16]],
      [undefined, false, [12]],
    ]);
  });

  it('reads singlestat thresholds, colours, value names, sparklines and gauges', () => {
    expect(byTitle<StatPanel>(result, 'Uptime')).toMatchObject({ unit: 'seconds', reduce: 'last', sparkline: false });
    expect(byTitle<StatPanel>(result, 'Error rate')).toMatchObject({
      unit: 'ratio',
      reduce: 'mean',
      sparkline: true,
      thresholds: { base: 'green', steps: [{ value: 0.01, color: 'yellow' }, { value: 0.05, color: 'red' }] },
    });
    expect(byTitle<GaugePanel>(result, 'Memory used')).toMatchObject({ kind: 'gauge', unit: 'percent', min: 0, max: 100 });
    expect(byTitle<StatPanel>(result, 'Spend today')).toMatchObject({ unit: 'currency:USD' });
    expect(reasons(result, 'Spend today')).toEqual(['prefix/postfix text ("~"/"") is not converted']);
  });

  it('reads graph axes and legacy thresholds, and names series overrides and alert rules', () => {
    expect(byTitle<TimeseriesPanel>(result, 'Requests')).toMatchObject({
      unit: 'reqps',
      queries: [{ legend: '{{code}}', source: 'prometheus' }],
      thresholds: { base: 'green', steps: [{ value: 1000, color: 'red' }] },
    });
    expect(reasons(result, 'Latency')).toEqual(['series overrides (colours, axes, stacking per series) are not converted']);
    expect(reasons(result, '5xx errors')).toEqual(['its legacy Grafana alert rule is not converted']);
    expect(reasons(result, 'Top routes')).toEqual([
      'query A: a range query; the table shows its current (instant) value',
      'transform "timeseries_aggregations" is not converted; each series is a row with its current value',
    ]);
  });

  it('guesses datasource types from names, and says so', () => {
    expect(byTitle<TimeseriesPanel>(result, 'Log lines by level').queries[0].source).toBe('loki');
    expect(result.skipped.filter((s) => s.what === 'dashboard').map((s) => s.reason)).toEqual([
      'datasource "Prometheus" does not say its type; read as Prometheus from its name (pass a datasource map to be sure)',
      'datasource "Loki" does not say its type; read as Loki from its name (pass a datasource map to be sure)',
    ]);
    expect(result.board.time).toMatchObject({ range: 86_400_000, refresh: 60_000 });
  });
});

describe('the importer on small dashboards', () => {
  const panel = (extra: Partial<GrafanaPanel>): GrafanaPanel => ({
    id: 1,
    type: 'timeseries',
    title: 'P',
    gridPos: { x: 0, y: 0, w: 24, h: 8 },
    datasource: { type: 'prometheus', uid: 'prom' },
    targets: [{ refId: 'A', expr: 'up' }],
    ...extra,
  });

  it('unwraps an API export and refuses what is not a dashboard', () => {
    const wrapped = { dashboard: { title: 'W', schemaVersion: 36, panels: [panel({})] }, meta: { slug: 'w' } };
    expect(importGrafana(wrapped).board.title).toBe('W');
    expect(() => importGrafana([1, 2])).toThrow(GrafanaImportError);
    expect(() => importGrafana({ title: 'x' })).toThrow(/neither panels nor rows/);
  });

  it('uses a datasource map for names it cannot tell, and guesses from the query otherwise', () => {
    const dash = {
      title: 'Names',
      schemaVersion: 27,
      panels: [
        panel({ id: 1, title: 'A', datasource: 'metrics-eu', targets: [{ refId: 'A', expr: 'sum(rate({app="x"} |= "err" [5m]))' }] }),
        panel({ id: 2, title: 'B', datasource: 'metrics-eu', targets: [{ refId: 'A', expr: 'up' }] }),
      ],
    };
    const guessed = importGrafana(dash);
    expect(boardPanels(guessed.board).map((p) => ('queries' in p ? p.queries[0].source : ''))).toEqual(['loki', 'loki']);
    expect(guessed.skipped.map((s) => s.reason)).toEqual([
      'datasource "metrics-eu" does not say its type; read as Loki from its queries (pass a datasource map to be sure)',
    ]);
    const mapped = importGrafana(dash, { datasources: { 'metrics-eu': 'prometheus' } });
    expect(boardPanels(mapped.board).map((p) => ('queries' in p ? p.queries[0].source : ''))).toEqual(['prometheus', 'prometheus']);
    expect(mapped.skipped).toEqual([]);
  });

  it('resolves datasources through exported inputs and datasource variables', () => {
    const dash = {
      title: 'Exported',
      __inputs: [{ name: 'DS_LOGS', label: 'Logs', type: 'datasource', pluginId: 'loki' }],
      panels: [
        panel({ id: 1, title: 'Inputs', datasource: '${DS_LOGS}', targets: [{ refId: 'A', expr: 'sum(count_over_time({app="x"}[1m]))' }] }),
        panel({ id: 2, title: 'Variable', datasource: '$metrics', targets: [{ refId: 'A', expr: 'up{instance=~"$host"}' }] }),
        panel({ id: 3, title: 'Other', datasource: '$sql', targets: [{ refId: 'A', rawSql: 'select 1' } as never] }),
      ],
      templating: {
        list: [
          { type: 'datasource', name: 'metrics', query: 'prometheus' },
          { type: 'datasource', name: 'sql', query: 'mysql' },
          { type: 'textbox', name: 'host', query: 'web-1', current: { value: 'web-2' } },
        ],
      },
    };
    const result = importGrafana(dash);
    const [inputs, variable] = boardPanels(result.board) as TimeseriesPanel[];
    expect(inputs.queries[0].source).toBe('loki');
    expect(variable.queries[0].source).toBe('prometheus');
    expect(result.board.variables).toEqual([{ name: 'host', kind: 'text', multi: false, includeAll: false, default: ['web-2'] }]);
    expect(result.skipped.map(formatSkipped)).toEqual([
      'panel "Other" (timeseries): no query could be converted: query A: datasource "$sql" is mysql, not Prometheus or Loki',
    ]);
  });

  it('makes = matchers on multi-value variables regex matchers, and refuses undefined variables', () => {
    const dash = {
      title: 'Vars',
      panels: [
        panel({ id: 1, title: 'Eq', targets: [{ refId: 'A', expr: 'up{job="$job", env!="${env:raw}"}' }] }),
        panel({ id: 2, title: 'Missing', targets: [{ refId: 'A', expr: 'up{job="$nope"}' }, { refId: 'B', expr: 'up' }] }),
        panel({ id: 3, title: 'Builtin', targets: [{ refId: 'A', expr: 'up[$__timeFilter]' }] }),
      ],
      templating: {
        list: [
          { type: 'custom', name: 'job', query: 'api,web', multi: true, current: { value: ['api'] } },
          { type: 'custom', name: 'env', query: 'prod : production, qa\\,1', includeAll: true },
        ],
      },
    };
    const result = importGrafana(dash);
    const [eq, missing] = boardPanels(result.board) as TimeseriesPanel[];
    expect(eq.queries[0].expr).toBe('up{job=~"$job", env!~"$env"}');
    expect(result.board.variables[1]).toMatchObject({ kind: 'list', values: ['production', 'qa,1'] });
    expect(missing.queries.map((q) => q.expr)).toEqual(['up']);
    expect(result.skipped.map(formatSkipped)).toEqual([
      'panel "Eq" (timeseries): query A: ${env:raw} lost its format',
      'panel "Missing" (timeseries): query A: uses $nope, which the dashboard does not define',
      'panel "Builtin" (timeseries): no query could be converted: query A: uses $__timeFilter, which boards do not provide',
    ]);
    expect(parseBoard(importedBoardYaml(result), 'vars.yaml').problems).toEqual([]);
  });

  it('skips library panels, unknown plugins and log queries in metric panels', () => {
    const dash = {
      title: 'Odd',
      panels: [
        { id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, title: 'Lib', libraryPanel: { uid: 'abc', name: 'Shared latency' } },
        panel({ id: 2, type: 'grafana-worldmap-panel', title: 'Map' }),
        panel({ id: 3, title: 'Lines', datasource: { type: 'loki', uid: 'l' }, targets: [{ refId: 'A', expr: '{app="x"}' }] }),
      ],
    };
    expect(importGrafana(dash).skipped.map(formatSkipped)).toEqual([
      'panel "Lib": library panel "Shared latency"; its model is not in the dashboard JSON',
      'panel "Map" (grafana-worldmap-panel): unknown panel type grafana-worldmap-panel (a plugin?)',
      'panel "Lines" (timeseries): no query could be converted: query A: a Loki log query (lines, not numbers) in a metric panel',
    ]);
  });

  it('keeps hostile titles out of the terminal and the YAML intact', () => {
    const dash = { title: 'Evil \x1b]0;pwned\x07', panels: [panel({ title: 'A\x1b[2J\nB', type: 'heatmap' }), panel({ id: 2, title: 'Ok\x1b[31m' })] };
    const result = importGrafana(dash);
    const yaml = importedBoardYaml(result);
    expect(yaml).not.toMatch(/\x1b|\x07/);
    const { board, problems } = parseBoard(yaml, 'evil.yaml');
    expect(problems).toEqual([]);
    expect(board!.rows[0].panels[0].title).toBe('Ok\x1b[31m');
    expect(formatSkipped(result.skipped[0])).toBe('panel "A↵B" (heatmap): panel type heatmap has no board equivalent');
  });
});
