/**
 * Values during evaluation. The engine evaluates every step of a query at once: a vector is a list of series,
 * each with one slot per step and a presence flag (a series may exist at some steps and not others).
 */
import { PromQLError } from './errors.js';
import { formatLabels, labelsKey, type Labels } from './labels.js';

export interface StepSeries {
  labels: Labels;
  values: Float64Array;
  present: Uint8Array;
}

export type StepValue =
  | { kind: 'scalar'; values: Float64Array }
  | { kind: 'vector'; series: StepSeries[] }
  | { kind: 'string'; value: string };

export function newSeries(labels: Labels, steps: number): StepSeries {
  return { labels, values: new Float64Array(steps), present: new Uint8Array(steps) };
}

/**
 * Collects output series by label set; two samples with the same labels at the same step are the error
 * Prometheus reports for such results.
 */
export class SeriesCollector {
  private readonly byKey = new Map<string, StepSeries>();

  constructor(private readonly steps: number) {}

  set(labels: Labels, step: number, value: number, key = labelsKey(labels)): void {
    let s = this.byKey.get(key);
    if (!s) {
      s = newSeries(labels, this.steps);
      this.byKey.set(key, s);
    }
    if (s.present[step]) {
      throw new PromQLError(`vector cannot contain metrics with the same labelset ${formatLabels(labels)}`, 'execution');
    }
    s.present[step] = 1;
    s.values[step] = value;
  }

  series(): StepSeries[] {
    return [...this.byKey.values()];
  }
}
