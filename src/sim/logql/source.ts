import type { Labels } from './ast.js';

export type Direction = 'forward' | 'backward';

/** One stored log line. Timestamps are unix microseconds (exact as JS numbers; ns = µs × 1000). */
export interface SourceEntry {
  tsUs: number;
  line: string;
  /** the stream's label set: the same object `streams()` returned */
  stream: Labels;
}

/** What the LogQL engine needs from a log store. Ranges are [startUs, endUs). */
export interface LogSource {
  /** Label sets of the streams that may hold entries in the range. */
  streams(startUs: number, endUs: number): Labels[];
  /** Entries of the given streams in the range, in time order for `direction`; generated lazily. */
  read(streams: Labels[], startUs: number, endUs: number, direction: Direction): Iterable<SourceEntry>;
}
