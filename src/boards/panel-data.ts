/**
 * From what a board's requests returned to what each panel draws: reduced stat values, chart
 * series on one time grid, gauge fractions, joined table rows, log lines or their patterns.
 * Pure; text from outside (label values, log lines) is sanitised here, so views draw it as is.
 */
import type { AlertItem, SloItem } from '../cockpit/types.js';
import type { CapacityReport } from '../capacity/check.js';
import { resourceName, usedText, whenText } from '../capacity/format.js';
import type { ItemStatus } from '../capacity/items.js';
import { reportPatterns } from '../logs/index.js';
import { sanitize } from '../output/sanitize.js';
import type { CapacityPanel, Color, GaugePanel, LogsPanel, Panel, Reducer, StatPanel, TablePanel, Thresholds, TimeseriesPanel, Unit } from './model.js';
import { valueColumnName } from './parse.js';
import { seriesName } from './legend.js';
import { formatValue, thresholdColor } from './units.js';

export type Labels = Record<string, string>;

export interface SeriesPoints {
  labels: Labels;
  points: { time: number; value: number }[];
}

export interface LabelledValue {
  labels: Labels;
  value: number;
}

export interface LogLine {
  /** Unix ms. */
  time: number;
  labels: Labels;
  line: string;
}

/** What one planned request returned, in a shape that does not depend on the backend. */
export type RequestResult =
  | { kind: 'series'; series: SeriesPoints[] }
  | { kind: 'samples'; samples: LabelledValue[] }
  | { kind: 'logs'; lines: LogLine[]; start: number; end: number }
  | { kind: 'alerts'; alerts: AlertItem[] }
  | { kind: 'slos'; slos: SloItem[] }
  | { kind: 'analytics'; label: string; current: number; previous?: number; buckets: number[] }
  | { kind: 'capacity'; report: CapacityReport };

export type RequestOutcome = RequestResult | { kind: 'error'; message: string };

/** One value shown with its name, its text in the panel's unit and its threshold colour. */
export interface ShownValue {
  name: string;
  value: number | undefined;
  text: string;
  color?: Color;
}

export interface ChartSeries extends ShownValue {
  /** One value per point of `times` (NaN where the series has none). */
  values: number[];
}

export interface GaugeItem extends ShownValue {
  /** Where the value sits between min and max, clamped to 0–1. */
  fraction: number;
}

export interface TableCell {
  text: string;
  color?: Color;
  align: 'left' | 'right';
}

export interface PatternLine {
  template: string;
  count: number;
  share: number;
  buckets: number[];
}

export type PanelData =
  | { kind: 'stat'; items: (ShownValue & { trend: number[] })[] }
  | { kind: 'timeseries'; times: number[]; series: ChartSeries[] }
  | { kind: 'gauge'; min: number; max: number; items: GaugeItem[] }
  | { kind: 'table'; columns: { name: string; align: 'left' | 'right' }[]; rows: { key: string; cells: TableCell[] }[] }
  | { kind: 'logs'; lines: LogLine[] }
  | { kind: 'patterns'; lines: number; patterns: PatternLine[] }
  | { kind: 'alerts'; alerts: AlertItem[]; total: number }
  | { kind: 'slo'; slos: SloItem[] }
  | { kind: 'analytics'; label: string; current: ShownValue; previous?: ShownValue; change?: number; trend: number[] }
  | { kind: 'capacity'; lines: CapacityLine[] };

/** One resource of a capacity panel, as text. */
export interface CapacityLine {
  key: string;
  kind: string;
  resource: string;
  used: string;
  /** When it likely runs out ("in 3d23h", "> 30d", "now", "—"). */
  likely: string;
  status: string;
  color: Color;
}

export type PanelState = { data: PanelData } | { error: string };

/** Most patterns a logs panel keeps. */
const MAX_PATTERNS = 50;

/** A panel's data from its requests' outcomes (in query order); the first failed request fails the panel. */
export function panelData(panel: Panel, outcomes: readonly RequestOutcome[]): PanelState {
  const failed = outcomes.find((o) => o.kind === 'error');
  if (failed) return { error: failed.message };
  const results = outcomes as RequestResult[];
  const want = <K extends RequestResult['kind']>(kind: K): Extract<RequestResult, { kind: K }>[] => {
    const wrong = results.find((r) => r.kind !== kind);
    if (wrong) throw new TypeError(`panel ${panel.id}: expected ${kind} results, got ${wrong.kind}`);
    return results as Extract<RequestResult, { kind: K }>[];
  };
  switch (panel.kind) {
    case 'stat':
      return { data: statData(panel, want('series')) };
    case 'timeseries':
      return { data: timeseriesData(panel, want('series')) };
    case 'gauge':
    case 'bar':
      return { data: gaugeData(panel, want('samples')) };
    case 'table':
      return { data: tableData(panel, want('samples')) };
    case 'logs':
      return { data: logsData(panel, want('logs')[0]) };
    case 'alerts': {
      const alerts = want('alerts')[0].alerts.map(cleanAlert);
      return { data: { kind: 'alerts', alerts: alerts.slice(0, panel.limit ?? alerts.length), total: alerts.length } };
    }
    case 'slo':
      return { data: { kind: 'slo', slos: want('slos')[0].slos.map((s) => ({ ...s, name: clean(s.name), service: clean(s.service) })) } };
    case 'analytics':
      return { data: analyticsData(want('analytics')[0]) };
    case 'capacity':
      return { data: capacityData(panel, want('capacity')[0].report) };
  }
}

