/** Binary operators: arithmetic, comparison and set operations with Prometheus 2.42 vector matching. */
import { COMPARISON_OPS, type BinaryOp, type VectorMatching } from './ast.js';
import { PromQLError } from './errors.js';
import { dropLabels, formatLabels, keepLabels, labelsKey, withoutName, type Labels } from './labels.js';
import { goPow } from './functions.js';
import { SeriesCollector, type StepSeries } from './value.js';

const ARITHMETIC: ReadonlySet<BinaryOp> = new Set(['+', '-', '*', '/', '%', '^']);

/** Returns [value, keep]: comparisons keep the left value when true. */
export function scalarOp(op: BinaryOp, l: number, r: number): [number, boolean] {
  switch (op) {
    case '+':
      return [l + r, true];
    case '-':
      return [l - r, true];
    case '*':
      return [l * r, true];
    case '/':
      return [l / r, true];
    case '%':
      return [l % r, true];
    case '^':
      return [goPow(l, r), true];
    case '==':
      return [l, l === r];
    case '!=':
      return [l, l !== r];
    case '>':
      return [l, l > r];
    case '<':
      return [l, l < r];
    case '>=':
      return [l, l >= r];
    case '<=':
      return [l, l <= r];
    default:
      throw new PromQLError(`operator "${op}" not allowed for scalar operations`);
  }
}

/** scalar OP scalar; comparisons always carry bool here (the parser insists). */
export function scalarBinary(op: BinaryOp, l: Float64Array, r: Float64Array): Float64Array {
  const out = new Float64Array(l.length);
  for (let i = 0; i < l.length; i++) {
    const [v, keep] = scalarOp(op, l[i], r[i]);
    out[i] = COMPARISON_OPS.has(op) ? (keep ? 1 : 0) : v;
  }
  return out;
}

/** vector OP scalar, or scalar OP vector when `scalarLeft`. */
export function vectorScalar(
  op: BinaryOp,
  vec: StepSeries[],
  scalar: Float64Array,
  scalarLeft: boolean,
  returnBool: boolean,
): StepSeries[] {
  const out: StepSeries[] = [];
  const comparison = COMPARISON_OPS.has(op);
  for (const s of vec) {
    const labels = ARITHMETIC.has(op) || returnBool ? withoutName(s.labels) : s.labels;
    const r: StepSeries = { labels, values: new Float64Array(s.values.length), present: new Uint8Array(s.values.length) };
    let any = false;
    for (let i = 0; i < s.values.length; i++) {
      if (!s.present[i]) continue;
      const [l, rr] = scalarLeft ? [scalar[i], s.values[i]] : [s.values[i], scalar[i]];
      let [v, keep] = scalarOp(op, l, rr);
      if (comparison && scalarLeft) v = s.values[i];
      if (returnBool) {
        v = keep ? 1 : 0;
        keep = true;
      }
      if (!keep) continue;
      r.values[i] = v;
      r.present[i] = 1;
      any = true;
    }
    if (any) out.push(r);
  }
  return out;
}

function signatureOf(labels: Labels, m: VectorMatching): string {
  return labelsKey(m.on ? keepLabels(labels, m.labels) : dropLabels(labels, [...m.labels, '__name__']));
}

function resultLabels(lhs: Labels, rhs: Labels, op: BinaryOp, m: VectorMatching): Labels {
  let out: Record<string, string> = { ...lhs };
  if (ARITHMETIC.has(op)) delete out.__name__;
  if (m.card === 'one-to-one') out = m.on ? keepLabels(out, m.labels) : dropLabels(out, m.labels);
  for (const name of m.include) {
    const v = rhs[name];
    if (v !== undefined && v !== '') out[name] = v;
    else delete out[name];
  }
  return out;
}

