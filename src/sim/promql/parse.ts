/**
 * PromQL text -> AST, using the official lezer grammar. The tree is walked by node type name; any construct
 * outside the subset raises a bad_data error naming it, and the type checks mirror Prometheus's parser.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import {
  COMPARISON_OPS, SET_OPS, typeOf, type AggregateOp, type BinaryOp, type Expr, type MatrixSelector, type Subquery,
  type ValueType, type VectorMatching, type VectorSelector,
} from './ast.js';
import { PromQLError, unsupported } from './errors.js';
import { matcher, matches, type MatchType, type Matcher } from './labels.js';
import { SIGNATURES } from './signatures.js';
import { unquoteGo } from '../go-string.js';

const BINARY_OPS: Record<string, BinaryOp> = {
  Add: '+', Sub: '-', Mul: '*', Div: '/', Mod: '%', Pow: '^',
  Eql: '==', Neq: '!=', Gtr: '>', Lss: '<', Gte: '>=', Lte: '<=',
  And: 'and', Or: 'or', Unless: 'unless',
};

const AGGREGATE_OPS: Record<string, AggregateOp> = {
  Sum: 'sum', Avg: 'avg', Min: 'min', Max: 'max', Count: 'count', Group: 'group',
  Stddev: 'stddev', Stdvar: 'stdvar', Topk: 'topk', Bottomk: 'bottomk', Quantile: 'quantile',
};

const MATCH_OPS: Record<string, MatchType> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

const TYPE_NAMES: Record<ValueType, string> = {
  scalar: 'scalar', vector: 'instant vector', matrix: 'range vector', string: 'string',
};

class Walker {
  constructor(private readonly src: string) {}

  text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  position(offset: number): string {
    const before = this.src.slice(0, offset);
    const line = before.split('\n').length;
    const col = offset - before.lastIndexOf('\n');
    return `${line}:${col}`;
  }

  fail(n: SyntaxNode, message: string): never {
    throw new PromQLError(`${this.position(n.from)}: parse error: ${message}`);
  }

  children(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== 'LineComment') out.push(c);
    return out;
  }

  expr(n: SyntaxNode): Expr {
    switch (n.name) {
      case 'PromQL':
      case 'ParenExpr': {
        const inner = this.children(n);
        if (inner.length !== 1) this.fail(n, 'unexpected expression');
        const e = this.expr(inner[0]);
        return n.name === 'ParenExpr' ? { type: 'paren', expr: e } : e;
      }
      case 'NumberDurationLiteral':
        return { type: 'number', value: this.number(n) };
      case 'StringLiteral':
        return { type: 'string', value: unquote(this.text(n), (m) => this.fail(n, m)) };
      case 'VectorSelector':
        return this.selector(n);
      case 'MatrixSelector':
        return this.matrix(n);
      case 'OffsetExpr':
        return this.offset(n);
      case 'StepInvariantExpr':
        return this.at(n);
      case 'FunctionCall':
        return this.call(n);
      case 'AggregateExpr':
        return this.aggregate(n);
      case 'BinaryExpr':
        return this.binary(n);
      case 'UnaryExpr': {
        const [op, operand] = this.children(n);
        const e = this.expr(operand);
        const t = typeOf(e);
        if (t !== 'scalar' && t !== 'vector') this.fail(n, 'unary expression only allowed on expressions of type scalar or instant vector');
        return { type: 'unary', op: this.text(op) === '-' ? '-' : '+', expr: e };
      }
      case 'SubqueryExpr': {
        const [inner, range, step] = this.children(n);
        const expr = this.expr(inner);
        const t = typeOf(expr);
        if (t !== 'vector' && t !== 'scalar') this.fail(n, `subquery is only allowed on instant vector, got ${TYPE_NAMES[t]}`);
        return { type: 'subquery', expr, rangeMs: this.duration(range), stepMs: step ? this.duration(step) : undefined, offsetMs: 0 };
      }
      default:
        throw unsupported(`${n.name} "${this.text(n)}"`);
    }
  }

  number(n: SyntaxNode): number {
    const s = this.text(n);
    const v = parseNumber(s);
    if (v === undefined) {
      if (/^(\d+(ms|s|m|h|d|w|y))+$/.test(s)) throw unsupported(`duration used as a number "${s}"`);
      this.fail(n, `bad number or duration syntax: "${s}"`);
    }
    return v;
  }

  duration(n: SyntaxNode): number {
    const kids = this.children(n);
    if (n.name === 'NumberDurationLiteralInDurationContext') {
      const ms = parseDuration(this.text(n));
      if (ms === undefined) this.fail(n, `bad duration syntax: "${this.text(n)}"`);
      return ms;
    }
    if ((n.name === 'DurationExpr' || n.name === 'OffsetDurationExpr') && kids.length === 1) return this.duration(kids[0]);
    throw unsupported(`duration expression "${this.text(n)}"`);
  }

  selector(n: SyntaxNode): VectorSelector {
    const matchers: Matcher[] = [];
    for (const c of this.children(n)) {
      if (c.name === 'Identifier') matchers.push(matcher('__name__', '=', this.text(c)));
      else if (c.name === 'LabelMatchers') {
        for (const m of this.children(c)) {
          if (m.name !== 'UnquotedLabelMatcher') throw unsupported(`quoted label name "${this.text(m)}"`);
          const [name, op, value] = this.children(m);
          const type = MATCH_OPS[this.children(op)[0]?.name ?? ''];
          if (!type) this.fail(op, `unexpected matcher "${this.text(op)}"`);
          const v = unquote(this.text(value), (msg) => this.fail(value, msg));
          try {
            matchers.push(matcher(this.text(name), type, v));
          } catch (err) {
            this.fail(value, `invalid regular expression ${JSON.stringify(v)}: ${(err as Error).message}`);
          }
        }
      } else this.fail(c, `unexpected "${this.text(c)}"`);
    }
    const names = matchers.filter((m) => m.name === '__name__' && m.type === '=');
    const fromIdentifier = this.children(n)[0]?.name === 'Identifier';
    if (fromIdentifier && names.length > 1) this.fail(n, `metric name must not be set twice: ${JSON.stringify(names[0].value)} or ${JSON.stringify(names[1].value)}`);
    if (!matchers.some((m) => !matches(m, ''))) this.fail(n, 'vector selector must contain at least one non-empty matcher');
    return { type: 'selector', matchers, offsetMs: 0 };
  }

  matrix(n: SyntaxNode): MatrixSelector {
    const [inner, dur] = this.children(n);
    if (inner.name !== 'VectorSelector') {
      this.fail(n, `ranges only allowed for vector selectors`);
    }
    return { type: 'matrix', selector: this.selector(inner), rangeMs: this.duration(dur) };
  }

  /** the selector or subquery an offset or @ modifier applies to, as a fresh copy */
  private modifiable(n: SyntaxNode, what: string): VectorSelector | MatrixSelector | Subquery {
    const e = this.expr(n);
    if (e.type === 'selector' || e.type === 'subquery') return { ...e };
    if (e.type === 'matrix') return { ...e, selector: { ...e.selector } };
    this.fail(n, `${what} modifier must be preceded by an instant vector selector or range vector selector or a subquery`);
  }

  offset(n: SyntaxNode): Expr {
    const kids = this.children(n);
    const target = this.modifiable(kids[0], 'offset');
    const durNode = kids[kids.length - 1];
    let ms: number;
    const dk = this.children(durNode);
    if (dk.length === 2 && dk[0].name === 'UnaryOp') ms = (this.text(dk[0]) === '-' ? -1 : 1) * this.duration(dk[1]);
    else ms = this.duration(durNode);
    const sel = target.type === 'matrix' ? target.selector : target;
    if (sel.offsetMs !== 0) this.fail(n, 'offset may not be set multiple times');
    sel.offsetMs = ms;
    return target;
  }

  at(n: SyntaxNode): Expr {
    const kids = this.children(n);
    const target = this.modifiable(kids[0], '@');
    if (target.type === 'subquery') throw unsupported(`@ on a subquery "${this.text(n)}"`);
    const value = kids[kids.length - 1];
    let at: number | 'start' | 'end';
    if (value.name === 'AtModifierPreprocessors') at = this.children(value)[0]?.name === 'AtEnd' ? 'end' : 'start';
    else if (value.name === 'NumberDurationLiteral') at = Math.round(this.number(value) * 1000);
    else if (value.name === 'UnaryExpr') {
      const [op, num] = this.children(value);
      at = Math.round((this.text(op) === '-' ? -1 : 1) * this.number(num) * 1000);
    } else throw unsupported(`@ modifier "${this.text(n)}"`);
    const sel = target.type === 'matrix' ? target.selector : target;
    if (sel.at !== undefined) this.fail(n, '@ <timestamp> may not be set multiple times');
    sel.at = at;
    return target;
  }

  args(body: SyntaxNode | undefined): Expr[] {
    return body ? this.children(body).map((c) => this.expr(c)) : [];
  }

  call(n: SyntaxNode): Expr {
    const [ident, body] = this.children(n);
    const name = this.text(ident);
    const sig = SIGNATURES[name];
    if (!sig) throw unsupported(`function "${name}"`);
    const args = this.args(body);
    const min = sig.args.length - (sig.optional ?? 0);
    if (args.length < min || args.length > sig.args.length) {
      const expected = min === sig.args.length ? `${min}` : `${min} to ${sig.args.length}`;
      this.fail(n, `expected ${expected} argument(s) in call to "${name}", got ${args.length}`);
    }
    args.forEach((a, i) => {
      const got = typeOf(a);
      if (got !== sig.args[i]) {
        this.fail(n, `expected type ${TYPE_NAMES[sig.args[i]]} in call to function "${name}", got ${TYPE_NAMES[got]}`);
      }
    });
    return { type: 'call', func: name, args };
  }

  grouping(n: SyntaxNode): string[] {
    return this.children(n).map((c) => {
      if (c.name !== 'LabelName') throw unsupported(`quoted label name "${this.text(c)}"`);
      return this.text(c);
    });
  }

  aggregate(n: SyntaxNode): Expr {
    let op: AggregateOp | undefined;
    let grouping: string[] = [];
    let without = false;
    let args: Expr[] = [];
    for (const c of this.children(n)) {
      if (c.name === 'AggregateOp') {
        const tok = this.children(c)[0];
        op = AGGREGATE_OPS[tok?.name ?? ''];
        if (!op) throw unsupported(`aggregation "${this.text(c)}"`);
      } else if (c.name === 'AggregateModifier') {
        const [kind, labels] = this.children(c);
        without = kind.name === 'Without';
        grouping = labels ? this.grouping(labels) : [];
      } else if (c.name === 'FunctionCallBody') {
        args = this.args(c);
      }
    }
    if (!op) this.fail(n, 'missing aggregation operator');
    const needsParam = op === 'topk' || op === 'bottomk' || op === 'quantile';
    const want = needsParam ? 2 : 1;
    if (args.length !== want) this.fail(n, `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`);
    const expr = args[want - 1];
    if (typeOf(expr) !== 'vector') {
      this.fail(n, `expected type instant vector in aggregation expression, got ${TYPE_NAMES[typeOf(expr)]}`);
    }
    if (needsParam && typeOf(args[0]) !== 'scalar') {
      this.fail(n, `expected type scalar in aggregation parameter, got ${TYPE_NAMES[typeOf(args[0])]}`);
    }
    return { type: 'aggregate', op, param: needsParam ? args[0] : undefined, expr, grouping, without };
  }

  binary(n: SyntaxNode): Expr {
    const kids = this.children(n);
    const lhs = this.expr(kids[0]);
    const rhs = this.expr(kids[kids.length - 1]);
    const op = BINARY_OPS[kids[1].name];
    if (!op) throw unsupported(`binary operator "${this.text(kids[1])}"`);
    // The grammar lexes "-2" as one literal, but PromQL's unary minus binds looser than ^: -2 ^ 2 is -(2 ^ 2).
    const signed = /^[+-]/.exec(this.text(kids[0]));
    if (op === '^' && kids[0].name === 'NumberDurationLiteral' && signed) {
      const magnitude: Expr = { type: 'number', value: Math.abs(this.number(kids[0])) };
      const power: Expr = { type: 'binary', op, lhs: magnitude, rhs, returnBool: false, matching: { card: 'one-to-one', on: false, labels: [], include: [] } };
      return signed[0] === '-' ? { type: 'unary', op: '-', expr: power } : power;
    }
    let returnBool = false;
    let matchingNode: SyntaxNode | undefined;
    for (const c of kids.slice(2, -1)) {
      if (c.name === 'BoolModifier') returnBool = true;
      else if (c.name === 'MatchingModifierClause') matchingNode = c;
      else throw unsupported(`${c.name} "${this.text(c)}"`);
    }
    const matching: VectorMatching = {
      card: SET_OPS.has(op) ? 'many-to-many' : 'one-to-one',
      on: false,
      labels: [],
      include: [],
    };
    if (matchingNode) {
      const m = this.children(matchingNode);
      for (let i = 0; i < m.length; i++) {
        const c = m[i];
        const labels = m[i + 1]?.name === 'GroupingLabels' ? this.grouping(m[i + 1]) : undefined;
        if (c.name === 'On' || c.name === 'Ignoring') {
          matching.on = c.name === 'On';
          matching.labels = labels ?? [];
        } else if (c.name === 'GroupLeft' || c.name === 'GroupRight') {
          if (SET_OPS.has(op)) this.fail(n, `no grouping allowed for "${op}" operation`);
          matching.card = c.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many';
          matching.include = labels ?? [];
        } else if (c.name !== 'GroupingLabels') {
          throw unsupported(`${c.name} "${this.text(c)}"`);
        }
      }
      if (matching.on) {
        for (const l of matching.include) {
          if (matching.labels.includes(l)) this.fail(n, `label "${l}" must not occur in ON and GROUP clause at once`);
        }
      }
    }
    const lt = typeOf(lhs);
    const rt = typeOf(rhs);
    if ((lt !== 'scalar' && lt !== 'vector') || (rt !== 'scalar' && rt !== 'vector')) {
      this.fail(n, 'binary expression must contain only scalar and instant vector types');
    }
    if (returnBool && !COMPARISON_OPS.has(op)) this.fail(n, 'bool modifier can only be used on comparison operators');
    if (COMPARISON_OPS.has(op) && lt === 'scalar' && rt === 'scalar' && !returnBool) {
      this.fail(n, 'comparisons between scalars must use BOOL modifier');
    }
    if (SET_OPS.has(op) && (lt === 'scalar' || rt === 'scalar')) {
      this.fail(n, `set operator "${op}" not allowed in binary scalar expression`);
    }
    if (matchingNode && (lt === 'scalar' || rt === 'scalar')) this.fail(n, 'vector matching only allowed between instant vectors');
    return { type: 'binary', op, lhs, rhs, returnBool, matching };
  }
}

