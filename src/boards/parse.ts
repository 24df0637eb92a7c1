/**
 * Board files: YAML in, a validated Board out, or every problem found as file:line:column.
 * The format is documented in ./README.md.
 */
import { isScalar, type Node } from 'yaml';
import {
  ALL,
  CAPACITY_KINDS,
  COLORS,
  DEFAULT_CAPACITY_WITHIN,
  DEFAULT_COMPARE_TO,
  DEFAULT_LOG_LIMIT,
  DEFAULT_TIME,
  PANEL_KINDS,
  REDUCERS,
  type Board,
  type BoardRow,
  type Color,
  type Panel,
  type PanelKind,
  type QuerySource,
  type TableQuery,
  type Thresholds,
  type Unit,
  type Variable,
} from './model.js';
import { BUILTIN_NAMES, builtinScope } from './builtins.js';
import { findVariableRefs, substitute, SubstitutionError, type Scope } from './substitute.js';
import { checkSyntax } from './syntax.js';
import { parseUnit } from './units.js';
import { compileOptionRegex, parseLabelValues } from './variables.js';
import { YamlReader, type Fields, type Problem } from './yaml-reader.js';

export interface ParseResult {
  /** Present only when there are no problems. */
  board?: Board;
  problems: Problem[];
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PANEL_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const MATCHER = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*(=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*$/s;

const COMMON_KEYS = ['kind', 'title', 'id', 'description', 'width'];
const QUERY_KEYS = ['query', 'queries', 'legend', 'source'];
const VALUE_KEYS = ['unit', 'decimals', 'thresholds'];
const PANEL_KEYS: Record<PanelKind, string[]> = {
  stat: [...COMMON_KEYS, ...QUERY_KEYS, ...VALUE_KEYS, 'reduce', 'sparkline'],
  timeseries: [...COMMON_KEYS, ...QUERY_KEYS, ...VALUE_KEYS, 'showLegend', 'min', 'max'],
  gauge: [...COMMON_KEYS, ...QUERY_KEYS, ...VALUE_KEYS, 'min', 'max'],
  bar: [...COMMON_KEYS, ...QUERY_KEYS, ...VALUE_KEYS, 'min', 'max'],
  table: [...COMMON_KEYS, 'query', 'queries', 'column', 'source', ...VALUE_KEYS, 'labels', 'sortBy', 'sortDesc'],
  logs: [...COMMON_KEYS, 'query', 'mode', 'limit'],
  alerts: [...COMMON_KEYS, 'matchers', 'limit'],
  slo: [...COMMON_KEYS, 'slos'],
  analytics: [...COMMON_KEYS, 'event', 'users', 'measure', 'compareTo'],
  capacity: [...COMMON_KEYS, 'within', 'kinds'],
};
const ALL_PANEL_KEYS = [...new Set(Object.values(PANEL_KEYS).flat())];

/** A query seen while parsing, checked once every variable is known. */
interface PendingQuery {
  node: Node | undefined;
  expr: string;
  source: QuerySource;
  /** What the query must be: a LogQL log query, a metric query, or an Alertmanager matcher. */
  role: 'logs' | 'metric' | 'matcher' | 'selector';
  /** For variable queries: the variables declared before this one. */
  allowed?: ReadonlySet<string>;
}

export function parseBoard(source: string, file = '<board>'): ParseResult {
  const r = new YamlReader(file, source);
  if (r.problems.length > 0) return { problems: r.problems };
  if (r.root === undefined) {
    r.error(undefined, 'the board file is empty');
    return { problems: r.problems };
  }
  const pending: PendingQuery[] = [];
  const top = r.fields(r.root, 'the board', ['title', 'description', 'variables', 'time', 'rows', 'panels']);
  if (!top) return { problems: r.problems };

  const title = r.string(top.require('title', 'a title'), 'title');
  const description = top.get('description') ? r.string(top.get('description'), 'description') : undefined;
  const variables = parseVariables(r, top.get('variables'), pending);
  const time = parseTime(r, top.get('time'));
  const rows = parseLayout(r, top, pending);
  checkQueries(r, pending, variables);

  if (r.problems.length > 0 || title === undefined) return { problems: r.problems };
  const board: Board = { title, ...(description ? { description } : {}), variables, time, rows };
  return { board, problems: [] };
}

function parseVariables(r: YamlReader, node: Node | undefined, pending: PendingQuery[]): Variable[] {
  if (!node) return [];
  const out: Variable[] = [];
  const seen = new Map<string, number>();
  for (const item of r.items(node, 'variables') ?? []) {
    const f = r.fields(item, 'a variable', [
      'name', 'label', 'query', 'source', 'regex', 'values', 'default', 'multi', 'includeAll', 'allValue', 'hidden',
    ]);
    if (!f) continue;
    const name = r.string(f.require('name', 'a name'), 'name');
    if (name === undefined) continue;
    if (!VARIABLE_NAME.test(name)) {
      r.error(f.get('name'), `variable name "${name}" must be letters, digits and _, not starting with a digit`);
      continue;
    }
    if (name.startsWith('__')) r.error(f.get('name'), `variable names starting with "__" are reserved for built-ins`);
    const first = seen.get(name);
    if (first !== undefined) {
      r.error(f.get('name'), `duplicate variable $${name} (first declared on line ${first})`);
      continue;
    }
    seen.set(name, r.line(f.get('name')));

    const multi = f.get('multi') ? r.boolean(f.get('multi'), 'multi') ?? false : false;
    const includeAll = f.get('includeAll') ? r.boolean(f.get('includeAll'), 'includeAll') ?? false : false;
    const allValue = f.get('allValue') ? r.string(f.get('allValue'), 'allValue') : undefined;
    if (allValue !== undefined && !includeAll) r.error(f.get('allValue'), 'allValue needs includeAll: true');
    const label = f.get('label') ? r.string(f.get('label'), 'label') : undefined;
    const hidden = f.get('hidden') ? r.boolean(f.get('hidden'), 'hidden') : undefined;
    const defaults = f.get('default') ? r.strings(f.get('default'), 'default') : undefined;
    if (defaults) {
      if (defaults.length > 1 && !multi) r.error(f.get('default'), `$${name} takes one value (multi is false) but default lists ${defaults.length}`);
      if (defaults.includes(ALL) && !includeAll) r.error(f.get('default'), `default ${ALL} needs includeAll: true`);
    }
    const base = {
      name,
      ...(label !== undefined ? { label } : {}),
      multi,
      includeAll,
      ...(allValue !== undefined ? { allValue } : {}),
      ...(defaults ? { default: defaults } : {}),
      ...(hidden ? { hidden } : {}),
    };

    if (f.get('query') && f.get('values')) {
      r.error(f.node, `variable $${name} has both query and values; keep one`);
      continue;
    }
    for (const key of ['source', 'regex'] as const) {
      if (f.get(key) && !f.get('query')) r.error(f.key(key), `${key} only applies to a variable with a query`);
    }
    if (f.get('query')) {
      const query = r.string(f.get('query'), 'query');
      const src = f.get('source') ? r.oneOf(f.get('source'), 'source', ['prometheus', 'loki'] as const) : 'prometheus';
      const regex = f.get('regex') ? r.string(f.get('regex'), 'regex') : undefined;
      if (regex !== undefined) {
        try {
          compileOptionRegex(regex);
        } catch {
          r.error(f.get('regex'), `regex ${JSON.stringify(regex)} is not a valid regular expression`);
        }
      }
      if (query === undefined || src === undefined) continue;
      const parsed = parseLabelValues(query);
      if (!parsed) {
        r.error(f.get('query'), `variable query must be label_values(label) or label_values(selector, label), not ${JSON.stringify(query)}`);
        continue;
      }
      if (parsed.selector !== undefined) {
        pending.push({ node: f.get('query'), expr: parsed.selector, source: src, role: 'selector', allowed: new Set(seen.keys()) });
      }
      out.push({ ...base, kind: 'query', query, source: src, ...(regex !== undefined ? { regex } : {}) });
    } else if (f.get('values')) {
      const values = r.strings(f.get('values'), 'values');
      if (!values) continue;
      if (values.length === 0) r.error(f.get('values'), `variable $${name} needs at least one value`);
      if (new Set(values).size !== values.length) r.error(f.get('values'), `variable $${name} lists a value twice`);
      for (const d of defaults ?? []) {
        if (d !== ALL && !values.includes(d)) r.error(f.get('default'), `default "${d}" is not one of the values of $${name}`);
      }
      out.push({ ...base, kind: 'list', values });
    } else {
      if (!defaults) r.error(f.node, `variable $${name} needs a query, a list of values, or (for free text) a default`);
      if (includeAll) r.error(f.get('includeAll'), `a free-text variable cannot include "All"`);
      out.push({ ...base, kind: 'text' });
    }
  }
  return out;
}

function parseTime(r: YamlReader, node: Node | undefined): Board['time'] {
  const time: Board['time'] = { ...DEFAULT_TIME };
  if (!node) return time;
  const f = r.fields(node, 'time', ['range', 'refresh', 'scrapeInterval']);
  if (!f) return time;
  if (f.get('range')) time.range = r.duration(f.get('range'), 'time.range') ?? time.range;
  if (f.get('scrapeInterval')) time.scrapeInterval = r.duration(f.get('scrapeInterval'), 'time.scrapeInterval') ?? time.scrapeInterval;
  const refresh = f.get('refresh');
  if (refresh) {
    const text = r.string(refresh, 'time.refresh');
    if (text === 'off') time.refresh = 0;
    else if (text !== undefined) time.refresh = r.duration(refresh, 'time.refresh (a duration or "off")') ?? time.refresh;
  }
  return time;
}

function parseLayout(r: YamlReader, top: Fields, pending: PendingQuery[]): BoardRow[] {
  const ids = new Map<string, number>();
  if (top.get('rows') && top.get('panels')) {
    r.error(top.key('panels'), 'a board has either rows or panels, not both');
    return [];
  }
  let rows: BoardRow[];
  if (top.get('panels')) {
    rows = [{ panels: parsePanels(r, top.get('panels'), pending, ids) }];
  } else {
    const rowNodes = r.items(top.require('rows', 'rows (or panels)'), 'rows') ?? [];
    if (top.get('rows') && rowNodes.length === 0) r.error(top.get('rows'), 'rows is empty');
    rows = rowNodes.flatMap((node) => {
      const f = r.fields(node, 'a row', ['title', 'collapsed', 'panels']);
      if (!f) return [];
      const title = f.get('title') ? r.string(f.get('title'), 'row title') : undefined;
      const collapsed = f.get('collapsed') ? r.boolean(f.get('collapsed'), 'collapsed') : undefined;
      const panels = parsePanels(r, f.require('panels', 'panels'), pending, ids);
      return [{ ...(title ? { title } : {}), ...(collapsed ? { collapsed } : {}), panels }];
    });
  }
  assignPanelIds(rows.flatMap((row) => row.panels), ids);
  return rows;
}

/** Explicit ids collected while parsing: id -> line. */
type ExplicitIds = Map<string, number>;

function parsePanels(r: YamlReader, node: Node | undefined, pending: PendingQuery[], ids: ExplicitIds): Panel[] {
  if (!node) return [];
  const items = r.items(node, 'panels') ?? [];
  if (items.length === 0) r.error(node, 'panels is empty');
  return items.flatMap((item) => {
    const panel = parsePanel(r, item, pending, ids);
    return panel ? [panel] : [];
  });
}

function parsePanel(r: YamlReader, node: Node, pending: PendingQuery[], ids: ExplicitIds): Panel | undefined {
  const f = r.fields(node, 'a panel', ALL_PANEL_KEYS);
  if (!f) return undefined;
  const kind = r.oneOf(f.require('kind', `a kind (${PANEL_KINDS.join(', ')})`), 'panel kind', PANEL_KINDS);
  if (!kind) return undefined;
  const what = `a ${kind} panel`;
  for (const key of ALL_PANEL_KEYS) {
    if (f.has(key) && !PANEL_KEYS[kind].includes(key)) r.error(f.key(key), `${what} has no field "${key}"`);
  }
  const title = f.get('title') ? r.string(f.get('title'), 'title') ?? '' : '';
  const description = f.get('description') ? r.string(f.get('description'), 'description') : undefined;
  const width = f.get('width') ? r.number(f.get('width'), 'width', { integer: true, min: 1, max: 24 }) : undefined;
  let id = '';
  if (f.get('id')) {
    const explicit = r.string(f.get('id'), 'id');
    if (explicit !== undefined && !PANEL_ID.test(explicit)) {
      r.error(f.get('id'), `panel id "${explicit}" must be letters, digits, "_", "." and "-"`);
    } else if (explicit !== undefined && ids.has(explicit)) {
      r.error(f.get('id'), `duplicate panel id "${explicit}" (first on line ${ids.get(explicit)})`);
    } else if (explicit !== undefined) {
      ids.set(explicit, r.line(f.get('id')));
      id = explicit;
    }
  }
  const base = { id, title, ...(description ? { description } : {}), ...(width !== undefined ? { width } : {}) };

  switch (kind) {
    case 'stat':
    case 'timeseries':
    case 'gauge':
    case 'bar': {
      const queries = parseQueries(r, f, what, pending, false);
      const values = parseValueOptions(r, f);
      const min = f.get('min') ? r.number(f.get('min'), 'min') : undefined;
      const max = f.get('max') ? r.number(f.get('max'), 'max') : undefined;
      if (min !== undefined && max !== undefined && min >= max) r.error(f.get('max'), 'max must be greater than min');
      if (kind === 'stat') {
        const reduce = f.get('reduce') ? r.oneOf(f.get('reduce'), 'reduce', REDUCERS) ?? 'last' : 'last';
        const sparkline = f.get('sparkline') ? r.boolean(f.get('sparkline'), 'sparkline') ?? true : true;
        return { ...base, kind, queries, ...values, reduce, sparkline };
      }
      if (kind === 'timeseries') {
        const showLegend = f.get('showLegend') ? r.boolean(f.get('showLegend'), 'showLegend') ?? true : true;
        return { ...base, kind, queries, ...values, showLegend, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
      }
      const defaultMax = values.unit === 'percent' ? 100 : values.unit === 'ratio' ? 1 : undefined;
      const gaugeMax = max ?? defaultMax;
      return { ...base, kind, queries, ...values, min: min ?? 0, ...(gaugeMax !== undefined ? { max: gaugeMax } : {}) };
    }
    case 'table': {
      const queries = parseQueries(r, f, what, pending, true);
      const values = parseValueOptions(r, f);
      const labels = f.get('labels') ? r.strings(f.get('labels'), 'labels') : undefined;
      const sortBy = f.get('sortBy') ? r.string(f.get('sortBy'), 'sortBy') : undefined;
      const sortDesc = f.get('sortDesc') ? r.boolean(f.get('sortDesc'), 'sortDesc') ?? false : false;
      if (sortBy !== undefined) {
        const columns = [...(labels ?? []), ...queries.map((q, i) => q.column ?? valueColumnName(i, queries.length))];
        if (labels && !columns.includes(sortBy)) {
          r.error(f.get('sortBy'), `sortBy "${sortBy}" is not a column (${columns.join(', ')})`);
        }
      }
      return { ...base, kind, queries, ...values, ...(labels ? { labels } : {}), ...(sortBy ? { sortBy } : {}), sortDesc };
    }
    case 'logs': {
      const queryNode = f.require('query', 'a LogQL query');
      const query = queryNode ? r.string(queryNode, 'query') : undefined;
      if (query !== undefined) pending.push({ node: queryNode, expr: query, source: 'loki', role: 'logs' });
      const mode = f.get('mode') ? r.oneOf(f.get('mode'), 'mode', ['lines', 'patterns'] as const) ?? 'lines' : 'lines';
      const limit = f.get('limit')
        ? r.number(f.get('limit'), 'limit', { integer: true, min: 1, max: 5000 }) ?? DEFAULT_LOG_LIMIT[mode]
        : DEFAULT_LOG_LIMIT[mode];
      return { ...base, kind, query: query ?? '', mode, limit };
    }
    case 'alerts': {
      const matchers = f.get('matchers') ? r.strings(f.get('matchers'), 'matchers') ?? [] : [];
      for (const m of matchers) {
        if (!MATCHER.test(m)) {
          r.error(f.get('matchers'), `matcher ${JSON.stringify(m)} must look like label="value", label!="value", label=~"regex" or label!~"regex"`);
        } else {
          pending.push({ node: f.get('matchers'), expr: m, source: 'prometheus', role: 'matcher' });
        }
      }
      const limit = f.get('limit') ? r.number(f.get('limit'), 'limit', { integer: true, min: 1 }) : undefined;
      return { ...base, kind, matchers, ...(limit !== undefined ? { limit } : {}) };
    }
    case 'slo': {
      const slos = f.get('slos') ? r.strings(f.get('slos'), 'slos') ?? [] : [];
      return { ...base, kind, slos };
    }
    case 'analytics': {
      const event = f.get('event') ? r.string(f.get('event'), 'event') : undefined;
      const users = f.get('users') ? r.oneOf(f.get('users'), 'users', ['active', 'new'] as const) : undefined;
      if (Boolean(f.get('event')) === Boolean(f.get('users'))) {
        r.error(f.node, `${what} needs either event: (an event segmentation) or users: active|new`);
      }
      if (f.get('measure') && !f.get('event')) r.error(f.key('measure'), 'measure only applies to an event');
      const measure = f.get('measure') ? r.oneOf(f.get('measure'), 'measure', ['totals', 'uniques'] as const) ?? 'totals' : 'totals';
      const compareTo = f.get('compareTo') ? r.duration(f.get('compareTo'), 'compareTo') ?? DEFAULT_COMPARE_TO : DEFAULT_COMPARE_TO;
      const metric = users === 'new' ? 'new_users' : users === 'active' ? 'active_users' : 'event';
      return { ...base, kind, metric, ...(event !== undefined ? { event } : {}), measure, compareTo };
    }
    case 'capacity': {
      const within = f.get('within') ? r.duration(f.get('within'), 'within') ?? DEFAULT_CAPACITY_WITHIN : DEFAULT_CAPACITY_WITHIN;
      const kinds = f.get('kinds') ? r.items(f.get('kinds')!, 'kinds')?.flatMap((k) => r.oneOf(k, 'kinds', CAPACITY_KINDS) ?? []) ?? [] : [];
      return { ...base, kind, within, kinds };
    }
  }
}

/** The default header of the i-th value column of a table with n queries. */
export function valueColumnName(i: number, n: number): string {
  return n === 1 ? 'value' : `value${i + 1}`;
}

function parseQueries(r: YamlReader, f: Fields, what: string, pending: PendingQuery[], table: boolean): TableQuery[] {
  const panelSource = f.get('source') ? r.oneOf(f.get('source'), 'source', ['prometheus', 'loki'] as const) ?? 'prometheus' : 'prometheus';
  const single = f.get('query');
  const list = f.get('queries');
  if (single && list) {
    r.error(f.key('queries'), `${what} has both query and queries; keep one`);
    return [];
  }
  if (!single && !list) {
    r.error(f.node, `${what} needs a query (query: or queries:)`);
    return [];
  }
  if (single) {
    const expr = r.string(single, 'query');
    if (expr === undefined) return [];
    pending.push({ node: single, expr, source: panelSource, role: 'metric' });
    const legend = f.get('legend') ? r.string(f.get('legend'), 'legend') : undefined;
    const column = table && f.get('column') ? r.string(f.get('column'), 'column') : undefined;
    return [{ expr, source: panelSource, ...(legend !== undefined ? { legend } : {}), ...(column !== undefined ? { column } : {}) }];
  }
  for (const key of ['legend', 'column'] as const) {
    if (f.get(key)) r.error(f.key(key), `${key} goes on each item of queries`);
  }
  const items = r.items(list, 'queries') ?? [];
  if (items.length === 0) r.error(list, 'queries is empty');
  const out: TableQuery[] = [];
  for (const item of items) {
    if (isPlainString(item)) {
      const expr = r.string(item, 'query')!;
      pending.push({ node: item, expr, source: panelSource, role: 'metric' });
      out.push({ expr, source: panelSource });
      continue;
    }
    const q = r.fields(item, 'a query', table ? ['query', 'legend', 'source', 'column', 'unit'] : ['query', 'legend', 'source']);
    if (!q) continue;
    const exprNode = q.require('query', 'query: (the PromQL or LogQL expression)');
    const expr = exprNode ? r.string(exprNode, 'query') : undefined;
    const source = q.get('source') ? r.oneOf(q.get('source'), 'source', ['prometheus', 'loki'] as const) ?? panelSource : panelSource;
    const legend = q.get('legend') ? r.string(q.get('legend'), 'legend') : undefined;
    const column = q.get('column') ? r.string(q.get('column'), 'column') : undefined;
    const unit = q.get('unit') ? readUnit(r, q.get('unit')) : undefined;
    if (expr === undefined) continue;
    pending.push({ node: exprNode, expr, source, role: 'metric' });
    out.push({
      expr,
      source,
      ...(legend !== undefined ? { legend } : {}),
      ...(column !== undefined ? { column } : {}),
      ...(unit !== undefined ? { unit } : {}),
    });
  }
  return out;
}

function isPlainString(node: Node): boolean {
  return isScalar(node) && typeof node.value === 'string';
}

function parseValueOptions(r: YamlReader, f: Fields): { unit: Unit; decimals?: number; thresholds?: Thresholds } {
  const unit = f.get('unit') ? readUnit(r, f.get('unit')) ?? 'none' : 'none';
  const decimals = f.get('decimals') ? r.number(f.get('decimals'), 'decimals', { integer: true, min: 0, max: 10 }) : undefined;
  const thresholds = f.get('thresholds') ? parseThresholds(r, f.get('thresholds')) : undefined;
  return { unit, ...(decimals !== undefined ? { decimals } : {}), ...(thresholds ? { thresholds } : {}) };
}

function readUnit(r: YamlReader, node: Node | undefined): Unit | undefined {
  const text = r.string(node, 'unit');
  if (text === undefined) return undefined;
  const unit = parseUnit(text);
  if (!unit) {
    r.error(node, `unknown unit "${text}"; expected none, bytes, seconds, milliseconds, percent (0-100), ratio (0-1), reqps or currency:XXX (e.g. currency:USD)`);
  }
  return unit;
}

function parseThresholds(r: YamlReader, node: Node | undefined): Thresholds | undefined {
  const items = r.items(node, 'thresholds');
  if (!items) return undefined;
  const out: Thresholds = { base: 'green', steps: [] };
  items.forEach((item, i) => {
    const f = r.fields(item, 'a threshold', ['value', 'color']);
    if (!f) return;
    const color = r.oneOf(f.require('color', 'a color'), 'color', COLORS) as Color | undefined;
    if (!f.get('value')) {
      if (i !== 0) r.error(item, 'only the first threshold may leave out value (it sets the base colour)');
      else if (color) out.base = color;
      return;
    }
    const value = r.number(f.get('value'), 'threshold value');
    if (value === undefined || !color) return;
    const prev = out.steps.at(-1);
    if (prev && value <= prev.value) {
      r.error(f.get('value'), `threshold values must ascend: ${value} comes after ${prev.value}`);
      return;
    }
    out.steps.push({ value, color });
  });
  return out;
}

/** Panel ids: the explicit ones, else a slug of the title (or the kind), made unique with -2, -3 ... */
export function assignPanelIds(panels: Panel[], explicit: ReadonlyMap<string, unknown> = new Map()): void {
  const taken = new Set(explicit.keys());
  for (const panel of panels) {
    if (panel.id) continue;
    const stem = slug(panel.title) || panel.kind;
    let id = stem;
    for (let n = 2; taken.has(id); n++) id = `${stem}-${n}`;
    taken.add(id);
    panel.id = id;
  }
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/\$\{?[a-z0-9_]+\}?/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

function checkQueries(r: YamlReader, pending: PendingQuery[], variables: Variable[]): void {
  const byName = new Map(variables.map((v) => [v.name, v]));
  const builtins = new Set<string>(BUILTIN_NAMES);
  const placeholder = placeholderScope(variables);
  const ones: Scope = Object.fromEntries(variables.map((v) => [v.name, { values: ['1'] }]));
  for (const q of pending) {
    let refsOk = true;
    for (const ref of findVariableRefs(q.expr)) {
      const variable = byName.get(ref.name);
      if (ref.format !== undefined) {
        r.error(q.node, `\${${ref.name}:${ref.format}}: variable formats are not supported; write \${${ref.name}}`);
        refsOk = false;
      } else if (!variable && !builtins.has(ref.name)) {
        r.error(q.node, `unknown variable $${ref.name}`);
        refsOk = false;
      } else if (variable && q.allowed && !q.allowed.has(ref.name)) {
        r.error(q.node, `$${ref.name} is declared after the variable whose query uses it`);
        refsOk = false;
      } else if (variable && ref.context === 'string' && (variable.multi || variable.includeAll)) {
        r.error(q.node, `$${ref.name} can have several values; use it in a regex match (=~ or !~), not in a plain string`);
        refsOk = false;
      }
    }
    if (!refsOk) continue;
    if (q.role === 'matcher') continue;
    const text = trySubstitute(q.expr, placeholder);
    if (text instanceof SubstitutionError) {
      r.error(q.node, text.message);
      continue;
    }
    let result = checkSyntax(text, q.source);
    if (!result.ok) {
      const retry = trySubstitute(q.expr, { ...placeholder, ...ones });
      if (!(retry instanceof SubstitutionError) && checkSyntax(retry, q.source).ok) result = checkSyntax(retry, q.source);
    }
    const lang = q.source === 'loki' ? 'LogQL' : 'PromQL';
    if (!result.ok) {
      r.error(q.node, `${q.role === 'selector' ? 'selector' : 'query'} is not valid ${lang} near ${JSON.stringify(excerpt(text, result.at))}`);
    } else if (q.role === 'logs' && result.logql !== 'log') {
      r.error(q.node, 'a logs panel needs a LogQL log query ({selector} |= ...), not a metric query');
    } else if (q.role === 'metric' && q.source === 'loki' && result.logql !== 'metric') {
      r.error(q.node, 'a Loki query in a metric panel must be a metric query (e.g. sum(rate({app="x"}[5m])))');
    }
  }
}

function trySubstitute(expr: string, scope: Scope): string | SubstitutionError {
  try {
    return substitute(expr, scope);
  } catch (err) {
    if (err instanceof SubstitutionError) return err;
    throw err;
  }
}

function excerpt(text: string, at: number): string {
  const start = Math.max(0, at - 20);
  return (start > 0 ? '…' : '') + text.slice(start, at + 20) + (at + 20 < text.length ? '…' : '');
}

/** Plausible values for every variable, to check that queries parse once substituted. */
function placeholderScope(variables: Variable[]): Scope {
  const scope: Scope = builtinScope({ rangeMs: DEFAULT_TIME.range, stepMs: 15_000, scrapeIntervalMs: DEFAULT_TIME.scrapeInterval });
  for (const v of variables) {
    const defaults = (v.default ?? []).filter((d) => d !== ALL);
    const known = v.kind === 'list' ? v.values : ['x', 'y'];
    const values = defaults.length > 0 ? defaults : known.slice(0, v.multi ? 2 : 1);
    scope[v.name] = { values };
  }
  return scope;
}
