/**
 * Log patterns for the live views: the log patterns panel of `obs top` (servicePatterns) and the
 * "new log patterns" evidence of alert correlation (newPatternsByService).
 *
 * Both compare a recent window with a baseline sampled over the day before it: `slices` windows
 * (default 4) as long as the recent one (at most 30 minutes), ending 6, 12, 18 and 24 hours
 * before its end, each read newest lines first up to a cap. Reading the whole day would cost a
 * day of lines per service (on a busy service, millions) for every refresh; the slices cost a few
 * thousand lines and still see what a service writes at other times of day. Patterns are compared
 * by their share of each window's lines (ReportOptions.rateBy 'lines'), so neither traffic that
 * follows the time of day nor the cap makes a pattern look SURGING. What the slices miss (a
 * pattern written once a day) can come up NEW: the price of sampling.
 */
import type { LogPatternItem } from '../cockpit/types.js';
import { lokiEntry, type LokiLogs, type Range, readWindow, type WindowLines } from './from-loki.js';
import { type PatternReportResult, reportPatterns } from './report.js';
import { streamSelector } from './selector.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

export interface LivePatternOptions {
  /** The recent window. Default 30 minutes. */
  windowMs?: number;
  /** How far back the baseline's slices reach. Default 24 hours. */
  baselineMs?: number;
  /** Baseline slices. Default 4. */
  slices?: number;
  /** Most lines read per window (recent, and each slice). Default 5000. */
  limit?: number;
  /** The stream label naming the service, or how to find it per service (src/identity). Default "service". */
  label?: string | ((service: string) => string);
  /** The label and values holding a service's streams (src/identity: a value may name it after a namespace); for newPatternsByService, instead of `label`. */
  stream?: (service: string) => { label: string; values: string[] };
  /** The stream selector of a service's logs (src/identity: it may name the service after a namespace); for servicePatterns, instead of `label`. */
  selector?: (service: string) => string;
  /** Reuses recent answers; see PatternCache. */
  cache?: PatternCache;
}

const DEFAULTS = { windowMs: 30 * MIN, baselineMs: 24 * HOUR, slices: 4, limit: 5000, label: 'service' as LivePatternOptions['label'] & {} };
/** Slice ends snap to this grid, so baseline reads repeat exactly and the cache can answer them. */
const GRID_MS = 5 * MIN;
const MAX_SLICE_MS = 30 * MIN;

/**
 * The patterns of a service's recent lines, NEW and SURGING first (then by share of the
 * window); templates and samples are raw, to be sanitised by the view.
 */
export async function servicePatterns(loki: LokiLogs, service: string, now: number, options: LivePatternOptions = {}): Promise<LogPatternItem[]> {
  const o = { ...DEFAULTS, ...options };
  const compute = async (): Promise<LogPatternItem[]> => {
    const report = await compareWithDay(loki, o.selector?.(service) ?? selector(o.label, service), { start: now - o.windowMs, end: now }, o);
    const current = report.patterns.filter((p) => p.count > 0);
    // NEW and SURGING as compared (most severe, most changed first), then the rest by how often.
    const steady = current.filter((p) => p.status !== 'NEW' && p.status !== 'SURGING').sort((a, b) => b.count - a.count);
    return [...current.filter((p) => p.status === 'NEW' || p.status === 'SURGING'), ...steady].map((p) => ({
      id: p.id,
      template: p.template,
      count: p.count,
      ...(p.status ? { status: p.status } : {}),
      ...(p.status === 'SURGING' && p.ratio ? { ratio: p.ratio } : {}),
      samples: p.samples,
    }));
  };
  if (!o.cache) return compute();
  return o.cache.answer(`patterns\u0000${o.selector?.(service) ?? selector(o.label, service)}\u0000${o.windowMs}\u0000${o.baselineMs}\u0000${o.slices}\u0000${o.limit}`, now, compute);
}

/**
 * How many NEW patterns each service's lines show in `window` against the baseline slices; services
 * without any are left out. Services named by the same stream label are read together, one query per
 * window (`{service=~"a|b|c"}`, up to `limit` lines per service, split by the label): a busy service
 * can then shorten the window its quiet neighbours are read over, never their share of patterns. A
 * label whose lines cannot be read leaves its services out; it fails only when no label could be read.
 */
export async function newPatternsByService(loki: LokiLogs, services: readonly string[], window: Range, options: LivePatternOptions = {}): Promise<Record<string, number>> {
  const o = { ...DEFAULTS, ...options };
  const streamOf = o.stream ?? ((service: string) => ({ label: typeof o.label === 'function' ? o.label(service) : o.label, values: [service] }));
  const byLabel = new Map<string, Map<string, string>>();
  for (const service of services) {
    const { label, values } = streamOf(service);
    const owners = byLabel.get(label) ?? new Map<string, string>();
    for (const value of values) owners.set(value, service);
    byLabel.set(label, owners);
  }
  const settled = await Promise.allSettled([...byLabel].map(([label, owners]) => newPatternsOf(loki, label, owners, window, o)));
  const failed = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (services.length > 0 && failed.length === byLabel.size) throw failed[0];
  const counts: Record<string, number> = {};
  for (const s of settled) if (s.status === 'fulfilled') for (const [service, n] of s.value) if (n > 0) counts[service] = n;
  return counts;
}

