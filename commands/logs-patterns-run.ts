import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import chalk, { Chalk } from 'chalk';
import { ConfigError } from '../src/config/errors.js';
import { type Engine, type PatternsOutcome, type Range, minePatterns } from '../src/logs/from-loki.js';
import { type InputLine, LineTimes, parseInputLine } from '../src/logs/file-input.js';
import { normalizeLevel } from '../src/logs/level.js';
import { LineSplitter } from '../src/logs/line-splitter.js';
import { assignPatterns, type PatternReport, PatternReporter, type PatternReportResult, patternsAtLevel } from '../src/logs/report.js';
import { sanitize } from '../src/output/sanitize.js';
import { sparkline } from '../src/output/sparkline.js';
import { formatDuration, isoTime, parseDuration, parseTime, resolveRange } from '../src/time/time.js';
import { detectTerminal } from '../views/terminal.js';
import type { Session } from './session.js';
import { cutToCells } from '../src/output/cells.js';

export interface PatternsFlags {
  since?: string;
  from?: string;
  to?: string;
  baseline?: string;
  baselineFrom?: string;
  baselineTo?: string;
  engine: string;
  limit: number;
  top?: number;
  file?: string;
  baselineFile?: string;
  messageField?: string;
  emit?: string;
  level?: string;
}

const ENGINES: Engine[] = ['auto', 'local', 'loki'];
const TABLE_TOP = 20;
const BUCKETS = 40;
const READ_BYTES = 1 << 20;

/** What the output describes, whichever way the lines came. */
interface Outcome {
  result: PatternReportResult;
  engine: 'local' | 'loki';
  /** Why this engine (Loki queries). */
  reason?: string;
  source: { query: string } | { file: string; baselineFile?: string };
  /** Null for a file without times. */
  range: Range | null;
  baselineRange?: Range | null;
  truncated: Array<'incident' | 'baseline'>;
}

export async function runLogsPatterns(s: Session, logql: string | undefined, o: PatternsFlags): Promise<void> {
  if (!ENGINES.includes(o.engine as Engine)) throw new ConfigError(`--engine ${sanitize(o.engine)}: expected auto, local or loki`);
  if (!Number.isInteger(o.limit) || o.limit <= 0) throw new ConfigError('--limit must be a positive whole number of lines');
  if (o.top !== undefined && (!Number.isInteger(o.top) || o.top <= 0)) throw new ConfigError('--top must be a positive whole number');
  if (o.emit !== undefined && o.emit !== 'assignments') throw new ConfigError(`--emit ${sanitize(o.emit)}: the only thing to emit is "assignments"`);
  const format = o.emit ? 'json' : s.format();
  if (o.level !== undefined && !normalizeLevel(o.level)) throw new ConfigError(`--level ${sanitize(o.level)}: expected debug, info, warn, error or fatal`);

  if (o.file === undefined) {
    if (logql === undefined) throw new ConfigError('give a LogQL query, or --file PATH (- for standard input)', `obs logs patterns '{service="payments"}' --since 30m`);
    for (const flag of ['baselineFile', 'messageField', 'emit'] as const) {
      if (o[flag] !== undefined) throw new ConfigError(`${optionName(flag)} works with --file`);
    }
    const outcome = await fromLoki(s, logql, o);
    return print(s, format, outcome, o);
  }
  if (logql !== undefined) throw new ConfigError('give either a LogQL query or --file, not both');
  for (const flag of ['since', 'from', 'to', 'baseline', 'baselineFrom', 'baselineTo'] as const) {
    if (o[flag] !== undefined) throw new ConfigError(`${optionName(flag)} applies to Loki queries; with --file the baseline is --baseline-file`);
  }
  if (o.engine === 'loki') throw new ConfigError('--engine loki reads from Loki, not from --file');
  if (o.file === '-' && o.baselineFile === '-') throw new ConfigError('--file and --baseline-file cannot both read standard input');
  if (o.emit && o.baselineFile !== undefined) throw new ConfigError('--emit assignments takes no --baseline-file');

  if (o.emit) {
    const read: Array<InputLine | undefined> = [];
    await readInput(s, o.file, o.messageField, (line) => read.push(line));
    // One object per input line; a blank line belongs to no pattern.
    const { assignments } = assignPatterns(read.filter((l) => l !== undefined).map((l) => l.message));
    let k = 0;
    const out = read.map((l, i) => JSON.stringify({ line: i + 1, pattern: l === undefined ? null : assignments[k++] })).join('\n');
    if (out) s.print(out);
    return;
  }
  return print(s, format, await fromFiles(s, o), o);
}

