import { parseDuration, parseTime, resolveRange } from '../src/time/time.js';
import { formatSeriesName } from '../src/output/labels.js';
import { formatNumber } from '../src/output/format.js';
import { sparkline } from '../src/output/sparkline.js';
import { ConfigError } from '../src/config/errors.js';
import type { Sample, Series } from '../src/backends/prometheus/types.js';
import type { Session } from './session.js';
import { isUtf8 } from '../src/output/terminal.js';

interface QueryFlags {
  at?: string;
  step?: string;
  since?: string;
  from?: string;
  to?: string;
  limit?: number;
}

export async function runQuery(s: Session, promql: string, o: QueryFlags): Promise<void> {
  if (o.limit !== undefined && !(o.limit > 0)) throw new ConfigError('--limit must be a positive whole number');
  const now = s.io.now();
  const prometheus = (await s.backends()).prometheus;
  const isRange = Boolean(o.since || o.from || o.step);
  if (isRange) {
    const range = resolveRange(o, '1h', now);
    const result = await prometheus.queryRange(promql, { ...range, stepMs: o.step ? parseDuration(o.step) : undefined });
    const { kept, truncated } = cut(result.series, o.limit);
    report(s, result.warnings, result.infos, truncated, result.series.length);
    s.output(kept, [
      { header: 'SERIES', value: (r: Series) => formatSeriesName(r.labels) },
      { header: 'LAST', value: (r) => formatNumber(r.points.at(-1)?.value), align: 'right' },
      { header: 'TREND', value: (r) => sparkline(r.points.map((p) => p.value), 30, { ascii: !isUtf8(s.io.env) }) },
    ], {
      resultType: 'matrix',
      stepSeconds: result.stepMs / 1000,
      result: kept.map((r) => ({ labels: r.labels, points: r.points.map((p) => [p.time / 1000, p.value]) })),
      warnings: result.warnings,
      infos: result.infos,
      truncated,
    });
    return;
  }
  const time = o.at ? parseTime(o.at, now) : undefined;
  const result = await prometheus.query(promql, { time });
  if (result.resultType === 'scalar' || result.resultType === 'string') {
    report(s, result.warnings, result.infos, false, 1);
    s.output([result], [
      { header: 'TYPE', value: (r) => r.resultType },
      { header: 'VALUE', value: (r) => (typeof r.value === 'number' ? formatNumber(r.value, 6) : r.value), align: 'right' },
    ], { resultType: result.resultType, result: { time: result.time / 1000, value: result.value }, warnings: result.warnings, infos: result.infos, truncated: false });
    return;
  }
  if (result.resultType === 'matrix') {
    const { kept, truncated } = cut(result.series, o.limit);
    report(s, result.warnings, result.infos, truncated, result.series.length);
    s.output(kept, [
      { header: 'SERIES', value: (r: Series) => formatSeriesName(r.labels) },
      { header: 'SAMPLES', value: (r) => r.points.length, align: 'right' },
      { header: 'LAST', value: (r) => formatNumber(r.points.at(-1)?.value, 6), align: 'right' },
    ], { resultType: 'matrix', result: kept.map((r) => ({ labels: r.labels, points: r.points.map((p) => [p.time / 1000, p.value]) })), warnings: result.warnings, infos: result.infos, truncated });
    return;
  }
  const sorted = [...result.samples].sort((a, b) => formatSeriesName(a.labels).localeCompare(formatSeriesName(b.labels)));
  const { kept, truncated } = cut(sorted, o.limit);
  report(s, result.warnings, result.infos, truncated, sorted.length);
  s.output(kept, [
    { header: 'SERIES', value: (r: Sample) => formatSeriesName(r.labels) },
    { header: 'VALUE', value: (r) => formatNumber(r.value, 6), align: 'right' },
  ], { resultType: 'vector', result: kept.map((r) => ({ labels: r.labels, time: r.time / 1000, value: r.value })), warnings: result.warnings, infos: result.infos, truncated });
}

function cut<T>(items: T[], limit?: number): { kept: T[]; truncated: boolean } {
  if (limit === undefined || items.length <= limit) return { kept: items, truncated: false };
  return { kept: items.slice(0, limit), truncated: true };
}

function report(s: Session, warnings: string[], infos: string[], truncated: boolean, total: number): void {
  for (const w of warnings) s.warn(`warning from prometheus: ${w}`);
  if (s.format() === 'table') for (const i of infos) s.warn(`info from prometheus: ${i}`);
  if (truncated) s.warn(`result cut at --limit: ${total} series in all`);
}
