export type Labels = Record<string, string>;

/** One value of an instant vector; `time` in unix ms. */
export interface Sample {
  labels: Labels;
  time: number;
  value: number;
}

/** One series of a range result; point times in unix ms. */
export interface Series {
  labels: Labels;
  points: { time: number; value: number }[];
}

export interface Annotations {
  warnings: string[];
  infos: string[];
}

export type InstantResult =
  | ({ resultType: 'vector'; samples: Sample[] } & Annotations)
  | ({ resultType: 'matrix'; series: Series[] } & Annotations)
  | ({ resultType: 'scalar'; time: number; value: number } & Annotations)
  | ({ resultType: 'string'; time: number; value: string } & Annotations);

export interface RangeResult extends Annotations {
  series: Series[];
  /** The step actually used, in ms (raised when the requested one would exceed 11,000 points). */
  stepMs: number;
}

/**
 * A range answer read in one pass: each series is converted when it is taken and its raw form let
 * go, so a large answer is never held twice (once as parsed JSON, once as series).
 */
export interface RangeSeriesPass extends Annotations {
  /** How many series the answer holds. */
  count: number;
  series: Iterable<Series>;
  stepMs: number;
}

export interface RuleGroup {
  name: string;
  file: string;
  interval: number;
  rules: Rule[];
}

export interface Rule {
  type: 'alerting' | 'recording';
  name: string;
  query: string;
  duration?: number;
  labels?: Labels;
  annotations?: Labels;
  state?: 'inactive' | 'pending' | 'firing';
  health: string;
  lastError?: string;
  alerts?: PromAlert[];
}

/** An alert as Prometheus reports it on /api/v1/alerts. `value` is a Go %e string. */
export interface PromAlert {
  labels: Labels;
  annotations: Labels;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
  keepFiringSince?: string;
}

export interface MetricMetadata {
  type: string;
  help: string;
  unit: string;
}

export interface BuildInfo {
  version: string;
  revision?: string;
  branch?: string;
  goVersion?: string;
  [k: string]: unknown;
}
