/** PromQL text helpers for SLO queries: syntax checks, window templates, selector edits. */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

const WINDOW_PLACEHOLDER = /\{\{\s*\.window\s*\}\}/g;

/** The placeholder spec queries use for the evaluation window (Sloth's Go-template spelling). */
export const WINDOW = '{{.window}}';

export function hasWindowPlaceholder(template: string): boolean {
  return new RegExp(WINDOW_PLACEHOLDER.source).test(template);
}

/** Put a PromQL range (e.g. "1h") wherever the template says `{{.window}}`. */
export function renderWindow(template: string, range: string): string {
  return template.replace(WINDOW_PLACEHOLDER, range);
}

/**
 * A range literal Prometheus accepts, in days/hours/minutes/seconds/ms (no weeks, so 30 days reads
 * "30d" as operators write it). 12.5 days -> "12d12h".
 */
export function promRange(ms: number): string {
  let rest = Math.max(1, Math.round(ms));
  let out = '';
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

/** A number as a PromQL literal without float noise: 1 - 0.99 -> "0.01". */
export function promNumber(x: number): string {
  if (x === Infinity) return '+Inf';
  return String(Number(x.toPrecision(12)));
}

/** A double-quoted PromQL string literal. */
export function promString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function topNode(expr: string): SyntaxNode | null {
  return parser.parse(expr).topNode.firstChild;
}

/** A description of the first syntax error, or null when the expression parses. */
export function promqlSyntaxError(expr: string): string | null {
  if (expr.trim() === '') return 'empty PromQL expression';
  let at = -1;
  parser.parse(expr).iterate({
    enter(node) {
      if (at >= 0) return false;
      if (node.type.isError) at = node.from;
      return undefined;
    },
  });
  if (at < 0) return null;
  const near = expr.slice(Math.max(0, at - 15), at + 15).replace(/\s+/g, ' ');
  return `PromQL syntax error at character ${at + 1} (near "${near}")`;
}

/** True when the whole expression is one vector selector, e.g. `http_requests_total{code=~"5.."}`. */
export function isBareSelector(expr: string): boolean {
  const top = topNode(expr);
  return top !== null && top.name === 'VectorSelector' && promqlSyntaxError(expr) === null;
}

const SINGLE_SERIES_AGGREGATIONS = new Set(['Sum', 'Avg', 'Min', 'Max', 'Count', 'Group', 'Stddev', 'Stdvar', 'Quantile']);

const EXPRESSION_NODES = new Set([
  'AggregateExpr', 'BinaryExpr', 'FunctionCall', 'MatrixSelector', 'NumberDurationLiteral', 'NumberLiteral', 'OffsetExpr',
  'ParenExpr', 'StringLiteral', 'SubqueryExpr', 'UnaryExpr', 'VectorSelector', 'StepInvariantExpr',
]);

function expressionChildren(node: SyntaxNode | null): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node?.firstChild ?? null; c; c = c.nextSibling) if (EXPRESSION_NODES.has(c.name)) out.push(c);
  return out;
}

/**
 * Whether the expression can only ever return one series (or a scalar), so no `sum(...)` is needed:
 * literals, aggregations without grouping, and functions/operators applied only to such things.
 */
function returnsOneSeries(node: SyntaxNode | null): boolean {
  if (!node) return false;
  switch (node.name) {
    case 'NumberDurationLiteral':
    case 'NumberLiteral':
    case 'StringLiteral':
      return true;
    case 'VectorSelector':
    case 'MatrixSelector':
      return false;
    case 'AggregateExpr': {
      const op = node.getChild('AggregateOp')?.firstChild?.name ?? '';
      const modifier = node.getChild('AggregateModifier');
      const groupsByNothing =
        modifier === null || (modifier.getChild('By') !== null && modifier.getChild('GroupingLabels')?.getChild('LabelName') == null);
      return SINGLE_SERIES_AGGREGATIONS.has(op) && groupsByNothing;
    }
    case 'FunctionCall':
      return expressionChildren(node.getChild('FunctionCallBody')).every(returnsOneSeries);
    default: {
      // ParenExpr, UnaryExpr, BinaryExpr, SubqueryExpr, OffsetExpr: one series if every operand is.
      const operands = expressionChildren(node);
      return operands.length > 0 && operands.every(returnsOneSeries);
    }
  }
}

/** Wrap in `sum(...)` unless the expression already returns one series. */
export function asSingleSeries(template: string): string {
  const probe = renderWindow(template, '5m');
  return returnsOneSeries(topNode(probe)) ? template : `sum(${template.trim()})`;
}

/** `sel` -> `sum(increase(sel[{{.window}}]))`: the event count of a counter over the window. */
export function counterIncrease(selector: string): string {
  return `sum(increase(${selector.trim()}[${WINDOW}]))`;
}

/** The metric name of a selector (from the identifier or an `__name__="..."` matcher), or null. */
export function selectorMetricName(selector: string): string | null {
  const top = topNode(selector);
  if (!top || top.name !== 'VectorSelector') return null;
  const id = top.getChild('Identifier');
  if (id) return selector.slice(id.from, id.to);
  const m = /__name__\s*=\s*"([^"]*)"/.exec(selector);
  return m ? m[1] : null;
}

/** Whether a selector has a matcher on the given label. */
export function selectorHasLabel(selector: string, label: string): boolean {
  const top = topNode(selector);
  const matchers = top?.getChild('LabelMatchers');
  if (!matchers) return false;
  for (let m = matchers.firstChild; m; m = m.nextSibling) {
    const name = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
    if (name && selector.slice(name.from, name.to).replace(/^"|"$/g, '') === label) return true;
  }
  return false;
}

/** Add an equality matcher to a bare vector selector: (`x{a="b"}`, le, 0.5) -> `x{a="b",le="0.5"}`. */
export function withLabelMatcher(selector: string, label: string, value: string): string {
  const sel = selector.trim();
  const matcher = `${label}=${promString(value)}`;
  const top = topNode(sel);
  const braces = top?.getChild('LabelMatchers');
  if (!braces) return `${sel}{${matcher}}`;
  const inner = sel.slice(braces.from + 1, braces.to - 1).trim().replace(/,$/, '').trim();
  return `${sel.slice(0, braces.from)}{${inner ? `${inner},` : ''}${matcher}}${sel.slice(braces.to)}`;
}