async function fromLoki(s: Session, logql: string, o: PatternsFlags): Promise<Outcome> {
  const now = s.io.now();
  const incident = resolveRange(o, '1h', now);
  const baseline = baselineRange(o, incident, now);
  const loki = (await s.backends()).loki;
  const mined: PatternsOutcome = await minePatterns(loki, logql, { incident, baseline, engine: o.engine as Engine, limit: o.limit, buckets: BUCKETS, samples: 3 });
  s.debug(`logs patterns: engine ${mined.engine} (${mined.reason})`);
  for (const which of mined.truncated) {
    const covered = which === 'incident' ? mined.incident : mined.baseline!;
    s.warn(`read only the first ${o.limit.toLocaleString('en-US')} lines of the ${which} window (up to ${isoTime(covered.end)}); counts cover that part (raise --limit for all of it)`);
  }
  return { result: mined.result, engine: mined.engine, reason: mined.reason, source: { query: logql }, range: mined.incident, ...(mined.baseline ? { baselineRange: mined.baseline } : {}), truncated: mined.truncated };
}

/**
 * The baseline window: `--baseline D` is the window as long as the incident's that ends D before
 * the incident's end (so `--since 30m --baseline 24h` is the same half hour yesterday);
 * `--baseline-from/--baseline-to` name it (the end defaults to the incident's start).
 */
export function baselineRange(o: Pick<PatternsFlags, 'baseline' | 'baselineFrom' | 'baselineTo'>, incident: Range, now: number): Range | undefined {
  if (o.baseline !== undefined && (o.baselineFrom !== undefined || o.baselineTo !== undefined)) {
    throw new ConfigError('give --baseline or --baseline-from/--baseline-to, not both');
  }
  let range: Range | undefined;
  if (o.baseline !== undefined) {
    const offset = parseDuration(o.baseline);
    const length = incident.end - incident.start;
    if (offset < length) {
      throw new ConfigError(`--baseline ${sanitize(o.baseline)} would overlap the ${formatDuration(length)} window`, `the baseline is the ${formatDuration(length)} ending that long before the window ends: use at least --baseline ${formatDuration(length)}`);
    }
    range = { start: incident.end - offset - length, end: incident.end - offset };
  } else if (o.baselineFrom !== undefined) {
    range = { start: parseTime(o.baselineFrom, now), end: o.baselineTo !== undefined ? parseTime(o.baselineTo, now) : incident.start };
  } else if (o.baselineTo !== undefined) {
    throw new ConfigError('--baseline-to needs --baseline-from');
  }
  if (range && range.start >= range.end) throw new ConfigError('the baseline must start before it ends');
  if (range && range.end > incident.start && range.start < incident.end) throw new ConfigError('the baseline must not overlap the window');
  return range;
}

/**
 * Files are compared by each pattern's share of its file's lines (a file has no window length
 * that means anything). Lines without times are placed by their position, which the table shows
 * as line numbers (JSON has null first and last seen). Lines are mined as they are read (the
 * baseline file's first), and not kept.
 */
async function fromFiles(s: Session, o: PatternsFlags): Promise<Outcome> {
  const reporter = new PatternReporter({ buckets: BUCKETS, samples: 3, rateBy: 'lines' });
  // The file asked about is read after the baseline; a missing one is said before the wait.
  if (o.baselineFile !== undefined && o.file !== '-') await access(o.file!, constants.R_OK).catch((err: NodeJS.ErrnoException) => unreadable(o.file!, err));
  const baseline = o.baselineFile !== undefined
    ? await mineFile(s, o.baselineFile, o.messageField, (line, time) => reporter.addBaseline(line.message, time, line.level))
    : undefined;
  const incident = await mineFile(s, o.file!, o.messageField, (line, time) => reporter.add(line.message, time, line.level));
  const result = reporter.report(incident, baseline);
  const range = (w: FileWindow) => (w.timed ? { start: w.start, end: w.end } : null);
  return {
    result,
    engine: 'local',
    source: { file: o.file!, ...(o.baselineFile !== undefined ? { baselineFile: o.baselineFile } : {}) },
    range: range(incident),
    ...(baseline ? { baselineRange: range(baseline) } : {}),
    truncated: [],
  };
}

