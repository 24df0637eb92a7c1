/**
 * Pattern reports over a LogQL query's lines in Loki: from Loki's own pattern ingester when it
 * covers the query, else mined here from the lines fetched with (paginated) query_range, up to a
 * cap on lines. Takes the client as an argument; tests pass fakes.
 */
import type { LogEntry as LokiEntry, LokiInstantResult, LokiRangeResult, PatternsAnswer } from '../backends/loki/types.js';
import { ConfigError } from '../config/errors.js';
import { BackendError } from '../http/errors.js';
import { levelOfLabels, levelOfLine } from './level.js';
import { fillSamples, reportLokiPatterns } from './loki-report.js';
import { type LogEntry, type PatternReportResult, type ReportOptions, reportPatterns } from './report.js';

/** The parts of LokiClient used here. */
export interface LokiLogs {
  queryRange(logql: string, options: { start: number; end: number; limit?: number; direction?: 'forward' | 'backward' }): Promise<LokiRangeResult>;
  patterns(query: string, options: { start: number; end: number; stepMs?: number }): Promise<PatternsAnswer>;
  query(logql: string, options: { time?: number | bigint }): Promise<LokiInstantResult>;
}

export interface Range {
  /** Unix ms. */
  start: number;
  end: number;
}

export type Engine = 'auto' | 'local' | 'loki';

export interface WindowLines {
  /** Oldest first. */
  entries: LogEntry[];
  /** The range the entries cover: the asked one, or less when the cap cut it (see truncated). */
  start: number;
  end: number;
  /** The cap was reached: reading forward, `end` is the last line read; backward, `start` is. */
  truncated: boolean;
}

/**
 * A window's lines, at most `limit`: reading forward the oldest, backward the newest (then put
 * oldest first). Each entry's level comes from its stream's labels, else from the line.
 */
export async function readWindow(loki: Pick<LokiLogs, 'queryRange'>, logql: string, range: Range, options: { limit: number; direction?: 'forward' | 'backward' }): Promise<WindowLines> {
  const direction = options.direction ?? 'forward';
  const result = await loki.queryRange(logql, { start: range.start, end: range.end, limit: options.limit, direction });
  if (result.resultType !== 'streams') {
    throw new ConfigError(`${logql} is a metric query; patterns need a log query`, 'for example {service="payments"} or {service="payments"} |= "error"');
  }
  const entries = result.entries.map(lokiEntry);
  if (direction === 'backward') entries.reverse();
  const window: WindowLines = { entries, start: range.start, end: range.end, truncated: result.truncated };
  if (result.truncated && entries.length > 0) {
    if (direction === 'forward') window.end = Math.max(range.start + 1, entries[entries.length - 1]!.time + 1);
    else window.start = Math.min(range.end - 1, entries[0]!.time);
  }
  return window;
}

/** A Loki line as the pattern miner takes it. */
export function lokiEntry(e: LokiEntry): LogEntry {
  const level = levelOfLabels(e.labels) ?? levelOfLine(e.line);
  return { line: e.line, time: Number(BigInt(e.ts) / 1_000_000n), ...(level ? { level } : {}) };
}

/**
 * A stream selector alone (`{service="payments", level=~"error|warn"}`), with no line filter,
 * parser or other stage: what Loki's patterns endpoint answers for.
 */
export function isPlainSelector(logql: string): boolean {
  const s = logql.trim();
  if (!s.startsWith('{')) return false;
  let i = 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '}') return s.slice(i + 1).trim() === '';
    if (c === '"' || c === '`') {
      const close = c === '`' ? s.indexOf('`', i + 1) : closingQuote(s, i);
      if (close < 0) return false;
      i = close + 1;
    } else i++;
  }
  return false;
}

function closingQuote(s: string, open: number): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}

export interface PatternsRequest {
  incident: Range;
  baseline?: Range;
  engine: Engine;
  /** Most lines read per window by the local engine. */
  limit: number;
  buckets?: number;
  samples?: number;
  /** See ReportOptions.rateBy (local engine only; Loki's counts are always compared by time). */
  rateBy?: ReportOptions['rateBy'];
  /** Which lines to keep when the cap is reached. Default forward (the oldest). */
  direction?: 'forward' | 'backward';
}

export interface PatternsOutcome {
  engine: 'local' | 'loki';
  /** Why this engine, in a few words. */
  reason: string;
  result: PatternReportResult;
  /** The ranges the result covers (less than asked when the local engine hit the cap). */
  incident: Range;
  baseline?: Range;
  /** Windows where the local engine stopped at the cap. */
  truncated: Array<'incident' | 'baseline'>;
}

