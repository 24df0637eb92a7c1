import type { Direction, Labels, LogEntry, LokiTime } from './types.js';

export interface RawStream {
  stream?: Labels;
  values?: [string, string, ...unknown[]][];
}

/** A LokiTime as unix nanoseconds. */
export function toNs(t: LokiTime): bigint {
  return typeof t === 'bigint' ? t : BigInt(Math.round(t)) * 1_000_000n;
}

/** Unix nanoseconds (decimal string or bigint) as unix milliseconds. */
export function nsToMs(ns: string | bigint): number {
  return Number(BigInt(ns) / 1_000_000n);
}

/** Order of two decimal nanosecond strings without parsing them (no leading zeros in Loki's output). */
export function compareNs(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function labelsKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\x1f');
}

/** Flatten Loki streams into one timeline ordered by timestamp in `direction` (ties: by stream, then line). */
export function mergeStreams(streams: RawStream[] | undefined, direction: Direction): LogEntry[] {
  const entries: { e: LogEntry; stream: string }[] = [];
  for (const s of streams ?? []) {
    const labels = s.stream ?? {};
    const stream = labelsKey(labels);
    for (const v of s.values ?? []) entries.push({ e: { ts: String(v[0]), line: String(v[1] ?? ''), labels }, stream });
  }
  const sign = direction === 'forward' ? 1 : -1;
  entries.sort((x, y) => sign * compareNs(x.e.ts, y.e.ts) || (x.stream < y.stream ? -1 : x.stream > y.stream ? 1 : 0) || (x.e.line < y.e.line ? -1 : x.e.line > y.e.line ? 1 : 0));
  return entries.map((x) => x.e);
}

/**
 * Drops the lines a server sends twice when a query resumes from the timestamp it stopped at.
 * It remembers the furthest timestamp seen in `direction` and every line at exactly that
 * timestamp: a resumed query repeats only those. Lines behind the boundary pass (a live tail may
 * deliver streams slightly out of order). A line is the same when its timestamp and text match
 * and one label set holds the other: Loki 3 folds structured metadata (such as `detected_level`)
 * into the labels of query answers but not of WebSocket tail frames.
 */
export class BoundaryDedupe {
  private ts: string | undefined;
  private lines = new Map<string, Labels[]>();

  constructor(private readonly direction: Direction) {}

  /** The furthest timestamp seen, as ns. */
  get boundary(): string | undefined {
    return this.ts;
  }

  /** How many distinct lines sit at the boundary (what a resumed query will repeat at most). */
  get atBoundary(): number {
    let n = 0;
    for (const labels of this.lines.values()) n += labels.length;
    return n;
  }

  /** True when the entry is new; records it. */
  accept(e: LogEntry): boolean {
    const order = this.ts === undefined ? 1 : compareNs(e.ts, this.ts) * (this.direction === 'forward' ? 1 : -1);
    if (order < 0) return true;
    if (order > 0) {
      this.ts = e.ts;
      this.lines = new Map([[e.line, [e.labels]]]);
      return true;
    }
    const seen = this.lines.get(e.line);
    if (!seen) {
      this.lines.set(e.line, [e.labels]);
      return true;
    }
    if (seen.some((l) => holds(l, e.labels) || holds(e.labels, l))) return false;
    seen.push(e.labels);
    return true;
  }
}

function holds(outer: Labels, inner: Labels): boolean {
  for (const k in inner) if (outer[k] !== inner[k]) return false;
  return true;
}
