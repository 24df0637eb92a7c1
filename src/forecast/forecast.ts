/**
 * Forecast a regularly sampled series: level + damped trend + a seasonal profile, with prediction
 * intervals learned from the model's own errors on the end of the history.
 *
 * The season (none, a day, a week) and the number of past cycles averaged into the profile are
 * chosen by backtesting on the history itself: the last share of the history is held out, each
 * candidate forecasts it from what came before, and the one with the smallest mean absolute error
 * wins. Its errors on that held-out stretch give the width of the prediction interval.
 *
 * A trend is kept only when it stands out from the slopes the series shows by itself: the same
 * estimate taken over every earlier span of the same length. A memory that wanders up and down over
 * hours rises steeply at times, and one lucky held-out stretch must not turn that into a leak. How
 * much those slopes vary is also how uncertain the trend is, so it widens the interval with the
 * distance ahead.
 */

export interface ForecastInput {
  /** Values at a regular step, oldest first; NaN marks a missing sample. */
  values: number[];
  /** The step between values, in milliseconds (used to find daily and weekly seasons). */
  stepMs: number;
  /**
   * Per-step damping of the trend: 1 carries it on unchanged (as a leak filling a disk does).
   * Absent: chosen by the backtest between 0.995 (trends in operations data rarely run on
   * unchanged) and 1.
   */
  damping?: number;
}

export interface Forecast {
  /** Expected values for the next `horizon` steps. */
  mean: number[];
  /** The 90% prediction interval around each. */
  lower: number[];
  upper: number[];
  /** Season length in steps (0: none found or not enough history). */
  season: number;
  /** Trend per step at the start of the forecast (before damping). */
  trendPerStep: number;
  /** How the model did on the held-out end of its history (mean absolute error), NaN if too short. */
  backtestMae: number;
}

interface Candidate {
  /** Season length in steps, 0 for none. */
  season: number;
  /** How many past cycles (or, without a season, blocks of 16 steps) the level and profile average. */
  cycles: number;
  /** Whether the level carries on along the (damped) slope through those cycles. */
  trend: boolean;
  /** Per-step damping of that slope. */
  damping: number;
  /** Without a season: the median of the window instead of its mean (for spiky series). */
  median?: boolean;
}

const DAY_MS = 86_400_000;
/** Share of the history held out to choose the model and size its intervals. */
const BACKTEST_SHARE = 0.2;
/** The dampings tried, the gentler first: an undamped trend must do better to be chosen. */
const DAMPINGS = [0.995, 1];
/** How much better (in backtest error) a trended model must be than a flat one. */
const TREND_PENALTY = 1.2;
/** z for a two-sided 90% interval, applied to a robust scale of the errors. */
const Z90 = 1.645;
/** How many robust deviations of the history's own slopes a trend must lie from flat to be kept. */
const TREND_STANDS_OUT = 3;
/** Fewer earlier spans than this cannot say how the slope varies; the backtest's choice stands. */
const MIN_SPANS = 4;

