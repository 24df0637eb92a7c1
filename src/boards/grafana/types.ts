/**
 * The parts of Grafana's dashboard JSON model the importer reads. Everything is optional and
 * loosely typed: exported dashboards vary across versions and are read defensively.
 */

export type DatasourceRef = string | null | { uid?: string | null; type?: string | null };

export interface GrafanaTarget {
  refId?: string;
  datasource?: DatasourceRef;
  expr?: string;
  legendFormat?: string;
  instant?: boolean;
  range?: boolean;
  format?: string;
  hide?: boolean;
  interval?: string;
  queryType?: string;
  maxLines?: number;
  /** "-- Dashboard --" datasource: the panel whose results are reused, and whether with its transformations. */
  panelId?: number;
  withTransforms?: boolean;
}

export interface ThresholdStep {
  color?: string;
  value?: number | null;
}

export interface FieldDefaults {
  unit?: string;
  decimals?: number | null;
  min?: number | null;
  max?: number | null;
  thresholds?: { mode?: string; steps?: ThresholdStep[] };
  mappings?: unknown[];
  displayName?: string;
  custom?: {
    thresholdsStyle?: { mode?: string };
    displayMode?: string;
    cellOptions?: { type?: string };
  };
}

export interface GrafanaPanel {
  id?: number;
  type?: string;
  title?: string;
  description?: string;
  datasource?: DatasourceRef;
  targets?: GrafanaTarget[];
  gridPos?: { x?: number; y?: number; w?: number; h?: number };
  /** Old rows[] layout: width in twelfths. */
  span?: number;
  collapsed?: boolean;
  panels?: GrafanaPanel[];
  repeat?: string;
  timeFrom?: string | null;
  timeShift?: string | null;
  interval?: string | null;
  links?: unknown[];
  transformations?: Array<{ id?: string; options?: Record<string, unknown>; disabled?: boolean }>;
  fieldConfig?: { defaults?: FieldDefaults; overrides?: unknown[] };
  options?: {
    reduceOptions?: { calcs?: string[]; values?: boolean; fields?: string };
    graphMode?: string;
    colorMode?: string;
    legend?: { showLegend?: boolean; displayMode?: string };
    sortBy?: Array<{ displayName?: string; desc?: boolean }>;
  };
  libraryPanel?: { uid?: string; name?: string };
  alert?: unknown;
  // graph (before Grafana 7.x timeseries)
  yaxes?: Array<{ format?: string; min?: string | number | null; max?: string | number | null }>;
  legend?: { show?: boolean };
  seriesOverrides?: unknown[];
  percentage?: boolean;
  thresholds?: unknown;
  // singlestat
  format?: string;
  valueName?: string;
  colors?: string[];
  sparkline?: { show?: boolean };
  gauge?: { show?: boolean; minValue?: number; maxValue?: number };
  prefix?: string;
  postfix?: string;
  valueMaps?: Array<{ op?: string; text?: string; value?: string }>;
  rangeMaps?: Array<{ from?: string; to?: string; text?: string }>;
  mappingType?: number;
  tableColumn?: string;
  decimals?: number | null;
  // old table
  styles?: Array<{ pattern?: string; type?: string; unit?: string; decimals?: number }>;
  transform?: string;
}

export interface GrafanaRow {
  title?: string;
  showTitle?: boolean;
  collapse?: boolean;
  repeat?: string | null;
  panels?: GrafanaPanel[];
}

export interface GrafanaVariable {
  type?: string;
  name?: string;
  label?: string | null;
  query?: unknown;
  definition?: string;
  datasource?: DatasourceRef;
  regex?: string;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string | null;
  current?: { text?: unknown; value?: unknown };
  options?: Array<{ text?: unknown; value?: unknown; selected?: boolean }>;
  hide?: number;
  auto?: boolean;
}

export interface GrafanaDashboard {
  title?: string;
  uid?: string;
  description?: string;
  schemaVersion?: number;
  time?: { from?: string; to?: string };
  refresh?: string | boolean;
  templating?: { list?: GrafanaVariable[] };
  annotations?: { list?: Array<{ builtIn?: number; name?: string; enable?: boolean }> };
  links?: unknown[];
  panels?: GrafanaPanel[];
  rows?: GrafanaRow[];
  __inputs?: Array<{ name?: string; type?: string; pluginId?: string }>;
}
