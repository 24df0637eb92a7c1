import { Ring } from './ring.js';
import { SeasonMemory } from './season.js';
import { learningWeight } from './learning-weight.js';
import { TailModel } from './tail.js';

/**
 * An online anomaly detector for one series: feed it points in order, it says how unusual each is
 * given only the points before it. Constant memory and O(1) work per point.
 *
 * It is an ensemble of simple robust views of the series, each turned into a tail probability by
 * its own `TailModel`, so that "how unusual" means the same on every series whatever its scale or
 * noise:
 *   - step:        the change from the previous point (spikes, jumps);
 *   - level:       the mean of the last few points against the slow baseline (level shifts);
 *   - drift:       the mean of a longer stretch against the baseline (slow shifts no point shows);
 *   - extreme:     how far beyond a slowly fading envelope of past values (never this high/low);
 *   - seasonal:    the difference from one day before, alone and averaged (a missing daily peak, a
 *                  flat stretch where a wave should be), when the timestamps show a day holds
 *                  a sensible number of points;
 *   - volatility:  the recent spread of changes against the usual spread (noise bursts, flatlines).
 * The rarest view, corrected for how many were looked at, gives the surprise S = -log10(p).
 * After an alarm, a hold suppresses the echoes of the same event, so one episode makes one alarm.
 * What is learned from a point (each view's tail, the scales every view is measured in, the envelope)
 * is learned in proportion to how ordinary it was (`learningWeight`): an episode under way neither
 * rescales the views that judge it nor teaches their tails that it is normal.
 */

export interface DetectorOptions {
  /** Rows over which the alarm hold halves. */
  holdHalfLife: number;
  /** Surprise (-log10 p) from which a point counts as an alarm and starts a hold. */
  alarmSurprise: number;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = { holdHalfLife: 150, alarmSurprise: 2.5 };

export interface PointScore {
  /** 0..1, monotone in the surprise: 0.5 at SURPRISE_HALF. */
  score: number;
  /** -log10 of the (multiplicity-corrected) tail probability, before the hold. */
  surprise: number;
  /** The sign of the deviation of the rarest view: +1 above normal, -1 below, 0 none. */
  direction: -1 | 0 | 1;
  /** Which view was rarest. */
  view: ViewName;
  /** What the detector expected at this point, and the band of usual values around it. */
  expected: number;
  band: number;
}

const VIEWS = ['step', 'level', 'drift', 'shift', 'extreme', 'seasonal', 'seasonal-mean', 'volatility'] as const;
export type ViewName = (typeof VIEWS)[number] | 'none';
const [STEP, LEVEL, DRIFT, SHIFT, EXTREME, SEASONAL, SEASONAL_MEAN, VOLATILITY] = VIEWS.map((_, i) => i) as number[];

const DAY_MS = 86_400_000;
/** Longest season kept in memory, in points (a day of 1-minute samples is 1440). */
const MAX_SEASON = 2880;
/** Longest week kept in memory, in points (a week of 5-minute samples is 2016). */
const MAX_WEEK = 4032;
/** How many intervals are looked at before the season is decided. */
const INTERVAL_SAMPLE = 31;
const SURPRISE_HALF = 6;
/** No single view may claim more certainty than this: its tail fit is not that good. */
const MIN_PROBABILITY = 1e-12;
const SLOW = 1 / 256;
const BASE = 1 / 64;
const LEVEL_WINDOW = 8;
const DRIFT_WINDOW = 48;
const SHIFT_WINDOW = 192;
const VOL_WINDOW = 16;
const ENVELOPE = 1 / 1024;
/** The envelope moves this share of the way to a value beyond it: a slow drift out keeps its excess. */
const ENVELOPE_ADOPT = 1 / 64;
/** The least weight the scales learn a rare point with (see learningWeight). */
const SCALE_FLOOR = 0.2;

/** EW mean absolute value, the robust scale every view is normalised by. */
class Scale {
  value = 0;
  private seen = 0;
  constructor(private readonly rate: number) {}
  add(abs: number, weight = 1): void {
    this.seen++;
    // Plain average at first, so early points do not stay overweighted.
    const r = Math.max(this.rate, 1 / this.seen) * weight;
    this.value += r * (abs - this.value);
  }
}

function outsideOf(x: number, low: number, high: number): number {
  return x > high ? x - high : x < low ? x - low : 0;
}

/** The 0..1 score of a surprise (-log10 p): 0.5 at SURPRISE_HALF, monotone, never quite 1. */
export function scoreOfSurprise(surprise: number): number {
  return surprise / (surprise + SURPRISE_HALF);
}

/**
 * The score from which `obs anomalies` calls a series anomalous: a surprise of 9, a chance of about
 * one in a billion under the series' history. Paging-grade on purpose: a week of the demo's calm
 * world reaches 0.56 at most.
 */
export const DEFAULT_THRESHOLD = 0.6;

export class Detector {
  private n = 0;
  private readonly opts: DetectorOptions;
  private readonly intervals: number[] = [];
  private lastTime = NaN;
  private season = 0;
  private seasonMemory: SeasonMemory | undefined;
  private seasonMean: Ring | undefined;
  private seasonScale = new Scale(SLOW);

