import type { Labels, LogQuery } from './ast.js';
import { labelsKey, matchesAll, sortedLabels } from './labels.js';
import { compilePipeline } from './pipeline.js';
import type { Direction, LogSource } from './source.js';

export interface LogStream {
  stream: Labels;
  /** [tsUs, line], ordered per the query's direction */
  values: [number, string][];
}

export interface SelectOptions {
  startUs: number;
  endUs: number;
  limit: number;
  direction: Direction;
  /** keep at most one entry per stream in each stretch this long (Loki's `interval`) */
  intervalUs?: number;
}

export interface ProcessStats {
  linesProcessed: number;
  bytesProcessed: number;
}

export interface PipedEntry {
  tsUs: number;
  line: string;
  /** labels after the pipeline */
  labels: Labels;
}

/** Every entry a log query keeps in [startUs, endUs), in time order for `direction`, produced lazily. */
export function* streamLogs(
  query: LogQuery,
  source: LogSource,
  o: Omit<SelectOptions, 'limit'>,
  stats: ProcessStats = { linesProcessed: 0, bytesProcessed: 0 },
): Generator<PipedEntry> {
  const streams = source.streams(o.startUs, o.endUs).filter(matchesAll(query.matchers));
  if (streams.length === 0) return;
  const pipeline = compilePipeline(query.stages);
  for (const entry of source.read(streams, o.startUs, o.endUs, o.direction)) {
    stats.linesProcessed++;
    stats.bytesProcessed += utf8Length(entry.line);
    const result = pipeline(entry.line, entry.labels ?? entry.stream);
    if (result) yield { tsUs: entry.tsUs, line: result.line, labels: result.labels };
  }
}

/** The streams a LogQL log query returns: at most `limit` entries in total, newest first for `backward`. */
export function selectLogs(query: LogQuery, source: LogSource, o: SelectOptions): { streams: LogStream[]; stats: ProcessStats } {
  const stats: ProcessStats = { linesProcessed: 0, bytesProcessed: 0 };
  const out = new Map<string, LogStream>();
  let taken = 0;
  if (o.limit <= 0) return { streams: [], stats };
  for (const entry of streamLogs(query, source, o, stats)) {
    const key = labelsKey(entry.labels);
    let stream = out.get(key);
    if (!stream) {
      stream = { stream: sortedLabels(entry.labels), values: [] };
      out.set(key, stream);
    }
    const last = stream.values[stream.values.length - 1];
    if (o.intervalUs && last && Math.abs(entry.tsUs - last[0]) < o.intervalUs) continue;
    stream.values.push([entry.tsUs, entry.line]);
    if (++taken >= o.limit) break;
  }
  return { streams: [...out.values()], stats };
}

/** Byte length of a string in UTF-8, without allocating. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
