import { parseDuration, parseTime, resolveRange } from '../src/time/time.js';
import { formatSeriesName } from '../src/output/labels.js';
import { fitSeriesName, splitSharedLabels } from '../src/output/series-names.js';
import { formatValue, jsonNumber, rawNumber, renderJson, rfc3339, type Column } from '../src/output/format.js';
import { sparkline } from '../src/output/sparkline.js';
import { ConfigError } from '../src/config/errors.js';
import type { Series } from '../src/backends/prometheus/types.js';
import { EXIT, ExitWith, writeChunk } from './io.js';
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
  await printAnswer(s, promql, o);
  // A partial answer (e.g. Thanos with a store down) is printed, and the exit code says it is partial.
  if (s.partialAnswer) throw new ExitWith(EXIT.backend);
}

async function printAnswer(s: Session, promql: string, o: QueryFlags): Promise<void> {
  if (o.limit !== undefined && !(o.limit > 0)) throw new ConfigError('--limit must be a positive whole number');
  const now = s.io.now();
  const prometheus = (await s.backends()).prometheus;
  const stepMs = o.step === undefined ? undefined : parseDuration(o.step);
  if (stepMs !== undefined && stepMs <= 0) throw new ConfigError(`--step ${o.step} must be longer than zero`, 'e.g. --step 30s');
  if (stepMs !== undefined && stepMs < 1000) throw new ConfigError(`--step ${o.step} is below obs's smallest step, 1s`, 'use a step of 1s or more');
  const isRange = Boolean(o.since || o.from || o.step);
  // Alone, --to names the instant to evaluate at, as --at does; both at once would be two instants.
  if (!isRange && o.to && o.at) throw new ConfigError('--at and --to both name the instant of the query', 'give one, or add --since/--from for a range query');
  if (isRange) {
    const range = resolveRange(o, '1h', now);
    const answer = await prometheus.queryRangeOnePass(promql, { ...range, stepMs });
    const truncated = o.limit !== undefined && answer.count > o.limit;
    report(s, answer.warnings, answer.infos, truncated, answer.count);
    if (s.format() === 'json' && !s.io.stdout.isTTY) return writeMatrixJson(s, answer.stepMs, take(answer.series, o.limit), { warnings: answer.warnings, infos: answer.infos, truncated });
    const kept = [...take(answer.series, o.limit)];
    if (s.format() === 'csv') return printPointsCsv(s, kept);
    s.output(kept, [
      seriesColumn(s, kept),
      { header: 'LAST', value: (r) => formatValue(r.points.at(-1)?.value, 3), align: 'right' },
      { header: 'TREND', value: (r) => sparkline(r.points.map((p) => p.value), 30, { ascii: !isUtf8(s.io.env) }) },
    ], {
      resultType: 'matrix',
      stepSeconds: answer.stepMs / 1000,
      result: kept.map((r) => ({ labels: r.labels, points: r.points.map((p) => [p.time / 1000, p.value]) })),
      warnings: answer.warnings,
      infos: answer.infos,
      truncated,
    });
    return;
  }
  const instant = o.at ?? o.to;
  const time = instant ? parseTime(instant, now) : undefined;
  const result = await prometheus.query(promql, { time });
  if (result.resultType === 'scalar' || result.resultType === 'string') {
    report(s, result.warnings, result.infos, false, 1);
    s.output([result], [
      { header: 'TYPE', value: (r) => r.resultType },
      { header: 'VALUE', value: (r) => (typeof r.value === 'number' ? formatValue(r.value) : r.value), raw: (r) => (typeof r.value === 'number' ? rawNumber(r.value) : r.value), align: 'right' },
    ], { resultType: result.resultType, result: { time: result.time / 1000, value: result.value }, warnings: result.warnings, infos: result.infos, truncated: false });
    return;
  }
  if (result.resultType === 'matrix') {
    const { kept, truncated } = cut(result.series, o.limit);
    report(s, result.warnings, result.infos, truncated, result.series.length);
    if (s.format() === 'csv') return printPointsCsv(s, kept);
    s.output(kept, [
      seriesColumn(s, kept),
      { header: 'SAMPLES', value: (r) => r.points.length, align: 'right' },
      { header: 'LAST', value: (r) => formatValue(r.points.at(-1)?.value), align: 'right' },
    ], { resultType: 'matrix', result: kept.map((r) => ({ labels: r.labels, points: r.points.map((p) => [p.time / 1000, p.value]) })), warnings: result.warnings, infos: result.infos, truncated });
    return;
  }
  const sorted = [...result.samples].sort((a, b) => formatSeriesName(a.labels).localeCompare(formatSeriesName(b.labels)));
  const { kept, truncated } = cut(sorted, o.limit);
  report(s, result.warnings, result.infos, truncated, sorted.length);
  if (s.format() === 'csv') return printPointsCsv(s, kept.map((r) => ({ labels: r.labels, points: [{ time: r.time, value: r.value }] })));
  s.output(kept, [
    seriesColumn(s, kept),
    { header: 'VALUE', value: (r) => formatValue(r.value), align: 'right' },
  ], { resultType: 'vector', result: kept.map((r) => ({ labels: r.labels, time: r.time / 1000, value: r.value })), warnings: result.warnings, infos: result.infos, truncated });
}