/** The span of a file's lines' times (positions when it has none: `timed` false). */
interface FileWindow extends Range {
  timed: boolean;
}

/** Hands a file's non-blank lines to `add` with their times (see LineTimes) as they are read. */
async function mineFile(s: Session, file: string, messageField: string | undefined, add: (line: InputLine, time: number) => void): Promise<FileWindow> {
  let start = Infinity;
  let end = -Infinity;
  const times = new LineTimes((line, time) => {
    if (time < start) start = time;
    if (time > end) end = time;
    add(line, time);
  });
  await readInput(s, file, messageField, (line) => line && times.push(line));
  const timed = times.end();
  if (start === Infinity) start = end = 0;
  return { start, end: Math.max(end, start + 1), timed };
}

/** Hands every input line on, in order; undefined for a blank one. */
async function readInput(s: Session, file: string, messageField: string | undefined, onLine: (line: InputLine | undefined) => void): Promise<void> {
  // Large reads: a chunk costs a turn of the event loop, and a line is split out of it either way.
  const stream = file === '-' ? s.io.stdin : createReadStream(file, { highWaterMark: READ_BYTES });
  const options = { messageField };
  const splitter = new LineSplitter((raw) => onLine(raw.trim() === '' ? undefined : parseInputLine(raw, options)));
  try {
    for await (const chunk of stream) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer));
    splitter.end();
  } catch (err) {
    unreadable(file, err as NodeJS.ErrnoException);
  }
}

function unreadable(file: string, err: NodeJS.ErrnoException): never {
  // Only a read fails with a code; anything else is a fault of what the lines were handed to.
  if (err.code === undefined) throw err;
  throw new ConfigError(`${file === '-' ? '<stdin>' : sanitize(file)}: cannot read it (${err.code})`);
}

// ---- output ----

function print(s: Session, format: string, all: Outcome, o: PatternsFlags): void {
  const top = o.top ?? (format === 'table' ? TABLE_TOP : Infinity);
  const level = normalizeLevel(o.level);
  const outcome = level ? { ...all, result: { ...all.result, patterns: patternsAtLevel(all.result.patterns, level) } } : all;
  const shown = outcome.result.patterns.slice(0, top);
  if (format === 'json' || format === 'yaml') {
    s.output([], [], toJson(outcome, shown, o.limit));
    return;
  }
  if (format === 'csv') {
    s.output(shown, [
      { header: 'id', value: (p) => p.id },
      { header: 'status', value: (p) => p.status ?? '' },
      { header: 'count', value: (p) => p.count },
      { header: 'share', value: (p) => p.share },
      { header: 'baselineCount', value: (p) => p.baselineCount ?? '' },
      { header: 'ratio', value: (p) => p.ratio },
      { header: 'firstSeen', value: (p) => (p.firstSeen !== undefined && outcome.range ? isoTime(p.firstSeen) : '') },
      { header: 'lastSeen', value: (p) => (p.lastSeen !== undefined && outcome.range ? isoTime(p.lastSeen) : '') },
      { header: 'template', value: (p) => p.template },
      { header: 'sample', value: (p) => p.samples[0] ?? '' },
    ], undefined);
    return;
  }
  s.print(renderTable(s, outcome, shown).join('\n'));
}

/** The documented JSON: templates and samples as they are (JSON escapes what a terminal must not see). */
function toJson(outcome: Outcome, shown: PatternReport[], limit: number) {
  const timed = outcome.range !== null;
  return {
    patterns: shown.map((p) => ({
      id: p.id,
      template: p.template,
      count: p.count,
      share: p.share,
      firstSeen: p.firstSeen !== undefined && timed ? isoTime(p.firstSeen) : null,
      lastSeen: p.lastSeen !== undefined && timed ? isoTime(p.lastSeen) : null,
      samples: p.samples,
      ...(p.status ? { status: p.status, baselineCount: p.baselineCount, ratio: p.ratio } : {}),
      ...(p.level ? { level: p.level } : {}),
      ...(p.attributes ? { attributes: p.attributes } : {}),
      buckets: p.buckets,
    })),
    lines: outcome.result.lines,
    ...(outcome.result.baselineLines !== undefined ? { baselineLines: outcome.result.baselineLines } : {}),
    engine: outcome.engine,
    ...(outcome.reason ? { engineReason: outcome.reason } : {}),
    ...outcome.source,
    range: outcome.range && { start: isoTime(outcome.range.start), end: isoTime(outcome.range.end) },
    ...(outcome.baselineRange !== undefined ? { baselineRange: outcome.baselineRange && { start: isoTime(outcome.baselineRange.start), end: isoTime(outcome.baselineRange.end) } } : {}),
    truncated: outcome.truncated,
    limit,
  };
}

