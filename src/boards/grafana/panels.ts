import { DEFAULT_LOG_LIMIT, type Panel, type Query, type QuerySource, type TableQuery, type Thresholds, type Unit } from '../model.js';
import { valueColumnName } from '../parse.js';
import type { ImportContext } from './context.js';
import { convertExpr, looksLikeLogql } from './expr.js';
import { convertColor, convertReducer, convertThresholds, convertUnit } from './fields.js';
import type { GrafanaPanel, GrafanaTarget } from './types.js';

const NO_DATA_TYPES = ['text', 'news', 'dashlist', 'welcome', 'gettingstarted', 'annolist', 'pluginlist'];
const NO_EQUIVALENT_TYPES = [
  'heatmap', 'histogram', 'piechart', 'barchart', 'state-timeline', 'status-history', 'xychart', 'candlestick',
  'trend', 'geomap', 'canvas', 'nodeGraph', 'traces', 'flamegraph', 'datagrid',
];

/** Notes about one panel, kept until we know whether the panel is converted at all. */
class PanelNotes {
  readonly features: string[] = [];
  readonly queries: string[] = [];
  feature(reason: string): void {
    if (!this.features.includes(reason)) this.features.push(reason);
  }
}

/** Convert one panel (not a row); undefined when it cannot be, with the reason recorded. */
export function convertPanel(p: GrafanaPanel, width: number | undefined, ctx: ImportContext): Panel | undefined {
  const type = p.type ?? '';
  const title = p.title ?? '';
  const skipPanel = (reason: string): undefined => {
    ctx.skip({ what: 'panel', title, type, reason });
    return undefined;
  };
  if (p.libraryPanel && !p.targets) return skipPanel(`library panel "${p.libraryPanel.name ?? p.libraryPanel.uid}"; its model is not in the dashboard JSON`);
  if (NO_DATA_TYPES.includes(type)) return skipPanel(`a ${type} panel shows static content or Grafana's own pages, no query`);
  if (NO_EQUIVALENT_TYPES.includes(type)) return skipPanel(`panel type ${type} has no board equivalent`);
  if (type === 'alertlist') return skipPanel('alert list panels show Grafana-managed alerts; add an alerts panel (Alertmanager) by hand');

  const notes = new PanelNotes();
  const base = {
    id: '',
    title,
    ...(p.description ? { description: p.description } : {}),
    ...(width !== undefined ? { width } : {}),
  };
  let panel: Panel | undefined;
  switch (type) {
    case 'graph':
    case 'timeseries':
      panel = convertTimeseries(p, base, notes, ctx);
      break;
    case 'stat':
      panel = convertStat(p, base, notes, ctx);
      break;
    case 'singlestat':
    case 'grafana-singlestat-panel':
      panel = convertSinglestat(p, base, notes, ctx);
      break;
    case 'gauge':
    case 'bargauge':
      panel = convertGauge(p, type === 'gauge' ? 'gauge' : 'bar', base, notes, ctx);
      break;
    case 'table':
    case 'table-old':
      panel = convertTable(p, base, notes, ctx);
      break;
    case 'logs':
      panel = convertLogs(p, base, notes, ctx);
      break;
    default:
      return skipPanel(`unknown panel type ${type || '(none)'} (a plugin?)`);
  }
  if (!panel) {
    const why = notes.queries.length > 0 ? notes.queries.join('; ') : 'it has no queries';
    return skipPanel(`no query could be converted: ${why}`);
  }
  commonNotes(p, notes);
  for (const reason of notes.queries) ctx.skip({ what: 'query', title, type, reason });
  for (const reason of notes.features) ctx.skip({ what: 'feature', title, type, reason });
  return panel;
}

interface Base {
  id: string;
  title: string;
  description?: string;
  width?: number;
}