/** Forecast the next `horizon` steps of a series. */
export function forecast(input: ForecastInput, horizon: number): Forecast {
  const values = fillGaps(input.values);
  const candidates = candidatesFor(values.length, input.stepMs, input.damping === undefined ? DAMPINGS : [input.damping]);
  const cut = Math.floor(values.length * (1 - BACKTEST_SHARE));
  // The best of all candidates, and the best without a trend in case the trend does not stand out.
  const flat: Trial = { candidate: { season: 0, cycles: 1, trend: false, damping: 1 }, errors: [], mae: Infinity };
  let best = flat;
  let bestFlat = flat;
  for (const candidate of candidates) {
    if (Math.max(candidate.season, BLOCK) * candidate.cycles > cut) continue;
    const forecastCut = project(values.slice(0, cut), values.length - cut, candidate);
    const errors = forecastCut.map((f, i) => values[cut + i]! - f);
    const trial = { candidate, errors, mae: meanAbs(errors) };
    // A trend carried far ahead is the riskiest guess: it must win clearly to be chosen.
    if (trial.mae * (candidate.trend ? TREND_PENALTY : 1) < best.mae * (best.candidate.trend ? TREND_PENALTY : 1)) best = trial;
    if (!candidate.trend && trial.mae < bestFlat.mae) bestFlat = trial;
  }
  let slope: TrendSlope = NO_TREND;
  if (best.candidate.trend) {
    slope = trendSlope(values, best.candidate);
    if (!slope.real) {
      best = bestFlat;
      slope = NO_TREND;
    }
  }
  const mean = project(values, horizon, best.candidate);
  const scale = errorScale(best.errors, values);
  const backtestHorizon = Math.max(1, best.errors.length);
  const lower: number[] = [];
  const upper: number[] = [];
  let damped = 0;
  let factor = 1;
  for (let h = 0; h < horizon; h++) {
    // Errors grow with the distance ahead (the backtest measured them over its own horizon), and so
    // does a misjudged trend, over the same distance the forecast carries it (as in `project`).
    factor *= best.candidate.damping;
    damped += factor;
    const fit = scale * Math.sqrt(Math.max(1, (h + 1) / backtestHorizon));
    const width = Z90 * Math.hypot(fit, slope.spread * (slope.lag + damped));
    lower.push(mean[h]! - width);
    upper.push(mean[h]! + width);
  }
  return { mean, lower, upper, season: best.candidate.season, trendPerStep: slope.perStep, backtestMae: Number.isFinite(best.mae) ? best.mae : NaN };
}

interface Trial {
  candidate: Candidate;
  /** Its errors on the held-out end of the history. */
  errors: number[];
  mae: number;
}

interface TrendSlope {
  /** The trend at the end of the history, per step. */
  perStep: number;
  /** A robust deviation of the same estimate over the earlier spans of the history (0 when too few). */
  spread: number;
  /** How far back the middle of the span it is read from lies, in steps (the trend is carried from there). */
  lag: number;
  /** Whether it stands out from the series' own slopes, or the history's slopes lean the same way throughout. */
  real: boolean;
}

const NO_TREND: TrendSlope = { perStep: 0, spread: 0, lag: 0, real: false };

/**
 * A trended candidate's slope at the end of `values`, and how much that slope varies over earlier spans
 * (ending every BLOCK steps; a span of whole seasons averages the season out wherever it starts). It is
 * real when it lies TREND_STANDS_OUT deviations from flat, or when the earlier slopes' median leans the
 * same way by TREND_STANDS_OUT standard errors (a steady leak under a wander as steep as the leak). With
 * fewer than MIN_SPANS earlier spans there is nothing to judge by, and the backtest's choice stands.
 */
function trendSlope(values: number[], candidate: Candidate): TrendSlope {
  const width = candidate.season > 0 ? candidate.season : BLOCK;
  const cycles = Math.min(candidate.cycles, Math.floor(values.length / width));
  const span = cycles * width;
  const slopeEndingAt = (end: number) => slopeOf(cycleMeans(values, width, cycles, end)) / width;
  const perStep = slopeEndingAt(values.length);
  const earlier: number[] = [];
  for (let end = values.length - BLOCK; end >= span; end -= BLOCK) earlier.push(slopeEndingAt(end));
  if (earlier.length < MIN_SPANS) return { perStep, spread: 0, lag: span / 2, real: true };
  const spread = robustDeviation(earlier);
  const typical = median(earlier);
  const apart = Math.max(1, Math.floor(values.length / span));
  const standsOut = Math.abs(perStep) >= TREND_STANDS_OUT * spread;
  const leansThroughout = Math.sign(typical) === Math.sign(perStep) && Math.abs(typical) >= (TREND_STANDS_OUT * spread) / Math.sqrt(apart);
  return { perStep, spread, lag: span / 2, real: standsOut || leansThroughout };
}

