/** Normal distribution helpers for the log-normal latency model. */

/** Complementary error function (Numerical Recipes erfcc, fractional error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
        t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

export const Z95 = 1.6448536;
export const Z99 = 2.3263479;

/** A log-normal latency distribution: median p50 (ms), shape sigma. */
export interface LatencyDist {
  p50: number;
  sigma: number;
}

/** P(latency <= ms). */
export function latencyCdf(d: LatencyDist, ms: number): number {
  if (ms <= 0) return 0;
  return normalCdf(Math.log(ms / d.p50) / d.sigma);
}

export function latencyQuantile(d: LatencyDist, z: number): number {
  return d.p50 * Math.exp(d.sigma * z);
}

export function latencyMean(d: LatencyDist): number {
  return d.p50 * Math.exp((d.sigma * d.sigma) / 2);
}

/** Quantile q of a mixture of log-normals with weights w (bisection on log latency). */
export function mixtureQuantile(parts: LatencyDist[], weights: number[], q: number): number {
  let total = 0;
  for (const w of weights) total += w;
  if (total <= 0 || parts.length === 0) return 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of parts) {
    lo = Math.min(lo, Math.log(p.p50) - 5 * p.sigma);
    hi = Math.max(hi, Math.log(p.p50) + 5 * p.sigma);
  }
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    let c = 0;
    for (let j = 0; j < parts.length; j++) c += weights[j] * normalCdf((mid - Math.log(parts[j].p50)) / parts[j].sigma);
    if (c / total < q) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}
