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
import type { Labels } from '../../promql/labels.js';
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

export class CounterEngine {
  private readonly days = new Map<string, Float64Array>();
  private cachedBytes = 0;
  private readonly eventfulSteps = new Map<string, Float64Array>();
  private readonly eventFrom: number;
  private readonly eventTo: number;

  constructor(private readonly model: Model) {
    const sc = model.scenario;
    this.eventFrom = sc.rootCause === '' ? Infinity : Math.floor((sc.onsetMs - BLOCK_MS) / BLOCK_MS);
    this.eventTo = sc.rootCause === '' ? -Infinity : Math.floor((sc.endMs + BLOCK_MS) / BLOCK_MS);
  }

  private eventful(block: number): boolean {
    return block >= this.eventFrom && block <= this.eventTo;
  }

  /** per-scrape amounts of an eventful block: [step * slots + slot] */
  private stepAmounts(src: CounterSource, block: number): Float64Array {
    const key = `${src.name}:${block}`;
    const hit = this.eventfulSteps.get(key);
    if (hit) return hit;
    const n = src.labels.length;
    const out = new Float64Array(STEPS * n);
    const rates = new Float64Array(n);
    for (let j = 0; j < STEPS; j++) {
      src.rates(this.model.snapshot(block * BLOCK_MS + j * SCRAPE_MS), rates);
      for (let s = 0; s < n; s++) out[j * n + s] = (rates[s] * SCRAPE_MS) / 1000;
    }
    if (this.eventfulSteps.size > 4096) this.eventfulSteps.clear();
    this.eventfulSteps.set(key, out);
    return out;
  }

  private blockTotals(src: CounterSource, block: number, out: Float64Array): void {
    const n = src.labels.length;
    const acc = new Float64Array(n);
    if (this.eventful(block)) {
      const steps = this.stepAmounts(src, block);
      for (let j = 0; j < STEPS; j++) for (let s = 0; s < n; s++) acc[s] += steps[j * n + s];
    } else {
      src.rates(this.model.snapshot(block * BLOCK_MS + BLOCK_MS / 2), acc);
      for (let s = 0; s < n; s++) acc[s] *= BLOCK_MS / 1000;
    }
    if (src.quantize) src.quantize(acc, block, out);
    else for (let s = 0; s < n; s++) out[s] = Math.floor(acc[s] / src.units[s] + blockNoise(src, block, s));
  }

  /** prefix sums of block totals within a UTC day: [slot * (BLOCKS_PER_DAY + 1) + k] = sum of blocks < k */
  private dayPrefix(src: CounterSource, day: number): Float64Array {
    const key = `${src.name}:${day}`;
    const hit = this.days.get(key);
    if (hit) {
      this.days.delete(key);
      this.days.set(key, hit);
      return hit;
    }
    const n = src.labels.length;
    const w = BLOCKS_PER_DAY + 1;
    const prefix = new Float64Array(n * w);
    const totals = new Float64Array(n);
    for (let k = 0; k < BLOCKS_PER_DAY; k++) {
      this.blockTotals(src, day * BLOCKS_PER_DAY + k, totals);
      for (let s = 0; s < n; s++) prefix[s * w + k + 1] = prefix[s * w + k] + totals[s];
    }
    while (this.cachedBytes + prefix.byteLength > MAX_CACHE_BYTES && this.days.size > 0) {
      const [oldest, arr] = this.days.entries().next().value!;
      this.days.delete(oldest);
      this.cachedBytes -= arr.byteLength;
    }
    this.days.set(key, prefix);
    this.cachedBytes += prefix.byteLength;
    return prefix;
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
    const u = new Float64Array(STEPS);
    for (let j = 0; j < STEPS; j++) u[j] = 0.7 + 0.6 * hashInts01(src.key ^ 0x5bd1e995, block, j);
    if (this.eventful(block)) {
      const n = src.labels.length;
      const steps = this.stepAmounts(src, block);
      const ws = src.weightSlot ?? slot;
      let total = 0;
      for (let j = 0; j < STEPS; j++) total += steps[j * n + ws];
      if (total > 0) for (let j = 0; j < STEPS; j++) u[j] *= steps[j * n + ws];
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

  /** Scrape samples of one counter series in [minT, maxT]. */
  samples(src: CounterSource, slot: number, minT: number, maxT: number): Samples {
    const t0 = Math.ceil(minT / SCRAPE_MS) * SCRAPE_MS;
    const t1 = Math.floor(maxT / SCRAPE_MS) * SCRAPE_MS;
    if (t1 < t0) return { t: [], v: [] };
    const n = (t1 - t0) / SCRAPE_MS + 1;
    const ts = new Float64Array(n);
    const vs = new Float64Array(n);
    const unit = src.units[slot];
    const spec = this.model.specs.find((s) => s.name === src.service)!;
    const restarts = new Set(this.model.deploys.between(spec, t0 + SCRAPE_MS, t1).map((e) => e.atMs));
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
      value = restarts.has(t) ? 0 : value + this.partial(total, w, j) - this.partial(total, w, j - 1);
      ts[i] = t;
      vs[i] = value * unit;
    }
    return { t: ts, v: vs };
  }
}
