/**
 * Pattern reports over windows of log lines: counts, share, occurrences over time (for a
 * sparkline), first and last seen, raw samples, and, given a baseline window, what changed.
 * Pure: the caller fetches the lines (Loki, a file, stdin) and formats the result.
 */
import { type CompareOptions, type PatternStatus, comparePatterns } from './compare.js';
import { LEVEL_RANK, type LogLevel, worseLevel } from './level.js';
import { type Attributes, type MinerOptions, type Pattern, PatternMiner } from './miner.js';

export interface LogEntry {
  line: string;
  /** Unix time in ms. */
  time: number;
  /** From the stream's labels or the line (see level.ts); orders what is NEW or SURGING. */
  level?: LogLevel;
}

export interface TimeWindow {
  entries: Iterable<LogEntry>;
  /** Range the entries were asked for, in ms (a window can be longer than its first-to-last line). */
  start: number;
  end: number;
}

export interface PatternReport {
  id: string;
  template: string;
  /** Lines in the incident window. */
  count: number;
  /** count / lines in the incident window. */
  share: number;
  /** Incident-window lines per bucket, oldest first. */
  buckets: number[];
  /** Absent for a pattern seen only in the baseline. */
  firstSeen?: number;
  lastSeen?: number;
  /** Raw incident-window lines (baseline lines for a GONE pattern); sanitise before display. */
  samples: string[];
  /**
   * The most severe level among its lines (incident window; baseline for a GONE pattern), from
   * the entries' levels and the lines' own headers or fields.
   */
  level?: LogLevel;
  /** Header and structured fields of its lines in both windows (level, component), value -> count. */
  attributes?: Attributes;
  /** With a baseline: */
  status?: PatternStatus;
  baselineCount?: number;
  /** Incident rate / baseline rate (null for NEW). */
  ratio?: number | null;
  change?: number;
}

export interface PatternReportResult {
  patterns: PatternReport[];
  /** Lines read in the incident window. */
  lines: number;
  baselineLines?: number;
  /** Lines whose pattern was evicted before the end (only when maxClusters was reached). */
  unassigned: number;
}

export interface ReportOptions {
  /** Number of time buckets over the incident window. Default 40. */
  buckets?: number;
  /** Raw samples kept per pattern. Default 3. */
  samples?: number;
  miner?: Partial<MinerOptions>;
  compare?: CompareOptions;
  /**
   * What a baseline is compared by: `time` (default) compares lines per ms over the windows'
   * lengths; `lines` compares each pattern's share of its window's lines, which ignores how busy
   * the service was (traffic that doubles doubles every pattern) and how many lines were read.
   */
  rateBy?: 'time' | 'lines';
}

/** The patterns whose lines reach this level (a more severe one counts too). */
export function patternsAtLevel<P extends { level?: LogLevel }>(patterns: readonly P[], level: LogLevel): P[] {
  return patterns.filter((p) => p.level !== undefined && LEVEL_RANK[p.level] >= LEVEL_RANK[level]);
}

/**
 * Mines the baseline window (if any) and then the incident window with one miner, so a pattern
 * gets one id in both, and reports on every pattern of the incident window plus those GONE from
 * it. Without a baseline: most frequent first; with one: in comparePatterns' order.
 */
export function reportPatterns(
  incident: TimeWindow,
  baseline?: TimeWindow,
  options: ReportOptions = {},
): PatternReportResult {
  const reporter = new PatternReporter(options);
  if (baseline) for (const { line, time, level } of baseline.entries) reporter.addBaseline(line, time, level);
  for (const { line, time, level } of incident.entries) reporter.add(line, time, level);
  return reporter.report(incident, baseline);
}

/**
 * reportPatterns one line at a time, for lines that arrive as they are read: the baseline
 * window's lines first (addBaseline), then the incident window's (add), then the report over
 * the windows' ranges. Only what the report needs of each line is kept, not the line.
 */
export class PatternReporter {
  private readonly miner: PatternMiner;
  private readonly maxSamples: number;
  private readonly baseRun = new Run();
  private readonly incRun = new Run();

  constructor(private readonly options: ReportOptions = {}) {
    this.maxSamples = options.samples ?? 3;
    this.miner = new PatternMiner(options.miner);
  }

  /** A line of the baseline window; all of them come before the incident window's. */
  addBaseline(line: string, time: number, level?: LogLevel): void {
    this.record(this.baseRun, line, time, level);
  }

  /** A line of the incident window. */
  add(line: string, time: number, level?: LogLevel): void {
    this.record(this.incRun, line, time, level);
  }

