/**
 * Counters generated on demand with memory independent of history.
 *
 * Time is cut into 5-minute blocks of twenty 15 s scrapes. Each counter series gets an integer total per block
 * (in units of `unit`, a power of two, so every sum below is exact and counters never go backwards by a
 * rounding error) and a within-block cumulative weight per scrape. The value at scrape t is the sum of the
 * block totals since the service's last restart plus partial blocks: floor(T * W_j) differences. Quiet blocks
 * cost one model snapshot (at the block's middle); blocks near the scenario's incident use every scrape's
 * snapshot so onsets are sharp. Block totals are cached per (source, UTC day) with a bounded LRU.
 */
import { hashInts01 } from '../../world/random.js';
import type { Model, Snapshot } from '../../world/model.js';
import type { ServiceSpec } from '../../world/topology.js';
import type { Labels } from '../../promql/labels.js';
import type { CounterSummary } from '../../promql/functions.js';
import type { Samples } from '../../promql/storage.js';
import { BLOCK_MS, BLOCKS_PER_DAY, SCRAPE_MS, STEPS } from './grid.js';

export interface CounterSource {
  /** unique name, e.g. "http_requests:checkout" */
  name: string;
  /** hash of the name (quantisation and weight noise) */
  key: number;
  /** counters reset when this service's processes restart */
  service: string;
  labels: Labels[];
  /** value of one integer step of each slot's counter */
  units: number[];
  /** slot whose per-scrape profile shapes every slot's weights (histograms: keeps buckets monotonic in le) */
  weightSlot?: number;
  /** expected amount per second at a snapshot, per slot, in natural units */
  rates(snap: Snapshot, out: Float64Array): void;
  /** integer totals for a block from accumulated amounts (default: stochastic rounding per slot) */
  quantize?(acc: Float64Array, block: number, out: Float64Array): void;
}

/** uniform [0, 1) for (source, block, slot) */
export function blockNoise(src: CounterSource, block: number, slot: number): number {
  return hashInts01(src.key, block, slot);
}

/** bound on cached prefix sums (bytes) */
const MAX_CACHE_BYTES = 32 * 1024 * 1024;

/** Per-source caches with numeric keys (these lookups sit on the hottest path). */
interface SourceCache {
  /** UTC day -> prefix sums of the day's block totals */
  days: Map<number, Float64Array>;
  /** block (quiet) or block * 4096 + weight slot (eventful) -> cumulative weights */
  weights: Map<number, Float64Array>;
  /** eventful block -> per-scrape amounts */
  steps: Map<number, Float64Array>;
}

export class CounterEngine {
  private readonly caches = new Map<CounterSource, SourceCache>();
  private readonly specs = new Map<CounterSource, ServiceSpec>();
  /** cached days in insertion order, for eviction */
  private readonly dayOrder: { cache: SourceCache; day: number; bytes: number }[] = [];
  private cachedBytes = 0;
  private readonly eventFrom: number;
  private readonly eventTo: number;

  /** `sources`: every counter source of the world; a day's block totals are computed for all of them at once */
  constructor(
    private readonly model: Model,
    private readonly sources: CounterSource[],
  ) {
    for (const src of sources) {
      this.caches.set(src, { days: new Map(), weights: new Map(), steps: new Map() });
      this.specs.set(src, model.specs.find((s) => s.name === src.service)!);
    }
    const sc = model.scenario;
    this.eventFrom = sc.rootCause === '' ? Infinity : Math.floor((sc.onsetMs - BLOCK_MS) / BLOCK_MS);
    this.eventTo = sc.rootCause === '' ? -Infinity : Math.floor((sc.endMs + BLOCK_MS) / BLOCK_MS);
  }

  private eventful(block: number): boolean {
    return block >= this.eventFrom && block <= this.eventTo;
  }

  /** per-scrape amounts of an eventful block: [step * slots + slot] */
  private stepAmounts(src: CounterSource, block: number): Float64Array {
    const cache = this.caches.get(src)!.steps;
    const hit = cache.get(block);
    if (hit) return hit;
    const n = src.labels.length;
    const out = new Float64Array(STEPS * n);
    const rates = new Float64Array(n);
    for (let j = 0; j < STEPS; j++) {
      src.rates(this.model.snapshot(block * BLOCK_MS + j * SCRAPE_MS), rates);
      for (let s = 0; s < n; s++) out[j * n + s] = (rates[s] * SCRAPE_MS) / 1000;
    }
    if (cache.size > 512) cache.clear();
    cache.set(block, out);
    return out;
  }

