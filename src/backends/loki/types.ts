import type { BackendError } from '../../http/errors.js';
import type { Labels, Sample, Series } from '../prometheus/types.js';

export type { Labels, Sample, Series };

/** A point in time for Loki: a number is unix milliseconds, a bigint is unix nanoseconds. */
export type LokiTime = number | bigint;

export type Direction = 'forward' | 'backward';

/** One log line. `ts` is unix nanoseconds as a decimal string, so no precision is lost. */
export interface LogEntry {
  ts: string;
  line: string;
  labels: Labels;
}

/** Summed `stats.summary` of every request a result took. */
export interface LokiStats {
  bytesProcessed: number;
  linesProcessed: number;
  execTimeSec: number;
}

export interface LokiLogsResult {
  resultType: 'streams';
  /** All streams merged into one timeline, in the order of `direction` (backward = newest first). */
  entries: LogEntry[];
  /** Stopped at the caller's limit while the server had more. */
  truncated: boolean;
  warnings: string[];
  stats: LokiStats;
  /** How many query_range requests the pages took. */
  requests: number;
}

/** A log range query's lines as they arrive (LokiClient.streamRange). */
export interface LokiLogStream {
  resultType: 'streams';
  /** Windows of lines in the order of `direction`, each complete before the next is asked. */
  pages: AsyncIterable<LogEntry[]>;
  /** Final once `pages` is exhausted. */
  summary: { truncated: boolean; warnings: string[]; stats: LokiStats; requests: number };
}

export interface LokiMatrixResult {
  resultType: 'matrix';
  series: Series[];
  /** The step actually used, in ms (raised so no series exceeds 11,000 points). */
  stepMs: number;
  warnings: string[];
  stats: LokiStats;
}

export type LokiRangeResult = LokiLogsResult | LokiMatrixResult;

export type LokiInstantResult =
  | { resultType: 'vector'; samples: Sample[]; warnings: string[] }
  | { resultType: 'streams'; entries: LogEntry[]; warnings: string[] };

export interface LogPattern {
  /** Pattern text with `<_>` for variable tokens; usable as a LogQL `|> "..."` filter. */
  pattern: string;
  /** Detected level (Loki 3.6+). */
  level?: string;
  /** Matching lines per step; `time` in unix ms. */
  samples: { time: number; count: number }[];
}

/** Patterns need Loki 3.0+ with the pattern ingester; when absent, callers fall back to their own clustering. */
export type PatternsAnswer =
  | { available: true; patterns: LogPattern[]; warnings: string[] }
  | { available: false; reason: string; error: BackendError };

export interface LokiBuildInfo {
  version: string;
  revision?: string;
  branch?: string;
  buildUser?: string;
  buildDate?: string;
  goVersion?: string;
}

export type TailState = 'connected' | 'reconnecting' | 'polling';

export interface TailOptions {
  /** Where the initial backfill starts (Loki's default: an hour ago). */
  start?: LokiTime;
  /** Seconds (0..5) Loki waits for late lines before sending. */
  delayFor?: number;
  /** Lines per batch (Loki's default 100). */
  limit?: number;
  /** New lines, oldest first, never one already delivered. */
  onLines: (entries: LogEntry[]) => void;
  /** Loki dropped this many lines because the tail could not keep up. */
  onDropped?: (count: number) => void;
  /** A connection failed or dropped; the tail carries on (reconnecting or polling). */
  onError?: (error: BackendError) => void;
  onStatus?: (state: TailState) => void;
  /** Milliseconds between polls when the WebSocket cannot be used. Default 2000. */
  pollIntervalMs?: number;
  signal?: AbortSignal;
}
