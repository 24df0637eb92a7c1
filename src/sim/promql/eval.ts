/**
 * Evaluates an AST at every step of a query at once. Selectors read each series' samples once for the whole
 * query span, or once per step window when windows are sparse (a 30-day range at 1h steps reads 5-minute
 * windows, not 30 days of samples), so cost follows what the query touches.
 */
import { aggregate } from './aggregate.js';
import { SET_OPS, typeOf, type Expr, type MatrixSelector, type Subquery, type VectorSelector } from './ast.js';
import { scalarBinary, setBinary, vectorBinary, vectorScalar } from './binary.js';
import { PromQLError } from './errors.js';
import { KEEPS_NAME, RANGE_KERNELS, SIMPLE_FUNCTIONS, SUMMARY_FUNCTIONS, extrapolatedRate, type Window } from './functions.js';
import { compareLabels, labelsKey, withoutName, type Labels } from './labels.js';
import { parseNumber } from './parse.js';
import { bucketQuantile, type Bucket } from './quantile.js';
import { arraySeries, type Samples, type Storage, type StoredSeries } from './storage.js';
import { SeriesCollector, newSeries, type StepSeries, type StepValue } from './value.js';

/** Prometheus 2.x selects samples in [t - range, t] (both ends inclusive) and looks back 5 minutes. */
export const DEFAULT_LOOKBACK_MS = 5 * 60_000;
/** a subquery without a step uses the default evaluation interval */
export const DEFAULT_SUBQUERY_STEP_MS = 60_000;

/** The series a range function reads, and how its windows are placed. */
interface RangeSource {
  series: StoredSeries[];
  /** offset and @ of the windows */
  sel: VectorSelector;
  rangeMs: number;
}

export interface QueryRange {
  startMs: number;
  endMs: number;
  stepMs: number;
}

export interface MatrixResult {
  labels: Labels;
  points: [tMs: number, value: number][];
}

export type QueryResult =
  | { resultType: 'vector'; result: { labels: Labels; t: number; value: number }[] }
  | { resultType: 'scalar'; result: [tMs: number, value: number] }
  | { resultType: 'string'; result: [tMs: number, value: string] }
  | { resultType: 'matrix'; result: MatrixResult[] };

function unwrap(e: Expr): Expr {
  return e.type === 'paren' ? unwrap(e.expr) : e;
}

class Evaluator {
  readonly times: number[];
  readonly steps: number;

  constructor(
    private readonly storage: Storage,
    private readonly range: QueryRange,
    private readonly lookbackMs: number,
  ) {
    this.times = [];
    for (let t = range.startMs; t <= range.endMs; t += range.stepMs) this.times.push(t);
    this.steps = this.times.length;
  }

  eval(e: Expr): StepValue {
    switch (e.type) {
      case 'number':
        return { kind: 'scalar', values: new Float64Array(this.steps).fill(e.value) };
      case 'string':
        return { kind: 'string', value: e.value };
      case 'paren':
        return this.eval(e.expr);
      case 'selector':
        return { kind: 'vector', series: this.instantSelector(e) };
      case 'matrix':
      case 'subquery':
        throw new PromQLError('range vector is only allowed as a function argument here');
      case 'unary': {
        const v = this.eval(e.expr);
        if (e.op === '+') return v;
        if (v.kind === 'scalar') return { kind: 'scalar', values: v.values.map((x) => -x) };
        if (v.kind === 'vector') {
          return { kind: 'vector', series: v.series.map((s) => ({ ...s, labels: withoutName(s.labels), values: s.values.map((x) => -x) })) };
        }
        throw new PromQLError('unary expression only allowed on expressions of type scalar or instant vector');
      }
      case 'binary': {
        const l = this.eval(e.lhs);
        const r = this.eval(e.rhs);
        if (l.kind === 'scalar' && r.kind === 'scalar') return { kind: 'scalar', values: scalarBinary(e.op, l.values, r.values) };
        if (l.kind === 'vector' && r.kind === 'scalar') return { kind: 'vector', series: vectorScalar(e.op, l.series, r.values, false, e.returnBool) };
        if (l.kind === 'scalar' && r.kind === 'vector') return { kind: 'vector', series: vectorScalar(e.op, r.series, l.values, true, e.returnBool) };
        if (l.kind === 'vector' && r.kind === 'vector') {
          const series = SET_OPS.has(e.op)
            ? setBinary(e.op, l.series, r.series, e.matching, this.steps)
            : vectorBinary(e.op, l.series, r.series, e.matching, e.returnBool, this.steps);
          return { kind: 'vector', series };
        }
        throw new PromQLError('binary expression must contain only scalar and instant vector types');
      }
      case 'aggregate': {
        const param = e.param ? this.scalarArg(e.param) : undefined;
        const v = this.eval(e.expr);
        if (v.kind !== 'vector') throw new PromQLError('expected instant vector in aggregation');
        return { kind: 'vector', series: aggregate(e.op, v.series, e.grouping, e.without, param, this.steps) };
      }
      case 'call':
        return this.call(e.func, e.args);
    }
  }