function commonNotes(p: GrafanaPanel, notes: PanelNotes): void {
  if (p.repeat) notes.feature(`repeats for each value of $${p.repeat}; converted once, with every selected value in its queries`);
  if (p.timeFrom) notes.feature(`its own time range (timeFrom ${p.timeFrom}) is not converted; uses the board's`);
  if (p.timeShift) notes.feature(`its time shift (${p.timeShift}) is not converted`);
  if (p.interval) notes.feature(`its min interval (${p.interval}) is not converted`);
  if (p.links && p.links.length > 0) notes.feature('panel links are not converted');
  const overrides = p.fieldConfig?.overrides ?? [];
  if (overrides.length > 0) notes.feature(`${overrides.length} field override(s) are not converted`);
  if ((p.fieldConfig?.defaults?.mappings ?? []).length > 0) notes.feature('value mappings are not converted');
  if (p.fieldConfig?.defaults?.displayName) notes.feature(`display name "${p.fieldConfig.defaults.displayName}" is not converted`);
  if (p.alert) notes.feature('its legacy Grafana alert rule is not converted');
  if ((p.seriesOverrides ?? []).length > 0) notes.feature('series overrides (colours, axes, stacking per series) are not converted');
  if (p.type !== 'table') {
    for (const t of (p.transformations ?? []).filter((t) => !t.disabled)) notes.feature(`transformation ${t.id} is not converted`);
  }
}

interface ConvertedTarget {
  query: Query;
  refId?: string;
  instant: boolean;
  maxLines?: number;
}

function convertTargets(
  p: GrafanaPanel,
  role: 'metric' | 'logs',
  notes: PanelNotes,
  ctx: ImportContext,
  visiting: ReadonlySet<number> = new Set(),
): ConvertedTarget[] {
  const out: ConvertedTarget[] = [];
  for (const t of p.targets ?? []) {
    const ref = t.refId ? `query ${t.refId}` : 'a query';
    const problem = (reason: string) => notes.queries.push(`${ref}: ${reason}`);
    if (t.hide) {
      problem('hidden in Grafana (used only by expressions or other queries); left out');
      continue;
    }
    const dsRef = t.datasource !== undefined && t.datasource !== null ? t.datasource : p.datasource;
    const ds = ctx.resolveDatasource(dsRef);
    if (ds.kind === 'dashboard') {
      out.push(...reusedTargets(t, role, notes, ctx, visiting, problem));
      continue;
    }
    if (ds.kind === 'expression') {
      problem('server-side expressions (math, reduce, resample) are not converted');
      continue;
    }
    if (ds.kind === 'other') {
      problem(`datasource "${ds.name}" is ${ds.type}, not Prometheus or Loki`);
      continue;
    }
    if (typeof t.expr !== 'string') {
      problem(`has no PromQL or LogQL expression (datasource "${ds.name}" is probably neither Prometheus nor Loki)`);
      continue;
    }
    const expr = t.expr.trim();
    if (!expr) {
      problem('empty query');
      continue;
    }
    let source: QuerySource;
    if (ds.kind === 'source') {
      source = ds.source;
      if (ds.guessed) ctx.noteGuess(ds.name, source, 'from its name');
    } else {
      source = ctx.inferred.get(ds.name) ?? (role === 'logs' || looksLikeLogql(expr) ? 'loki' : 'prometheus');
      if (ds.name !== 'default') ctx.noteGuess(ds.name, source, 'from its queries');
    }
    const converted = convertExpr(expr, ctx);
    if ('problem' in converted) {
      problem(converted.problem);
      continue;
    }
    for (const note of converted.notes) notes.feature(`${ref}: ${note}`);
    const isLogQuery = source === 'loki' && converted.expr.startsWith('{');
    if (role === 'logs' && !isLogQuery) {
      problem('a logs panel needs a Loki log query; this is a metric query or not Loki');
      continue;
    }
    if (role === 'metric' && isLogQuery) {
      problem('a Loki log query (lines, not numbers) in a metric panel');
      continue;
    }
    if (t.format === 'heatmap') notes.feature(`${ref}: heatmap format is not converted; buckets are shown as series`);
    if (t.interval) notes.feature(`${ref}: min step ${t.interval} is not converted`);
    const legend = t.legendFormat && t.legendFormat !== '__auto' ? { legend: t.legendFormat } : {};
    out.push({
      query: { expr: converted.expr, source, ...legend },
      ...(t.refId ? { refId: t.refId } : {}),
      instant: (t.instant === true && t.range !== true) || t.queryType === 'instant',
      ...(typeof t.maxLines === 'number' ? { maxLines: t.maxLines } : {}),
    });
  }
  return out;
}

