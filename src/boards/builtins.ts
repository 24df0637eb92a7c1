import { formatDuration } from '../time/time.js';
import type { Scope } from './substitute.js';

/** The built-in variables, named as in Grafana so imported queries keep working. */
export const BUILTIN_NAMES = [
  '__interval',
  '__interval_ms',
  '__rate_interval',
  '__rate_interval_ms',
  '__range',
  '__range_s',
  '__range_ms',
] as const;

export interface BuiltinInput {
  /** Span of the query range in ms. */
  rangeMs: number;
  /** Step of range queries in ms. */
  stepMs: number;
  /** Scrape interval of the data in ms. */
  scrapeIntervalMs: number;
}

/**
 * $__interval is the step; $__rate_interval is max(step + scrape, 4 × scrape), the widest window
 * that still has at least four samples in it (Grafana's rule); $__range is the whole span.
 * Durations are rounded to whole seconds, at least 1s.
 */
export function builtinScope({ rangeMs, stepMs, scrapeIntervalMs }: BuiltinInput): Scope {
  const seconds = (ms: number) => Math.max(1000, Math.round(ms / 1000) * 1000);
  const interval = seconds(stepMs);
  const rateInterval = seconds(Math.max(stepMs + scrapeIntervalMs, 4 * scrapeIntervalMs));
  const range = seconds(rangeMs);
  const one = (v: string) => ({ values: [v] });
  return {
    __interval: one(formatDuration(interval)),
    __interval_ms: one(String(interval)),
    __rate_interval: one(formatDuration(rateInterval)),
    __rate_interval_ms: one(String(rateInterval)),
    __range: one(formatDuration(range)),
    __range_s: one(String(range / 1000)),
    __range_ms: one(String(range)),
  };
}
