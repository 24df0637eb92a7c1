import { parser } from '@grafana/lezer-logql';
import type { SyntaxNode } from '@lezer/common';
import { parseDuration } from '../../time/time.js';
import type {
  CompareOp, Extraction, Grouping, LabelFilter, LabelMatcher, LineFilter, LogQuery, MatchOp, MetricQuery,
  Query, RangeOp, Stage, VectorOp,
} from './ast.js';
import { LogQLError, parseError } from './errors.js';
import { parseBytes, parseGoDuration, unquote } from './literal.js';
import { compileRegExp } from './regex.js';

/** Node names of constructs the grammar knows but the demo does not evaluate, with the words used in errors. */
const UNSUPPORTED: Record<string, string> = {
  UnwrapExpr: 'unwrap',
  LabelFormatExpr: 'label_format',
  DecolorizeExpr: 'decolorize',
  DropLabelsExpr: 'drop',
  KeepLabelsExpr: 'keep',
  BinOpExpr: 'binary operations',
  LabelReplaceExpr: 'label_replace',
  VectorExpr: 'vector()',
  IpLabelFilter: 'ip() label filters',
  Ip: 'ip() line filters',
  Unpack: 'unpack',
};

const RANGE_OPS: Record<string, RangeOp> = {
  CountOverTime: 'count_over_time', Rate: 'rate', BytesOverTime: 'bytes_over_time', BytesRate: 'bytes_rate',
};
const VECTOR_OPS: Record<string, VectorOp> = {
  Sum: 'sum', Avg: 'avg', Min: 'min', Max: 'max', Count: 'count', Topk: 'topk', Bottomk: 'bottomk',
};
const MATCH_OPS: Record<string, MatchOp> = { Eq: '=', Neq: '!=', Re: '=~', Nre: '!~' };
const COMPARE_OPS: Record<string, CompareOp> = {
  Eql: '==', Eq: '==', Neq: '!=', Gtr: '>', Gte: '>=', Lss: '<', Lte: '<=',
};
const LINE_FILTER_OPS: Record<string, LineFilter['op']> = {
  PipeExact: '|=', Neq: '!=', PipeMatch: '|~', Nre: '!~', PipePattern: '|>', Npa: '!>',
};

/** Parse a LogQL query of the supported subset; throws LogQLError with Loki-like wording. */
export function parseLogQL(text: string): Query {
  if (text.trim() === '') throw new LogQLError('parse error : syntax error: unexpected $end');
  const tree = parser.parse(text);
  const p = new TreeReader(text);
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) {
        const token = text.slice(n.from, n.to).trim() || text.slice(n.from).trim().split(/\s+/)[0];
        throw parseError(text, n.from, token ? `syntax error: unexpected ${JSON.stringify(token)}` : 'syntax error: unexpected end of query');
      }
      const unsupported = UNSUPPORTED[n.name];
      if (unsupported) throw parseError(text, n.from, `${unsupported} is not supported by the obs demo Loki`);
      return undefined;
    },
  });
  const expr = tree.topNode.getChild('Expr');
  if (!expr?.firstChild) throw parseError(text, 0, 'syntax error: unexpected end of query');
  return p.expr(expr.firstChild);
}

class TreeReader {
  constructor(private readonly text: string) {}

  private src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  private fail(n: SyntaxNode, detail: string): never {
    throw parseError(this.text, n.from, detail);
  }

  private string(n: SyntaxNode | null): string {
    if (!n) throw parseError(this.text, this.text.length, 'syntax error: expected a string');
    const value = unquote(this.src(n));
    if (value === undefined) this.fail(n, `invalid string literal ${this.src(n)}`);
    return value;
  }

