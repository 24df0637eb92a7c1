/** The one internal shape every SLO spec format (OpenSLO v1, Sloth prometheus/v1) is normalised to. */

export interface SpecLocation {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export type CalendarUnit = 'd' | 'w' | 'M' | 'Q' | 'Y';

export type SloPeriod =
  | {
      kind: 'rolling';
      /** As written in the spec, e.g. "30d"; also the key of the period window in burn-rate maps. */
      label: string;
      ms: number;
    }
  | {
      kind: 'calendar';
      label: string;
      /** Nominal length used for burn-rate factors: a month counts as 30d, a quarter 90d, a year 365d. */
      ms: number;
      unit: CalendarUnit;
      count: number;
      /** Wall-clock time in `timeZone` where the first period starts, e.g. "2024-01-01 00:00:00". */
      startTime: string;
      timeZone: string;
    };

export type Budgeting =
  | { method: 'Occurrences' }
  | {
      method: 'Timeslices';
      /** A slice is good when its good/total ratio is at least this (0..1]. */
      sliceTarget: number;
      sliceMs: number;
    };

/**
 * Queries are templates: `{{.window}}` stands for a PromQL range such as `1h` or `30d`.
 * Every template returns a single series (wrapped in `sum(...)` at load time when needed).
 */
export type Indicator =
  | {
      kind: 'ratio';
      /** Whether the numerator counts good events or bad (error) events. */
      numerator: 'good' | 'bad';
      numeratorQuery: string;
      totalQuery: string;
    }
  | {
      /**
       * Latency from a Prometheus histogram: good = requests in the bucket whose `le` equals
       * `threshold` (matched numerically against the backend's boundaries), total = the `+Inf` bucket.
       */
      kind: 'latency';
      /** A `_bucket` series selector without an `le` matcher. */
      bucketSelector: string;
      /** Seconds (or whatever unit the histogram uses); may be Infinity. */
      threshold: number;
      /** Where the spec gives the threshold: only Prometheus can say it is not a bucket boundary, long after reading. */
      thresholdAt?: SpecLocation;
    };

export interface SloDefinition {
  /** Unique among loaded SLOs. */
  name: string;
  service: string;
  description: string;
  /** Target fraction of good events (or good slices), 0 <= objective < 1. */
  objective: number;
  period: SloPeriod;
  budgeting: Budgeting;
  indicator: Indicator;
  format: 'openslo' | 'sloth';
  source: SpecLocation;
}

export type Verdict = 'OK' | 'WARNING' | 'BREACHED' | 'NO_DATA';
