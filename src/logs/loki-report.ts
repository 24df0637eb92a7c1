/**
 * Pattern reports from the patterns Loki's pattern ingester detected (`/loki/api/v1/patterns`),
 * in the same shape as reportPatterns gives for lines mined here. Loki sends templates with `<_>`
 * for variable parts and counts per step, no lines: samples are matched afterwards from a few
 * lines (fillSamples). Pure.
 */
import type { LogPattern } from '../backends/loki/types.js';
import { type CompareOptions, comparePatterns } from './compare.js';
import { LEVEL_RANK, type LogLevel, levelOfLine, normalizeLevel, worseLevel } from './level.js';
import { type PatternReport, type PatternReportResult, bucketCounts } from './report.js';
import { patternId } from './template.js';

export const LOKI_WILDCARD = '<_>';

export interface LokiPatternWindow {
  patterns: readonly LogPattern[];
  /** Unix ms. */
  start: number;
  end: number;
}

interface Aggregate {
  pattern: string;
  count: number;
  times: number[];
  weights: number[];
  level?: LogLevel;
}

/**
 * One report row per distinct Loki pattern of the incident window (plus GONE ones with a
 * baseline). A baseline pattern stands for an incident one when its text is the same or, as Loki
 * may keep a value in one window that it replaced by `<_>` in another, when they have as many
 * tokens and every token is equal or `<_>` on either side. First and last seen are the start of
 * the first and last step with a line; `buckets` has one count per step of `stepMs` (see stepGrid).
 */
export function reportLokiPatterns(
  incident: LokiPatternWindow,
  baseline?: LokiPatternWindow,
  options: { buckets?: number; stepMs?: number; compare?: CompareOptions } = {},
): PatternReportResult {
  const bucketCount = Math.max(1, Math.floor(options.buckets ?? 40));
  const inc = aggregate(incident.patterns);
  const lines = sum(inc);
  const step = options.stepMs ?? Math.max(1, (incident.end - incident.start) / bucketCount);
  const grid = stepGrid(incident, step);
  const toReport = (a: Aggregate, count: number): PatternReport => {
    const seen = a.times.filter((_, i) => a.weights[i]! > 0);
    return {
      id: patternId(a.pattern),
      template: a.pattern,
      count,
      share: lines === 0 ? 0 : count / lines,
      // A GONE pattern's steps are the baseline's: none in the incident window.
      buckets: count > 0 ? bucketCounts(a.times.map((t) => Math.min(grid.end, Math.max(grid.start, t))), grid.start, grid.end, grid.buckets, a.weights) : new Array<number>(grid.buckets).fill(0),
      ...(count > 0 && seen.length ? { firstSeen: Math.min(...seen), lastSeen: Math.max(...seen) } : {}),
      samples: [],
      ...(a.level ? { level: a.level } : {}),
    };
  };
  if (!baseline) {
    const patterns = [...inc.values()].map((a) => toReport(a, a.count)).sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
    return { patterns, lines, unassigned: 0 };
  }

  const base = aggregate(baseline.patterns);
  const baselineLines = sum(base);
  const incidentCounts = new Map<string, number>();
  const baselineCounts = new Map<string, number>();
  const severity = new Map<string, number>();
  const rows = new Map<string, Aggregate>();
  for (const a of inc.values()) {
    const id = patternId(a.pattern);
    rows.set(id, a);
    incidentCounts.set(id, a.count);
    if (a.level) severity.set(id, LEVEL_RANK[a.level]);
  }
  const unmatched = new Set(base.values());
  const twins = new Map<Aggregate, Aggregate>();
  for (const a of inc.values()) {
    const twin = base.get(a.pattern);
    if (twin) {
      twins.set(a, twin);
      unmatched.delete(twin);
    }
  }
  for (const a of inc.values()) {
    if (twins.has(a)) continue;
    const twin = [...unmatched].find((b) => compatible(a.pattern, b.pattern));
    if (!twin) continue;
    twins.set(a, twin);
    unmatched.delete(twin);
  }
  for (const [a, twin] of twins) baselineCounts.set(patternId(a.pattern), twin.count);
  for (const b of unmatched) {
    const id = patternId(b.pattern);
    rows.set(id, b);
    baselineCounts.set(id, b.count);
  }
  const changes = comparePatterns(
    incidentCounts,
    baselineCounts,
    { incidentMs: Math.max(1, incident.end - incident.start), baselineMs: Math.max(1, baseline.end - baseline.start) },
    { severity, ...options.compare },
  );
  const patterns = changes
    .filter((c) => c.incidentCount > 0 || c.status === 'GONE')
    .map((c) => ({
      ...toReport(rows.get(c.id)!, c.incidentCount),
      status: c.status,
      baselineCount: c.baselineCount,
      ratio: c.ratio,
      change: c.change,
    }));
  return { patterns, lines, baselineLines, unassigned: 0 };
}