/** `owners`: each value of `label` and the service whose streams it holds. */
async function newPatternsOf(loki: LokiLogs, label: string, owners: Map<string, string>, window: Range, o: typeof DEFAULTS): Promise<[string, number][]> {
  const values = [...owners.keys()];
  const services = [...new Set(owners.values())];
  const logql = streamSelector(label, values);
  const read = (range: Range) => readByService(loki, logql, label, owners, range, o.limit);
  const [recent, ...baseline] = await Promise.all([window, ...baselineSlices(window, o.baselineMs, o.slices)].map(read));
  return services.map((service) => {
    const mine = recent!.get(service)!;
    const baselineEntries = baseline.flatMap((b) => b.get(service)!.entries);
    // No line in any slice (a new service, a short retention): nothing to compare with.
    const compared = baselineEntries.length > 0 ? { entries: baselineEntries, start: 0, end: 1 } : undefined;
    const report = reportPatterns({ entries: mine.entries, start: mine.start, end: mine.end }, compared, { samples: 3, rateBy: 'lines', buckets: 1 });
    return [service, report.patterns.filter((p) => p.status === 'NEW').length];
  });
}

/** One read of `range` for several services, split by their stream label: each service's newest `limit` lines, oldest first. */
async function readByService(loki: LokiLogs, logql: string, label: string, owners: Map<string, string>, range: Range, limit: number): Promise<Map<string, WindowLines>> {
  const services = [...new Set(owners.values())];
  const result = await loki.queryRange(logql, { start: range.start, end: range.end, limit: limit * services.length, direction: 'backward' });
  if (result.resultType !== 'streams') throw new Error(`${logql} answered a matrix, not log lines`);
  // Newest first: when the cap cut the read, every service's lines start where the oldest line read is.
  const start = result.truncated && result.entries.length > 0 ? Math.min(range.end - 1, lokiEntry(result.entries.at(-1)!).time) : range.start;
  const out = new Map<string, WindowLines>(services.map((s) => [s, { entries: [], start, end: range.end, truncated: result.truncated }]));
  for (const e of result.entries) {
    const mine = out.get(services.length === 1 ? services[0]! : owners.get(e.labels[label] ?? '') ?? '');
    if (!mine) continue;
    if (mine.entries.length < limit) mine.entries.push(lokiEntry(e));
    else {
      mine.truncated = true;
      mine.start = Math.max(mine.start, mine.entries.at(-1)!.time);
    }
  }
  for (const w of out.values()) w.entries.reverse();
  return out;
}

/** The baseline slices for a recent window, oldest first (see the module comment). */
export function baselineSlices(window: Range, baselineMs: number, slices: number): Range[] {
  const length = Math.min(window.end - window.start, MAX_SLICE_MS, baselineMs / slices);
  const out: Range[] = [];
  for (let k = slices; k >= 1; k--) {
    const end = Math.min(Math.floor((window.end - (k * baselineMs) / slices) / GRID_MS) * GRID_MS, window.start);
    if (out.length > 0 && out[out.length - 1]!.end > end - length) continue;
    out.push({ start: end - length, end });
  }
  return out;
}

async function compareWithDay(loki: LokiLogs, logql: string, window: Range, o: typeof DEFAULTS & { cache?: PatternCache }): Promise<PatternReportResult> {
  const read = (range: Range) => readWindow(loki, logql, range, { limit: o.limit, direction: 'backward' });
  const slices = baselineSlices(window, o.baselineMs, o.slices);
  const [recent, ...baseline] = await Promise.all([
    read(window),
    ...slices.map((s) => (o.cache ? o.cache.lines(`${logql}\u0000${s.start}\u0000${s.end}\u0000${o.limit}`, window.end, () => read(s)) : read(s))),
  ]);
  const baselineEntries = baseline.flatMap((b) => b.entries);
  // No line in any slice (a new service, a short retention): nothing to compare with.
  const compared = baselineEntries.length > 0 ? { entries: baselineEntries, start: 0, end: 1 } : undefined;
  return reportPatterns({ entries: recent!.entries, start: recent!.start, end: recent!.end }, compared, { samples: 3, rateBy: 'lines', buckets: 1 });
}

function selector(label: NonNullable<LivePatternOptions['label']>, service: string): string {
  return streamSelector(typeof label === 'function' ? label(service) : label, [service]);
}

/**
 * Recent answers kept briefly: a service's patterns for `ttlMs` (the panel refreshes every few
 * seconds; mining does not need to), and the lines of a baseline slice, which lies hours in the
 * past and does not change, for `baselineTtlMs`. Requests in flight are shared. At most
 * `maxEntries` of each (default 32: about 8 services' slices) are kept, the oldest dropped first.
 */
export class PatternCache {
  private readonly answers = new Map<string, { at: number; value: Promise<LogPatternItem[]> }>();
  private readonly windows = new Map<string, { at: number; value: Promise<WindowLines> }>();

  constructor(private readonly options: { ttlMs?: number; baselineTtlMs?: number; maxEntries?: number } = {}) {}

  answer(key: string, now: number, compute: () => Promise<LogPatternItem[]>): Promise<LogPatternItem[]> {
    return remember(this.answers, key, now, this.options.ttlMs ?? 20_000, this.options.maxEntries ?? 32, compute);
  }

  lines(key: string, now: number, fetch: () => Promise<WindowLines>): Promise<WindowLines> {
    return remember(this.windows, key, now, this.options.baselineTtlMs ?? 15 * MIN, this.options.maxEntries ?? 32, fetch);
  }
}

function remember<T>(map: Map<string, { at: number; value: Promise<T> }>, key: string, now: number, ttlMs: number, max: number, make: () => Promise<T>): Promise<T> {
  const hit = map.get(key);
  if (hit && now - hit.at < ttlMs && now >= hit.at) return hit.value;
  const value = make();
  map.delete(key);
  map.set(key, { at: now, value });
  // A failure is not remembered: the next refresh asks again.
  value.catch(() => {
    if (map.get(key)?.value === value) map.delete(key);
  });
  while (map.size > max) map.delete(map.keys().next().value!);
  return value;
}
