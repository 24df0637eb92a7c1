import { readFile } from 'node:fs/promises';
import { Detector, DEFAULT_THRESHOLD } from '../src/anomaly/detector.js';
import { readSeriesCsv, SeriesFileError } from '../src/anomaly/csv.js';
import { assessSignals, type SeriesAssessment } from '../src/anomaly/live.js';
import { serviceSignals, type Signal } from '../src/anomaly/signals.js';
import { askOrderingGraph, orderAssessed } from '../src/anomaly/order.js';
import { identityOf } from '../src/identity/identity.js';
import { anyPartial, warnedPrometheus } from '../src/backends/prometheus/warnings.js';
import { parseDuration } from '../src/time/time.js';
import { fieldColumns, formatNumber } from '../src/output/format.js';
import { sanitize } from '../src/output/sanitize.js';
import { ConfigError } from '../src/config/errors.js';
import { CheckFailed, EXIT, ExitWith } from './io.js';
import type { Session } from './session.js';

export interface AnomalyFlags {
  file?: string;
  emit?: string;
  since?: string;
  history?: string;
  service?: string[];
  threshold?: string;
  all?: boolean;
}

interface Row extends SeriesAssessment {
  series: string;
}

export async function runAnomalies(s: Session, promql: string[], o: AnomalyFlags): Promise<void> {
  if (o.file !== undefined) {
    if (o.emit !== 'scores') throw new ExitWith(EXIT.usage, `--emit ${o.emit}: only "scores" is supported`);
    await emitScores(s, o.file);
    return;
  }
  const threshold = o.threshold === undefined ? DEFAULT_THRESHOLD : Number(o.threshold);
  if (!(threshold > 0 && threshold < 1)) throw new ConfigError(`--threshold ${o.threshold}: expected a number between 0 and 1`);
  const recentMs = parseDuration(o.since ?? '6h');
  const historyMs = parseDuration(o.history ?? '7d');
  if (historyMs <= recentMs) throw new ConfigError('--history must be longer than --since');
  const backends = await s.backends();
  const conventions = promql.length ? [] : (await identityOf(backends, s.io.now).metrics()).conventions;
  const signals: Signal[] = promql.length
    ? promql.map((query) => ({ name: query, query, serviceLabel: '' }))
    : (o.service?.length ? o.service : [undefined]).flatMap((service) => serviceSignals(conventions, service));
  const now = s.io.now();
  // The call graph only orders services whose trouble began together; without Jaeger, or when it
  // fails, the list is ordered without it.
  const graph = !promql.length && backends.has('jaeger')
    ? askOrderingGraph(() => backends.jaeger.dependencies({ endTs: now, lookbackMs: recentMs }), undefined, (why) => s.debug(`anomalies: no call graph to order by (${sanitize(why)})`))
    : async () => [];
  const { prometheus, warnings } = warnedPrometheus(backends.prometheus);
  const { rows: assessed, failed } = await assessSignals(prometheus, signals, { now, historyMs, recentMs, threshold });
  const rows: Row[] = orderAssessed(assessed, await graph());
  const shown = o.all ? rows : rows.filter((r) => r.anomalous);
  for (const f of failed) s.warn(`query failed: ${sanitize(f)}`);
  s.tellWarnings('prometheus', warnings);
  const format = s.format();
  if (format === 'table' && shown.length === 0) s.warn(`nothing anomalous in the last ${o.since ?? '6h'} (${rows.length} series scored, threshold ${threshold})`);
  if (format !== 'table' || shown.length > 0) {
    const data = {
      threshold,
      sinceSeconds: recentMs / 1000,
      historySeconds: historyMs / 1000,
      scored: rows.length,
      failed,
      warnings: [...warnings],
      anomalies: shown.map((r) => ({
        score: r.score,
        anomalous: r.anomalous,
        service: r.service,
        signal: r.signal,
        labels: r.labels,
        actual: r.actual,
        expected: r.expected,
        band: r.band,
        direction: r.direction,
        since: r.since === null ? null : new Date(r.since).toISOString(),
        view: r.view,
      })),
    };
    // CSV is the anomalies as data: the JSON fields but labels and view (objects), unrounded.
    if (format === 'csv') s.output(data.anomalies, fieldColumns(['score', 'anomalous', 'service', 'signal', 'actual', 'expected', 'band', 'direction', 'since']), data);
    else s.output(shown, [
      { header: 'SCORE', value: (r: Row) => r.score.toFixed(2), align: 'right' },
      { header: 'SERVICE', value: (r) => sanitize(r.service ?? r.series) },
      { header: 'SIGNAL', value: (r) => sanitize(r.signal) },
      { header: 'ACTUAL', value: (r) => formatNumber(r.actual), align: 'right' },
      { header: 'EXPECTED', value: (r) => `${formatNumber(r.expected)} ± ${formatNumber(r.band)}`, align: 'right' },
      { header: 'DIRECTION', value: (r) => r.direction },
      { header: 'SINCE', value: (r) => (r.since === null ? '' : new Date(r.since).toISOString().slice(0, 16).replace('T', ' ')) },
    ], data);
  }
  // What was found stands even when some of the answer is missing (as for slo check and capacity).
  if (rows.some((r) => r.anomalous)) throw new CheckFailed();
  if (failed.length > 0 || anyPartial(warnings)) throw new ExitWith(EXIT.backend);
}

/** One JSON line per row, written in chunks so a large file streams instead of piling up. */
async function emitScores(s: Session, file: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ExitWith(EXIT.usage, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const detector = new Detector();
  let chunk = '';
  try {
    for (const row of readSeriesCsv(text)) {
      const score = detector.push(row.timeMs, row.value);
      chunk += `{"timestamp":${JSON.stringify(row.timestamp)},"value":${row.value},"score":${score}}\n`;
      if (chunk.length > 1 << 16) {
        s.io.stdout.write(chunk);
        chunk = '';
      }
    }
  } catch (err) {
    if (err instanceof SeriesFileError) throw new ExitWith(EXIT.usage, `${file}:${err.line}: ${err.message}`);
    throw err;
  }
  s.io.stdout.write(chunk);
}