  private scalarArg(e: Expr): Float64Array {
    const v = this.eval(e);
    if (v.kind !== 'scalar') throw new PromQLError('expected scalar');
    return v.values;
  }

  private vectorArg(e: Expr): StepSeries[] {
    const v = this.eval(e);
    if (v.kind !== 'vector') throw new PromQLError('expected instant vector');
    return v.series;
  }

  /** evaluation time of step i for a selector (honours @ and offset) */
  private refTime(sel: VectorSelector, i: number): number {
    const base = sel.at === 'start' ? this.range.startMs : sel.at === 'end' ? this.range.endMs : sel.at ?? this.times[i];
    return base - sel.offsetMs;
  }

  private select(sel: VectorSelector, windowMs: number): StoredSeries[] {
    const lo = Math.min(this.refTime(sel, 0), this.refTime(sel, this.steps - 1)) - windowMs;
    const hi = Math.max(this.refTime(sel, 0), this.refTime(sel, this.steps - 1));
    const found = this.storage.select(sel.matchers, lo, hi);
    return found.sort((a, b) => compareLabels(a.labels, b.labels));
  }

  /**
   * Calls fn(step, window) for each step whose window [ref - windowMs, ref] holds samples of the series.
   * Reads the whole span once when windows overlap or nearly tile it, else one read per window.
   */
  private sparse(sel: VectorSelector, windowMs: number): boolean {
    const span = this.refTime(sel, this.steps - 1) - this.refTime(sel, 0) + windowMs;
    return this.steps * windowMs < span / 2;
  }

  private forEachWindow(series: StoredSeries, sel: VectorSelector, windowMs: number, fn: (i: number, w: Window) => void): void {
    const first = this.refTime(sel, 0);
    const last = this.refTime(sel, this.steps - 1);
    if (this.sparse(sel, windowMs)) {
      for (let i = 0; i < this.steps; i++) {
        const end = this.refTime(sel, i);
        const s = series.samples(end - windowMs, end);
        if (s.t.length > 0) fn(i, { t: s.t, v: s.v, a: 0, b: s.t.length, start: end - windowMs, end, rangeMs: windowMs });
      }
      return;
    }
    const all: Samples = series.samples(first - windowMs, last);
    let a = 0;
    let b = 0;
    for (let i = 0; i < this.steps; i++) {
      const end = this.refTime(sel, i);
      const start = end - windowMs;
      while (a < all.t.length && all.t[a] < start) a++;
      if (b < a) b = a;
      while (b < all.t.length && all.t[b] <= end) b++;
      if (b > a) fn(i, { t: all.t, v: all.v, a, b, start, end, rangeMs: windowMs });
    }
  }

  instantSelector(sel: VectorSelector): StepSeries[] {
    const out: StepSeries[] = [];
    const sparse = this.sparse(sel, this.lookbackMs);
    for (const stored of this.select(sel, this.lookbackMs)) {
      const s = newSeries(stored.labels, this.steps);
      let any = false;
      if (sparse && stored.latest) {
        for (let i = 0; i < this.steps; i++) {
          const end = this.refTime(sel, i);
          const p = stored.latest(end - this.lookbackMs, end);
          if (!p) continue;
          s.values[i] = p[1];
          s.present[i] = 1;
          any = true;
        }
      } else {
        this.forEachWindow(stored, sel, this.lookbackMs, (i, w) => {
          s.values[i] = w.v[w.b - 1];
          s.present[i] = 1;
          any = true;
        });
      }
      if (any) out.push(s);
    }
    return out;
  }

