import type { Labels } from './ast.js';
import { labelsKey } from './labels.js';
import type { Direction, LogSource, SourceEntry } from './source.js';

/** A LogSource over a fixed list of lines: for tests, and for serving a small captured log. */
export function memorySource(lines: { labels: Labels; tsUs: number; line: string }[]): LogSource {
  const streams = new Map<string, Labels>();
  for (const l of lines) if (!streams.has(labelsKey(l.labels))) streams.set(labelsKey(l.labels), l.labels);
  const entries: SourceEntry[] = lines
    .map((l) => ({ tsUs: l.tsUs, line: l.line, stream: streams.get(labelsKey(l.labels))! }))
    .sort((a, b) => a.tsUs - b.tsUs);
  return {
    streams: () => [...streams.values()],
    *read(wanted: Labels[], startUs: number, endUs: number, direction: Direction) {
      const set = new Set(wanted);
      const ordered = direction === 'forward' ? entries : [...entries].reverse();
      for (const e of ordered) if (set.has(e.stream) && e.tsUs >= startUs && e.tsUs < endUs) yield e;
    },
  };
}