/** vector OP vector for arithmetic and comparison operators. */
export function vectorBinary(
  op: BinaryOp,
  lhsIn: StepSeries[],
  rhsIn: StepSeries[],
  m: VectorMatching,
  returnBool: boolean,
  steps: number,
): StepSeries[] {
  const swapped = m.card === 'one-to-many';
  const [lhs, rhs] = swapped ? [rhsIn, lhsIn] : [lhsIn, rhsIn];
  const rightBySig = new Map<string, StepSeries[]>();
  for (const s of rhs) {
    const sig = signatureOf(s.labels, m);
    const list = rightBySig.get(sig) ?? [];
    list.push(s);
    rightBySig.set(sig, list);
  }
  const leftSigs = lhs.map((s) => signatureOf(s.labels, m));
  const out = new SeriesCollector(steps);
  const resultCache = new Map<string, { labels: Labels; key: string }>();
  for (let i = 0; i < steps; i++) {
    const matchedAt = new Map<string, StepSeries>();
    for (const [sig, list] of rightBySig) {
      let found: StepSeries | undefined;
      for (const s of list) {
        if (!s.present[i]) continue;
        if (found) {
          const side = swapped ? 'left' : 'right';
          throw new PromQLError(
            `found duplicate series for the match group ${formatLabels(m.on ? keepLabels(s.labels, m.labels) : dropLabels(s.labels, [...m.labels, '__name__']))} on the ${side} hand-side of the operation: [${formatLabels(found.labels)}, ${formatLabels(s.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
            'execution',
          );
        }
        found = s;
      }
      if (found) matchedAt.set(sig, found);
    }
    const seenOneToOne = new Set<string>();
    const inserted = new Set<string>();
    for (let j = 0; j < lhs.length; j++) {
      const ls = lhs[j];
      if (!ls.present[i]) continue;
      const rs = matchedAt.get(leftSigs[j]);
      if (!rs) continue;
      let [vl, vr] = [ls.values[i], rs.values[i]];
      if (swapped) [vl, vr] = [vr, vl];
      let [value, keep] = scalarOp(op, vl, vr);
      if (returnBool) {
        value = keep ? 1 : 0;
        keep = true;
      }
      if (!keep) continue;
      const cacheKey = `${labelsKey(ls.labels)}\u0001${labelsKey(rs.labels)}`;
      let res = resultCache.get(cacheKey);
      if (!res) {
        let labels = resultLabels(ls.labels, rs.labels, op, m);
        if (returnBool) labels = withoutName(labels);
        res = { labels, key: labelsKey(labels) };
        resultCache.set(cacheKey, res);
      }
      if (m.card === 'one-to-one') {
        if (seenOneToOne.has(leftSigs[j])) {
          throw new PromQLError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)', 'execution');
        }
        seenOneToOne.add(leftSigs[j]);
      } else {
        if (inserted.has(res.key)) {
          throw new PromQLError('multiple matches for labels: grouping labels must ensure unique matches', 'execution');
        }
        inserted.add(res.key);
      }
      out.set(res.labels, i, value, res.key);
    }
  }
  return out.series();
}

/** and / or / unless. */
export function setBinary(op: BinaryOp, lhs: StepSeries[], rhs: StepSeries[], m: VectorMatching, steps: number): StepSeries[] {
  const lsig = lhs.map((s) => signatureOf(s.labels, m));
  const rsig = rhs.map((s) => signatureOf(s.labels, m));
  const out = new SeriesCollector(steps);
  for (let i = 0; i < steps; i++) {
    const rightSigs = new Set<string>();
    rhs.forEach((s, j) => s.present[i] && rightSigs.add(rsig[j]));
    const leftSigs = new Set<string>();
    lhs.forEach((s, j) => {
      if (!s.present[i]) return;
      leftSigs.add(lsig[j]);
      const keep = op === 'or' || (op === 'and' ? rightSigs.has(lsig[j]) : !rightSigs.has(lsig[j]));
      if (keep) out.set(s.labels, i, s.values[i]);
    });
    if (op === 'or') rhs.forEach((s, j) => s.present[i] && !leftSigs.has(rsig[j]) && out.set(s.labels, i, s.values[i]));
  }
  return out.series();
}
