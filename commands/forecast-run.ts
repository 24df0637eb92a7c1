import { chooseStep, formatDuration, parseDuration, resolveRange } from '../src/time/time.js';
import { anyPartial } from '../src/backends/prometheus/warnings.js';
import { forecast, type Forecast } from '../src/forecast/forecast.js';
import { toGrid } from '../src/forecast/grid.js';
import { formatSeriesName } from '../src/output/labels.js';
import { formatNumber } from '../src/output/format.js';
import { sanitize } from '../src/output/sanitize.js';
import { EXIT, ExitWith } from './io.js';
import type { Session } from './session.js';

export interface ForecastFlags {
  horizon?: string;
  since?: string;
  from?: string;
  to?: string;
}

/** About this many points of history per series: a week of 5-minute samples. */
const HISTORY_POINTS = 2016;

interface Row {
  labels: Record<string, string>;
  last: number;
  result: Forecast;
}

export async function runForecast(s: Session, promql: string, o: ForecastFlags): Promise<void> {
  const horizonMs = parseDuration(o.horizon ?? '7d');
  const range = resolveRange(o, '14d', s.io.now());
  const stepMs = chooseStep(range, HISTORY_POINTS);
  const prometheus = (await s.backends()).prometheus;
  const answer = await prometheus.queryRange(promql, { ...range, stepMs });
  s.tellWarnings('prometheus', answer.warnings);
  if (answer.series.length === 0) throw new ExitWith(EXIT.backend, `no data for ${promql} over the last ${formatDuration(range.end - range.start)}`);
  const steps = Math.max(1, Math.round(horizonMs / answer.stepMs));
  const rows: Row[] = answer.series.map((series) => {
    const values = toGrid(series.points, range.start, answer.stepMs, range.end);
    return { labels: series.labels, last: series.points.at(-1)?.value ?? NaN, result: forecast({ values, stepMs: answer.stepMs }, steps) };
  });
  const horizonText = formatDuration(horizonMs);
  const perDay = 86_400_000 / answer.stepMs;
  const csv = s.format() === 'csv';
  s.output(rows, csv ? [
    // CSV: the forecast at the horizon and its 90% range as data, unrounded.
    { header: 'series', value: (r: Row) => formatSeriesName(r.labels) },
    { header: 'last', value: (r) => r.last },
    { header: 'forecast', value: (r) => r.result.mean.at(-1) },
    { header: 'lower', value: (r) => r.result.lower.at(-1) },
    { header: 'upper', value: (r) => r.result.upper.at(-1) },
    { header: 'trendPerDay', value: (r) => r.result.trendPerStep * perDay },
    { header: 'season', value: (r) => seasonName(r.result.season, answer.stepMs) },
  ] : [
    { header: 'SERIES', value: (r: Row) => sanitize(formatSeriesName(r.labels)) },
    { header: 'NOW', value: (r) => formatNumber(r.last), align: 'right' },
    { header: `IN ${horizonText}`, value: (r) => formatNumber(r.result.mean.at(-1)), align: 'right' },
    { header: '90% RANGE', value: (r) => `${formatNumber(r.result.lower.at(-1))} .. ${formatNumber(r.result.upper.at(-1))}`, align: 'right' },
    { header: 'TREND/DAY', value: (r) => formatNumber(r.result.trendPerStep * perDay), align: 'right' },
    { header: 'SEASON', value: (r) => seasonName(r.result.season, answer.stepMs) },
  ], {
    query: promql,
    horizonSeconds: horizonMs / 1000,
    stepSeconds: answer.stepMs / 1000,
    warnings: answer.warnings,
    series: rows.map((r) => ({
      labels: r.labels,
      last: r.last,
      season: seasonName(r.result.season, answer.stepMs),
      trendPerDay: r.result.trendPerStep * perDay,
      backtestMae: r.result.backtestMae,
      forecast: r.result.mean.map((mean, i) => ({
        time: (range.end + (i + 1) * answer.stepMs) / 1000,
        mean,
        lower: r.result.lower[i],
        upper: r.result.upper[i],
      })),
    })),
  });
  if (anyPartial(answer.warnings)) throw new ExitWith(EXIT.backend);
}

/** The forecast looks for daily and weekly seasons; the grid step makes them a few seconds off. */
function seasonName(season: number, stepMs: number): string {
  if (season === 0) return 'none';
  const days = (season * stepMs) / 86_400_000;
  return Math.abs(days - 7) < 0.1 ? 'weekly' : Math.abs(days - 1) < 0.02 ? 'daily' : formatDuration(season * stepMs);
}
