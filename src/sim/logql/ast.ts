/** The LogQL subset the demo Loki understands, as plain data. */

export type Labels = Record<string, string>;

export type MatchOp = '=' | '!=' | '=~' | '!~';
export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=';

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

/** `|= "a" or "b"`: the line passes when it contains (matches) any of `values`; negated ops invert. */
export interface LineFilter {
  op: '|=' | '!=' | '|~' | '!~' | '|>' | '!>';
  values: string[];
}

export type LabelFilter =
  | { kind: 'and' | 'or'; left: LabelFilter; right: LabelFilter }
  | { kind: 'match'; matcher: LabelMatcher }
  | { kind: 'number'; name: string; op: CompareOp; value: number }
  | { kind: 'duration'; name: string; op: CompareOp; seconds: number }
  | { kind: 'bytes'; name: string; op: CompareOp; bytes: number };

/** One `name="path"` of `| json name="path"` or `| logfmt name="key"` (path defaults to the name). */
export interface Extraction {
  name: string;
  path: string;
}

export type Stage =
  | { kind: 'lineFilter'; filter: LineFilter }
  | { kind: 'json'; extractions: Extraction[] }
  | { kind: 'logfmt'; extractions: Extraction[]; strict: boolean; keepEmpty: boolean }
  | { kind: 'pattern'; pattern: string }
  | { kind: 'regexp'; regexp: string }
  | { kind: 'labelFilter'; filter: LabelFilter }
  | { kind: 'lineFormat'; template: string };

export interface LogQuery {
  kind: 'log';
  matchers: LabelMatcher[];
  stages: Stage[];
}

export type RangeOp = 'count_over_time' | 'rate' | 'bytes_over_time' | 'bytes_rate';

export interface RangeAggregation {
  kind: 'range';
  op: RangeOp;
  query: LogQuery;
  rangeMs: number;
  offsetMs: number;
}

export type VectorOp = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'topk' | 'bottomk';

export interface Grouping {
  mode: 'by' | 'without';
  labels: string[];
}

export interface VectorAggregation {
  kind: 'vector';
  op: VectorOp;
  grouping?: Grouping;
  /** k of topk/bottomk. */
  param?: number;
  inner: MetricQuery;
}

export type MetricQuery = RangeAggregation | VectorAggregation;

export type Query = LogQuery | MetricQuery;
