/** Argument and return types of the functions the subset evaluates. */
import type { ValueType } from './ast.js';

export interface Signature {
  args: ValueType[];
  /** how many trailing args may be left out */
  optional?: number;
  returns: ValueType;
}

const RANGE_TO_VECTOR = [
  'rate', 'irate', 'increase', 'delta', 'idelta', 'changes', 'resets',
  'avg_over_time', 'sum_over_time', 'min_over_time', 'max_over_time', 'count_over_time', 'last_over_time',
  'present_over_time', 'stddev_over_time', 'stdvar_over_time', 'absent_over_time',
];

const VECTOR_MATH = ['abs', 'ceil', 'floor', 'exp', 'ln', 'log2', 'log10', 'sqrt', 'sgn', 'sort', 'sort_desc', 'absent'];

export const SIGNATURES: Record<string, Signature> = {
  ...Object.fromEntries(RANGE_TO_VECTOR.map((f) => [f, { args: ['matrix'], returns: 'vector' } satisfies Signature])),
  ...Object.fromEntries(VECTOR_MATH.map((f) => [f, { args: ['vector'], returns: 'vector' } satisfies Signature])),
  quantile_over_time: { args: ['scalar', 'matrix'], returns: 'vector' },
  histogram_quantile: { args: ['scalar', 'vector'], returns: 'vector' },
  round: { args: ['vector', 'scalar'], optional: 1, returns: 'vector' },
  clamp: { args: ['vector', 'scalar', 'scalar'], returns: 'vector' },
  clamp_min: { args: ['vector', 'scalar'], returns: 'vector' },
  clamp_max: { args: ['vector', 'scalar'], returns: 'vector' },
  vector: { args: ['scalar'], returns: 'vector' },
  scalar: { args: ['vector'], returns: 'scalar' },
  time: { args: [], returns: 'scalar' },
  label_replace: { args: ['vector', 'string', 'string', 'string', 'string'], returns: 'vector' },
};

export const SUPPORTED_FUNCTIONS = Object.keys(SIGNATURES).sort();
