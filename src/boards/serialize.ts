/**
 * A Board back to a board file: the canonical YAML that parseBoard reads, with defaults left out.
 * parseBoard(boardToYaml(b)).board deep-equals b.
 */
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import { formatDuration } from '../time/time.js';
import {
  DEFAULT_CAPACITY_WITHIN,
  DEFAULT_COMPARE_TO,
  DEFAULT_LOG_LIMIT,
  DEFAULT_TIME,
  boardPanels,
  type Board,
  type Panel,
  type TableQuery,
  type Thresholds,
  type Variable,
} from './model.js';
import { assignPanelIds } from './parse.js';

export interface SerializeOptions {
  /** Comment lines for the top of the file (without "#"). */
  header?: string[];
}

export function boardToYaml(board: Board, options: SerializeOptions = {}): string {
  const doc = new Document(boardToPlain(board));
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (key === 'thresholds' && isSeq(pair.value)) for (const item of pair.value.items) if (isMap(item)) item.flow = true;
      if ((key === 'labels' || key === 'values' || key === 'default' || key === 'slos') && isSeq(pair.value)) {
        pair.value.flow = true;
      }
    },
  });
  const body = doc.toString({ lineWidth: 0, flowCollectionPadding: true });
  const header = (options.header ?? []).flatMap((line) => line.split('\n')).map((line) => `# ${line}`.trimEnd());
  return header.length > 0 ? `${header.join('\n')}\n\n${body}` : body;
}

/** The board as the plain object a board file holds. */
export function boardToPlain(board: Board): Record<string, unknown> {
  const out: Record<string, unknown> = { title: board.title };
  if (board.description) out.description = board.description;
  if (board.variables.length > 0) out.variables = board.variables.map(variableToPlain);
  const time: Record<string, unknown> = {};
  if (board.time.range !== DEFAULT_TIME.range) time.range = formatDuration(board.time.range);
  if (board.time.refresh !== DEFAULT_TIME.refresh) time.refresh = board.time.refresh === 0 ? 'off' : formatDuration(board.time.refresh);
  if (board.time.scrapeInterval !== DEFAULT_TIME.scrapeInterval) time.scrapeInterval = formatDuration(board.time.scrapeInterval);
  if (Object.keys(time).length > 0) out.time = time;

  const writeIds = !idsAreDerived(board);
  const panel = (p: Panel) => panelToPlain(p, writeIds);
  const [first] = board.rows;
  if (board.rows.length === 1 && !first.title && !first.collapsed) {
    out.panels = first.panels.map(panel);
  } else {
    out.rows = board.rows.map((row) => ({
      ...(row.title ? { title: row.title } : {}),
      ...(row.collapsed ? { collapsed: true } : {}),
      panels: row.panels.map(panel),
    }));
  }
  return out;
}

function idsAreDerived(board: Board): boolean {
  const panels = boardPanels(board);
  const derived = panels.map((p) => ({ ...p, id: '' }));
  assignPanelIds(derived);
  return derived.every((p, i) => p.id === panels[i].id);
}

function variableToPlain(v: Variable): Record<string, unknown> {
  const out: Record<string, unknown> = { name: v.name };
  if (v.label !== undefined) out.label = v.label;
  if (v.kind === 'query') {
    out.query = v.query;
    if (v.source !== 'prometheus') out.source = v.source;
    if (v.regex !== undefined) out.regex = v.regex;
  } else if (v.kind === 'list') {
    out.values = v.values;
  }
  if (v.default) out.default = v.default.length === 1 ? v.default[0] : v.default;
  if (v.multi) out.multi = true;
  if (v.includeAll) out.includeAll = true;
  if (v.allValue !== undefined) out.allValue = v.allValue;
  if (v.hidden) out.hidden = true;
  return out;
}

function panelToPlain(p: Panel, writeId: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: p.kind };
  if (p.title) out.title = p.title;
  if (writeId) out.id = p.id;
  if (p.description) out.description = p.description;
  if (p.width !== undefined) out.width = p.width;
  switch (p.kind) {
    case 'stat':
    case 'timeseries':
    case 'gauge':
    case 'bar':
    case 'table': {
      Object.assign(out, queriesToPlain(p.queries, p.kind === 'table'));
      if (p.unit !== 'none') out.unit = p.unit;
      if (p.decimals !== undefined) out.decimals = p.decimals;
      if (p.thresholds) out.thresholds = thresholdsToPlain(p.thresholds);
      if (p.kind === 'stat') {
        if (p.reduce !== 'last') out.reduce = p.reduce;
        if (!p.sparkline) out.sparkline = false;
      } else if (p.kind === 'timeseries') {
        if (!p.showLegend) out.showLegend = false;
        if (p.min !== undefined) out.min = p.min;
        if (p.max !== undefined) out.max = p.max;
      } else if (p.kind === 'table') {
        if (p.labels) out.labels = p.labels;
        if (p.sortBy !== undefined) out.sortBy = p.sortBy;
        if (p.sortDesc) out.sortDesc = true;
      } else {
        if (p.min !== 0) out.min = p.min;
        const unitMax = p.unit === 'percent' ? 100 : p.unit === 'ratio' ? 1 : undefined;
        if (p.max !== undefined && p.max !== unitMax) out.max = p.max;
      }
      return out;
    }
    case 'logs':
      out.query = p.query;
      if (p.mode !== 'lines') out.mode = p.mode;
      if (p.limit !== DEFAULT_LOG_LIMIT[p.mode]) out.limit = p.limit;
      return out;
    case 'alerts':
      if (p.matchers.length > 0) out.matchers = p.matchers;
      if (p.limit !== undefined) out.limit = p.limit;
      return out;
    case 'slo':
      if (p.slos.length > 0) out.slos = p.slos;
      return out;
    case 'capacity':
      if (p.within !== DEFAULT_CAPACITY_WITHIN) out.within = formatDuration(p.within);
      if (p.kinds.length > 0) out.kinds = p.kinds;
      return out;
    case 'analytics':
      if (p.metric === 'event') {
        out.event = p.event;
        if (p.measure !== 'totals') out.measure = p.measure;
      } else {
        out.users = p.metric === 'active_users' ? 'active' : 'new';
      }
      if (p.compareTo !== DEFAULT_COMPARE_TO) out.compareTo = formatDuration(p.compareTo);
      return out;
  }
}

function queriesToPlain(queries: TableQuery[], table: boolean): Record<string, unknown> {
  const [only] = queries;
  const fitsShorthand = table ? only?.legend === undefined : only?.column === undefined;
  if (queries.length === 1 && only.unit === undefined && fitsShorthand) {
    return {
      query: only.expr,
      ...(only.legend !== undefined ? { legend: only.legend } : {}),
      ...(only.column !== undefined ? { column: only.column } : {}),
      ...(only.source !== 'prometheus' ? { source: only.source } : {}),
    };
  }
  return {
    queries: queries.map((q) => ({
      query: q.expr,
      ...(q.legend !== undefined ? { legend: q.legend } : {}),
      ...(q.source !== 'prometheus' ? { source: q.source } : {}),
      ...(q.column !== undefined ? { column: q.column } : {}),
      ...(q.unit !== undefined ? { unit: q.unit } : {}),
    })),
  };
}

function thresholdsToPlain(t: Thresholds): Array<Record<string, unknown>> {
  return [...(t.base !== 'green' ? [{ color: t.base }] : []), ...t.steps.map((s) => ({ value: s.value, color: s.color }))];
}