  /** raw samples of a range selector or subquery at a single instant (instant query `x[5m]`) */
  matrixAt(e: MatrixSelector | Subquery): MatrixResult[] {
    const src = this.rangeSource(e);
    const out: MatrixResult[] = [];
    for (const stored of src.series) {
      this.forEachWindow(stored, src.sel, src.rangeMs, (_, w) => {
        const points: [number, number][] = [];
        for (let j = w.a; j < w.b; j++) points.push([w.t[j], w.v[j]]);
        out.push({ labels: stored.labels, points });
      });
    }
    return out;
  }

  private rangeSource(e: Expr): RangeSource {
    const u = unwrap(e);
    if (u.type === 'matrix') return { series: this.select(u.selector, u.rangeMs), sel: u.selector, rangeMs: u.rangeMs };
    if (u.type === 'subquery') {
      return { series: this.subquerySeries(u), sel: { type: 'selector', matchers: [], offsetMs: u.offsetMs }, rangeMs: u.rangeMs };
    }
    throw new PromQLError('expected a range vector');
  }

  /** The inner expression as a range query on a grid aligned to multiples of the step, like Prometheus. */
  private subquerySeries(sq: Subquery): StoredSeries[] {
    const step = sq.stepMs ?? DEFAULT_SUBQUERY_STEP_MS;
    const from = this.range.startMs - sq.offsetMs - sq.rangeMs;
    let start = step * Math.trunc(from / step);
    if (start < from) start += step;
    const end = this.range.endMs - sq.offsetMs;
    if (end < start) return [];
    const inner = new Evaluator(this.storage, { startMs: start, endMs: end, stepMs: step }, this.lookbackMs);
    const v = inner.eval(sq.expr);
    const series =
      v.kind === 'scalar' ? [{ labels: {}, values: v.values, present: new Uint8Array(inner.steps).fill(1) }] : v.kind === 'vector' ? v.series : [];
    return series.map((s) => {
      const t: number[] = [];
      const values: number[] = [];
      for (let i = 0; i < inner.steps; i++) {
        if (!s.present[i]) continue;
        t.push(inner.times[i]);
        values.push(s.values[i]);
      }
      return arraySeries(s.labels, t, values);
    });
  }

  private rangeFunction(func: string, src: RangeSource, param?: Float64Array): StepSeries[] {
    const kernel = RANGE_KERNELS[func];
    // Storage summaries pay off for long or sparse windows; short overlapping ones are cheaper swept in one read.
    const summarized = src.rangeMs >= 3_600_000 || this.sparse(src.sel, src.rangeMs) ? SUMMARY_FUNCTIONS[func] : undefined;
    const out = new SeriesCollector(this.steps);
    for (const stored of src.series) {
      const labels = KEEPS_NAME.has(func) ? stored.labels : withoutName(stored.labels);
      const key = labelsKey(labels);
      if (summarized && stored.summary) {
        for (let i = 0; i < this.steps; i++) {
          const end = this.refTime(src.sel, i);
          const s = stored.summary(end - src.rangeMs, end);
          const v = s && extrapolatedRate(s, end - src.rangeMs, end, src.rangeMs, summarized.isCounter, summarized.isRate);
          if (v !== undefined) out.set(labels, i, v, key);
        }
        continue;
      }
      this.forEachWindow(stored, src.sel, src.rangeMs, (i, w) => {
        const v = kernel(w, param ? param[i] : NaN);
        if (v !== undefined) out.set(labels, i, v, key);
      });
    }
    return out.series();
  }