/**
 * The SERIES column of a table. Labels every row shares go on a line above it, so each row shows
 * what tells it apart; a name too long for the column has its label values cut, not its end.
 */
function seriesColumn<T extends { labels: Record<string, string> }>(s: Session, rows: T[]): Column<T> {
  const { shared, own } = splitSharedLabels(rows.map((r) => r.labels));
  if (s.format() === 'table' && Object.keys(shared).length > 0) {
    const intro = `all ${rows.length} series: `;
    s.print(`${intro}${fitSeriesName(shared, s.width - intro.length)}`);
  }
  return { header: 'SERIES', value: (r) => fitSeriesName(own(r.labels), Infinity), fit: (r, width) => fitSeriesName(own(r.labels), width) };
}

interface Point {
  labels: Record<string, string>;
  time: number;
  value: number;
}

/** CSV is data: one row per point, a column per label name, the time as RFC3339 and the value unrounded. */
function printPointsCsv(s: Session, series: Series[]): void {
  const names = [...new Set(series.flatMap((r) => Object.keys(r.labels)))].sort((a, b) => (a === '__name__' ? -1 : b === '__name__' ? 1 : a.localeCompare(b)));
  const rows: Point[] = series.flatMap((r) => r.points.map((p) => ({ labels: r.labels, ...p })));
  const columns: Column<Point>[] = [
    ...names.map((name): Column<Point> => ({ header: name, value: (p) => p.labels[name] ?? '' })),
    { header: 'time', value: (p) => rfc3339(p.time) },
    { header: 'value', value: (p) => rawNumber(p.value) },
  ];
  s.output(rows, columns, undefined);
}

function* take<T>(items: Iterable<T>, limit = Infinity): Generator<T> {
  let n = 0;
  for (const item of items) {
    if (n++ >= limit) return;
    yield item;
  }
}

function cut<T>(items: T[], limit?: number): { kept: T[]; truncated: boolean } {
  if (limit === undefined || items.length <= limit) return { kept: items, truncated: false };
  return { kept: items.slice(0, limit), truncated: true };
}

function report(s: Session, warnings: string[], infos: string[], truncated: boolean, total: number): void {
  s.tellWarnings('prometheus', warnings);
  if (s.format() === 'table') for (const i of infos) s.warn(`info from prometheus: ${i}`);
  if (truncated) s.warn(`result cut at --limit: ${total} series in all`);
}

/**
 * A range answer as compact JSON for a pipe, written a series at a time: a large answer never
 * becomes one string (the same document as -o json on a terminal, without the indentation).
 */
async function writeMatrixJson(s: Session, stepMs: number, series: Iterable<Series>, notes: { warnings: string[]; infos: string[]; truncated: boolean }): Promise<void> {
  const out = s.io.stdout;
  await writeChunk(out, `{"resultType":"matrix","stepSeconds":${stepMs / 1000},"result":[`);
  let first = true;
  for (const r of series) {
    const points = r.points.map((p) => `[${p.time / 1000},${jsonNumber(p.value)}]`).join(',');
    await writeChunk(out, `${first ? '' : ','}{"labels":${renderJson(r.labels, false)},"points":[${points}]}`);
    first = false;
  }
  await writeChunk(out, `],${renderJson(notes, false).slice(1)}\n`);
}