  private record(r: Run, line: string, time: number, level: LogLevel | undefined): void {
    const { clusterId } = this.miner.add(line, time);
    r.append(clusterId, time);
    if (level) {
      const known = r.levels[clusterId];
      if (known !== level) r.levels[clusterId] = worseLevel(known, level)!;
    }
    let list = r.samples[clusterId];
    if (!list) {
      r.samples[clusterId] = list = [];
      r.sampled.push(clusterId);
    }
    if (list.length < this.maxSamples) list.push(line);
  }

  /** The report over the windows' ranges; with a baseline range, what changed. */
  report(incident: Range, baseline?: Range): PatternReportResult {
    const byPattern = new Map<string, Accumulator>();
    const buckets = this.bucketCount();
    let unassigned = 0;
    const final = new Map<number, Pattern | undefined>();
    const patternOf = (cluster: number): Pattern | undefined => {
      if (!final.has(cluster)) final.set(cluster, this.miner.get(cluster));
      return final.get(cluster);
    };
    // Each line's accumulator, looked up once per cluster number (null: the pattern was evicted).
    const accOfCluster: Array<Accumulator | null> = [];
    const accOf = (cluster: number): Accumulator | null => {
      const known = accOfCluster[cluster];
      if (known !== undefined) return known;
      const pattern = patternOf(cluster);
      let acc = pattern ? byPattern.get(pattern.id) : null;
      if (pattern && !acc) {
        acc = { template: pattern.template, count: 0, baseline: 0, buckets: new Array<number>(buckets).fill(0), samples: [], baselineSamples: [] };
        if (pattern.attributes) {
          acc.attributes = pattern.attributes;
          acc.ownLevel = mostSevere(pattern.attributes.level);
        }
        byPattern.set(pattern.id, acc);
      }
      return (accOfCluster[cluster] = acc ?? null);
    };
    const collect = (r: Run, inIncident: boolean): void => {
      for (let i = 0; i < r.length; i++) {
        const acc = accOf(r.clusters[i]!);
        if (!acc) {
          if (inIncident) unassigned++;
          continue;
        }
        if (!inIncident) {
          acc.baseline++;
          continue;
        }
        const time = r.times[i]!;
        acc.count++;
        const b = bucketOf(time, incident.start, incident.end, buckets);
        if (b >= 0) acc.buckets[b]!++;
        if (acc.firstSeen === undefined || time < acc.firstSeen) acc.firstSeen = time;
        if (acc.lastSeen === undefined || time > acc.lastSeen) acc.lastSeen = time;
      }
      for (const cluster of r.sampled) {
        const acc = accOf(cluster);
        if (!acc) continue;
        const target = inIncident ? acc.samples : acc.baselineSamples;
        for (const line of r.samples[cluster]!) if (target.length < this.maxSamples && !target.includes(line)) target.push(line);
      }
      r.levels.forEach((level, cluster) => {
        const acc = accOf(cluster);
        if (!acc) return;
        if (inIncident) acc.level = worseLevel(acc.level, level);
        else acc.baselineLevel = worseLevel(acc.baselineLevel, level);
      });
    };
    if (baseline) collect(this.baseRun, false);
    collect(this.incRun, true);

    const lines = this.incRun.length;
    const toReport = (id: string, acc: Accumulator): PatternReport => ({
      id,
      template: acc.template,
      count: acc.count,
      share: lines === 0 ? 0 : acc.count / lines,
      buckets: acc.buckets,
      ...(acc.firstSeen !== undefined ? { firstSeen: acc.firstSeen, lastSeen: acc.lastSeen } : {}),
      samples: acc.count > 0 ? acc.samples : acc.baselineSamples,
      ...(levelOf(acc) ? { level: levelOf(acc) } : {}),
      ...(acc.attributes ? { attributes: acc.attributes } : {}),
    });

    if (!baseline) {
      const patterns = [...byPattern]
        .map(([id, acc]) => toReport(id, acc))
        .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
      return { patterns, lines, unassigned };
    }
    const incidentCounts = new Map<string, number>();
    const baselineCounts = new Map<string, number>();
    const severity = new Map<string, number>();
    for (const [id, acc] of byPattern) {
      if (acc.count > 0) incidentCounts.set(id, acc.count);
      if (acc.baseline > 0) baselineCounts.set(id, acc.baseline);
      if (acc.level) severity.set(id, LEVEL_RANK[acc.level]);
    }
    const baselineLines = this.baseRun.length;
    const windows = this.options.rateBy === 'lines'
      ? { incidentMs: Math.max(1, lines), baselineMs: Math.max(1, baselineLines) }
      : { incidentMs: Math.max(1, incident.end - incident.start), baselineMs: Math.max(1, baseline.end - baseline.start) };
    const changes = comparePatterns(incidentCounts, baselineCounts, windows, { severity, ...this.options.compare });
    const patterns = changes
      .filter((c) => c.incidentCount > 0 || c.status === 'GONE')
      .map((c) => ({
        ...toReport(c.id, byPattern.get(c.id)!),
        status: c.status,
        baselineCount: c.baselineCount,
        ratio: c.ratio,
        change: c.change,
      }));
    return { patterns, lines, baselineLines, unassigned };
  }