  /** All nodes named `name` under `n`, flattening the grammar's left-recursive lists, in source order. */
  private collect(n: SyntaxNode, name: string, through: string): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.name === name) out.push(c);
      else if (c.name === through) out.push(...this.collect(c, name, through));
    }
    return out;
  }

  expr(n: SyntaxNode): Query {
    if (n.name === 'LogExpr') return this.logExpr(n);
    if (n.name === 'MetricExpr') return this.metricExpr(n);
    this.fail(n, `syntax error: unexpected ${n.name}`);
  }

  private logExpr(n: SyntaxNode): LogQuery {
    const inner = n.getChild('LogExpr');
    if (inner) return this.logExpr(inner);
    const selector = n.getChild('Selector');
    if (!selector) this.fail(n, 'syntax error: expected a stream selector');
    return { kind: 'log', matchers: this.selector(selector), stages: this.pipelines(n) };
  }

  private selector(n: SyntaxNode): LabelMatcher[] {
    const matchers = this.collect(n, 'Matcher', 'Matchers').map((m) => this.matcher(m));
    const usable = matchers.some((m) => {
      if (m.op === '!=' || m.op === '!~') return false;
      return m.op === '=' ? m.value !== '' : !safeRegExp(m.value, this.text, n.from, true).test('');
    });
    if (!usable) {
      throw new LogQLError(
        'queries require at least one regexp or equality matcher that does not have an empty-compatible value. ' +
          'For instance, app=~".*" does not meet this requirement, but app=~".+" will',
      );
    }
    return matchers;
  }

  private matcher(n: SyntaxNode): LabelMatcher {
    const name = n.getChild('Identifier');
    const opNode = n.firstChild?.nextSibling;
    const op = opNode ? MATCH_OPS[opNode.name] : undefined;
    if (!name || !op) this.fail(n, 'syntax error: malformed label matcher');
    const value = this.string(n.getChild('String'));
    if (op === '=~' || op === '!~') safeRegExp(value, this.text, n.from);
    return { name: this.src(name), op, value };
  }

  private pipelines(n: SyntaxNode): Stage[] {
    const stages: Stage[] = [];
    for (const pipeline of n.getChildren('PipelineExpr')) {
      for (const stage of this.collect(pipeline, 'PipelineStage', 'PipelineExpr')) stages.push(...this.stage(stage));
    }
    return stages;
  }

  private stage(n: SyntaxNode): Stage[] {
    const lineFilters = n.getChild('LineFilters');
    if (lineFilters) {
      return this.collect(lineFilters, 'LineFilter', 'LineFilters').map((f) => ({ kind: 'lineFilter', filter: this.lineFilter(f) }));
    }
    const body = n.getChild('Pipe')?.nextSibling;
    if (!body) this.fail(n, 'syntax error: empty pipeline stage');
    switch (body.name) {
      case 'LabelParser': {
        const kind = body.firstChild;
        if (kind?.name === 'Json') return [{ kind: 'json', extractions: [] }];
        if (kind?.name === 'Logfmt') return [{ kind: 'logfmt', extractions: [], strict: false, keepEmpty: false }];
        if (kind?.name === 'Pattern') return [{ kind: 'pattern', pattern: this.string(body.getChild('String')) }];
        if (kind?.name === 'Regexp') {
          const regexp = this.string(body.getChild('String'));
          safeRegExp(regexp, this.text, body.from);
          return [{ kind: 'regexp', regexp }];
        }
        return this.fail(body, `${this.src(body)} is not supported by the obs demo Loki`);
      }
      case 'LogfmtParser':
      case 'LogfmtExpressionParser': {
        const flags = body.getChild('LogfmtParserFlags');
        const flagText = flags ? this.collect(flags, 'ParserFlag', 'LogfmtParserFlags').map((f) => this.src(f)) : [];
        return [{
          kind: 'logfmt',
          extractions: this.extractions(body),
          strict: flagText.includes('--strict'),
          keepEmpty: flagText.includes('--keep-empty'),
        }];
      }
      case 'JsonExpressionParser':
        return [{ kind: 'json', extractions: this.extractions(body) }];
      case 'LabelFilter':
        return [{ kind: 'labelFilter', filter: this.labelFilter(body) }];
      case 'LineFormatExpr':
        return [{ kind: 'lineFormat', template: this.string(body.getChild('String')) }];
      default:
        return this.fail(body, `${this.src(body).split(/\s/)[0]} is not supported by the obs demo Loki`);
    }
  }

  private extractions(n: SyntaxNode): Extraction[] {
    const list = n.getChild('LabelExtractionExpressionList');
    if (!list) return [];
    return this.collect(list, 'LabelExtractionExpression', 'LabelExtractionExpressionList').map((e) => {
      const name = this.src(e.getChild('Identifier')!);
      const path = e.getChild('String');
      return { name, path: path ? this.string(path) : name };
    });
  }

  private lineFilter(n: SyntaxNode): LineFilter {
    const opNode = n.getChild('Filter')?.firstChild;
    const op = opNode ? LINE_FILTER_OPS[opNode.name] : undefined;
    if (!op) this.fail(n, 'syntax error: malformed line filter');
    const values = [this.string(n.getChild('String')), ...n.getChildren('OrFilter').map((o) => this.string(o.getChild('String')))];
    if (op === '|~' || op === '!~') for (const v of values) safeRegExp(v, this.text, n.from);
    return { op, values };
  }

  private labelFilter(n: SyntaxNode): LabelFilter {
    const parts = n.getChildren('LabelFilter');
    if (parts.length === 1) return this.labelFilter(parts[0]);
    if (parts.length === 2) {
      const kind = n.getChild('Or') ? 'or' : 'and';
      return { kind, left: this.labelFilter(parts[0]), right: this.labelFilter(parts[1]) };
    }
    const leaf = n.firstChild;
    if (!leaf) this.fail(n, 'syntax error: empty label filter');
    if (leaf.name === 'Matcher') {
      const matcher = this.matcher(leaf);
      return { kind: 'match', matcher };
    }
    const filter = leaf.name === 'UnitFilter' ? leaf.firstChild : leaf;
    if (!filter) this.fail(n, 'syntax error: empty label filter');
    const name = this.src(filter.getChild('Identifier')!);
    const opNode = filter.getChild('Identifier')!.nextSibling!;
    const op = COMPARE_OPS[opNode.name];
    if (!op) this.fail(opNode, `syntax error: unexpected ${this.src(opNode)}`);
    if (filter.name === 'NumberFilter') {
      const literal = filter.getChild('LiteralExpr')!;
      return { kind: 'number', name, op, value: Number(this.src(literal).replace(/\s+/g, '')) };
    }
    if (filter.name === 'DurationFilter') {
      const seconds = parseGoDuration(this.src(filter.getChild('Duration')!));
      if (seconds === undefined) this.fail(filter, 'invalid duration');
      return { kind: 'duration', name, op, seconds };
    }
    if (filter.name === 'BytesFilter') {
      const bytes = parseBytes(this.src(filter.getChild('Bytes')!));
      if (bytes === undefined) this.fail(filter, 'invalid bytes value');
      return { kind: 'bytes', name, op, bytes };
    }
    return this.fail(filter, `${this.src(filter)} is not supported by the obs demo Loki`);
  }

  private metricExpr(n: SyntaxNode): MetricQuery {
    const inner = n.firstChild;
    if (!inner) this.fail(n, 'syntax error: empty expression');
    if (inner.name === 'MetricExpr') return this.metricExpr(inner);
    if (inner.name === 'RangeAggregationExpr') return this.rangeAggregation(inner);
    if (inner.name === 'VectorAggregationExpr') return this.vectorAggregation(inner);
    const what = inner.name === 'LiteralExpr' ? 'literal expressions' : inner.name;
    return this.fail(inner, `${what} is not supported by the obs demo Loki`);
  }

  private rangeAggregation(n: SyntaxNode): MetricQuery {
    const opNode = n.getChild('RangeOp')!.firstChild!;
    const op = RANGE_OPS[opNode.name];
    if (!op) this.fail(opNode, `${this.src(opNode)} is not supported by the obs demo Loki`);
    if (n.getChild('Grouping')) this.fail(n, `grouping not allowed for ${op} aggregation`);
    const logRange = n.getChild('LogRangeExpr')!;
    const range = logRange.getChild('Range')?.getChild('Duration');
    if (!range) this.fail(logRange, 'syntax error: expected a range like [5m]');
    const rangeMs = parseDuration(this.src(range));
    if (rangeMs <= 0) this.fail(range, 'range must be positive');
    const selector = logRange.getChild('Selector');
    if (!selector) this.fail(logRange, 'syntax error: expected a stream selector');
    const query: LogQuery = { kind: 'log', matchers: this.selector(selector), stages: this.pipelines(logRange) };
    const offset = logRange.getChild('OffsetExpr')?.getChild('Duration');
    const offsetMs = offset ? parseDuration(this.src(offset)) : 0;
    return { kind: 'range', op, query, rangeMs, offsetMs };
  }

  private vectorAggregation(n: SyntaxNode): MetricQuery {
    const opNode = n.getChild('VectorOp')!.firstChild!;
    const op = VECTOR_OPS[opNode.name];
    if (!op) this.fail(opNode, `${this.src(opNode)} is not supported by the obs demo Loki`);
    const groupingNode = n.getChild('Grouping');
    let grouping: Grouping | undefined;
    if (groupingNode) {
      const labelsNode = groupingNode.getChild('Labels');
      grouping = {
        mode: groupingNode.getChild('Without') ? 'without' : 'by',
        labels: labelsNode ? this.collect(labelsNode, 'Identifier', 'Labels').map((l) => this.src(l)) : [],
      };
    }
    const paramNode = n.getChild('Number');
    const needsParam = op === 'topk' || op === 'bottomk';
    if (needsParam !== Boolean(paramNode)) {
      this.fail(n, needsParam ? `parameter required for ${op}` : `unsupported parameter for operation ${op}`);
    }
    const param = paramNode ? Number(this.src(paramNode)) : undefined;
    if (param !== undefined && (!Number.isInteger(param) || param <= 0)) this.fail(paramNode!, `invalid parameter ${op}(${param})`);
    const inner = n.getChild('MetricExpr');
    if (!inner) this.fail(n, 'syntax error: expected a metric expression');
    return { kind: 'vector', op, grouping, param, inner: this.metricExpr(inner) };
  }
}

function safeRegExp(pattern: string, text: string, offset: number, anchored = false): RegExp {
  try {
    return compileRegExp(pattern, anchored);
  } catch (e) {
    throw parseError(text, offset, `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
}