const clean = (text: string, maxLength = 200) => sanitize(text, { maxLength });

/** A series' name in a legend: its legend template, else its labels; empty for a lone series with neither. */
function nameOf(labels: Labels, legend: string | undefined): string {
  return !legend && Object.keys(labels).length === 0 ? '' : clean(seriesName(labels, legend));
}

/** Series of every query with their legend names, in query order. */
function namedSeries(panel: StatPanel | TimeseriesPanel, results: { series: SeriesPoints[] }[]) {
  return results.flatMap((r, i) => r.series.map((s) => ({ name: nameOf(s.labels, panel.queries[i].legend), points: s.points })));
}

function shown(name: string, value: number | undefined, unit: Unit, decimals: number | undefined, thresholds: Thresholds | undefined): ShownValue {
  const color = thresholdColor(value, thresholds);
  return { name, value, text: formatValue(value, unit, { decimals }), ...(color ? { color } : {}) };
}

function statData(panel: StatPanel, results: { series: SeriesPoints[] }[]): PanelData {
  const items = namedSeries(panel, results).map((s) => {
    const values = s.points.map((p) => p.value);
    return { ...shown(s.name, reduce(values, panel.reduce), panel.unit, panel.decimals, panel.thresholds), trend: values };
  });
  return { kind: 'stat', items };
}

/** One number for a series; non-finite samples are left out, no finite sample gives undefined. */
export function reduce(values: readonly number[], how: Reducer): number | undefined {
  const finite = values.filter((v) => Number.isFinite(v));
  if (how === 'last') {
    for (let i = values.length - 1; i >= 0; i--) if (!Number.isNaN(values[i])) return values[i];
    return undefined;
  }
  if (finite.length === 0) return undefined;
  switch (how) {
    case 'sum':
      return finite.reduce((a, v) => a + v, 0);
    case 'mean':
      return finite.reduce((a, v) => a + v, 0) / finite.length;
    case 'max':
      return Math.max(...finite);
    case 'min':
      return Math.min(...finite);
  }
}

function timeseriesData(panel: TimeseriesPanel, results: { series: SeriesPoints[] }[]): PanelData {
  const named = namedSeries(panel, results);
  const times = [...new Set(named.flatMap((s) => s.points.map((p) => p.time)))].sort((a, b) => a - b);
  const at = new Map(times.map((t, i) => [t, i]));
  const series = named.map((s) => {
    const values = new Array<number>(times.length).fill(NaN);
    for (const p of s.points) values[at.get(p.time)!] = p.value;
    return { ...shown(s.name, reduce(values, 'last'), panel.unit, panel.decimals, panel.thresholds), values };
  });
  return { kind: 'timeseries', times, series };
}

/** The default top of a gauge: 100 for percent, 1 for ratio, else the largest value shown. */
function gaugeMax(panel: GaugePanel, values: number[]): number {
  if (panel.max !== undefined) return panel.max;
  if (panel.unit === 'percent') return 100;
  if (panel.unit === 'ratio') return 1;
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length ? Math.max(panel.min, ...finite) : panel.min + 1;
}

function gaugeData(panel: GaugePanel, results: { samples: LabelledValue[] }[]): PanelData {
  const samples = results.flatMap((r, i) => r.samples.map((s) => ({ name: nameOf(s.labels, panel.queries[i].legend), value: s.value })));
  const max = gaugeMax(panel, samples.map((s) => s.value));
  const span = max - panel.min;
  const items = samples.map((s) => ({
    ...shown(s.name, s.value, panel.unit, panel.decimals, panel.thresholds),
    fraction: Number.isFinite(s.value) && span > 0 ? Math.min(1, Math.max(0, (s.value - panel.min) / span)) : 0,
  }));
  return { kind: 'gauge', min: panel.min, max, items };
}

