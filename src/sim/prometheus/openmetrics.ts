/**
 * The world's series as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`.
 * Families are written untyped (`unknown`), which the backfiller accepts for any sample name; the TSDB does
 * not store types, so queries see exactly the same samples the simulator serves.
 */
import type { World } from '../world/world.js';
import { matcher, type Matcher } from '../promql/labels.js';
import { SCRAPE_MS } from './series/grid.js';
import { SimStorage } from './storage.js';

export interface ExportOptions {
  startMs: number;
  endMs: number;
  /** sample spacing, a multiple of 15 s (default 15 s) */
  stepMs?: number;
  /** series names to export (e.g. "http_requests_total", "http_request_duration_seconds_bucket"); default all */
  metrics?: string[];
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(v);
}

export function exportOpenMetrics(world: World, opts: ExportOptions): string {
  const step = opts.stepMs ?? SCRAPE_MS;
  if (step % SCRAPE_MS !== 0) throw new Error(`stepMs must be a multiple of ${SCRAPE_MS}`);
  const storage = new SimStorage(world, { now: () => opts.endMs, minT: opts.startMs, maxT: opts.endMs });
  const selectors: Matcher[][] = opts.metrics ? opts.metrics.map((m) => [matcher('__name__', '=', m)]) : [[]];
  const byName = new Map<string, string[]>();
  for (const sel of selectors) {
    for (const s of storage.select(sel, opts.startMs, opts.endMs)) {
      const { __name__: name, ...rest } = s.labels;
      const labelText = Object.keys(rest)
        .sort()
        .map((k) => `${k}="${escapeLabel(rest[k])}"`)
        .join(',');
      const lines = byName.get(name) ?? [];
      const samples = s.samples(opts.startMs, opts.endMs);
      for (let i = 0; i < samples.t.length; i++) {
        if (samples.t[i] % step !== 0) continue;
        lines.push(`${name}{${labelText}} ${formatValue(samples.v[i])} ${samples.t[i] / 1000}`);
      }
      byName.set(name, lines);
    }
  }
  const parts: string[] = [];
  for (const name of [...byName.keys()].sort()) parts.push(`# TYPE ${name} unknown\n${byName.get(name)!.join('\n')}\n`);
  parts.push('# EOF\n');
  return parts.join('');
}