  private call(func: string, args: Expr[]): StepValue {
    const steps = this.steps;
    if (func in RANGE_KERNELS && func !== 'absent_over_time') {
      const [m, p] = func === 'quantile_over_time' ? [args[1], this.scalarArg(args[0])] : [args[0], undefined];
      return { kind: 'vector', series: this.rangeFunction(func, this.rangeSource(m), p) };
    }
    if (func in SIMPLE_FUNCTIONS) {
      const f = SIMPLE_FUNCTIONS[func];
      return { kind: 'vector', series: this.vectorArg(args[0]).map((s) => ({ ...s, labels: withoutName(s.labels), values: s.values.map(f) })) };
    }
    switch (func) {
      case 'time':
        return { kind: 'scalar', values: Float64Array.from(this.times, (t) => t / 1000) };
      case 'vector': {
        const s = newSeries({}, steps);
        s.values.set(this.scalarArg(args[0]));
        s.present.fill(1);
        return { kind: 'vector', series: [s] };
      }
      case 'scalar': {
        const vec = this.vectorArg(args[0]);
        const values = new Float64Array(steps).fill(NaN);
        for (let i = 0; i < steps; i++) {
          const present = vec.filter((s) => s.present[i]);
          if (present.length === 1) values[i] = present[0].values[i];
        }
        return { kind: 'scalar', values };
      }
      case 'sort':
      case 'sort_desc':
        return { kind: 'vector', series: this.vectorArg(args[0]) };
      case 'round': {
        const to = args[1] ? this.scalarArg(args[1]) : new Float64Array(steps).fill(1);
        return {
          kind: 'vector',
          series: this.vectorArg(args[0]).map((s) => ({
            ...s,
            labels: withoutName(s.labels),
            values: s.values.map((x, i) => Math.floor(x * (1 / to[i]) + 0.5) / (1 / to[i])),
          })),
        };
      }
      case 'clamp':
      case 'clamp_min':
      case 'clamp_max':
        return { kind: 'vector', series: this.clamp(func, args) };
      case 'absent':
      case 'absent_over_time':
        return { kind: 'vector', series: this.absent(func, args[0]) };
      case 'histogram_quantile':
        return { kind: 'vector', series: this.histogramQuantile(this.scalarArg(args[0]), this.vectorArg(args[1])) };
      case 'label_replace':
        return { kind: 'vector', series: this.labelReplace(this.vectorArg(args[0]), args.slice(1).map(stringArg) as [string, string, string, string]) };
      default:
        throw new PromQLError(`unsupported function "${func}"`);
    }
  }