/** Whether a line fits a Loki pattern: its literal parts in order, from the start to the end. */
export function lokiPatternMatches(pattern: string, line: string): boolean {
  const literals = pattern.split(LOKI_WILDCARD);
  const first = literals[0]!;
  if (literals.length === 1) return line === pattern;
  const last = literals[literals.length - 1]!;
  if (!line.startsWith(first) || !line.endsWith(last) || line.length < first.length + last.length) return false;
  let pos = first.length;
  const end = line.length - last.length;
  for (let i = 1; i < literals.length - 1; i++) {
    const at = line.indexOf(literals[i]!, pos);
    if (at < 0 || at + literals[i]!.length > end) return false;
    pos = at + literals[i]!.length;
  }
  return true;
}

/**
 * Fills in up to `max` samples for each pattern that has fewer, from lines (newest first is
 * best: samples should show what is happening now). Returns the patterns still without one.
 */
export function fillSamples(patterns: PatternReport[], lines: Iterable<string>, max = 3): PatternReport[] {
  const wanting = patterns.filter((p) => p.samples.length < max);
  for (const line of lines) {
    if (wanting.length === 0) break;
    for (let i = 0; i < wanting.length; i++) {
      const p = wanting[i]!;
      if (!lokiPatternMatches(p.template, line)) continue;
      if (!p.samples.includes(line)) p.samples.push(line);
      if (p.samples.length >= max) wanting.splice(i, 1);
      break;
    }
  }
  return patterns.filter((p) => p.samples.length === 0);
}

function aggregate(patterns: readonly LogPattern[]): Map<string, Aggregate> {
  const byText = new Map<string, Aggregate>();
  for (const p of patterns) {
    let a = byText.get(p.pattern);
    if (!a) byText.set(p.pattern, (a = { pattern: p.pattern, count: 0, times: [], weights: [] }));
    for (const s of p.samples) {
      a.count += s.count;
      a.times.push(s.time);
      a.weights.push(s.count);
    }
    a.level = worseLevel(a.level, normalizeLevel(p.level) ?? levelOfLine(p.pattern));
  }
  return byText;
}

function sum(aggregates: Map<string, Aggregate>): number {
  let n = 0;
  for (const a of aggregates.values()) n += a.count;
  return n;
}

/**
 * Buckets one step wide from the step that holds the window's start (Loki's steps are aligned
 * to multiples of the step), so each step's count lands in one bucket and none is left empty.
 */
export function stepGrid(range: { start: number; end: number }, stepMs: number): { start: number; end: number; buckets: number } {
  const start = Math.floor(range.start / stepMs) * stepMs;
  const buckets = Math.max(1, Math.ceil((range.end - start) / stepMs));
  return { start, end: start + buckets * stepMs, buckets };
}

function compatible(a: string, b: string): boolean {
  const ta = a.split(' ');
  const tb = b.split(' ');
  if (ta.length !== tb.length) return false;
  for (let i = 0; i < ta.length; i++) {
    if (ta[i] !== tb[i] && ta[i] !== LOKI_WILDCARD && tb[i] !== LOKI_WILDCARD) return false;
  }
  return true;
}
