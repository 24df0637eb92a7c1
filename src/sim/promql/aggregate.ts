/** Aggregation operators with by/without, per step, in the same arithmetic order as Prometheus 2.42. */
import type { AggregateOp } from './ast.js';
import { dropLabels, keepLabels, labelsKey, type Labels } from './labels.js';
import { quantile } from './quantile.js';
import { SeriesCollector, type StepSeries } from './value.js';

interface Group {
  labels: Labels;
  members: StepSeries[];
}

function groupSeries(input: StepSeries[], grouping: string[], without: boolean): Group[] {
  const groups = new Map<string, Group>();
  for (const s of input) {
    const labels = without ? dropLabels(s.labels, [...grouping, '__name__']) : keepLabels(s.labels, grouping);
    const key = labelsKey(labels);
    let g = groups.get(key);
    if (!g) {
      g = { labels, members: [] };
      groups.set(key, g);
    }
    g.members.push(s);
  }
  return [...groups.values()];
}

function reduce(op: AggregateOp, values: number[], param: number): number {
  switch (op) {
    case 'sum': {
      let sum = values[0];
      for (let i = 1; i < values.length; i++) sum += values[i];
      return sum;
    }
    case 'avg': {
      let mean = values[0];
      for (let i = 1; i < values.length; i++) {
        const x = values[i];
        const count = i + 1;
        if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
          if (!Number.isFinite(x) && !Number.isNaN(x) && mean > 0 === x > 0) continue;
          if (Number.isFinite(x)) continue;
        }
        mean += x / count - mean / count;
      }
      return mean;
    }
    case 'count':
      return values.length;
    case 'group':
      return 1;
    case 'min': {
      let min = values[0];
      for (const x of values) if (min > x || Number.isNaN(min)) min = x;
      return min;
    }
    case 'max': {
      let max = values[0];
      for (const x of values) if (max < x || Number.isNaN(max)) max = x;
      return max;
    }
    case 'stddev':
    case 'stdvar': {
      let mean = 0;
      let acc = 0;
      values.forEach((x, i) => {
        const delta = x - mean;
        mean += delta / (i + 1);
        acc += delta * (x - mean);
      });
      const v = acc / values.length;
      return op === 'stddev' ? Math.sqrt(v) : v;
    }
    case 'quantile':
      return quantile(param, values);
    default:
      throw new Error(`not a reducing aggregation: ${op}`);
  }
}

/** topk/bottomk: the k series kept at this step, in input order of arrival like Prometheus's heap. */
function selectK(members: { s: StepSeries; v: number }[], k: number, top: boolean): StepSeries[] {
  const chosen: { s: StepSeries; v: number }[] = [];
  // "worse" means: would be evicted first
  const worse = (x: number, y: number) => (top ? x < y || (Number.isNaN(x) && !Number.isNaN(y)) : x > y || (Number.isNaN(x) && !Number.isNaN(y)));
  for (const m of members) {
    if (chosen.length < k) {
      chosen.push(m);
      continue;
    }
    let worst = 0;
    for (let i = 1; i < chosen.length; i++) if (worse(chosen[i].v, chosen[worst].v)) worst = i;
    if (worse(chosen[worst].v, m.v)) chosen[worst] = m;
  }
  return chosen.map((c) => c.s);
}

export function aggregate(
  op: AggregateOp,
  input: StepSeries[],
  grouping: string[],
  without: boolean,
  param: Float64Array | undefined,
  steps: number,
): StepSeries[] {
  const groups = groupSeries(input, grouping, without);
  const out = new SeriesCollector(steps);
  const keys = groups.map((g) => labelsKey(g.labels));
  for (let i = 0; i < steps; i++) {
    groups.forEach((g, gi) => {
      if (op === 'topk' || op === 'bottomk') {
        const k = Math.trunc(param![i]);
        if (!(k >= 1)) return;
        const present = g.members.filter((s) => s.present[i]).map((s) => ({ s, v: s.values[i] }));
        for (const s of selectK(present, k, op === 'topk')) out.set(s.labels, i, s.values[i]);
        return;
      }
      const values: number[] = [];
      for (const s of g.members) if (s.present[i]) values.push(s.values[i]);
      if (values.length === 0) return;
      out.set(g.labels, i, reduce(op, values, param ? param[i] : NaN), keys[gi]);
    });
  }
  return out.series();
}
