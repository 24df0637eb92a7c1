/** The PromQL subset the demo world evaluates, as a small typed AST. */
import type { Matcher } from './labels.js';
import { SIGNATURES } from './signatures.js';

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '==' | '!=' | '>' | '<' | '>=' | '<=' | 'and' | 'or' | 'unless';

export type AggregateOp = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'group' | 'stddev' | 'stdvar' | 'topk' | 'bottomk' | 'quantile';

export interface VectorSelector {
  type: 'selector';
  matchers: Matcher[];
  offsetMs: number;
  /** @ modifier: unix ms, or the query's start/end */
  at?: number | 'start' | 'end';
}

export interface MatrixSelector {
  type: 'matrix';
  selector: VectorSelector;
  rangeMs: number;
}

/** expr[range:step] offset d: the inner expression evaluated on a step grid aligned to multiples of step */
export interface Subquery {
  type: 'subquery';
  expr: Expr;
  rangeMs: number;
  /** undefined: the default evaluation interval (1m) */
  stepMs?: number;
  offsetMs: number;
}

export interface VectorMatching {
  card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  /** true: `on(labels)`; false: `ignoring(labels)` (or no modifier with labels = []) */
  on: boolean;
  labels: string[];
  /** group_left/group_right extra labels */
  include: string[];
}

export type Expr =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | VectorSelector
  | MatrixSelector
  | Subquery
  | { type: 'call'; func: string; args: Expr[] }
  | { type: 'aggregate'; op: AggregateOp; param?: Expr; expr: Expr; grouping: string[]; without: boolean }
  | { type: 'binary'; op: BinaryOp; lhs: Expr; rhs: Expr; returnBool: boolean; matching: VectorMatching }
  | { type: 'unary'; op: '-' | '+'; expr: Expr }
  | { type: 'paren'; expr: Expr };

export const COMPARISON_OPS: ReadonlySet<BinaryOp> = new Set(['==', '!=', '>', '<', '>=', '<=']);
export const SET_OPS: ReadonlySet<BinaryOp> = new Set(['and', 'or', 'unless']);

export function typeOf(e: Expr): ValueType {
  switch (e.type) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'selector':
      return 'vector';
    case 'matrix':
    case 'subquery':
      return 'matrix';
    case 'call':
      return SIGNATURES[e.func]?.returns ?? 'vector';
    case 'aggregate':
      return 'vector';
    case 'binary':
      return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'unary':
    case 'paren':
      return typeOf(e.expr);
  }
}
