import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import type { QuerySource } from './model.js';

export type SyntaxResult =
  | { ok: true; /** LogQL only: a log (stream) query or a metric query. */ logql?: 'log' | 'metric' }
  | { ok: false; /** Offset of the first error in the expression. */ at: number };

/** Parse with the official grammar and report the first syntax error, if any. */
export function checkSyntax(expr: string, source: QuerySource): SyntaxResult {
  const tree = (source === 'loki' ? logqlParser : promqlParser).parse(expr);
  let errorAt = -1;
  let logql: 'log' | 'metric' | undefined;
  tree.iterate({
    enter(node) {
      if (errorAt >= 0) return false;
      if (node.type.isError) {
        errorAt = node.from;
        return false;
      }
      if (logql === undefined && node.name === 'LogExpr') logql = 'log';
      if (logql === undefined && node.name === 'MetricExpr') logql = 'metric';
      return undefined;
    },
  });
  if (errorAt >= 0) return { ok: false, at: errorAt };
  if (expr.trim() === '') return { ok: false, at: 0 };
  return source === 'loki' ? { ok: true, ...(logql ? { logql } : {}) } : { ok: true };
}
