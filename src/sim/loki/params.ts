/** Loki's request parameters: timestamps in ns, s, float s or RFC3339; durations; limits; with Loki's error texts. */
import { parseDuration } from '../../time/time.js';
import { HttpError } from '../ws/request.js';

/** Loki's default `max_entries_limit_per_query`. */
export const MAX_ENTRIES = 5000;
export const MAX_POINTS = 11_000;
export const MAX_QUERY_LENGTH_MS = 721 * 3_600_000;

function bad(message: string): never {
  throw new HttpError(400, message);
}

/**
 * A timestamp as unix µs, rounded up so that comparisons on µs agree with Loki's on ns:
 * an entry at µs `t` is at or after `ns` exactly when t >= ceil(ns / 1000).
 */
export function parseTimestamp(value: string | null, fallbackUs: number, name: string): number {
  if (value === null || value === '') return fallbackUs;
  const v = value.trim();
  if (/^-?\d+$/.test(v)) {
    if (v.replace('-', '').length <= 10) return Number(v) * 1_000_000;
    const ns = BigInt(v);
    return Number(ns >= 0n ? (ns + 999n) / 1000n : ns / 1000n);
  }
  if (/^-?\d*\.\d+$|^-?\d+\.\d*$/.test(v)) return Math.round(Number(v) * 1000) * 1000;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i.exec(v);
  if (m) {
    const seconds = Date.parse(`${m[1]}${m[3].toUpperCase()}`);
    if (!Number.isNaN(seconds)) return seconds * 1000 + Math.ceil(Number((m[2] ?? '').padEnd(9, '0')) / 1000);
  }
  return bad(`invalid ${name} parameter: cannot parse "${value}" to a valid timestamp`);
}

export function parseDurationParam(value: string, name: string): number {
  try {
    return parseDuration(value);
  } catch {
    return bad(`invalid ${name} parameter: cannot parse "${value}" to a valid duration`);
  }
}

export function parseLimit(value: string | null, fallback = 100, maxEntries = MAX_ENTRIES): number {
  if (value === null || value === '') return fallback;
  const limit = Number(value);
  if (!Number.isInteger(limit)) bad(`invalid limit parameter: cannot parse "${value}" as an integer`);
  if (limit <= 0) bad('limit must be a positive value');
  if (limit > maxEntries) bad(`max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${maxEntries})`);
  return limit;
}

export function parseDirection(value: string | null): 'forward' | 'backward' {
  if (value === null || value === '') return 'backward';
  const d = value.toLowerCase();
  if (d !== 'forward' && d !== 'backward') bad(`invalid direction '${value}'`);
  return d;
}

/** Go's time.Duration formatting for whole seconds, e.g. 745h0m0s. */
export function goHours(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m${s % 60}s`;
}

/** start/end/since as Loki reads them: end defaults to now, start to end - since (default 1h). */
export function timeRange(p: URLSearchParams, nowUs: number, defaultSinceMs = 3_600_000): { startUs: number; endUs: number } {
  const endUs = parseTimestamp(p.get('end'), nowUs, 'end');
  const since = p.get('since');
  const sinceMs = since ? parseDurationParam(since, 'since') : defaultSinceMs;
  const startUs = parseTimestamp(p.get('start'), endUs - sinceMs * 1000, 'start');
  if (endUs < startUs) bad('end timestamp must not be before or equal to start time');
  const lengthMs = (endUs - startUs) / 1000;
  if (lengthMs > MAX_QUERY_LENGTH_MS) {
    bad(`the query time range exceeds the limit (query length: ${goHours(lengthMs)}, limit: ${goHours(MAX_QUERY_LENGTH_MS)})`);
  }
  return { startUs, endUs };
}

/** Prometheus-style float text: integers plainly, no exponent notation. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const s = String(v);
  if (!s.includes('e')) return s;
  return Math.abs(v) < 1 ? v.toFixed(20).replace(/0+$/, '') : BigInt(Math.round(v)).toString();
}