const STATUS_COLOR = { NEW: 'red', SURGING: 'yellow', STEADY: undefined, GONE: 'gray' } as const;
const SPARK = 16;

function renderTable(s: Session, outcome: Outcome, shown: PatternReport[]): string[] {
  const c = new Chalk({ level: s.color ? chalk.level || 1 : 0 });
  const ascii = !detectTerminal(s.io.env, { color: s.opts.color }).unicode;
  const width = Math.max(60, s.width);
  const { result } = outcome;
  const compared = result.baselineLines !== undefined;
  const timed = outcome.range !== null;
  const out = [c.dim(summary(outcome))];
  if (shown.length === 0) return [...out, 'no log lines in the range'];
  const clock = timed && outcome.range!.end - outcome.range!.start > 86_400_000 ? (t: number) => isoTime(t).slice(5, 16).replace('T', ' ') : (t: number) => isoTime(t).slice(11, 19);
  const seen = (t: number | undefined) => (t === undefined ? '—' : timed ? clock(t) : `#${t + 1}`);
  const seenWidth = Math.max(8, ...shown.map((p) => Math.max(seen(p.firstSeen).length, seen(p.lastSeen).length)));
  const head = [compared ? pad('STATUS', 12) : '', pad('COUNT', 7, true), pad('SHARE', 6, true), pad('TREND', SPARK), pad('FIRST', seenWidth), pad('LAST', seenWidth), 'PATTERN'];
  out.push(c.bold(cutToCells(head.filter(Boolean).join(' '), width)));
  for (const p of shown) {
    const status = p.status === 'SURGING' && p.ratio ? `SURGING x${p.ratio >= 10 ? Math.round(p.ratio) : p.ratio.toFixed(1)}` : (p.status ?? '');
    const paint = p.status && STATUS_COLOR[p.status] ? c[STATUS_COLOR[p.status]!] : (x: string) => x;
    const cells = [
      pad(String(p.count), 7, true),
      pad(percent(p.share), 6, true),
      p.count > 0 ? sparkline(p.buckets, SPARK, { ascii, min: 0 }) : ' '.repeat(SPARK),
      pad(seen(p.firstSeen), seenWidth),
      pad(seen(p.lastSeen), seenWidth),
    ].join(' ');
    const used = cells.length + (compared ? 13 : 0) + 1;
    out.push(`${compared ? `${paint(pad(status, 12))} ` : ''}${cells} ${cutToCells(sanitize(p.template), Math.max(10, width - used))}`);
    if (p.samples[0] !== undefined) out.push(c.dim(cutToCells(`    ${p.count > 0 ? 'e.g.' : 'was'} ${sanitize(p.samples[0], { maxLength: width })}`, width)));
  }
  if (result.patterns.length > shown.length) out.push(c.dim(`… ${result.patterns.length - shown.length} more (--top N, or -o json for all)`));
  return out;
}

function summary(o: Outcome): string {
  const what = 'query' in o.source ? o.source.query : o.source.file === '-' ? 'standard input' : o.source.file;
  const span = (r: Range | null | undefined) => (r ? ` from ${isoTime(r.start).slice(0, 19).replace('T', ' ')} to ${isoTime(r.end).slice(0, 19).replace('T', ' ')} UTC` : '');
  let text = `${sanitize(what, { maxLength: 120 })}: ${o.result.lines.toLocaleString('en-US')} lines${span(o.range)}`;
  if (o.result.baselineLines !== undefined) text += `; baseline ${o.result.baselineLines.toLocaleString('en-US')} lines${span(o.baselineRange)}`;
  text += `; engine ${o.engine}${o.reason && o.reason !== 'asked for' && o.engine === 'local' ? ` (${o.reason})` : ''}`;
  if (o.result.unassigned > 0) text += `; ${o.result.unassigned} lines in patterns dropped for room`;
  return text;
}

function optionName(flag: string): string {
  return `--${flag.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}`;
}

function percent(share: number): string {
  const p = share * 100;
  return p === 0 ? '0%' : p < 0.1 ? '<0.1%' : p < 10 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