  private prev = NaN;
  private baseline = NaN;
  /** A slowly fading envelope of the values seen: what "never this high/low" means. */
  private high = NaN;
  private low = NaN;
  private readonly recent = new Ring(LEVEL_WINDOW);
  private readonly longer = new Ring(DRIFT_WINDOW);
  private readonly longest = new Ring(SHIFT_WINDOW);
  private slowBaseline = NaN;
  private readonly recentSteps = new Ring(VOL_WINDOW);
  private readonly stepScale = new Scale(SLOW);
  private readonly levelScale = new Scale(SLOW);
  private magnitude = new Scale(SLOW);

  /** One tail model per view, indexed like VIEWS. */
  private readonly tails = VIEWS.map(() => new TailModel());
  private hold = 0;
  private readonly holdDecay: number;

  // Scratch state of the push in progress (fields, not closures or objects: no garbage per point).
  private eps = 0;
  private best = 1;
  private bestView: ViewName = 'none';
  private bestSign = 0;
  private views = 0;
  private readonly last = { score: 0, surprise: 0, expected: NaN, band: NaN };

  constructor(opts: Partial<DetectorOptions> = {}) {
    this.opts = { ...DEFAULT_DETECTOR_OPTIONS, ...opts };
    this.holdDecay = 0.5 ** (1 / this.opts.holdHalfLife);
  }