/** "-- Dashboard --" targets reuse another panel's queries: copy them (equal queries share a request anyway). */
function reusedTargets(
  t: GrafanaTarget,
  role: 'metric' | 'logs',
  notes: PanelNotes,
  ctx: ImportContext,
  visiting: ReadonlySet<number>,
  problem: (reason: string) => void,
): ConvertedTarget[] {
  const source = t.panelId === undefined ? undefined : ctx.panelsById.get(t.panelId);
  if (!source || t.panelId === undefined) {
    problem(`reuses the results of panel ${t.panelId ?? '(none)'}, which is not in the dashboard`);
    return [];
  }
  if (visiting.has(t.panelId)) {
    problem(`reuses panel ${t.panelId} in a loop`);
    return [];
  }
  const copied = convertTargets(source, role, new PanelNotes(), ctx, new Set([...visiting, t.panelId]));
  if (copied.length === 0) problem(`reuses panel ${t.panelId} ("${source.title ?? ''}"), whose queries could not be converted`);
  if (t.withTransforms) notes.feature(`the transformations of panel ${t.panelId} are not converted`);
  return copied;
}

function unitOf(p: GrafanaPanel, legacyFormat: string | undefined, notes: PanelNotes): Unit {
  const id = p.fieldConfig?.defaults?.unit ?? legacyFormat;
  const { unit, note } = convertUnit(id);
  if (note) notes.feature(`unit ${id}: ${note}`);
  if (!unit) {
    notes.feature(`unit ${id} has no equivalent; values are shown as plain numbers`);
    return 'none';
  }
  return unit;
}

function decimalsOf(p: GrafanaPanel): { decimals?: number } {
  const d = p.fieldConfig?.defaults?.decimals ?? p.decimals;
  return typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 10 ? { decimals: d } : {};
}

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function fieldThresholds(p: GrafanaPanel, range: { min?: number; max?: number }, notes: PanelNotes): { thresholds?: Thresholds } {
  const { thresholds, problem } = convertThresholds(p.fieldConfig?.defaults?.thresholds, range);
  if (problem) notes.feature(problem);
  return thresholds ? { thresholds } : {};
}

function queriesOrNothing(targets: ConvertedTarget[]): Query[] | undefined {
  return targets.length > 0 ? targets.map((t) => t.query) : undefined;
}

function convertTimeseries(p: GrafanaPanel, base: Base, notes: PanelNotes, ctx: ImportContext): Panel | undefined {
  const queries = queriesOrNothing(convertTargets(p, 'metric', notes, ctx));
  if (!queries) return undefined;
  const graph = p.type === 'graph';
  const defaults = p.fieldConfig?.defaults ?? {};
  const min = numberOf(graph ? p.yaxes?.[0]?.min : defaults.min);
  const max = numberOf(graph ? p.yaxes?.[0]?.max : defaults.max);
  const legend = p.options?.legend;
  const showLegend = graph ? p.legend?.show !== false : legend?.showLegend !== false && legend?.displayMode !== 'hidden';
  let thresholds: { thresholds?: Thresholds } = {};
  if (graph) thresholds = legacyGraphThresholds(p.thresholds, notes);
  else if (defaults.custom?.thresholdsStyle?.mode && defaults.custom.thresholdsStyle.mode !== 'off') {
    thresholds = fieldThresholds(p, { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }, notes);
  }
  if (graph && p.percentage) notes.feature('"percentage" stacking (each series as a share of the total) is not converted');
  return {
    ...base,
    kind: 'timeseries',
    queries,
    unit: unitOf(p, graph ? p.yaxes?.[0]?.format : undefined, notes),
    ...decimalsOf(p),
    ...thresholds,
    showLegend,
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined && (min === undefined || max > min) ? { max } : {}),
  };
}

