/**
 * The board data model: what a board file (or an imported Grafana dashboard) describes, after
 * parsing and validation. Plain data, no behaviour; durations are milliseconds.
 */

export const PANEL_KINDS = ['stat', 'timeseries', 'gauge', 'bar', 'table', 'logs', 'alerts', 'slo', 'analytics', 'capacity'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

/** The backend a query goes to. */
export type QuerySource = 'prometheus' | 'loki';

/** The 16-colour terminal palette a threshold can use. */
export const COLORS = ['green', 'yellow', 'red', 'blue', 'cyan', 'magenta', 'white', 'gray'] as const;
export type Color = (typeof COLORS)[number];

/**
 * How values are shown. `percent` is 0–100, `ratio` is 0–1 shown as a percentage,
 * `reqps` is requests per second, `currency:USD` is an amount in that ISO 4217 currency.
 */
export type Unit = 'none' | 'bytes' | 'seconds' | 'milliseconds' | 'percent' | 'ratio' | 'reqps' | `currency:${string}`;
export const PLAIN_UNITS = ['none', 'bytes', 'seconds', 'milliseconds', 'percent', 'ratio', 'reqps'] as const;

/** Values at or above `value` take `color`; below the first step, `base`. Steps ascend strictly. */
export interface Thresholds {
  base: Color;
  steps: Array<{ value: number; color: Color }>;
}

/** How a stat reduces a series to one number. */
export const REDUCERS = ['last', 'mean', 'max', 'min', 'sum'] as const;
export type Reducer = (typeof REDUCERS)[number];

export interface Query {
  /** PromQL or LogQL with variable references ($var, ${var}, [[var]], $__rate_interval ...). */
  expr: string;
  source: QuerySource;
  /** Series name template, Grafana style: "{{service}} p95". Absent: the label set. */
  legend?: string;
}

interface PanelBase {
  /** Unique within the board; derived from the title when the file gives none. */
  id: string;
  title: string;
  description?: string;
  /** Columns of a 24-column grid; absent: an equal share of the line. */
  width?: number;
}

interface ValuePanelBase extends PanelBase {
  queries: Query[];
  unit: Unit;
  decimals?: number;
  thresholds?: Thresholds;
}

/** One big number per series (usually one), coloured by thresholds, with a sparkline. Range query. */
export interface StatPanel extends ValuePanelBase {
  kind: 'stat';
  reduce: Reducer;
  sparkline: boolean;
}

/** A chart of every series of every query. Range query. */
export interface TimeseriesPanel extends ValuePanelBase {
  kind: 'timeseries';
  showLegend: boolean;
  min?: number;
  max?: number;
}

/** Each series' current value against [min, max]; `max` absent means the largest value shown. Instant query. */
export interface GaugePanel extends ValuePanelBase {
  kind: 'gauge' | 'bar';
  min: number;
  max?: number;
}

/** A value column from one instant query; rows are joined on their label values. */
export interface TableQuery extends Query {
  column?: string;
  unit?: Unit;
}

/** One row per label set, one column per listed label and one per query. Instant queries. */
export interface TablePanel extends PanelBase {
  kind: 'table';
  queries: TableQuery[];
  /** Label columns in order; absent: every label except __name__. */
  labels?: string[];
  unit: Unit;
  decimals?: number;
  thresholds?: Thresholds;
  sortBy?: string;
  sortDesc: boolean;
}

/** Recent log lines of a LogQL query, or the patterns they form. */
export interface LogsPanel extends PanelBase {
  kind: 'logs';
  query: string;
  mode: 'lines' | 'patterns';
  limit: number;
}

/** Firing alerts from Alertmanager matching every matcher (Alertmanager matcher syntax). */
export interface AlertsPanel extends PanelBase {
  kind: 'alerts';
  matchers: string[];
  limit?: number;
}

/** SLO status by name; an empty list means every SLO the context knows. */
export interface SloPanel extends PanelBase {
  kind: 'slo';
  slos: string[];
}

/** An Amplitude event segmentation or active/new users, against the same span `compareTo` earlier. */
export interface AnalyticsPanel extends PanelBase {
  kind: 'analytics';
  metric: 'event' | 'active_users' | 'new_users';
  event?: string;
  measure: 'totals' | 'uniques';
  compareTo: number;
}

/** What runs out within `within` (the `obs capacity` report), most urgent first; no kinds means every kind. */
export interface CapacityPanel extends PanelBase {
  kind: 'capacity';
  within: number;
  kinds: CapacityKind[];
}

export const CAPACITY_KINDS = ['disk', 'memory', 'connections', 'queue', 'error budget'] as const;
export type CapacityKind = (typeof CAPACITY_KINDS)[number];
export const DEFAULT_CAPACITY_WITHIN = 7 * 86_400_000;

export type Panel =
  | StatPanel
  | TimeseriesPanel
  | GaugePanel
  | TablePanel
  | LogsPanel
  | AlertsPanel
  | SloPanel
  | AnalyticsPanel
  | CapacityPanel;

/** The token that selects every option of a variable with `includeAll`. */
export const ALL = '$__all';

interface VariableBase {
  name: string;
  label?: string;
  multi: boolean;
  includeAll: boolean;
  /** Regex used for "All" in =~ matchers instead of the alternation of every option (e.g. ".*"). */
  allValue?: string;
  /** Values selected when nothing is asked; may be [ALL]. Absent: All if allowed, else the first option. */
  default?: string[];
  hidden?: boolean;
}

/** Options come from `label_values([selector,] label)` on Prometheus or Loki. */
export interface QueryVariable extends VariableBase {
  kind: 'query';
  query: string;
  source: QuerySource;
  /** Keeps only matching options; the first capture group, if any, becomes the option. */
  regex?: string;
}

export interface ListVariable extends VariableBase {
  kind: 'list';
  values: string[];
}

/** Free text, given with a flag; `default` is required. */
export interface TextVariable extends VariableBase {
  kind: 'text';
}

export type Variable = QueryVariable | ListVariable | TextVariable;

export interface BoardRow {
  title?: string;
  collapsed?: boolean;
  panels: Panel[];
}

export interface Board {
  title: string;
  description?: string;
  variables: Variable[];
  time: {
    /** The default span shown, ending now. */
    range: number;
    /** Auto-refresh interval; 0 means manual refresh only. */
    refresh: number;
    /** The scrape interval behind $__rate_interval (Grafana's rule: max(4 × scrape, step + scrape)). */
    scrapeInterval: number;
  };
  rows: BoardRow[];
}

export const DEFAULT_TIME = { range: 3_600_000, refresh: 30_000, scrapeInterval: 15_000 } as const;
export const DEFAULT_LOG_LIMIT = { lines: 100, patterns: 2000 } as const;
export const DEFAULT_COMPARE_TO = 7 * 86_400_000;

/** Every panel of a board, in reading order. */
export function boardPanels(board: Board): Panel[] {
  return board.rows.flatMap((row) => row.panels);
}