/** Parse a PromQL expression; throws PromQLError (bad_data) for syntax errors and unsupported constructs. */
export function parsePromQL(query: string): Expr {
  const w = new Walker(query);
  if (query.trim() === '') throw new PromQLError('1:1: parse error: no expression found in input');
  const tree = parser.parse(query);
  let errorAt = -1;
  tree.iterate({
    enter(n) {
      if (errorAt < 0 && n.type.isError) errorAt = n.from;
      return errorAt < 0;
    },
  });
  if (errorAt >= 0) {
    const rest = query.slice(errorAt).trimStart();
    const what = rest === '' ? 'end of input' : `character ${JSON.stringify(rest[0])}`;
    throw new PromQLError(`${w.position(Math.min(errorAt, query.length))}: parse error: unexpected ${what}`);
  }
  return w.expr(tree.topNode);
}

/** Go strconv.ParseFloat/ParseInt-compatible number literal (decimal, hex, octal, Inf, NaN). */
export function parseNumber(s: string): number | undefined {
  if (/^[+-]/.test(s)) {
    const v = parseNumber(s.slice(1));
    return v === undefined ? undefined : s[0] === '-' ? -v : v;
  }
  const t = s.toLowerCase();
  if (t === 'inf') return Infinity;
  if (t === 'nan') return NaN;
  if (/^0x[0-9a-f]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[0-7]+$/.test(t)) return parseInt(t, 8);
  if (/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return Number(t);
  return undefined;
}

const DURATION_UNITS: Record<string, number> = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Prometheus duration ("1h30m", "5m", "500ms"); units must descend and not repeat. */
export function parseDuration(s: string): number | undefined {
  const re = /(\d+)(ms|y|w|d|h|m|s)/y;
  const order = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
  let pos = 0;
  let last = -1;
  let total = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return undefined;
    const idx = order.indexOf(m[2]);
    if (idx <= last) return undefined;
    last = idx;
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    pos = re.lastIndex;
  }
  return pos === 0 ? undefined : total;
}

/** A PromQL string: "..." and '...' with Go's escapes, `...` raw. */
function unquote(lit: string, fail: (msg: string) => never): string {
  return unquoteGo(lit, `"'\``) ?? fail(`invalid string literal ${lit}`);
}