/** The graph panel's own thresholds: [{value, op: 'gt'|'lt', colorMode, fillColor}]. */
function legacyGraphThresholds(spec: unknown, notes: PanelNotes): { thresholds?: Thresholds } {
  if (!Array.isArray(spec) || spec.length === 0) return {};
  const steps: Thresholds['steps'] = [];
  for (const raw of spec as Array<Record<string, unknown>>) {
    const value = numberOf(raw.value);
    if (value === undefined) continue;
    if (raw.op === 'lt') {
      notes.feature(`a "below ${value}" threshold is not converted (board thresholds colour values above a step)`);
      continue;
    }
    const mode = raw.colorMode;
    const color =
      mode === 'critical' ? 'red' : mode === 'warning' ? 'yellow' : mode === 'ok' ? 'green'
        : convertColor(String(raw.fillColor ?? raw.lineColor ?? '')) ?? 'red';
    steps.push({ value, color });
  }
  steps.sort((a, b) => a.value - b.value);
  const unique = steps.filter((s, i) => i === 0 || s.value > steps[i - 1].value);
  return unique.length > 0 ? { thresholds: { base: 'green', steps: unique } } : {};
}

function convertStat(p: GrafanaPanel, base: Base, notes: PanelNotes, ctx: ImportContext): Panel | undefined {
  const queries = queriesOrNothing(convertTargets(p, 'metric', notes, ctx));
  if (!queries) return undefined;
  const reduceOptions = p.options?.reduceOptions;
  const { reduce, note } = convertReducer(reduceOptions?.calcs?.[0]);
  if (note) notes.feature(note);
  if (reduceOptions?.values) notes.feature('"all values" mode (one value per row, not reduced) is not converted');
  const defaults = p.fieldConfig?.defaults ?? {};
  const range = { ...(numberOf(defaults.min) !== undefined ? { min: numberOf(defaults.min) } : {}), ...(numberOf(defaults.max) !== undefined ? { max: numberOf(defaults.max) } : {}) };
  return {
    ...base,
    kind: 'stat',
    queries,
    unit: unitOf(p, undefined, notes),
    ...decimalsOf(p),
    // With colorMode "none" Grafana shows no threshold colours.
    ...(p.options?.colorMode === 'none' ? {} : fieldThresholds(p, range, notes)),
    reduce,
    sparkline: p.options?.graphMode !== 'none',
  };
}

const SINGLESTAT_COLORS = ['#299c46', 'rgba(237, 129, 40, 0.89)', '#d44a3a'];

function convertSinglestat(p: GrafanaPanel, base: Base, notes: PanelNotes, ctx: ImportContext): Panel | undefined {
  const queries = queriesOrNothing(convertTargets(p, 'metric', notes, ctx));
  if (!queries) return undefined;
  const unit = unitOf(p, p.format, notes);
  const thresholds = singlestatThresholds(p);
  if (p.prefix || p.postfix) notes.feature(`prefix/postfix text ("${p.prefix ?? ''}"/"${p.postfix ?? ''}") is not converted`);
  const valueMaps = (p.valueMaps ?? []).filter((m) => !(m.value === 'null' && m.text === 'N/A'));
  const rangeMaps = (p.rangeMaps ?? []).filter((m) => !(m.from === 'null' && m.to === 'null'));
  if (valueMaps.length > 0 || rangeMaps.length > 0) notes.feature('value mappings are not converted');
  if (p.tableColumn) notes.feature(`table column "${p.tableColumn}" selection is not converted`);
  if (p.gauge?.show) {
    const min = numberOf(p.gauge.minValue) ?? 0;
    const max = numberOf(p.gauge.maxValue) ?? 100;
    if (p.valueName && p.valueName !== 'current') notes.feature(`value "${p.valueName}" is not converted; a gauge shows the current value`);
    return { ...base, kind: 'gauge', queries, unit, ...decimalsOf(p), ...thresholds, min, ...(max > min ? { max } : {}) };
  }
  const { reduce, note } = convertReducer(p.valueName ?? 'avg');
  if (note) notes.feature(note);
  return { ...base, kind: 'stat', queries, unit, ...decimalsOf(p), ...thresholds, reduce, sparkline: p.sparkline?.show === true };
}