function tableData(panel: TablePanel, results: { samples: LabelledValue[] }[]): PanelData {
  const labelNames = panel.labels ?? [...new Set(results.flatMap((r) => r.samples.flatMap((s) => Object.keys(s.labels))))].filter((l) => l !== '__name__').sort();
  const valueNames = panel.queries.map((q, i) => q.column ?? valueColumnName(i, panel.queries.length));
  const rows = new Map<string, { labels: string[]; values: (number | undefined)[] }>();
  results.forEach((r, qi) => {
    for (const s of r.samples) {
      const labels = labelNames.map((l) => s.labels[l] ?? '');
      const key = JSON.stringify(labels);
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { labels, values: new Array(panel.queries.length).fill(undefined) }));
      row.values[qi] = s.value;
    }
  });
  const sorted = sortRows([...rows.entries()], panel, labelNames, valueNames);
  return {
    kind: 'table',
    columns: [...labelNames.map((name) => ({ name: clean(name), align: 'left' as const })), ...valueNames.map((name) => ({ name: clean(name), align: 'right' as const }))],
    rows: sorted.map(([key, row]) => ({
      key,
      cells: [
        ...row.labels.map((text) => ({ text: clean(text), align: 'left' as const })),
        ...row.values.map((v, qi) => {
          const color = thresholdColor(v, panel.thresholds);
          return { text: formatValue(v, panel.queries[qi].unit ?? panel.unit, { decimals: panel.decimals }), align: 'right' as const, ...(color ? { color } : {}) };
        }),
      ],
    })),
  };
}

type TableRow = [string, { labels: string[]; values: (number | undefined)[] }];

/** By `sortBy` (a label or value column; missing values last), else by the labels. */
function sortRows(rows: TableRow[], panel: TablePanel, labelNames: string[], valueNames: string[]): TableRow[] {
  const byLabels = (a: TableRow, b: TableRow) => a[0].localeCompare(b[0]);
  const sortBy = panel.sortBy;
  const li = sortBy === undefined ? -1 : labelNames.indexOf(sortBy);
  const vi = sortBy === undefined ? -1 : valueNames.indexOf(sortBy);
  const sign = panel.sortDesc ? -1 : 1;
  if (li >= 0) return rows.sort((a, b) => sign * a[1].labels[li].localeCompare(b[1].labels[li]) || byLabels(a, b));
  if (vi >= 0) {
    const num = (r: TableRow) => r[1].values[vi];
    return rows.sort((a, b) => {
      const x = num(a);
      const y = num(b);
      const missing = Number(x === undefined || Number.isNaN(x)) - Number(y === undefined || Number.isNaN(y));
      return missing || (x === y ? 0 : sign * (x! < y! ? -1 : 1)) || byLabels(a, b);
    });
  }
  return rows.sort(byLabels);
}

function logsData(panel: LogsPanel, result: { lines: LogLine[]; start: number; end: number }): PanelData {
  if (panel.mode === 'lines') {
    return { kind: 'logs', lines: result.lines.map((l) => ({ time: l.time, labels: Object.fromEntries(Object.entries(l.labels).map(([k, v]) => [clean(k, 100), clean(v)])), line: clean(l.line, 2000) })) };
  }
  const report = reportPatterns({ entries: result.lines.map((l) => ({ line: l.line, time: l.time })), start: result.start, end: result.end }, undefined, { samples: 0 });
  return {
    kind: 'patterns',
    lines: report.lines,
    patterns: report.patterns.slice(0, MAX_PATTERNS).map((p) => ({ template: clean(p.template, 2000), count: p.count, share: p.share, buckets: p.buckets })),
  };
}

function cleanAlert(a: AlertItem): AlertItem {
  return { ...a, name: clean(a.name), service: clean(a.service), severity: clean(a.severity, 20), summary: clean(a.summary, 500) };
}

function analyticsData(r: Extract<RequestResult, { kind: 'analytics' }>): PanelData {
  const change = r.previous ? (r.current - r.previous) / r.previous : undefined;
  // Weighted bucket sums are fractional; events and users are counted in whole numbers.
  const value = (v: number) => ({ name: '', value: Math.round(v), text: formatValue(Math.round(v), 'none') });
  return {
    kind: 'analytics',
    label: clean(r.label),
    current: value(r.current),
    ...(r.previous !== undefined ? { previous: value(r.previous) } : {}),
    ...(change !== undefined ? { change } : {}),
    trend: r.buckets,
  };
}

const CAPACITY_COLORS: Record<ItemStatus, Color> = {
  exhausted: 'red',
  'runs out': 'red',
  watch: 'yellow',
  failed: 'yellow',
  'no data': 'yellow',
  'not found': 'gray',
  ok: 'green',
  'no limit': 'gray',
};

/** The report's lines of the panel's kinds, most urgent first (the report's order). */
function capacityData(panel: CapacityPanel, report: CapacityReport): PanelData {
  const items = panel.kinds.length > 0 ? report.items.filter((i) => (panel.kinds as string[]).includes(i.kind)) : report.items;
  return {
    kind: 'capacity',
    lines: items.map((i, n) => ({
      key: `${n}`,
      kind: i.kind,
      resource: resourceName(i),
      used: usedText(i),
      likely: whenText(i.likely, i, report.at, report.lookaheadMs),
      status: i.status,
      color: CAPACITY_COLORS[i.status],
    })),
  };
}
