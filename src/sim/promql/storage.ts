/** What the engine reads: series found by matchers, whose samples are produced on demand for a time window. */
import type { CounterSummary } from './functions.js';
import { labelsKey, matchesAll, type Labels, type Matcher } from './labels.js';

export interface Samples {
  /** unix ms, ascending */
  t: ArrayLike<number>;
  v: ArrayLike<number>;
}

export interface StoredSeries {
  labels: Labels;
  /** samples with minT <= t <= maxT */
  samples(minT: number, maxT: number): Samples;
  /** optional fast path for instant selectors: the last sample with minT <= t <= maxT */
  latest?(minT: number, maxT: number): [t: number, v: number] | undefined;
  /** optional fast path for rate/increase/delta: the window's summary, exactly as summarising its samples would give */
  summary?(minT: number, maxT: number): CounterSummary | undefined;
}

export interface Storage {
  /** series that may have samples in [minT, maxT] */
  select(matchers: readonly Matcher[], minT: number, maxT: number): StoredSeries[];
  /** every label set with samples in [minT, maxT] (for /series, /labels) */
  labelSets?(minT: number, maxT: number): Labels[];
}

/** Storage over explicit sample arrays (tests, fixtures). */
export class MemoryStorage implements Storage {
  private readonly series = new Map<string, { labels: Labels; t: number[]; v: number[] }>();

  add(labels: Labels, points: [tMs: number, value: number][]): this {
    const key = labelsKey(labels);
    const s = this.series.get(key) ?? { labels, t: [], v: [] };
    for (const [t, v] of points) {
      s.t.push(t);
      s.v.push(v);
    }
    const order = s.t.map((_, i) => i).sort((a, b) => s.t[a] - s.t[b]);
    s.t = order.map((i) => s.t[i]);
    s.v = order.map((i) => s.v[i]);
    this.series.set(key, s);
    return this;
  }

  select(matchers: readonly Matcher[], minT: number, maxT: number): StoredSeries[] {
    const out: StoredSeries[] = [];
    for (const s of this.series.values()) {
      if (!matchesAll(matchers, s.labels)) continue;
      if (s.t.length === 0 || s.t[s.t.length - 1] < minT || s.t[0] > maxT) continue;
      out.push(arraySeries(s.labels, s.t, s.v));
    }
    return out;
  }

  labelSets(minT: number, maxT: number): Labels[] {
    return [...this.series.values()].filter((s) => s.t.some((t) => t >= minT && t <= maxT)).map((s) => s.labels);
  }
}

/** First index i with a[i] >= x (or > x when `strict`). */
function searchSorted(a: ArrayLike<number>, x: number, strict = false): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x || (strict && a[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A series over sample arrays (t ascending). */
export function arraySeries(labels: Labels, t: number[], v: number[]): StoredSeries {
  return {
    labels,
    samples(minT, maxT) {
      const a = searchSorted(t, minT);
      const b = searchSorted(t, maxT, true);
      return { t: t.slice(a, b), v: v.slice(a, b) };
    },
  };
}