/** Singlestat thresholds: "t1,t2" with three colours (below t1, from t1, from t2). */
function singlestatThresholds(p: GrafanaPanel): { thresholds?: Thresholds } {
  if (typeof p.thresholds !== 'string' || p.thresholds.trim() === '') return {};
  const values = p.thresholds.split(',').map((v) => Number(v.trim()));
  if (values.some((v) => !Number.isFinite(v))) return {};
  const colors = (p.colors && p.colors.length >= 3 ? p.colors : SINGLESTAT_COLORS).map((c) => convertColor(c) ?? 'red');
  const steps = values
    .slice(0, colors.length - 1)
    .map((value, i) => ({ value, color: colors[i + 1] }))
    .filter((s, i, all) => i === 0 || s.value > all[i - 1].value);
  return { thresholds: { base: colors[0], steps } };
}

function convertGauge(p: GrafanaPanel, kind: 'gauge' | 'bar', base: Base, notes: PanelNotes, ctx: ImportContext): Panel | undefined {
  const queries = queriesOrNothing(convertTargets(p, 'metric', notes, ctx));
  if (!queries) return undefined;
  const unit = unitOf(p, undefined, notes);
  const defaults = p.fieldConfig?.defaults ?? {};
  const min = numberOf(defaults.min) ?? 0;
  const max = numberOf(defaults.max) ?? (unit === 'percent' ? 100 : unit === 'ratio' ? 1 : undefined);
  const calc = p.options?.reduceOptions?.calcs?.[0];
  if (calc && calc !== 'lastNotNull' && calc !== 'last') notes.feature(`reducer "${calc}" is not converted; shows the current value`);
  return {
    ...base,
    kind,
    queries,
    unit,
    ...decimalsOf(p),
    ...fieldThresholds(p, { min, ...(max !== undefined ? { max } : {}) }, notes),
    min,
    ...(max !== undefined && max > min ? { max } : {}),
  };
}