  /** Number of time buckets over the incident window. */
  private bucketCount(): number {
    return Math.max(1, Math.floor(this.options.buckets ?? 40));
  }
}

/** A window's range, in ms. */
interface Range {
  start: number;
  end: number;
}

/**
 * Assigns each line to a pattern: `assignments[i]` is the final pattern id of `lines[i]` (after
 * every merge the later lines caused), or null if its pattern was evicted.
 */
export function assignPatterns(
  lines: Iterable<string>,
  options: Partial<MinerOptions> = {},
): { assignments: Array<string | null>; miner: PatternMiner } {
  const miner = new PatternMiner(options);
  const clusters: number[] = [];
  for (const line of lines) clusters.push(miner.add(line).clusterId);
  const ids = new Map<number, string | null>();
  const assignments = clusters.map((c) => {
    let id = ids.get(c);
    if (id === undefined) {
      id = miner.get(c)?.id ?? null;
      ids.set(c, id);
    }
    return id;
  });
  return { assignments, miner };
}

/**
 * Counts of times per bucket over [start, end] (a sparkline's data): bucket i covers
 * [start + i*w, start + (i+1)*w) with w = (end - start) / buckets; the end itself falls in the
 * last bucket; times outside the range are ignored. With `weights`, time k counts weights[k].
 */
export function bucketCounts(times: Iterable<number>, start: number, end: number, buckets: number, weights?: readonly number[]): number[] {
  const n = Math.max(1, Math.floor(buckets));
  const counts = new Array<number>(n).fill(0);
  let k = 0;
  for (const t of times) {
    const weight = weights ? weights[k++]! : 1;
    const b = bucketOf(t, start, end, n);
    if (b >= 0) counts[b]! += weight;
  }
  return counts;
}

/** The bucket of time t among n over [start, end] (see bucketCounts), or -1 outside the range. */
function bucketOf(t: number, start: number, end: number, n: number): number {
  if (t < start || t > end) return -1;
  const span = end - start;
  return span <= 0 ? n - 1 : Math.min(n - 1, Math.floor(((t - start) * n) / span));
}

/** The level of a pattern's lines in the window it is reported for. */
function levelOf(acc: Accumulator): LogLevel | undefined {
  return worseLevel(acc.count > 0 ? acc.level : acc.baselineLevel, acc.ownLevel);
}

function mostSevere(levels: Record<string, number> | undefined): LogLevel | undefined {
  let worst: LogLevel | undefined;
  for (const level of Object.keys(levels ?? {})) if (level in LEVEL_RANK) worst = worseLevel(worst, level as LogLevel);
  return worst;
}

interface Accumulator {
  template: string;
  attributes?: Attributes;
  /** The most severe level the lines' headers or fields give. */
  ownLevel?: LogLevel;
  count: number;
  baseline: number;
  /** Incident-window lines per bucket. */
  buckets: number[];
  firstSeen?: number;
  lastSeen?: number;
  samples: string[];
  baselineSamples: string[];
  level?: LogLevel;
  baselineLevel?: LogLevel;
}

/**
 * The lines of one window as cluster numbers and times, in typed arrays that double when full
 * (a million lines are two arrays, not a million objects), and per cluster number its samples
 * and most severe level.
 */
class Run {
  length = 0;
  clusters = new Int32Array(1024);
  times = new Float64Array(1024);
  /** Raw lines per cluster number given at insertion. */
  readonly samples: Array<string[] | undefined> = [];
  /** Cluster numbers with samples, in the order they first came. */
  readonly sampled: number[] = [];
  /** The most severe level per cluster number given at insertion. */
  readonly levels: Array<LogLevel | undefined> = [];

  append(cluster: number, time: number): void {
    if (this.length === this.clusters.length) {
      const clusters = new Int32Array(this.length * 2);
      clusters.set(this.clusters);
      this.clusters = clusters;
      const times = new Float64Array(this.length * 2);
      times.set(this.times);
      this.times = times;
    }
    this.clusters[this.length] = cluster;
    this.times[this.length++] = time;
  }
}