  private blockTotals(src: CounterSource, block: number, acc: Float64Array, out: Float64Array): void {
    const n = src.labels.length;
    if (this.eventful(block)) {
      acc.fill(0);
      const steps = this.stepAmounts(src, block);
      for (let j = 0; j < STEPS; j++) for (let s = 0; s < n; s++) acc[s] += steps[j * n + s];
    } else {
      src.rates(this.model.snapshot(block * BLOCK_MS + BLOCK_MS / 2), acc);
      for (let s = 0; s < n; s++) acc[s] *= BLOCK_MS / 1000;
    }
    if (src.quantize) src.quantize(acc, block, out);
    else for (let s = 0; s < n; s++) out[s] = Math.floor(acc[s] / src.units[s] + blockNoise(src, block, s));
  }

  /**
   * Prefix sums of block totals within a UTC day: [slot * (BLOCKS_PER_DAY + 1) + k] = sum of blocks < k.
   * A miss computes the day for every source in one pass, so each block's model snapshot is taken once.
   */
  private dayPrefix(src: CounterSource, day: number): Float64Array {
    const hit = this.caches.get(src)!.days.get(day);
    if (hit) return hit;
    const w = BLOCKS_PER_DAY + 1;
    const work = this.sources.map((s) => ({
      s,
      prefix: new Float64Array(s.labels.length * w),
      acc: new Float64Array(s.labels.length),
      totals: new Float64Array(s.labels.length),
    }));
    for (let k = 0; k < BLOCKS_PER_DAY; k++) {
      const block = day * BLOCKS_PER_DAY + k;
      for (const { s, prefix, acc, totals } of work) {
        this.blockTotals(s, block, acc, totals);
        for (let slot = 0; slot < totals.length; slot++) prefix[slot * w + k + 1] = prefix[slot * w + k] + totals[slot];
      }
    }
    for (const { s, prefix } of work) this.remember(this.caches.get(s)!, day, prefix);
    return this.caches.get(src)!.days.get(day)!;
  }

  private remember(cache: SourceCache, day: number, prefix: Float64Array): void {
    if (cache.days.has(day)) return;
    while (this.cachedBytes + prefix.byteLength > MAX_CACHE_BYTES && this.dayOrder.length > 0) {
      const old = this.dayOrder.shift()!;
      old.cache.days.delete(old.day);
      this.cachedBytes -= old.bytes;
    }
    cache.days.set(day, prefix);
    this.dayOrder.push({ cache, day, bytes: prefix.byteLength });
    this.cachedBytes += prefix.byteLength;
  }

  blockTotal(src: CounterSource, slot: number, block: number): number {
    const day = Math.floor(block / BLOCKS_PER_DAY);
    const k = block - day * BLOCKS_PER_DAY;
    const p = this.dayPrefix(src, day);
    const w = BLOCKS_PER_DAY + 1;
    return p[slot * w + k + 1] - p[slot * w + k];
  }

  /** sum of block totals for blocks in [from, to) */
  private blockSum(src: CounterSource, slot: number, from: number, to: number): number {
    let sum = 0;
    const w = BLOCKS_PER_DAY + 1;
    for (let b = from; b < to; ) {
      const day = Math.floor(b / BLOCKS_PER_DAY);
      const k0 = b - day * BLOCKS_PER_DAY;
      const k1 = Math.min(BLOCKS_PER_DAY, to - day * BLOCKS_PER_DAY);
      const p = this.dayPrefix(src, day);
      sum += p[slot * w + k1] - p[slot * w + k0];
      b = day * BLOCKS_PER_DAY + k1;
    }
    return sum;
  }

  /** cumulative within-block weights after each scrape, W[19] = 1 */
  weights(src: CounterSource, slot: number, block: number): Float64Array {
    const eventful = this.eventful(block);
    const weightSlot = src.weightSlot ?? slot;
    const key = eventful ? block * 4096 + weightSlot : block;
    const cache = this.caches.get(src)!.weights;
    const hit = cache.get(key);
    if (hit) return hit;
    const u = new Float64Array(STEPS);
    for (let j = 0; j < STEPS; j++) u[j] = 0.7 + 0.6 * hashInts01(src.key ^ 0x5bd1e995, block, j);
    if (eventful) {
      const n = src.labels.length;
      const steps = this.stepAmounts(src, block);
      let total = 0;
      for (let j = 0; j < STEPS; j++) total += steps[j * n + weightSlot];
      if (total > 0) for (let j = 0; j < STEPS; j++) u[j] *= steps[j * n + weightSlot];
    }
    let sum = 0;
    for (let j = 0; j < STEPS; j++) sum += u[j];
    const w = new Float64Array(STEPS);
    let acc = 0;
    for (let j = 0; j < STEPS; j++) {
      acc += u[j];
      w[j] = acc / sum;
    }
    w[STEPS - 1] = 1;
    if (cache.size >= 8192) cache.clear();
    cache.set(key, w);
    return w;
  }