  /**
   * Score one point (0..1); `explain()` then tells why. `timeMs` may be NaN when unknown (then no
   * daily season is used). Returns a number rather than an object so that scoring a long series
   * makes no garbage.
   */
  push(timeMs: number, x: number): number {
    this.learnInterval(timeMs);
    const eps = (this.eps = 1e-9 * (this.magnitude.value + 1e-12));
    this.best = 1;
    this.bestView = 'none';
    this.bestSign = 0;
    this.views = 0;

    const first = this.n === 0;
    let expected = first ? x : this.baseline;
    let band = this.levelScale.value;
    if (!first) {
      const step = x - this.prev;
      this.consider(STEP, step, this.stepScale.value, true);

      this.recent.push(x);
      const level = this.recent.mean() - this.baseline;
      this.consider(LEVEL, level, this.levelScale.value, true);

      this.longer.push(x);
      this.consider(DRIFT, this.longer.mean() - this.baseline, this.levelScale.value, this.longer.full);
      this.longest.push(x);
      this.consider(SHIFT, this.longest.mean() - this.slowBaseline, this.levelScale.value, this.longest.full);

      this.recentSteps.push(Math.abs(step));
      if (this.recentSteps.full) {
        const ratio = Math.log((this.recentSteps.mean() + eps) / (this.stepScale.value + eps));
        this.consider(VOLATILITY, ratio, 1, true);
      }

      const outside = x > this.high ? x - this.high : x < this.low ? x - this.low : 0;
      this.consider(EXTREME, outside, this.levelScale.value, true);

      const memory = this.seasonMemory;
      if (memory && this.seasonMean && memory.rangeAgo(this.season)) {
        const dayLow = memory.low;
        const dayHigh = memory.high;
        // Unusual for this time of day only if unusual against yesterday and, when remembered, a
        // week ago too (a Monday morning is judged against last Monday as well as against Sunday).
        let residual = outsideOf(x, dayLow, dayHigh);
        if (memory.rangeAgo(7 * this.season)) {
          const weekly = outsideOf(x, memory.low, memory.high);
          if (Math.abs(weekly) < Math.abs(residual)) residual = weekly;
        }
        this.consider(SEASONAL, residual, this.levelScale.value, true);
        this.seasonMean.push(residual);
        if (this.seasonMean.full) {
          const meanResidual = this.seasonMean.mean();
          this.consider(SEASONAL_MEAN, meanResidual, this.levelScale.value, true);
        }
        this.seasonScale.add(Math.abs(residual));
        expected = (dayLow + dayHigh) / 2 + this.seasonMean.mean();
        band = Math.max(this.seasonScale.value, (dayHigh - dayLow) / 2, this.stepScale.value);
      }

      const weight = learningWeight(this.best, SCALE_FLOOR);
      this.stepScale.add(Math.abs(step), weight);
      this.levelScale.add(Math.abs(x - this.baseline), weight);
      this.baseline += BASE * (x - this.baseline);
      this.slowBaseline += SLOW * (x - this.slowBaseline);
      if (x > this.high) this.high += ENVELOPE_ADOPT * (x - this.high);
      if (x < this.low) this.low += ENVELOPE_ADOPT * (x - this.low);
      this.high -= ENVELOPE * (this.high - this.baseline);
      this.low -= ENVELOPE * (this.low - this.baseline);
    } else {
      this.baseline = this.slowBaseline = this.high = this.low = x;
      this.recent.push(x);
    }
    this.seasonMemory?.push(x);
    this.magnitude.add(Math.abs(x));
    this.prev = x;
    this.n++;

    const surprise = this.views === 0 ? 0 : -Math.log10(Math.min(1, this.best * this.views));
    const shown = Math.max(0, surprise - this.hold);
    this.hold *= this.holdDecay;
    if (surprise >= this.opts.alarmSurprise) this.hold = Math.max(this.hold, surprise);
    this.last.score = scoreOfSurprise(shown);
    this.last.surprise = surprise;
    this.last.expected = expected;
    this.last.band = band;
    return this.last.score;
  }

  /** The details of the latest point scored (a fresh object: safe to keep). */
  explain(): PointScore {
    return {
      ...this.last,
      direction: this.bestSign > 0 ? 1 : this.bestSign < 0 ? -1 : 0,
      view: this.bestView,
    };
  }

  /** Judge one view's deviation: the rarest so far in this push wins. */
  private consider(view: number, deviation: number, scale: number, update: boolean): void {
    const tail = this.tails[view]!;
    const d = Math.abs(deviation) / (scale + this.eps);
    const p = Math.max(tail.judge(d, update), MIN_PROBABILITY);
    this.views++;
    if (p < this.best) {
      this.best = p;
      this.bestView = VIEWS[view]!;
      this.bestSign = Math.sign(deviation);
    }
  }

  /** Decide the daily season from the typical interval between the first points. */
  private learnInterval(timeMs: number): void {
    if (this.season !== 0 || this.intervals.length > INTERVAL_SAMPLE) return;
    if (Number.isFinite(timeMs) && Number.isFinite(this.lastTime) && timeMs > this.lastTime) {
      this.intervals.push(timeMs - this.lastTime);
    }
    this.lastTime = timeMs;
    if (this.intervals.length < INTERVAL_SAMPLE) return;
    const sorted = [...this.intervals].sort((a, b) => a - b);
    const typical = sorted[Math.floor(sorted.length / 2)]!;
    const perDay = Math.round(DAY_MS / typical);
    this.intervals.push(NaN); // decided, whatever the outcome
    if (perDay >= 4 && perDay <= MAX_SEASON) {
      this.season = perDay;
      // Points either side of "one season ago" that still count as the same time of day.
      const slack = Math.max(1, Math.round(perDay / 96));
      this.seasonMemory = new SeasonMemory(7 * perDay <= MAX_WEEK ? 7 * perDay : perDay, slack);
      this.seasonMean = new Ring(Math.max(2, Math.round(perDay / 24)));
    }
  }
}