/** Recent lines read to find samples for the patterns Loki reports; rarer patterns get a query each. */
const SAMPLE_LINES = 1000;
const SAMPLE_QUERIES = 20;
const SAMPLE_CONCURRENCY = 4;
/** `auto` trusts Loki's patterns when they account for at least this share of the window's lines. */
export const PATTERN_COVERAGE = 0.95;
/**
 * Loki's pattern ingester counts lines in 10-second buckets stamped with their start, and /patterns
 * returns the buckets stamped in [start, end): a start inside a bucket leaves that whole bucket out,
 * an end inside one takes it whole (measured on Loki 3.4.6).
 */
export const PATTERN_BUCKET_MS = 10_000;

/** The window widened to whole pattern buckets: what Loki's counts for it cover. */
export function patternBuckets(w: Range): Range {
  return { start: Math.floor(w.start / PATTERN_BUCKET_MS) * PATTERN_BUCKET_MS, end: Math.ceil(w.end / PATTERN_BUCKET_MS) * PATTERN_BUCKET_MS };
}

/**
 * Patterns of a query's lines in the incident window and, given a baseline, what changed.
 * `auto` takes Loki's patterns when the query is a plain stream selector and, in every window,
 * they account for at least PATTERN_COVERAGE of the lines Loki counts (`count_over_time`): Loki's
 * pattern ingester keeps a few hours, starts afresh on restart and drops rare lines. Else it
 * mines locally and says why. `loki` insists (a query with a pipeline is a usage error, a Loki
 * without patterns a backend error) and costs one /patterns request per window plus samples;
 * `local` never asks.
 */
export async function minePatterns(loki: LokiLogs, logql: string, request: PatternsRequest): Promise<PatternsOutcome> {
  const plain = isPlainSelector(logql);
  if (request.engine === 'loki' && !plain) {
    throw new ConfigError('--engine loki needs a plain stream selector: Loki detects patterns per stream, before any filter', 'drop the pipeline (|= ..., | json, ...) or use --engine local');
  }
  let reason = 'asked for';
  if (request.engine !== 'local') {
    if (plain) {
      const loki_ = await fromLoki(loki, logql, request);
      if (loki_.outcome) return loki_.outcome;
      if (request.engine === 'loki') throw loki_.error;
      reason = loki_.why;
    } else reason = 'the query has a pipeline, which Loki patterns do not cover';
  }
  const windows = [request.incident, ...(request.baseline ? [request.baseline] : [])];
  const [incident, baseline] = await Promise.all(windows.map((w) => readWindow(loki, logql, w, { limit: request.limit, direction: request.direction })));
  const result = reportPatterns(
    { entries: incident!.entries, start: incident!.start, end: incident!.end },
    baseline && { entries: baseline.entries, start: baseline.start, end: baseline.end },
    { buckets: request.buckets, samples: request.samples, rateBy: request.rateBy },
  );
  const truncated = ([['incident', incident], ['baseline', baseline]] as const).filter(([, w]) => w?.truncated).map(([name]) => name);
  return {
    engine: 'local',
    reason,
    result,
    incident: { start: incident!.start, end: incident!.end },
    ...(baseline ? { baseline: { start: baseline.start, end: baseline.end } } : {}),
    truncated,
  };
}

type FromLoki = { outcome: PatternsOutcome; why?: undefined; error?: undefined } | { outcome?: undefined; why: string; error: BackendError };

async function fromLoki(loki: LokiLogs, logql: string, asked: PatternsRequest): Promise<FromLoki> {
  // Whole buckets, so that Loki's counts, the count they are checked against and the range
  // reported all cover the same lines.
  const request = { ...asked, incident: patternBuckets(asked.incident), ...(asked.baseline ? { baseline: patternBuckets(asked.baseline) } : {}) };
  const windows = [request.incident, ...(request.baseline ? [request.baseline] : [])];
  const buckets = request.buckets ?? 40;
  const checked = request.engine === 'auto';
  const [answers, counts] = await Promise.all([
    Promise.all(windows.map((w) => loki.patterns(logql, { ...w, stepMs: stepFor(w, buckets) }))),
    checked ? Promise.all(windows.map((w) => countLines(loki, logql, w).catch((err: unknown) => err))) : [],
  ]);
  for (const a of answers) {
    if (!a.available) return { why: 'Loki has no pattern detection here', error: withHint(a.error, a.reason) };
  }
  if (checked) {
    const shortfall = coverageShortfall(answers, counts);
    if (shortfall) return shortfall;
  }
  const [incident, baseline] = answers.map((a, i) => ({ patterns: a.available ? a.patterns : [], ...windows[i]! }));
  const result = reportLokiPatterns(incident!, baseline, { buckets, stepMs: stepFor(request.incident, buckets) });
  await addSamples(loki, logql, request.incident, result, request.samples ?? 3, stepFor(request.incident, buckets));
  const reason = checked ? `Loki's patterns cover at least ${Math.round(PATTERN_COVERAGE * 100)}% of the lines` : 'asked for';
  return { outcome: { engine: 'loki', reason, result, incident: request.incident, ...(request.baseline ? { baseline: request.baseline } : {}), truncated: [] } };
}

