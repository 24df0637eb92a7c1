import { ConfigError } from '../src/config/errors.js';
import { formatSeriesName } from '../src/output/labels.js';
import { formatNumber, renderJson } from '../src/output/format.js';
import { sanitize } from '../src/output/sanitize.js';
import { parseDuration, resolveRange } from '../src/time/time.js';
import { isoNs, LogLinesWriter, streamName } from '../src/output/log-lines.js';
import { writeChunk } from './io.js';
import type { Session } from './session.js';

interface QueryFlags {
  since?: string;
  from?: string;
  to?: string;
  limit: number;
  forward?: boolean;
  step?: string;
  wrap?: boolean;
  raw?: boolean;
}

/**
 * Log lines are written as each page arrives (memory stays about one page); a metric query prints
 * its matrix. Piped output is the compact JSON document unless -o says otherwise.
 */
export async function runLogsQuery(s: Session, logql: string, o: QueryFlags): Promise<void> {
  if (!(o.limit > 0)) throw new ConfigError('--limit must be a positive whole number');
  if (o.wrap && o.raw) throw new ConfigError('give --wrap or --raw, not both');
  const format = s.format(['jsonl']);
  const range = resolveRange(o, '1h', s.io.now());
  const loki = (await s.backends()).loki;
  const answer = await loki.streamRange(logql, { start: range.start, end: range.end, limit: o.limit, direction: o.forward ? 'forward' : 'backward', stepMs: o.step ? parseDuration(o.step) : undefined });
  if (answer.resultType === 'matrix') {
    for (const w of answer.warnings) s.warn(`warning from loki: ${sanitize(w)}`);
    s.output(answer.series, [
      { header: 'SERIES', value: (r) => formatSeriesName(r.labels) },
      { header: 'LAST', value: (r) => formatNumber(r.points.at(-1)?.value), align: 'right' },
      { header: 'POINTS', value: (r) => r.points.length, align: 'right' },
    ], { resultType: 'matrix', result: answer.series.map((r) => ({ labels: r.labels, points: r.points.map((p) => [p.time / 1000, p.value]) })), warnings: answer.warnings });
    return;
  }
  const writer = new LogLinesWriter({ format: format === 'table' || format === 'junit' || format === 'markdown' ? 'table' : format, mode: o.raw ? 'raw' : 'wrap', width: s.width }, (text) => writeChunk(s.io.stdout, text));
  for await (const page of answer.pages) await writer.page(page);
  const { summary } = answer;
  await writer.end(summary);
  for (const w of summary.warnings) s.warn(`warning from loki: ${sanitize(w)}`);
  if (summary.truncated && format !== 'json' && format !== 'yaml') s.warn(`stopped at --limit ${o.limit}; there are more lines in the range`);
}

export async function runLogsTail(s: Session, logql: string, o: { since: string; delayFor?: number; patterns?: boolean; plain?: boolean }): Promise<void> {
  if (o.patterns) return tailPatterns(s, logql, o);
  const [{ tailLogs }, backends] = await Promise.all([import('../src/backends/loki/tail.js'), s.backends()]);
  const json = s.format() === 'json';
  // On a terminal the lines can be selected and opened whole; piped, -o json or --plain, they are printed.
  const view = !json && !o.plain && s.io.stdout.isTTY === true && s.io.stdin.isTTY === true ? await tailView(s, logql) : undefined;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let failure: unknown;
  const tail = tailLogs(backends.loki, logql, {
    start: s.io.now() - parseDuration(o.since),
    delayFor: o.delayFor,
    signal: controller.signal,
    onLines: (entries) => {
      if (view) view.lines.add(entries.map((e) => ({ time: Number(BigInt(e.ts) / 1_000_000n), labels: e.labels, line: e.line })));
      else for (const e of entries) s.print(json ? renderJson({ ts: e.ts, labels: e.labels, line: e.line }, false) : `${isoNs(e.ts)} ${streamName(e.labels)} ${sanitize(e.line)}`);
    },
    onDropped: (n) => {
      if (view) view.status.dropped += n;
      else s.warn(`loki dropped ${n} lines (the tail could not keep up)`);
    },
    onError: (e) => {
      if (view) view.status.error = e.oneLine();
      else s.warn(e.oneLine());
    },
    onStatus: (state) => {
      if (view) {
        view.status.state = state;
        if (state === 'connected') view.status.error = undefined;
      } else if (state !== 'connected') s.warn(`tail ${state}`);
    },
  }).catch((err: unknown) => {
    failure = err;
    controller.abort();
  });
  try {
    if (view) {
      await view.run(controller.signal);
      controller.abort();
    }
    await tail;
  } finally {
    process.off('SIGINT', stop);
  }
  if (failure) throw failure;
}