  /** label_replace(v, dst, replacement, src, regex): the fully anchored regex, $1 and ${name} in the replacement. */
  private labelReplace(vec: StepSeries[], [dst, replacement, src, regex]: [string, string, string, string]): StepSeries[] {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${regex})$`, 's');
    } catch {
      throw new PromQLError(`invalid regular expression in label_replace(): ${regex}`);
    }
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(dst)) throw new PromQLError(`invalid destination label name in label_replace(): ${dst}`);
    const seen = new Set<string>();
    return vec.map((s) => {
      const match = re.exec(s.labels[src] ?? '');
      const out = match ? this.replaced(s, dst, replacement, match) : s;
      const key = labelsKey(out.labels);
      if (seen.has(key)) throw new PromQLError('vector cannot contain metrics with the same labelset');
      seen.add(key);
      return out;
    });
  }

  private replaced(s: StepSeries, dst: string, replacement: string, match: RegExpExecArray): StepSeries {
    const value = replacement.replace(/\$(?:\{(\w+)\}|(\w+))/g, (_m, braced: string | undefined, bare: string | undefined) => {
      const ref = braced ?? bare!;
      return (/^\d+$/.test(ref) ? match[Number(ref)] : match.groups?.[ref]) ?? '';
    });
    const labels: Record<string, string> = { ...s.labels };
    if (value === '') delete labels[dst];
    else labels[dst] = value;
    return { ...s, labels: Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))) };
  }

  private clamp(func: string, args: Expr[]): StepSeries[] {
    const vec = this.vectorArg(args[0]);
    const a = this.scalarArg(args[1]);
    const b = func === 'clamp' ? this.scalarArg(args[2]) : undefined;
    return vec.map((s) => {
      const r = newSeries(withoutName(s.labels), this.steps);
      for (let i = 0; i < this.steps; i++) {
        if (!s.present[i]) continue;
        const x = s.values[i];
        if (func === 'clamp') {
          if (b![i] < a[i]) continue;
          r.values[i] = Math.max(a[i], Math.min(b![i], x));
        } else r.values[i] = func === 'clamp_min' ? Math.max(x, a[i]) : Math.min(x, a[i]);
        r.present[i] = 1;
      }
      return r;
    });
  }

  private absent(func: string, arg: Expr): StepSeries[] {
    const inner = unwrap(arg);
    let present: Uint8Array;
    if (func === 'absent_over_time') {
      const src = this.rangeSource(inner);
      present = new Uint8Array(this.steps);
      for (const stored of src.series) this.forEachWindow(stored, src.sel, src.rangeMs, (i) => (present[i] = 1));
    } else {
      present = new Uint8Array(this.steps);
      for (const s of this.vectorArg(arg)) for (let i = 0; i < this.steps; i++) present[i] |= s.present[i];
    }
    const sel = inner.type === 'selector' ? inner : inner.type === 'matrix' ? inner.selector : undefined;
    const labels: Record<string, string> = {};
    if (sel) {
      const seen = new Set<string>();
      for (const m of sel.matchers) {
        if (m.name === '__name__') continue;
        if (m.type === '=' && !seen.has(m.name)) {
          labels[m.name] = m.value;
          seen.add(m.name);
        } else delete labels[m.name];
      }
    }
    const out = newSeries(labels, this.steps);
    for (let i = 0; i < this.steps; i++) {
      if (present[i]) continue;
      out.present[i] = 1;
      out.values[i] = 1;
    }
    return out.present.includes(1) ? [out] : [];
  }

  private histogramQuantile(q: Float64Array, vec: StepSeries[]): StepSeries[] {
    const groups = new Map<string, { labels: Labels; members: { s: StepSeries; le: number }[] }>();
    for (const s of vec) {
      const le = parseNumber(s.labels.le ?? '');
      if (le === undefined) continue;
      const rest: Record<string, string> = { ...s.labels };
      delete rest.le;
      const sig = labelsKey(rest);
      delete rest.__name__;
      const g = groups.get(sig) ?? { labels: rest, members: [] };
      g.members.push({ s, le });
      groups.set(sig, g);
    }
    const out = new SeriesCollector(this.steps);
    for (const g of groups.values()) {
      const key = labelsKey(g.labels);
      for (let i = 0; i < this.steps; i++) {
        const buckets: Bucket[] = [];
        for (const m of g.members) if (m.s.present[i]) buckets.push({ upperBound: m.le, count: m.s.values[i] });
        if (buckets.length > 0) out.set(g.labels, i, bucketQuantile(q[i], buckets), key);
      }
    }
    return out.series();
  }
}

/** Evaluate a parsed expression. An instant query is a range with start = end. */
export function evaluate(storage: Storage, expr: Expr, range: QueryRange, opts: { instant: boolean; lookbackMs?: number }): QueryResult {
  const ev = new Evaluator(storage, range, opts.lookbackMs ?? DEFAULT_LOOKBACK_MS);
  const top = unwrap(expr);
  const type = typeOf(expr);
  if (!opts.instant && (type === 'matrix' || type === 'string')) {
    throw new PromQLError(`invalid expression type "${type === 'matrix' ? 'range vector' : 'string'}" for range query, must be Scalar or instant Vector`);
  }
  if (top.type === 'matrix' || top.type === 'subquery') {
    const result = ev.matrixAt(top).sort((a, b) => compareLabels(a.labels, b.labels));
    return { resultType: 'matrix', result };
  }
  const v = ev.eval(expr);
  if (v.kind === 'string') return { resultType: 'string', result: [range.startMs, v.value] };
  if (opts.instant) {
    if (v.kind === 'scalar') return { resultType: 'scalar', result: [range.startMs, v.values[0]] };
    const result = v.series.filter((s) => s.present[0]).map((s) => ({ labels: s.labels, t: range.startMs, value: s.values[0] }));
    if (top.type === 'call' && (top.func === 'sort' || top.func === 'sort_desc')) {
      const desc = top.func === 'sort_desc';
      result.sort((a, b) => {
        if (Number.isNaN(a.value)) return 1;
        if (Number.isNaN(b.value)) return -1;
        return desc ? b.value - a.value : a.value - b.value;
      });
    } else result.sort((a, b) => compareLabels(a.labels, b.labels));
    return { resultType: 'vector', result };
  }
  const series = v.kind === 'scalar' ? [{ labels: {}, values: v.values, present: new Uint8Array(ev.steps).fill(1) }] : v.series;
  const result: MatrixResult[] = [];
  for (const s of series) {
    const points: [number, number][] = [];
    for (let i = 0; i < ev.steps; i++) if (s.present[i]) points.push([ev.times[i], s.values[i]]);
    if (points.length > 0) result.push({ labels: s.labels, points });
  }
  result.sort((a, b) => compareLabels(a.labels, b.labels));
  return { resultType: 'matrix', result };
}

function stringArg(e: Expr): string {
  const inner = unwrap(e);
  if (inner.type !== 'string') throw new PromQLError(`expected a string argument, got ${typeOf(inner)}`);
  return inner.value;
}
