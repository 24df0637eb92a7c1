/**
 * The world's metrics as a PromQL Storage: every series is generated on demand from the model, on the 15 s
 * scrape grid, for whatever window a query reads. Data exists from 30 days before now up to now.
 */
import { modelOf, type Model } from '../world/model.js';
import type { World } from '../world/world.js';
import { matchesAll, type Labels, type Matcher } from '../promql/labels.js';
import type { Samples, Storage, StoredSeries } from '../promql/storage.js';
import { CounterEngine } from './series/counters.js';
import { gaugeSeries } from './series/gauges.js';
import { hostSeries } from './series/hosts.js';
import { kubeSeries } from './series/kube.js';
import { HISTORY_MS, SCRAPE_MS } from './series/grid.js';
import { counterSources } from './series/sources.js';

export interface SimStorageOptions {
  /** the clock; data ends at now() */
  now: () => number;
  /** fixed data bounds (unix ms) instead of [now - 30 days, now], e.g. to match an exported range */
  minT?: number;
  maxT?: number;
}

const EMPTY: Samples = { t: [], v: [] };

export class SimStorage implements Storage {
  private readonly model: Model;
  private readonly counters: CounterEngine;
  private readonly series: StoredSeries[] = [];
  private readonly byName = new Map<string, StoredSeries[]>();

  constructor(
    world: World,
    private readonly opts: SimStorageOptions,
  ) {
    this.model = modelOf(world);
    const sources = counterSources(this.model);
    this.counters = new CounterEngine(this.model, sources);
    for (const src of sources) {
      src.labels.forEach((labels, slot) => {
        this.add({
          labels,
          samples: (lo, hi) => this.clip(lo, hi, (a, b) => this.counters.samples(src, slot, a, b)),
          latest: (lo, hi) => this.latest(lo, hi, (t) => this.counters.sampleAt(src, slot, t)),
          summary: (lo, hi) => {
            const b = this.bounds();
            return this.counters.summary(src, slot, Math.max(lo, b.minT), Math.min(hi, b.maxT));
          },
        });
      });
    }
    for (const g of gaugeSeries(this.model)) {
      const value = (t: number) => g.value(this.model.snapshot(t));
      this.add({
        labels: g.labels,
        samples: (lo, hi) => this.clip(lo, hi, (a, b) => this.gaugeSamples(a, b, value)),
        latest: (lo, hi) => this.latest(lo, hi, value),
      });
    }
    for (const h of [...hostSeries(this.model), ...kubeSeries(this.model)]) {
      this.add({
        labels: h.labels,
        samples: (lo, hi) => this.clip(lo, hi, (a, b) => this.gaugeSamples(a, b, h.value)),
        latest: (lo, hi) => this.latest(lo, hi, h.value),
      });
    }
  }

  private add(s: StoredSeries): void {
    this.series.push(s);
    const name = s.labels.__name__;
    this.byName.set(name, [...(this.byName.get(name) ?? []), s]);
  }

  bounds(): { minT: number; maxT: number } {
    const now = this.opts.now();
    return { minT: this.opts.minT ?? now - HISTORY_MS, maxT: this.opts.maxT ?? now };
  }

  private clip(minT: number, maxT: number, read: (a: number, b: number) => Samples): Samples {
    const b = this.bounds();
    const lo = Math.max(minT, b.minT);
    const hi = Math.min(maxT, b.maxT);
    return hi < lo ? EMPTY : read(lo, hi);
  }

  /** the last scrape in [minT, maxT] (within the data bounds) that has a value */
  private latest(minT: number, maxT: number, value: (t: number) => number | undefined): [number, number] | undefined {
    const b = this.bounds();
    const lo = Math.max(minT, b.minT);
    for (let t = Math.floor(Math.min(maxT, b.maxT) / SCRAPE_MS) * SCRAPE_MS; t >= lo; t -= SCRAPE_MS) {
      const v = value(t);
      if (v !== undefined) return [t, v];
    }
    return undefined;
  }

  private gaugeSamples(minT: number, maxT: number, value: (t: number) => number | undefined): Samples {
    const t: number[] = [];
    const v: number[] = [];
    for (let x = Math.ceil(minT / SCRAPE_MS) * SCRAPE_MS; x <= maxT; x += SCRAPE_MS) {
      const y = value(x);
      if (y === undefined) continue;
      t.push(x);
      v.push(y);
    }
    return { t, v };
  }

  /** deploy_version_info: one series per (service, version), with samples while that version runs */
  private versionSeries(minT: number, maxT: number): StoredSeries[] {
    const out: StoredSeries[] = [];
    for (const spec of this.model.specs) {
      const events = [this.model.deploys.lastBefore(spec, minT), ...this.model.deploys.between(spec, minT + 1, maxT)];
      const versions = [...new Set(events.map((e) => e.version))];
      for (const version of versions) {
        const value = (t: number) => (this.model.deploys.lastBefore(spec, t).version === version ? 1 : undefined);
        out.push({
          labels: { __name__: 'deploy_version_info', service: spec.name, version },
          samples: (lo, hi) => this.clip(lo, hi, (a, b) => this.gaugeSamples(a, b, value)),
          latest: (lo, hi) => this.latest(lo, hi, value),
        });
      }
    }
    return out;
  }

  select(matchers: readonly Matcher[], minT: number, maxT: number): StoredSeries[] {
    const b = this.bounds();
    const lo = Math.max(minT, b.minT);
    const hi = Math.min(maxT, b.maxT);
    if (hi < lo) return [];
    const name = matchers.find((m) => m.name === '__name__' && m.type === '=')?.value;
    let candidates = name !== undefined ? this.byName.get(name) ?? [] : this.series;
    if (name === undefined || name === 'deploy_version_info') candidates = [...candidates, ...this.versionSeries(lo, hi)];
    return candidates.filter((s) => matchesAll(matchers, s.labels));
  }

  labelSets(minT: number, maxT: number): Labels[] {
    return this.select([], minT, maxT).map((s) => s.labels);
  }
}