/** The tail's lines kept for the terminal view, its status, and the view itself. */
async function tailView(s: Session, logql: string) {
  const [{ inkScreen }, { TailLinesApp }, { RecentLines }] = await Promise.all([import('./ink.js'), import('../views/logs/tail-lines.js'), import('../src/logs/recent-lines.js')]);
  const lines = new RecentLines();
  const status: import('../views/logs/tail-patterns.js').TailStatus = { state: 'connecting', dropped: 0 };
  const screen = await inkScreen(s);
  const run = (signal: AbortSignal) => screen.run(screen.React.createElement(TailLinesApp, { lines, query: logql, status: () => status, signal, theme: screen.theme }));
  return { lines, status, run };
}

/**
 * The tail as live pattern counts: an Ink view on a terminal; otherwise (piped, or -o json) one
 * line per pattern that appears after the start, as it appears.
 */
async function tailPatterns(s: Session, logql: string, o: { since: string; delayFor?: number }): Promise<void> {
  const [{ tailLogs }, backends, { TailPatterns }, { levelOfLabels, levelOfLine }] = await Promise.all([
    import('../src/backends/loki/tail.js'),
    s.backends(),
    import('../src/logs/tail-model.js'),
    import('../src/logs/level.js'),
  ]);
  const json = s.format() === 'json';
  const interactive = !json && s.io.stdout.isTTY === true && s.io.stdin.isTTY === true;
  const now = s.io.now;
  const model = new TailPatterns(now());
  const status: import('../views/logs/tail-patterns.js').TailStatus = { state: 'connecting', dropped: 0 };
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let failure: unknown;
  const tail = tailLogs(backends.loki, logql, {
    start: now() - parseDuration(o.since),
    delayFor: o.delayFor,
    signal: controller.signal,
    onLines: (entries) => {
      const lines = entries.map((e) => {
        const level = levelOfLabels(e.labels) ?? levelOfLine(e.line);
        return { line: e.line, time: Number(BigInt(e.ts) / 1_000_000n), labels: e.labels, ...(level ? { level } : {}) };
      });
      const created = model.add(lines, now());
      if (interactive || created.length === 0) return;
      const rows = model.rows(now()).filter((r) => created.includes(r.id));
      for (const r of rows) {
        s.print(json ? renderJson({ event: 'new', id: r.id, template: r.template, time: new Date(r.newSince ?? now()).toISOString(), sample: r.sample }, false) : `NEW ${r.id} ${sanitize(r.template)}`);
      }
    },
    onDropped: (n) => {
      status.dropped += n;
      if (!interactive) s.warn(`loki dropped ${n} lines (the tail could not keep up)`);
    },
    onError: (e) => {
      status.error = e.oneLine();
      if (!interactive) s.warn(e.oneLine());
    },
    onStatus: (state) => {
      status.state = state;
      if (state === 'connected') status.error = undefined;
      if (!interactive && state !== 'connected') s.warn(`tail ${state}`);
    },
  }).catch((err: unknown) => {
    failure = err;
    controller.abort();
  });
  try {
    if (interactive) {
      const [{ inkScreen }, { TailPatternsApp }] = await Promise.all([import('./ink.js'), import('../views/logs/tail-patterns.js')]);
      const screen = await inkScreen(s);
      await screen.run(screen.React.createElement(TailPatternsApp, { model, query: logql, status: () => status, now, signal: controller.signal, theme: screen.theme }));
      controller.abort();
    }
    await tail;
  } finally {
    process.off('SIGINT', stop);
  }
  if (failure) throw failure;
}
