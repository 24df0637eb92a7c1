/**
 * How rare is a deviation, judged against the deviations seen before it?
 *
 * A `TailModel` learns the distribution of one non-negative statistic (a normalised deviation) in a
 * log-binned histogram of fixed size, so memory per model is constant. Inside the body of the
 * distribution the tail probability is the empirical one. Beyond the top `TAIL_SHARE` of what was
 * seen (and at least the top MIN_TAIL values) it is extrapolated with a Pareto tail fitted to the
 * excesses (peaks over threshold, as in Siffer et al., KDD 2017): an empirical tail cannot tell "a
 * little beyond every value seen" from "ten times beyond it", the fitted one can.
 */

import { learningWeight } from './learning-weight.js';

/** The least weight a tail learns a rare value with (see learningWeight). */
const TAIL_FLOOR = 0.5;
const BINS_PER_OCTAVE = 8;
const MIN_LOG2 = -12;
const MAX_LOG2 = 16;
// Bin 0 holds exact zeros and values below the range.
const BINS = (MAX_LOG2 - MIN_LOG2) * BINS_PER_OCTAVE + 2;
const TAIL_SHARE = 0.01;
/** Counts are halved when their total reaches this, so old behaviour fades and counts stay small. */
const MAX_WEIGHT = 20_000;
/** Below this many observations a model claims nothing is rare. */
const MIN_SEEN = 40;
/** The fewest values a tail fit rests on. */
const MIN_TAIL = 20;
/** A tail thinner than this (in octaves) is not believed: it would make any excess impossible. */
const MIN_LOG_EXCESS = 1 / BINS_PER_OCTAVE;

/** log2 of each bin's lower edge. */
const LOG2_EDGE = Float64Array.from({ length: BINS }, (_, bin) => (bin <= 0 ? -Infinity : MIN_LOG2 + (bin - 1) / BINS_PER_OCTAVE));

/** log2 of the middle of each bin, what a value in it counts as in the tail fit. */
const LOG2_MIDDLE = LOG2_EDGE.map((edge) => edge + 0.5 / BINS_PER_OCTAVE);

// The bin is read from the bits of the double: its exponent is the octave, and the top three bits of
// its mantissa the eighth of the octave (eighths of the value range, close to eighths of log2).
const scratch = new Float64Array(1);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const scratchHigh = new Int32Array(scratch.buffer, LITTLE_ENDIAN ? 4 : 0, 1);

function binOf(d: number): number {
  if (!(d > 0)) return 0;
  scratch[0] = d;
  const high = scratchHigh[0]!;
  const b = (((high >>> 20) & 0x7ff) - 1023 - MIN_LOG2) * BINS_PER_OCTAVE + ((high >>> 17) & 7) + 1;
  return b < 1 ? 0 : b >= BINS ? BINS - 1 : b;
}

export class TailModel {
  private readonly count = new Float64Array(BINS);
  private readonly logSum = new Float64Array(BINS);
  /** Fenwick tree over `count`, so "how many below this bin" costs O(log BINS). */
  private readonly cumulative = new Float64Array(BINS + 1);
  private total = 0;
  // The tail kept up to date as values arrive: the highest bin `top` whose bins and those above it
  // hold at least `want` positive values, their count and their sum of log2.
  private top = 1;
  private tailCount = 0;
  private tailLogSum = 0;

  /**
   * Probability of a deviation at least `d` under what was seen before (1 while still learning);
   * then, if `learn`, add `d` to what was seen, weighted by how ordinary it was: an episode under way
   * does not teach the tail that it is normal. (A floor as low as the scales' left too few extremes
   * for the Pareto fit, and a later, bigger event scored below the first.) Exact zeros (the statistic
   * did not fire) are common for some views, so the positive part is modelled on its own:
   * P(D >= d) = P(D > 0) x P(D >= d | D > 0).
   */
  judge(d: number, learn: boolean): number {
    if (!(d >= 0) || d === Infinity) return 1;
    const bin = binOf(d);
    const p = this.probability(d, bin);
    if (learn) this.add(bin, learningWeight(p, TAIL_FLOOR));
    return p;
  }

  private probability(d: number, bin: number): number {
    const total = this.total;
    if (total < MIN_SEEN || d === 0) return 1;
    const positive = total - this.count[0]!;
    const firing = (positive + 1) / (total + 1);
    if (positive < MIN_SEEN / 2) return firing;
    const n = this.tailCount;
    if (bin < this.top || n < 0.5) {
      let below = 0;
      for (let i = bin; i > 0; i -= i & -i) below += this.cumulative[i]!;
      const above = total - below;
      return above < positive ? (firing * (above + 1)) / (positive + 1) : firing;
    }
    // Hill's estimator: the excesses are Pareto above u, with 1/alpha the mean log excess. Fitted on
    // logarithms, one huge value moves it far less than it moves a fit on the values themselves.
    const log2u = LOG2_EDGE[this.top]!;
    const meanLogExcess = Math.max(this.tailLogSum / n - log2u, MIN_LOG_EXCESS);
    return ((firing * n) / positive) * 2 ** (-Math.max(0, Math.log2(d) - log2u) / meanLogExcess);
  }

  private add(bin: number, weight: number): void {
    const count = this.count;
    const cumulative = this.cumulative;
    count[bin]! += weight;
    for (let i = bin + 1; i <= BINS; i += i & -i) cumulative[i]! += weight;
    this.total += weight;
    if (bin > 0) {
      const log2d = LOG2_MIDDLE[bin]!;
      this.logSum[bin]! += weight * log2d;
      if (bin >= this.top) {
        this.tailCount += weight;
        this.tailLogSum += weight * log2d;
      }
    }
    if (this.total >= MAX_WEIGHT) this.halve();
    const want = Math.max(TAIL_SHARE * (this.total - count[0]!), MIN_TAIL);
    if (this.tailCount < want || this.tailCount - count[this.top]! >= want) this.retarget(want);
  }

  /** Halve every count, so that old behaviour fades and counts stay bounded. */
  private halve(): void {
    for (let b = 0; b < BINS; b++) {
      this.count[b]! *= 0.5;
      this.logSum[b]! *= 0.5;
    }
    for (let i = 0; i <= BINS; i++) this.cumulative[i]! *= 0.5;
    this.total *= 0.5;
    this.tailCount *= 0.5;
    this.tailLogSum *= 0.5;
  }

  /** Move `top` to the highest bin whose tail still holds `want` values. */
  private retarget(want: number): void {
    while (this.top < BINS - 1 && this.tailCount - this.count[this.top]! >= want) {
      this.tailCount -= this.count[this.top]!;
      this.tailLogSum -= this.logSum[this.top]!;
      this.top++;
    }
    while (this.top > 1 && this.tailCount < want) {
      this.top--;
      this.tailCount += this.count[this.top]!;
      this.tailLogSum += this.logSum[this.top]!;
    }
  }
}
