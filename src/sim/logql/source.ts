import type { Labels } from './ast.js';

export type Direction = 'forward' | 'backward';

/** One stored log line. Timestamps are unix microseconds (exact as JS numbers; ns = µs × 1000). */
export interface SourceEntry {
  tsUs: number;
  line: string;
  /** the stream's label set: the same object `streams()` returned */
  stream: Labels;
  /**
   * The labels a pipeline starts from when they are more than the stream's: Loki 3 adds structured
   * metadata such as `detected_level` to each entry, which label filters, `by` clauses and the
   * returned streams see but stream selectors do not.
   */
  labels?: Labels;
}

/** What the LogQL engine needs from a log store. Ranges are [startUs, endUs). */
export interface LogSource {
  /** Label sets of the streams that may hold entries in the range. */
  streams(startUs: number, endUs: number): Labels[];
  /** Entries of the given streams in the range, in time order for `direction`; generated lazily. */
  read(streams: Labels[], startUs: number, endUs: number, direction: Direction): Iterable<SourceEntry>;
}