function candidatesFor(length: number, stepMs: number, dampings: readonly number[]): Candidate[] {
  const list: Candidate[] = [];
  const day = Math.round(DAY_MS / stepMs);
  for (const season of [0, day, 7 * day]) {
    if (season !== 0 && (season < 2 || season * 2 > length)) continue;
    for (const cycles of season === 0 ? [1, 2, 4, 8, 16, 32, 64] : [1, 2, 4, 8]) {
      list.push({ season, cycles, trend: false, damping: 1 });
      if (season === 0) list.push({ season, cycles, trend: false, damping: 1, median: true });
      if (cycles > 1) for (const damping of dampings) list.push({ season, cycles, trend: true, damping });
    }
  }
  return list;
}

const BLOCK = 16;

/** Forecast `horizon` steps after `history` with one candidate's model. */
function project(history: number[], horizon: number, candidate: Candidate): number[] {
  const n = history.length;
  const width = candidate.season > 0 ? candidate.season : BLOCK;
  const cycles = Math.max(1, Math.min(candidate.cycles, Math.floor(n / width)));
  const means = cycleMeans(history, width, cycles);
  const level = candidate.median ? median(history.slice(n - cycles * width)) : means.reduce((a, b) => a + b, 0) / means.length;
  const slope = candidate.trend ? slopeOf(means) / width : 0;
  // The profile: each phase's average offset from its cycle's mean, over the same cycles.
  const season = candidate.season;
  const profile = new Float64Array(Math.max(season, 1));
  if (season > 0) {
    for (let c = 0; c < cycles; c++) {
      const start = n - (c + 1) * season;
      for (let k = 0; k < season; k++) profile[(start + k) % season]! += (history[start + k]! - means[cycles - 1 - c]!) / cycles;
    }
  }
  // The level is the mean over the cycles used, whose middle lies (cycles x width) / 2 back.
  const lag = (cycles * width) / 2;
  const out: number[] = [];
  let damped = 0;
  let factor = 1;
  for (let h = 1; h <= horizon; h++) {
    factor *= candidate.damping;
    damped += factor;
    const phase = season > 0 ? profile[(n + h - 1) % season]! : 0;
    out.push(level + slope * (lag + damped) + phase);
  }
  return out;
}

/** Means of the last `cycles` blocks of `width` values before `end`, oldest first. */
function cycleMeans(history: number[], width: number, cycles: number, end = history.length): number[] {
  return Array.from({ length: cycles }, (_, i) => mean(history, end - (cycles - i) * width, end - (cycles - 1 - i) * width));
}

/** Least-squares slope of a short list against its index. */
function slopeOf(ys: number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (i - mx) * (ys[i]! - my);
    den += (i - mx) ** 2;
  }
  return num / den;
}

/** A robust scale of the errors (1.4826 x median absolute error), never zero for a moving series. */
function errorScale(errors: number[], values: number[]): number {
  if (errors.length === 0) return spread(values);
  const mad = 1.4826 * median(errors.map(Math.abs));
  return mad > 0 ? mad : meanAbs(errors);
}

/**
 * 1.4826 x the median absolute deviation from the median: the standard deviation, were they normal.
 * When most values are equal (a gauge that moves in steps) that is 0; their mean deviation stands in.
 */
function robustDeviation(values: number[]): number {
  const centre = median(values);
  const deviations = values.map((v) => Math.abs(v - centre));
  const mad = 1.4826 * median(deviations);
  return mad > 0 ? mad : meanAbs(deviations);
}

function spread(values: number[]): number {
  const m = mean(values, 0, values.length);
  return meanAbs(values.map((v) => v - m));
}

function mean(values: number[], from: number, to: number): number {
  let sum = 0;
  const start = Math.max(0, from);
  for (let i = start; i < to; i++) sum += values[i]!;
  return to > start ? sum / (to - start) : 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
}

function meanAbs(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += Math.abs(v);
  return values.length ? sum / values.length : 0;
}

/** Missing samples take the last value seen (the first ones the first value seen). */
function fillGaps(values: number[]): number[] {
  const first = values.find((v) => Number.isFinite(v)) ?? 0;
  let last = first;
  return values.map((v) => (Number.isFinite(v) ? (last = v) : last));
}
