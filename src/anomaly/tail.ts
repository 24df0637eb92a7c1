/**
 * How rare is a deviation, judged against the deviations seen before it?
 *
 * A `TailModel` learns the distribution of one non-negative statistic (a normalised deviation) in a
 * log-binned histogram of fixed size, so memory per model is constant. Inside the body of the
 * distribution the tail probability is the empirical one. Beyond the top `TAIL_SHARE` of what was
 * seen it is extrapolated with a generalised Pareto distribution fitted by moments to the excesses
 * (peaks over threshold, as in Siffer et al., KDD 2017): an empirical tail cannot tell "a little
 * beyond every value seen" from "ten times beyond it", the fitted one can.
 */

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

function binOf(d: number): number {
  if (!(d > 0)) return 0;
  const b = Math.floor((Math.log2(d) - MIN_LOG2) * BINS_PER_OCTAVE) + 1;
  return b < 1 ? 0 : b >= BINS ? BINS - 1 : b;
}

function lowerEdge(bin: number): number {
  return bin <= 0 ? 0 : 2 ** (MIN_LOG2 + (bin - 1) / BINS_PER_OCTAVE);
}

export class TailModel {
  private readonly count = new Float64Array(BINS);
  private readonly logSum = new Float64Array(BINS);
  private total = 0;

  /**
   * Probability of a deviation at least `d` under what was seen so far (1 while still learning).
   * Exact zeros (the statistic did not fire) are common for some views, so the positive part is
   * modelled on its own: P(D >= d) = P(D > 0) x P(D >= d | D > 0).
   */
  tailProbability(d: number): number {
    if (this.total < MIN_SEEN || !(d > 0)) return 1;
    const positive = this.total - this.count[0]!;
    const firing = (positive + 1) / (this.total + 1);
    if (positive < MIN_SEEN / 2) return firing;
    const bin = binOf(d);
    const want = Math.max(TAIL_SHARE * positive, MIN_TAIL);
    // Walk down from the top until the tail holds TAIL_SHARE of the positive weight: that bin's
    // lower edge is the threshold u of the peaks-over-threshold fit.
    let n = 0;
    let logSum = 0;
    let top = BINS - 1;
    for (; top > 1; top--) {
      n += this.count[top]!;
      logSum += this.logSum[top]!;
      if (n >= want) break;
    }
    const u = lowerEdge(top);
    if (d <= u || n === 0) return firing * this.empiricalTail(bin, positive);
    // Hill's estimator: the excesses are Pareto above u, with 1/alpha the mean log excess. Fitted on
    // logarithms, one huge value moves it far less than it moves a fit on the values themselves.
    const meanLogExcess = Math.max(logSum / n - Math.log2(u), MIN_LOG_EXCESS);
    return ((firing * n) / positive) * 2 ** (-(Math.log2(d) - Math.log2(u)) / meanLogExcess);
  }

  private empiricalTail(bin: number, positive: number): number {
    let above = 0;
    for (let b = BINS - 1; b >= bin; b--) above += this.count[b]!;
    return Math.min(1, (above + 1) / (positive + 1));
  }

  add(d: number): void {
    if (!(d >= 0) || !Number.isFinite(d)) return;
    const bin = binOf(d);
    this.count[bin]! += 1;
    if (bin > 0) this.logSum[bin]! += Math.log2(d);
    this.total += 1;
    if (this.total >= MAX_WEIGHT) {
      for (let b = 0; b < BINS; b++) {
        this.count[b]! *= 0.5;
        this.logSum[b]! *= 0.5;
      }
      this.total *= 0.5;
    }
  }
}