function convertTable(p: GrafanaPanel, base: Base, notes: PanelNotes, ctx: ImportContext): Panel | undefined {
  const targets = convertTargets(p, 'metric', notes, ctx);
  if (targets.length === 0) return undefined;
  for (const t of targets) {
    if (!t.instant) notes.feature(`${t.refId ? `query ${t.refId}` : 'a query'}: a range query; the table shows its current (instant) value`);
  }
  const legacy = p.type === 'table-old' || Array.isArray(p.styles);
  let legacyUnit: string | undefined;
  if (legacy) {
    const styles = (p.styles ?? []).filter((s) => s.pattern !== 'Time' && s.type !== 'hidden');
    legacyUnit = styles.find((s) => s.unit)?.unit;
    if (styles.length > 1) notes.feature('column styles are not converted (only the value unit is kept)');
    if (p.transform && p.transform !== 'table' && p.transform !== 'timeseries_to_rows') {
      notes.feature(`transform "${p.transform}" is not converted; each series is a row with its current value`);
    }
  }

  const organize = (p.transformations ?? []).find((t) => t.id === 'organize' && !t.disabled)?.options ?? {};
  const rename = (organize.renameByName ?? {}) as Record<string, string>;
  const exclude = Object.entries((organize.excludeByName ?? {}) as Record<string, boolean>).filter(([, hidden]) => hidden).map(([k]) => k);
  const order = Object.entries((organize.indexByName ?? {}) as Record<string, number>).sort((a, b) => a[1] - b[1]).map(([k]) => k);
  for (const t of (p.transformations ?? []).filter((t) => !t.disabled)) {
    if (t.id !== 'organize' && t.id !== 'merge' && t.id !== 'seriesToColumns' && t.id !== 'joinByField') {
      notes.feature(`transformation ${t.id} is not converted`);
    }
  }

  const isValueColumn = (name: string) => /^Value( #.+)?$/.test(name);
  const grafanaValueName = (t: ConvertedTarget) => (targets.length === 1 ? 'Value' : `Value #${t.refId ?? ''}`);
  const queries: TableQuery[] = targets.map((t) => {
    const renamed = rename[grafanaValueName(t)] ?? (targets.length === 1 ? rename[`Value #${t.refId}`] : undefined);
    const { legend: _legend, ...query } = t.query;
    return { ...query, ...(renamed ? { column: renamed } : {}) };
  });
  const labelOrder = order.filter((k) => k !== 'Time' && k !== '__name__' && !isValueColumn(k) && !exclude.includes(k));
  const hiddenLabels = exclude.filter((k) => k !== 'Time' && k !== '__name__' && !isValueColumn(k));
  if (hiddenLabels.length > 0 && labelOrder.length === 0) {
    notes.feature(`hidden columns (${hiddenLabels.join(', ')}) are not converted; every label is shown`);
  }
  const renamedLabels = labelOrder.filter((k) => rename[k]);
  if (renamedLabels.length > 0) notes.feature(`renamed label columns (${renamedLabels.join(', ')}) keep their label names`);

  const columnName = (grafanaName: string | undefined): string | undefined => {
    if (!grafanaName) return undefined;
    const i = targets.findIndex((t) => grafanaValueName(t) === grafanaName || rename[grafanaValueName(t)] === grafanaName);
    if (i >= 0) return queries[i].column ?? valueColumnName(i, queries.length);
    const label = Object.keys(rename).find((k) => rename[k] === grafanaName) ?? grafanaName;
    return labelOrder.length === 0 || labelOrder.includes(label) ? label : undefined;
  };
  const sort = p.options?.sortBy?.[0];
  const sortBy = columnName(sort?.displayName);
  if (sort?.displayName && !sortBy) notes.feature(`sorting by "${sort.displayName}" is not converted`);

  const defaults = p.fieldConfig?.defaults ?? {};
  const colouredCells = /color|gauge/i.test(`${defaults.custom?.displayMode ?? ''} ${defaults.custom?.cellOptions?.type ?? ''}`);
  return {
    ...base,
    kind: 'table',
    queries,
    ...(labelOrder.length > 0 ? { labels: labelOrder } : {}),
    unit: unitOf(p, legacyUnit, notes),
    ...decimalsOf(p),
    ...(colouredCells ? fieldThresholds(p, {}, notes) : {}),
    ...(sortBy ? { sortBy } : {}),
    sortDesc: sortBy ? sort?.desc === true : false,
  };
}

function convertLogs(p: GrafanaPanel, base: Base, notes: PanelNotes, ctx: ImportContext): Panel | undefined {
  const targets = convertTargets(p, 'logs', notes, ctx);
  if (targets.length === 0) return undefined;
  if (targets.length > 1) notes.feature(`${targets.length} queries; a logs panel shows the first (${targets[0].refId ?? 'A'})`);
  const maxLines = targets[0].maxLines;
  const limit = maxLines !== undefined && maxLines > 0 ? Math.min(5000, Math.round(maxLines)) : DEFAULT_LOG_LIMIT.lines;
  return { ...base, kind: 'logs', query: targets[0].query.expr, mode: 'lines', limit };
}