/** Why Loki's patterns will not do for some window, if they will not. */
function coverageShortfall(answers: PatternsAnswer[], counts: unknown[]): FromLoki | undefined {
  for (const [i, a] of answers.entries()) {
    if (!a.available) continue;
    const which = i === 0 ? 'incident' : 'baseline';
    const counted = counts[i];
    if (typeof counted !== 'number') {
      const why = `could not count the ${which} window's lines to check Loki's patterns`;
      const cause = counted instanceof BackendError ? counted.message : String(counted);
      return { why, error: new BackendError({ backend: 'loki', kind: 'http', message: `${why}: ${cause}`, hint: 'use --engine loki to take its patterns unchecked, or --engine local' }) };
    }
    const covered = a.patterns.reduce((n, p) => n + p.samples.reduce((m, x) => m + x.count, 0), 0);
    if (counted === 0 || covered >= counted * PATTERN_COVERAGE) continue;
    const share = Math.floor((covered / counted) * 100);
    const why = `Loki's patterns cover ${covered.toLocaleString('en-US')} of the ${counted.toLocaleString('en-US')} lines of the ${which} window (${share}%)`;
    return { why, error: new BackendError({ backend: 'loki', kind: 'http', message: why, hint: 'use --engine local' }) };
  }
  return undefined;
}

/** How many lines the selector has in the window, by Loki's own count (no lines are sent). */
export async function countLines(loki: LokiLogs, logql: string, w: Range): Promise<number> {
  // count_over_time counts (t - range, t]: end at 1ns before the window's end to count [start, end).
  const answer = await loki.query(`sum(count_over_time(${logql.trim()}[${Math.max(1, w.end - w.start)}ms]))`, { time: BigInt(w.end) * 1_000_000n - 1n });
  return answer.resultType === 'vector' ? answer.samples.reduce((n, s) => n + s.value, 0) : 0;
}

/**
 * Loki sends no lines with its patterns: match some recent ones, then look for each rare pattern
 * in the last step where Loki counted it (a query over one step, not the window).
 */
async function addSamples(loki: LokiLogs, logql: string, range: Range, result: PatternReportResult, max: number, stepMs: number): Promise<void> {
  const current = result.patterns.filter((p) => p.count > 0);
  if (current.length === 0 || max <= 0) return;
  const recent = await readWindow(loki, logql, range, { limit: SAMPLE_LINES, direction: 'backward' });
  const lines = recent.entries.map((e) => e.line).reverse();
  const missing = fillSamples(current, lines, max).slice(0, SAMPLE_QUERIES);
  for (let i = 0; i < missing.length; i += SAMPLE_CONCURRENCY) {
    await Promise.all(missing.slice(i, i + SAMPLE_CONCURRENCY).map(async (p) => {
      const from = Math.max(range.start, p.lastSeen ?? range.start);
      const filter = `${logql.trim()} |> ${JSON.stringify(p.template)}`;
      const found = await readWindow(loki, filter, { start: from, end: Math.min(range.end, Math.max(from + 1, (p.lastSeen ?? from) + stepMs)) }, { limit: 1, direction: 'backward' }).catch(() => undefined);
      if (found) p.samples.push(...found.entries.map((e) => e.line));
    }));
  }
}

function stepFor(range: Range, buckets: number): number {
  return Math.max(10_000, Math.ceil((range.end - range.start) / buckets / 10_000) * 10_000);
}

function withHint(error: BackendError, reason: string): BackendError {
  return new BackendError({ backend: error.backend, kind: error.kind, url: error.url, status: error.status, message: reason, hint: 'use --engine local, or auto' });
}