  /** integer count accumulated by scrapes 0..j of a block */
  private partial(total: number, w: Float64Array, j: number): number {
    return j < 0 ? 0 : Math.floor(total * w[j]);
  }

  /** counter value (in units) at scrape time t, given the last restart r <= t */
  private valueAt(src: CounterSource, slot: number, t: number, r: number): number {
    if (r >= t) return 0;
    const bt = Math.floor(t / BLOCK_MS);
    const jt = (t - bt * BLOCK_MS) / SCRAPE_MS;
    const br = Math.floor(r / BLOCK_MS);
    const jr = (r - br * BLOCK_MS) / SCRAPE_MS;
    const tt = this.blockTotal(src, slot, bt);
    const wt = this.weights(src, slot, bt);
    if (br === bt) return this.partial(tt, wt, jt) - this.partial(tt, wt, jr);
    const tr = this.blockTotal(src, slot, br);
    const head = tr - this.partial(tr, this.weights(src, slot, br), jr);
    return head + this.blockSum(src, slot, br + 1, bt) + this.partial(tt, wt, jt);
  }

  /** The counter's value at scrape time t (a multiple of SCRAPE_MS). */
  sampleAt(src: CounterSource, slot: number, t: number): number {
    return this.valueAt(src, slot, t, this.model.deploys.lastBefore(this.specs.get(src)!, t).atMs) * src.units[slot];
  }

  /** rate/increase summary of [minT, maxT]: two values, plus the value before each restart inside the window. */
  summary(src: CounterSource, slot: number, minT: number, maxT: number): CounterSummary | undefined {
    const t0 = Math.ceil(minT / SCRAPE_MS) * SCRAPE_MS;
    const t1 = Math.floor(maxT / SCRAPE_MS) * SCRAPE_MS;
    if (t1 < t0) return undefined;
    let correction = 0;
    for (const r of this.model.deploys.between(this.specs.get(src)!, t0 + SCRAPE_MS, t1)) {
      const before = this.sampleAt(src, slot, r.atMs - SCRAPE_MS);
      if (before > 0) correction += before;
    }
    return {
      firstT: t0,
      firstV: this.sampleAt(src, slot, t0),
      lastT: t1,
      lastV: this.sampleAt(src, slot, t1),
      count: (t1 - t0) / SCRAPE_MS + 1,
      correction,
    };
  }

  /** Scrape samples of one counter series in [minT, maxT]. */
  samples(src: CounterSource, slot: number, minT: number, maxT: number): Samples {
    const t0 = Math.ceil(minT / SCRAPE_MS) * SCRAPE_MS;
    const t1 = Math.floor(maxT / SCRAPE_MS) * SCRAPE_MS;
    if (t1 < t0) return { t: [], v: [] };
    const n = (t1 - t0) / SCRAPE_MS + 1;
    const ts = new Float64Array(n);
    const vs = new Float64Array(n);
    const unit = src.units[slot];
    const spec = this.specs.get(src)!;
    const restarts = this.model.deploys.between(spec, t0 + SCRAPE_MS, t1);
    let nextRestart = 0;
    let value = this.valueAt(src, slot, t0, this.model.deploys.lastBefore(spec, t0).atMs);
    ts[0] = t0;
    vs[0] = value * unit;
    let block = Math.floor(t0 / BLOCK_MS);
    let total = this.blockTotal(src, slot, block);
    let w = this.weights(src, slot, block);
    for (let i = 1; i < n; i++) {
      const t = t0 + i * SCRAPE_MS;
      const b = Math.floor(t / BLOCK_MS);
      if (b !== block) {
        block = b;
        total = this.blockTotal(src, slot, b);
        w = this.weights(src, slot, b);
      }
      const j = (t - b * BLOCK_MS) / SCRAPE_MS;
      if (nextRestart < restarts.length && restarts[nextRestart].atMs === t) {
        value = 0;
        nextRestart++;
      } else value += this.partial(total, w, j) - this.partial(total, w, j - 1);
      ts[i] = t;
      vs[i] = value * unit;
    }
    return { t: ts, v: vs };
  }
}
